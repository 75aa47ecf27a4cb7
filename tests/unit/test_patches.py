"""Patches: the decision-log format, resolving supersedes, applying, reversing and re-anchoring."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import ocrfix.anchors
import ocrfix.decisions
import ocrfix.patches
import ocrfix.patching
from ocrfix.documents import Document, decode_bytes, encode_text
from ocrfix.errors import PatchError
from ocrfix.patches import (
    Decision,
    Patch,
    PatchWriter,
    decision_record,
    dump_decision,
    dump_header,
    effective_decisions,
    load_patch,
    new_header,
    parse_patch,
    source_path,
    undo_record,
)
from ocrfix.patching import ALREADY_APPLIED, APPLIED, CONFLICT, REANCHORED, apply_patch, plan_edits, unified_diff
from ocrfix.text import Span

REPO = Path(__file__).resolve().parents[2]


# -- helpers -------------------------------------------------------------------------------------------------------


def doc_of(text: str, encoding: str = "utf-8", bom: bool = False) -> Document:
    return decode_bytes(encode_text(text, encoding, bom), encoding)


def at(text: str, needle: str, nth: int = 0) -> Span:
    """Span of the ``nth`` occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


def patch_for(document: Document, *records: Decision) -> Patch:
    return Patch(new_header(document, "src.txt", "src.txt.ocrfix.jsonl", created="T"), tuple(records))


def accept(text: str, span: Span, replacement: str, id: str = "d-1", **kw) -> Decision:
    return decision_record(text, span, kw.pop("decision", "accept"), id=id, replacement=replacement, ts="T", **kw)


def statuses(result) -> list[str]:
    return [o.status for o in result.outcomes]


# -- seeds: one fix per row, every encoding and line-break style ---------------------------------------------------

SEEDS = [
    pytest.param("Бу коината вә\r\nпэр ил.\r\n", "utf-8", False, "коината", "комната", id="crlf"),
    pytest.param("Бу коината вә\rпэр ил.\r", "utf-8", False, "коината", "комната", id="cr"),
    pytest.param("Бу коината вә\nпэр ил.\n", "utf-8", True, "коината", "комната", id="utf8-bom"),
    pytest.param("Азэрба]чан Республикасы\r\n", "utf-16-le", True, "Азэрба]чан", "Азәрбајҹан", id="utf16-le-bom"),
    pytest.param("Азэрба]чан Республикасы\n", "utf-16-be", False, "Азэрба]чан", "Азәрбајҹан", id="utf16-be"),
    pytest.param("В коинате было темно.\r\nДа.\r\n", "cp1251", False, "коинате", "комнате", id="cp1251"),
    pytest.param("В коинате было темно.\n", "koi8-r", False, "коинате", "комнате", id="koi8-r"),
    pytest.param("Мои\u0306 коината и твои\u0306.\n", "utf-8", False, "коината", "комната", id="nfd-outside"),
    pytest.param("Старыи\u0306 краи\u0306 дом.\n", "utf-8", False, "краи\u0306", "край", id="nfd-inside"),
    pytest.param("первая\u2028коината\u2028третья", "utf-8", False, "коината", "комната", id="u2028"),
    pytest.param("این كتاب را میخواهم.\n", "utf-8", False, "میخواهم", "می\u200cخواهم", id="persian-zwnj-insert"),
    pytest.param("این كتاب را می\u200cخواهم.\n", "utf-8", False, "كتاب", "کتاب", id="persian-zwnj-kept"),
    pytest.param("Он слу-\nжит в армии.\n", "utf-8", False, "слу-\nжит", "служит", id="hyphen-line-break"),
    pytest.param("Он слу-\r\nжит в армии.\r\n", "cp1251", False, "слу-\r\nжит", "служит", id="hyphen-crlf-cp1251"),
]


