"""ReviewSession: decisions, scope, undo (of batches too), resume, sections, and byte-identical patches."""

from __future__ import annotations

import itertools
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from ocrfix.documents import read_document
from ocrfix.errors import PatchError
from ocrfix.patches import PatchWriter, decision_record, effective_decisions, load_patch, new_header, patch_path_for
from ocrfix.patching import apply_patch
from ocrfix.review import FIRST_SECTION_DIVISOR, ReviewError, ReviewSession, find_sections
from ocrfix.suggestions import suggest

# Two real OCR error kinds, each twice: a Latin o inside a Russian word (homoglyph) and Azerbaijani Cyrillic read by
# a Russian model (э for ә, ] for ј, ч for ҹ; the example of the seeds).
LETTER = (
    "Через некоторое время мне сказали, что в новом доме мне будет предоставлена кoмната.\n"
    "В этом доме нет воды и отопления, а кoмната далеко от центра города.\n"
    "\n"
    "Азэрба]чан Республикасы вә Азэрба]чан халгы.\n"
)
ROOM, FIXED_ROOM = "кoмната", "комната"
AZ, FIXED_AZ = "Азэрба]чан", "Азәрбајҹан"


def clock() -> object:
    """A clock for reproducible patches: one second later at each call."""
    counter = itertools.count()
    return lambda: f"2026-01-01T00:00:{next(counter):02d}Z"


@pytest.fixture()
def letter(tmp_path: Path) -> Path:
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    return path


@pytest.fixture()
def open_session(lexicons, tmp_path: Path):
    def make(path: Path, **kw) -> ReviewSession:
        kw.setdefault("clock", clock())
        kw.setdefault("reviewer", "tester")
        kw.setdefault("project_lexicon", tmp_path / "project-lexicon.tsv")
        return ReviewSession(path, lexicons=lexicons, **kw)

    return make


def texts(session: ReviewSession) -> list[str]:
    return [f.text for f in session.findings]


def applied(session: ReviewSession) -> str:
    return apply_patch(load_patch(session.patch_path), read_document(session.path)).text


# -- findings and moving ------------------------------------------------------------------------------------------


def test_findings_are_those_of_suggest(letter: Path, open_session, lexicons) -> None:
    session = open_session(letter)
    assert session.complete
    assert [(f.span, f.text) for f in session.findings] == [(f.span, f.text) for f in suggest(LETTER, lexicons)]
    assert texts(session) == [ROOM, ROOM, AZ, AZ]
    assert session.index == 0
    assert session.progress.decided == 0 and session.progress.total == 4
    assert session.passage_of(session.current).language == "ru"


@pytest.mark.parametrize(
    ("ocr", "fixed", "rule"),
    [
        pytest.param(ROOM, FIXED_ROOM, "homoglyph", id="latin-o-in-russian-word"),
        pytest.param(AZ, FIXED_AZ, "э→ә ]→ј ч→ҹ", id="azerbaijani-read-as-russian"),
    ],
)
def test_accept_best_candidate(letter: Path, open_session, ocr: str, fixed: str, rule: str) -> None:
    session = open_session(letter)
    session.goto(texts(session).index(ocr))
    record = session.accept()
    assert (record.decision, record.exact, record.replacement, record.rule) == ("accept", ocr, fixed, rule)
    language = session.findings[0 if ocr == ROOM else 2].language
    assert (record.lang, record.reviewer, record.scope) == (language, "tester", "occurrence")
    on_disk = load_patch(session.patch_path)
    assert [d.id for d in on_disk.decisions] == [record.id]
    assert applied(session).count(fixed) == 1


def test_decision_moves_to_next_undecided_and_wraps(letter: Path, open_session) -> None:
    session = open_session(letter)
    session.goto(2)
    session.reject()
    assert session.index == 3
    session.reject()
    assert session.index == 0  # back to the first one still undecided
    session.reject()
    session.reject()
    assert session.progress.decided == 4
    assert session.index == 1  # nothing left: stays after the last decision