@pytest.mark.parametrize(("text", "encoding", "bom", "old", "new"), SEEDS)
def test_seed_apply_reverse_and_reapply(text: str, encoding: str, bom: bool, old: str, new: str) -> None:
    source = doc_of(text, encoding, bom)
    patch = patch_for(source, accept(source.text, at(source.text, old), new))
    fixed = apply_patch(patch, source)
    assert statuses(fixed) == [APPLIED] and fixed.mode == "source"
    expected = encode_text(text.replace(old, new, 1), encoding, bom)
    assert source.encode(fixed.text) == expected

    fixed_doc = decode_bytes(expected, encoding)
    again = apply_patch(patch, fixed_doc)
    assert statuses(again) == [ALREADY_APPLIED] and again.text == fixed_doc.text and again.mode == "fixed"

    back = apply_patch(patch, fixed_doc, reverse=True)
    assert statuses(back) == [APPLIED]
    assert fixed_doc.encode(back.text) == encode_text(text, encoding, bom)


def test_nfc_patch_applied_to_nfd_file_keeps_nfd_outside_the_fix() -> None:
    nfc_text = "Мой дом, коината и твой сад.\n"
    patch = patch_for(doc_of(nfc_text), accept(nfc_text, at(nfc_text, "коината"), "комната"))
    nfd_text = unicodedata.normalize("NFD", nfc_text)
    assert nfd_text != nfc_text
    result = apply_patch(patch, doc_of(nfd_text))
    assert statuses(result) in ([APPLIED], [REANCHORED])
    assert result.mode == "changed"
    assert result.text == nfd_text.replace("коината", "комната")


def test_nfd_word_in_nfc_file_is_found_and_replaced_whole() -> None:
    nfd_text = "Старыи\u0306 дом с коинатои\u0306.\n"
    patch = patch_for(doc_of(nfd_text), accept(nfd_text, at(nfd_text, "коинатои\u0306"), "комнатой"))
    nfc_text = unicodedata.normalize("NFC", nfd_text)
    result = apply_patch(patch, doc_of(nfc_text))
    assert statuses(result) == [REANCHORED]
    assert result.text == "Старый дом с комнатой.\n"


def test_a_normalisation_only_fix_is_already_applied_in_an_nfc_file() -> None:
    nfd_text = "Старыи\u0306 краи\u0306 дом.\n"
    patch = patch_for(doc_of(nfd_text), accept(nfd_text, at(nfd_text, "краи\u0306"), "край"))
    nfc_text = unicodedata.normalize("NFC", nfd_text)
    result = apply_patch(patch, doc_of(nfc_text))
    assert statuses(result) == [ALREADY_APPLIED] and result.text == nfc_text


def test_a_combining_mark_is_never_split() -> None:
    # "и" inside the NFD "й" (и + U+0306) is not the word "и".
    text = "краи\u0306 и дом"
    patch = patch_for(doc_of("x и дом"), accept("x и дом", at("x и дом", "и"), "й"))
    result = apply_patch(patch, doc_of(text))
    assert [o.span for o in result.outcomes] == [Span(6, 7)]
    assert result.text == "краи\u0306 й дом"


# -- changed sources: re-anchoring ----------------------------------------------------------------------------------

BASE = "Первая строка текста.\nБу коината вә пэр ил.\nПоследняя строка текста.\n"

CHANGES = [
    pytest.param(lambda t: "Новая строка в начале.\n" + t, REANCHORED, id="line-inserted-before"),
    pytest.param(lambda t: t + "Ещё строка в конце.\n", APPLIED, id="line-appended-after"),
    pytest.param(lambda t: t.replace("Первая", "1-я"), REANCHORED, id="edit-before-shifts"),
    pytest.param(lambda t: t.replace("пэр ил", "пэр иль"), APPLIED, id="context-edited-fuzzy"),
    pytest.param(lambda t: t.replace("\n", "\r\n"), REANCHORED, id="newlines-converted"),
    pytest.param(lambda t: t.replace("Бу коината", "Бу комната"), ALREADY_APPLIED, id="fixed-by-hand"),
    pytest.param(lambda t: t.replace("коината", "кухня"), CONFLICT, id="text-gone"),
    pytest.param(lambda t: t + t, CONFLICT, id="quote-and-context-duplicated"),
]


@pytest.mark.parametrize(("change", "status"), CHANGES)
def test_reanchoring_after_changes(change, status: str) -> None:
    patch = patch_for(doc_of(BASE), accept(BASE, at(BASE, "коината"), "комната"))
    changed = change(BASE)
    result = apply_patch(patch, doc_of(changed))
    assert result.mode == ("fixed" if status == ALREADY_APPLIED else "changed")
    assert statuses(result) == [status], result.outcomes
    if status in (APPLIED, REANCHORED):
        assert result.text == changed.replace("коината", "комната", 1)
        back = apply_patch(patch, doc_of(result.text), reverse=True)
        assert back.text == changed
    else:
        assert result.text == changed


def test_conflicts_never_stop_other_decisions() -> None:
    text = "Бу коината вә пэр ил. Һава хош."
    patch = patch_for(
        doc_of(text),
        accept(text, at(text, "коината"), "комната", "d-1"),
        accept(text, at(text, "пэр"), "һәр", "d-2"),
    )
    changed = text.replace("коината", "кухня")
    result = apply_patch(patch, doc_of(changed))
    assert statuses(result) == [CONFLICT, REANCHORED]
    assert result.text == changed.replace("пэр", "һәр")
    assert "not in the file" in result.outcomes[0].reason


def test_unencodable_replacement_is_a_conflict() -> None:
    text = "Бу пэр ил и коината.\r\n"
    patch = patch_for(
        doc_of(text, "cp1251"),
        accept(text, at(text, "пэр"), "һәр", "d-1"),  # һ and ә are not in cp1251
        accept(text, at(text, "коината"), "комната", "d-2"),
    )
    result = apply_patch(patch, doc_of(text, "cp1251"))
    assert statuses(result) == [CONFLICT, APPLIED]
    assert "cp1251" in result.outcomes[0].reason
    again = apply_patch(patch, doc_of(result.text, "cp1251"))
    assert again.text == result.text and APPLIED not in statuses(again)


# -- scope "all", overlaps, decisions that change nothing -----------------------------------------------------------

ALIKE = "пэр вә пэрдә, Пэр пэр.\nпэр!"


def test_scope_all_lists_whole_word_occurrences_and_reverses_exactly() -> None:
    text = ALIKE + " һәр"  # a correct "һәр" already there must survive --reverse
    record = accept(text, at(text, "пэр"), "һәр", scope="all")
    assert [a.span for a in record.alike] == [at(text, "пэр", 2), at(text, "пэр", 3)]
    patch = patch_for(doc_of(text), record)
    fixed = apply_patch(patch, doc_of(text))
    assert fixed.text == "һәр вә пэрдә, Пэр һәр.\nһәр! һәр"
    assert [o.edit.label for o in fixed.outcomes] == ["d-1", "d-1#1", "d-1#2"]
    assert apply_patch(patch, doc_of(fixed.text), reverse=True).text == text


def test_explicit_decision_beats_an_alike_occurrence() -> None:
    text = ALIKE
    patch = patch_for(
        doc_of(text),
        accept(text, at(text, "пэр"), "һәр", "d-1", scope="all"),
        accept(text, at(text, "пэр", 3), "һәр", "d-2", decision="reject"),
    )
    result = apply_patch(patch, doc_of(text))
    assert result.text == "һәр вә пэрдә, Пэр һәр.\nпэр!"
    assert [d.id for d in result.unchanged] == ["d-2"]


def test_overlapping_decisions_later_one_conflicts() -> None:
    text = "Бу коината вә"
    edits, conflicts = plan_edits(
        [accept(text, at(text, "коината"), "комната", "d-1"), accept(text, at(text, "коината вә"), "x", "d-2")]
    )
    assert [e.label for e in edits] == ["d-1"]
    assert [(o.edit.label, o.status) for o in conflicts] == [("d-2", CONFLICT)]
    assert "d-1" in conflicts[0].reason