def test_next_previous_goto_and_undecided_moves(letter: Path, open_session) -> None:
    session = open_session(letter)
    assert session.next().text == ROOM and session.index == 1
    assert session.previous().text == ROOM and session.index == 0
    assert session.previous() is None and session.index == 0
    session.goto(3)
    assert session.next() is None
    session.goto(1)
    session.reject()  # decides 1, moves to 2
    assert session.previous(undecided=True) is not None and session.index == 0
    assert session.next(undecided=True) is not None and session.index == 2
    with pytest.raises(ReviewError):
        session.goto(9)


def test_search_finds_findings_then_text(letter: Path, open_session) -> None:
    session = open_session(letter)
    assert session.search("азэрба") == 2
    assert session.search("азэрба") == 3  # the next one
    assert session.search("азэрба") == 2  # wraps
    assert session.search(FIXED_ROOM) == 0  # a candidate matches too
    assert session.search("отопления") == 1  # only in the text: the first finding after it
    assert session.search("нет такого слова") is None


# -- deciding ------------------------------------------------------------------------------------------------------


def test_accept_other_candidate_edit_reject_uncertain(letter: Path, open_session) -> None:
    session = open_session(letter)
    session.goto(2)
    second = session.current.suggestions[1]
    assert session.accept(1).replacement == second.replacement
    session.goto(0)
    edit = session.accept_text("хата")
    assert (edit.decision, edit.replacement, edit.rule) == ("edit", "хата", None)
    reject = session.reject()
    assert (reject.decision, reject.exact, reject.replacement) == ("reject", ROOM, FIXED_ROOM)
    unsure = session.uncertain()
    assert unsure.decision == "uncertain"
    assert [session.status(i).decision for i in range(4)] == ["edit", "reject", "accept", "uncertain"]
    with pytest.raises(ReviewError, match="no candidate 7"):
        session.accept(6)


def test_edit_to_the_original_text_is_a_reject(letter: Path, open_session) -> None:
    session = open_session(letter)
    assert session.accept_text(ROOM).decision == "reject"


def test_deciding_again_replaces_and_undo_restores(letter: Path, open_session) -> None:
    session = open_session(letter)
    first = session.accept()
    session.goto(0)
    second = session.reject()
    assert second.supersedes == (first.id,)
    assert session.status(0).decision == "reject"
    assert [d.id for d in effective_decisions(session.decisions)] == [second.id]
    session.undo()
    assert session.status(0).decision == "accept" and session.index == 0
    session.undo()
    assert session.status(0) is None
    with pytest.raises(ReviewError, match="nothing to undo"):
        session.undo()


def test_accept_all_alike_counts_applies_and_undoes_as_one(letter: Path, open_session) -> None:
    session = open_session(letter)
    session.goto(2)
    preview = session.preview_alike()
    assert session.count_alike() == preview.places == 2
    assert preview.samples[0].startswith("[Азэрба]чан]")
    record = session.accept_all_alike()
    assert record.scope == "all" and [a.span for a in record.alike] == [session.findings[3].span]
    assert session.status(3).alike and session.status(3).replacement == FIXED_AZ
    assert session.progress.decided == 2
    assert applied(session).count(FIXED_AZ) == 2
    undone = session.undo()
    assert [d.id for d in undone] == [record.id]
    assert session.progress.decided == 0 and session.index == 2
    assert applied(session) == LETTER


def test_own_decision_wins_over_all_alike(letter: Path, open_session) -> None:
    session = open_session(letter)
    session.goto(3)
    session.reject()
    session.goto(2)
    assert session.count_alike() == 1  # the rejected place keeps its own decision
    session.accept_all_alike()
    assert session.status(3).decision == "reject"
    assert applied(session).count(FIXED_AZ) == 1


def test_reject_all_alike(letter: Path, open_session) -> None:
    session = open_session(letter)
    record = session.reject_all_alike()
    assert (record.decision, record.scope, len(record.alike)) == ("reject", "all", 1)
    assert session.status(1).decision == "reject" and session.status(1).alike