@pytest.mark.parametrize("kind", ["reject", "uncertain", "add-to-lexicon"])
def test_decisions_that_change_nothing(kind: str) -> None:
    text = "Бу коината вә"
    patch = patch_for(doc_of(text), accept(text, at(text, "коината"), "комната", decision=kind))
    result = apply_patch(patch, doc_of(text))
    assert result.text == text and result.outcomes == () and len(result.unchanged) == 1


# -- supersedes and undo --------------------------------------------------------------------------------------------


def rec(id: str, kind: str = "accept", supersedes: tuple[str, ...] = ()) -> Decision:
    if kind == "undo":
        return Decision(id, "undo", supersedes=supersedes)
    return Decision(id, kind, Span(0, 1), "x", replacement="y", supersedes=supersedes)


UNDO_CASES = [
    pytest.param([rec("a")], ["a"], id="one"),
    pytest.param([rec("a"), rec("u", "undo", ("a",))], [], id="undo"),
    pytest.param([rec("a"), rec("b", "edit", ("a",))], ["b"], id="replace"),
    pytest.param([rec("a"), rec("b", "edit", ("a",)), rec("u", "undo", ("b",))], ["a"], id="undo-restores-replaced"),
    pytest.param([rec("a"), rec("u", "undo", ("a",)), rec("r", "undo", ("u",))], ["a"], id="undo-of-undo-redoes"),
    pytest.param([rec("a"), rec("b"), rec("c"), rec("u", "undo", ("a", "b"))], ["c"], id="batch-undo"),
    pytest.param(
        [rec("a"), rec("b", "edit", ("a",)), rec("u", "undo", ("a", "b"))], [], id="batch-undo-latest-first"
    ),
    pytest.param(
        [rec("a"), rec("b", "edit", ("a",)), rec("u", "undo", ("a",))], ["b"], id="undo-of-replaced-does-nothing"
    ),
    pytest.param(
        [rec("a"), rec("u", "undo", ("a",)), rec("v", "undo", ("a",))], [], id="double-undo-does-nothing-more"
    ),
]


@pytest.mark.parametrize(("log", "expected"), UNDO_CASES)
def test_effective_decisions(log: list[Decision], expected: list[str]) -> None:
    assert [d.id for d in effective_decisions(log)] == expected


def test_undo_record_of_a_batch() -> None:
    text = "пэр пэр"
    batch = [accept(text, at(text, "пэр", i), "һәр", f"d-{i}", batch="b-1") for i in range(2)]
    undo = undo_record(batch, id="d-9", ts="T")
    assert undo.supersedes == ("d-0", "d-1")
    assert apply_patch(patch_for(doc_of(text), *batch, undo), doc_of(text)).text == text


# -- the file format ------------------------------------------------------------------------------------------------


def test_records_round_trip_through_json(tmp_path: Path) -> None:
    text = "Бу коината вә пэр ил.\u2028Пэр, пэр\x85 вә."
    document = doc_of(text)
    records = [
        accept(text, at(text, "коината"), "комната", "d-000001", rule="и→м", scores={"dist": 0.8, "freq": 0.5}),
        accept(text, at(text, "пэр"), "һәр", "d-000002", scope="all", reviewer="mh", lang="az-Cyrl", batch="b-1"),
        undo_record(["d-000002"], id="d-000003", ts="T"),
        accept(text, at(text, "пэр"), "һәр", "d-000004", decision="edit", supersedes=["d-000001"]),
    ]
    header = new_header(document, tmp_path / "src.txt", tmp_path / "src.txt.ocrfix.jsonl", lexicons=[{"id": "az", "sha256": "ab"}], created="T")
    data = ("\n".join([dump_header(header), *map(dump_decision, records)]) + "\n").encode()
    assert b"\xe2\x80\xa8" not in data and b"\xc2\x85" not in data  # separators escaped: one record per line
    patch = parse_patch(data, "p.jsonl")
    assert patch.header == header and patch.header.source_path == "src.txt"
    assert list(patch.decisions) == records
    assert [d.line for d in patch.decisions] == [2, 3, 4, 5]