def test_add_to_lexicon_appends_and_undo_takes_it_back(letter: Path, open_session, tmp_path: Path) -> None:
    project = tmp_path / "project-lexicon.tsv"
    session = open_session(letter, project_lexicon=project)
    session.goto(2)
    record = session.add_to_lexicon()
    assert (record.decision, record.scope, record.lang) == ("add-to-lexicon", "all", "az-Cyrl")
    assert f"{AZ}\t1\taz-Cyrl\n" in project.read_text(encoding="utf-8")
    assert session.status(3).decision == "add-to-lexicon"
    assert session.learned == ((AZ, "az-Cyrl"),)
    session.undo()
    assert AZ not in project.read_text(encoding="utf-8")
    assert session.learned == ()


def test_add_to_lexicon_needs_a_project_lexicon_and_one_word(tmp_path: Path, lexicons) -> None:
    path = tmp_path / "a.txt"
    path.write_text(LETTER, encoding="utf-8")
    session = ReviewSession(path, lexicons=lexicons, clock=clock())
    with pytest.raises(ReviewError, match="no project lexicon"):
        session.add_to_lexicon()


def test_undo_takes_back_a_whole_batch(letter: Path, open_session) -> None:
    # Records sharing a batch id (written together by another tool) are undone as one action.
    session = open_session(letter)
    session.reject()  # creates the patch
    document = read_document(letter)
    writer = PatchWriter(session.patch_path, new_header(document, letter, session.patch_path))
    for f in session.findings[2:]:
        writer.append(
            decision_record(document.text, f.span, "accept", id=writer.next_id(), replacement=FIXED_AZ, ts="T", batch="b-1")
        )
    resumed = open_session(letter)
    assert resumed.progress.decided == 3
    undone = resumed.undo()
    assert [d.batch for d in undone] == ["b-1", "b-1"]
    assert load_patch(resumed.patch_path).decisions[-1].supersedes == tuple(d.id for d in undone)
    assert resumed.progress.decided == 1


# -- resume, discard, patches -------------------------------------------------------------------------------------


def test_min_confidence_lists_the_surer_findings_and_those_already_decided(letter: Path, open_session) -> None:
    everything = open_session(letter)
    room, az = (everything.findings[i].best.confidence for i in (0, 2))
    assert room < az
    cut = (room + az) / 2
    sure = open_session(letter, min_confidence=cut)
    assert texts(sure) == [AZ, AZ] and sure.progress.hidden == 2 and sure.progress.total == 2
    # A decision the patch holds keeps its finding listed, below the cut or not.
    everything.accept()
    again = open_session(letter, min_confidence=cut)
    assert texts(again) == [ROOM, AZ, AZ] and again.progress.hidden == 1 and again.progress.decided == 1
    assert again.index == 1  # the first undecided of those listed
    assert texts(open_session(letter, min_confidence=1.0)) == [ROOM]
    with pytest.raises(ReviewError):
        open_session(letter, min_confidence=1.5)


def test_resume_marks_decided_and_undo_reaches_earlier_sessions(letter: Path, open_session) -> None:
    first = open_session(letter)
    first.accept()
    first.goto(2)
    first.accept_all_alike()
    assert patch_path_for(letter) == first.patch_path
    again = open_session(letter)
    assert again.progress.decided == 3
    assert again.index == 1  # the first undecided
    assert [d.id for d in again.undo()] == ["d-000002"]  # made by the first session
    assert again.progress.decided == 1
    assert load_patch(again.patch_path).decisions[-1].decision == "undo"


def test_a_patch_for_another_version_is_refused(letter: Path, open_session) -> None:
    open_session(letter).accept()
    letter.write_text(LETTER.replace("Через", "После"), encoding="utf-8")
    with pytest.raises(PatchError, match="another source or another version"):
        open_session(letter)


def test_nothing_decided_writes_no_patch(letter: Path, open_session) -> None:
    session = open_session(letter)
    session.next()
    report = session.save()
    assert not report.written and not session.patch_path.exists()


def test_discard_removes_a_new_patch_and_undoes_in_an_old_one(letter: Path, open_session) -> None:
    session = open_session(letter)
    session.accept()
    assert session.discard() == 1
    assert not session.patch_path.exists()
    kept = open_session(letter)
    kept.accept()
    later = open_session(letter)
    later.reject()
    later.reject()
    assert later.discard() == 2
    assert [d.id for d in effective_decisions(load_patch(later.patch_path))] == ["d-000001"]


def test_patch_path_option(letter: Path, open_session, tmp_path: Path) -> None:
    elsewhere = tmp_path / "patches" / "mine.jsonl"
    elsewhere.parent.mkdir()
    session = open_session(letter, patch_path=elsewhere)
    session.accept()
    assert load_patch(elsewhere).header.source_path == "../letter.txt"


def test_same_decisions_give_byte_identical_patches(tmp_path: Path, open_session) -> None:
    paths = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        path = folder / "letter.txt"
        path.write_text(LETTER, encoding="utf-8")
        session = open_session(path, clock=clock())
        if name == "two":
            session.prepare_header()  # as the review screen does ahead of the first key: the same header
        session.accept()
        session.accept_text("комнатка")
        session.goto(2)
        session.accept_all_alike()
        session.undo()
        session.uncertain()
        paths.append(session.patch_path)
    assert paths[0].read_bytes() == paths[1].read_bytes()


# -- sections -----------------------------------------------------------------------------------------------------


def test_sections_cover_a_long_text_in_order(lexicons) -> None:
    text = (LETTER + "\n") * 6
    sections = list(find_sections(text, lexicons, whole_limit=200, section_chars=300))
    assert len(sections) > 1
    assert sections[0].span.start == 0 and sections[-1].span.end == len(text)
    assert all(a.span.end == b.span.start for a, b in zip(sections, sections[1:]))
    findings = [f for s in sections for f in s.findings]
    assert [f.text for f in findings] == [ROOM, ROOM, AZ, AZ] * 6
    for f in findings:
        assert f.span.slice(text) == f.text
        assert text.splitlines()[f.line - 1].count(f.text) >= 1
    passages = [p for s in sections for p in s.passages]
    assert [p.index for p in passages] == list(range(len(passages)))
    assert all(passages[f.passage].span.start <= f.span.start < passages[f.passage].span.end for f in findings)


def test_first_sections_are_small_and_grow_to_the_section_size(lexicons) -> None:
    # The reviewer waits for the first section only: it is a fraction of the others, which double up to the size.
    text = (LETTER + "\n") * 40
    size = 1_200
    sections = list(find_sections(text, lexicons, whole_limit=0, section_chars=size))
    lengths = [s.span.end - s.span.start for s in sections]
    first = size // FIRST_SECTION_DIVISOR
    assert first <= lengths[0] < first + len(LETTER) + 1
    assert lengths[0] < lengths[1] < lengths[2] and max(lengths[:-1]) < size + len(LETTER) + 1
    assert sum(1 for n in lengths if n >= size) >= len(lengths) // 2
    assert "".join(s.span.slice(text) for s in sections) == text


def test_session_fed_section_by_section(letter: Path, open_session, lexicons) -> None:
    session = open_session(letter, compute=False)
    assert session.current is None and session.findings == []
    with pytest.raises(ReviewError):
        session.accept()
    text = LETTER
    sections = list(find_sections(text, lexicons, whole_limit=50, section_chars=60 * FIRST_SECTION_DIVISOR))
    session.add_section(sections[0])
    assert session.index == 0 and not session.progress.complete
    session.reject()
    session.reject()  # the last finding known so far: waits for the next section
    for section in sections[1:]:
        session.add_section(section)
    session.finish()
    assert session.progress == type(session.progress)(2, 4, True)
    assert session.current.text == AZ


def test_spans_of_the_document_not_of_the_nfc_view(tmp_path: Path, open_session) -> None:
    # An NFD document: offsets stay code points of the text as read.
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", "Йод и ") + LETTER, encoding="utf-8")
    session = open_session(path)
    for f in session.findings:
        assert f.span.slice(session.text) == f.text


def test_review_core_does_not_import_textual() -> None:
    code = (
        "import sys, ocrfix.review, ocrfix.cli.review, ocrfix.tui, ocrfix.tui.display, ocrfix.tui.compute; "
        "print([m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