def test_writer_appends_durably_and_is_deterministic(tmp_path: Path) -> None:
    text = "Бу коината вә пэр ил."
    document = doc_of(text)
    header = new_header(document, tmp_path / "a.txt", tmp_path / "a.ocrfix.jsonl", created="T")
    outputs = []
    for name in ("one", "two"):
        writer = PatchWriter(tmp_path / f"{name}.jsonl", header)
        writer.append(accept(text, at(text, "коината"), "комната", writer.next_id()))
        writer.append(accept(text, at(text, "пэр"), "һәр", writer.next_id()))
        outputs.append((tmp_path / f"{name}.jsonl").read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") == 3

    resumed = PatchWriter(tmp_path / "one.jsonl", header)
    assert [d.id for d in resumed.decisions] == ["d-000001", "d-000002"]
    assert resumed.next_id() == "d-000003"
    with pytest.raises(PatchError, match="already used"):
        resumed.append(accept(text, at(text, "пэр"), "x", "d-000001"))
    with pytest.raises(PatchError, match="unknown record"):
        resumed.append(undo_record(["d-000099"], id="d-000003"))
    other = new_header(doc_of(text + "!"), tmp_path / "a.txt", tmp_path / "a.ocrfix.jsonl", created="T")
    with pytest.raises(PatchError, match="another source"):
        PatchWriter(tmp_path / "one.jsonl", other)


def test_writer_cuts_a_torn_last_line_on_resume(tmp_path: Path) -> None:
    text = "Бу коината вә пэр ил."
    header = new_header(doc_of(text), tmp_path / "a.txt", tmp_path / "p.jsonl", created="T")
    path = tmp_path / "p.jsonl"
    writer = PatchWriter(path, header)
    writer.append(accept(text, at(text, "коината"), "комната", writer.next_id()))
    with open(path, "ab") as handle:
        handle.write(b'{"id": "d-000002", "span": [14, 1')
    assert load_patch(path).warnings
    resumed = PatchWriter(path, header)
    resumed.append(accept(text, at(text, "пэр"), "һәр", resumed.next_id()))
    patch = load_patch(path)
    assert patch.warnings == () and [d.id for d in patch.decisions] == ["d-000001", "d-000002"]


HEADER = dump_header(new_header(doc_of("x"), "src.txt", "src.txt.ocrfix.jsonl", created="T"))
GOOD = dump_decision(accept("Бу коината", Span(3, 10), "комната", "d-1"))

MALFORMED = [
    pytest.param(f"{HEADER}\n{GOOD}\n{{oops\n{GOOD}\n", ":3: not valid JSON", id="bad-json"),
    pytest.param(f"{HEADER}\n[1, 2]\n", ":2: expected a JSON object", id="not-an-object"),
    pytest.param('{"hello": 1}\n', ":1: not an ocrfix patch", id="no-header"),
    pytest.param(HEADER.replace('"ocrfix_patch": 1', '"ocrfix_patch": 2') + "\n", ":1: unsupported patch format", id="version"),
    pytest.param(HEADER.replace("codepoint", "byte") + "\n", ":1: unsupported offset unit", id="byte-offsets"),
    pytest.param(f"{HEADER}\n" + GOOD.replace('"span": [3, 10]', '"span": [3]'), ":2: 'span' must be", id="bad-span"),
    pytest.param(f"{HEADER}\n" + GOOD.replace('"span": [3, 10]', '"span": [10, 3]'), ":2: bad span", id="backwards-span"),
    pytest.param(f"{HEADER}\n" + GOOD.replace('"span": [3, 10]', '"span": [3, 9]'), ":2: the quoted text has", id="quote-length"),
    pytest.param(f"{HEADER}\n" + GOOD.replace('"accept"', '"maybe"'), ":2: unknown decision", id="decision"),
    pytest.param(f"{HEADER}\n" + GOOD.replace('"комната"', "null"), ":2: decision 'accept' needs", id="no-replacement"),
    pytest.param(f"{HEADER}\n" + GOOD.replace('"occurrence"', '"page"'), ":2: unknown scope", id="scope"),
    pytest.param(f"{HEADER}\n{GOOD}\n{GOOD}\n", ":3: duplicate record id", id="duplicate-id"),
    pytest.param(f"{HEADER}\n" + GOOD.replace('"supersedes": null', '"supersedes": "d-0"'), ":2: 'supersedes' names", id="dangling-supersedes"),
    pytest.param(f'{HEADER}\n{{"id": "u", "decision": "undo"}}\n', ":2: an undo record needs", id="empty-undo"),
    pytest.param(f"{HEADER}\n" + GOOD.replace('"scores": {}', '"scores": {"a": "high"}'), ":2: 'scores'", id="scores"),
    pytest.param(f"{HEADER}\n" + GOOD.replace('"id": "d-1"', '"id": 7'), ":2: 'id' has the wrong type", id="id-type"),
    pytest.param("", ":1: empty patch", id="empty"),
    pytest.param(HEADER[:40], ":1: the header line is incomplete", id="torn-header"),
]


@pytest.mark.parametrize(("content", "message"), MALFORMED)
def test_malformed_patches_name_their_line(content: str, message: str) -> None:
    with pytest.raises(PatchError) as info:
        parse_patch(content.encode(), "p.jsonl")
    assert str(info.value).startswith("p.jsonl:") and message in str(info.value)
    assert "\n" not in str(info.value)


def test_not_utf8_is_malformed() -> None:
    with pytest.raises(PatchError, match=r"p.jsonl:2: not UTF-8"):
        parse_patch(HEADER.encode() + b"\n\xff\xfe\n", "p.jsonl")


def test_torn_last_line_is_ignored_with_a_warning() -> None:
    patch = parse_patch(f"{HEADER}\n{GOOD}\n{GOOD[:30]}".encode(), "p.jsonl")
    assert [d.id for d in patch.decisions] == ["d-1"]
    assert len(patch.warnings) == 1 and patch.warnings[0].startswith("p.jsonl:3:")


def test_last_line_without_newline_but_complete_is_kept() -> None:
    patch = parse_patch(f"\ufeff{HEADER}\n\n{GOOD}".encode(), "p.jsonl")
    assert [d.id for d in patch.decisions] == ["d-1"] and patch.warnings == ()


@pytest.mark.parametrize(
    "named",
    ["../secret.txt", "/etc/passwd", "sub/../../secret.txt", "C:\\secret.txt", "..\\secret.txt", "\\\\server\\share\\x.txt", ""],
)
def test_source_outside_the_patch_folder_is_refused(named: str) -> None:
    patch = parse_patch(HEADER.replace('"path": "src.txt"', '"path": ' + json.dumps(named)).encode() + b"\n", "p.jsonl")
    assert patch.header.source_path == named
    with pytest.raises(PatchError, match="--source"):
        source_path(patch, Path("vol/p.jsonl"))


@pytest.mark.parametrize(("named", "expected"), [("letter.txt", "vol/letter.txt"), ("./sub/letter.txt", "vol/sub/letter.txt")])
def test_source_inside_the_patch_folder(named: str, expected: str) -> None:
    patch = parse_patch(HEADER.replace('"src.txt"', f'"{named}"').encode() + b"\n", "p.jsonl")
    assert source_path(patch, Path("vol/p.jsonl")) == Path(expected)


# -- the diff view ----------------------------------------------------------------------------------------------------


def test_unified_diff_keeps_u2028_inside_a_line_and_marks_missing_newline() -> None:
    old = "один\r\nдва\u2028коината\r\nтри"
    new = old.replace("коината", "комната").replace("три", "3")
    diff = unified_diff(old, new, "a", "b")
    assert "\n-два\u2028коината\n" in diff and "\n+два\u2028комната\n" in diff
    assert "\n-три\n\\ No newline at end of file\n" in diff
    assert diff.endswith("\n+3\n\\ No newline at end of file\n")
    assert "\r" not in diff
    assert unified_diff(old, old) == ""


# -- properties -----------------------------------------------------------------------------------------------------

ALPHABETS = {
    "utf-8": "абвгдеиклмнопрэәһј]|AbcZ ەکیی\u200c\u0306\u2028\r\n.,-",
    "utf-16-le": "абвгдеиклмнопрэәһј]|AbcZ ەکیی\u200c\u0306\u2028\r\n.,-",
    "cp1251": "абвгдеиклмнопрэ]|AbcZ \r\n.,-",
}


@st.composite
def patched_sources(draw):
    encoding = draw(st.sampled_from(sorted(ALPHABETS)))
    bom = encoding != "cp1251" and draw(st.booleans())
    alphabet = ALPHABETS[encoding]
    text = draw(st.text(alphabet, min_size=1, max_size=60))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    records = []
    for n, (start, end) in enumerate(zip(cuts[::2], cuts[1::2])):
        span = Span(start, end)
        replacement = draw(st.text(alphabet, max_size=6).filter(lambda r, s=span: r != s.slice(text)))
        kind = draw(st.sampled_from(["accept", "accept", "edit", "reject"]))
        records.append(decision_record(text, span, kind, id=f"d-{n}", replacement=replacement, ts="T"))
    return text, encoding, bom, records


@settings(max_examples=300, deadline=None)
@given(patched_sources())
def test_apply_then_reverse_is_the_identity_on_bytes(case) -> None:
    text, encoding, bom, records = case
    source = doc_of(text, encoding, bom)
    patch = patch_for(source, *records)
    fixed = apply_patch(patch, source)
    assume(fixed.text)  # an empty file cannot be decoded again
    fixed_doc = doc_of(fixed.text, encoding, bom)
    back = apply_patch(patch, fixed_doc, reverse=True)
    assert fixed_doc.encode(back.text) == source.encode()


@settings(max_examples=300, deadline=None)
@given(patched_sources())
def test_apply_is_idempotent(case) -> None:
    text, encoding, bom, records = case
    source = doc_of(text, encoding, bom)
    patch = patch_for(source, *records)
    fixed = apply_patch(patch, source)
    assume(fixed.text)
    again = apply_patch(patch, doc_of(fixed.text, encoding, bom))
    assert again.text == fixed.text
    if fixed.text != text:
        assert not again.changed


FILLER = st.text("abcdefgh ,.\n", max_size=80)


@settings(max_examples=200, deadline=None)
@given(before=FILLER, after=FILLER, insert=st.text("xyz \n", min_size=1, max_size=30), where=st.floats(0, 1), end=st.booleans())
def test_reanchoring_after_edits_elsewhere(before: str, after: str, insert: str, where: float, end: bool) -> None:
    middle = "Бу коината вә пэр ил, дедим."
    text = before + "\n" + middle + "\n" + after
    patch = patch_for(doc_of(text), accept(text, at(text, "коината"), "комната"))
    # Insert somewhere outside the recorded context (20 code points around the quote cannot reach the filler).
    piece = after if end else before
    cut = int(where * len(piece))
    edited_piece = piece[:cut] + insert + piece[cut:]
    changed = (before + "\n" + middle + "\n" + edited_piece) if end else (edited_piece + "\n" + middle + "\n" + after)
    result = apply_patch(patch, doc_of(changed))
    assert statuses(result) in ([APPLIED], [REANCHORED])
    assert result.text == changed.replace("коината", "комната")
    assert apply_patch(patch, doc_of(result.text), reverse=True).text == changed
    assert not apply_patch(patch, doc_of(result.text)).changed


# -- house rules ----------------------------------------------------------------------------------------------------


def test_core_modules_import_without_textual_or_rich() -> None:
    code = (
        "import sys, ocrfix.anchors, ocrfix.decisions, ocrfix.patches, ocrfix.patching; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("module", [ocrfix.anchors, ocrfix.decisions, ocrfix.patches, ocrfix.patching], ids=lambda m: m.__name__)
def test_doctests(module) -> None:
    failures, tried = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
