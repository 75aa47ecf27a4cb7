"""The text model: tokens with exact spans, lines, passages, NFC matching over original offsets."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix.text import Span, TextModel, lines, nfc_view, passages, tokenize


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("debris-inside-word", "Азэрба]чан", [("Азэрба]чан", "word")]),
        ("debris-at-word-end", "сиктеа| вэ", [("сиктеа|", "word"), ("вэ", "word")]),
        ("debris-at-word-start", "]ени", [("]ени", "word")]),
        ("letters-and-digits", "5X", [("5X", "alnum")]),
        ("number", "17105", [("17105", "number")]),
        ("date", "29.06.1954", [("29.06.1954", "number")]),
        ("page-marker", "-2-", [("-2-", "marker")]),
        ("bracket-pair-is-punctuation", "[sic]", [("[", "punct"), ("sic", "word"), ("]", "punct")]),
        ("lone-bar-is-symbol", "a | b", [("a", "word"), ("|", "symbol"), ("b", "word")]),
        ("persian-zwnj", "می\u200cخواهم", [("می\u200cخواهم", "word")]),
        ("inner-hyphen", "Хаджи-заде", [("Хаджи-заде", "word")]),
        ("apostrophe", "don't", [("don't", "word")]),
        ("markup", "<sup>121</sup>", [("<sup>", "markup"), ("121", "number"), ("</sup>", "markup")]),
        ("url", "see https://example.org/x", [("see", "word"), ("https://example.org/x", "url")]),
    ],
)
def test_tokens(name: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.kind) for t in tokenize(text)] == expected


def test_spans_point_into_the_original_text() -> None:
    text = "\ufeffне BOM: Азэрба]чан\r\nкоината"
    for tok in tokenize(text):
        assert tok.span.slice(text) == tok.text


def test_hyphen_at_line_end_is_marked() -> None:
    toks = [t for t in tokenize("Он слу-\r\nжит там. Северо-запад") if t.kind == "word"]
    assert [(t.text, t.hyphen_break) for t in toks] == [
        ("Он", False),
        ("слу", True),
        ("жит", False),
        ("там", False),
        ("Северо-запад", False),
    ]
    assert toks[2].line == 2


def test_nfd_token_compares_in_nfc_and_keeps_original_span() -> None:
    nfd = unicodedata.normalize("NFD", "Ёлка и йод")
    toks = tokenize(nfd)
    assert [t.norm for t in toks] == ["Ёлка", "и", "йод"]
    assert all(t.span.slice(nfd) == t.text for t in toks)
    assert toks[0].text != toks[0].norm


def test_lines_split_on_every_terminator() -> None:
    text = "a\r\nb\rc\nd\u2028e"
    got = [(ln.number, ln.span.slice(text), ln.terminator) for ln in lines(text)]
    assert got == [(1, "a", "\r\n"), (2, "b", "\r"), (3, "c", "\n"), (4, "d", "\u2028"), (5, "e", "")]


def test_passages_split_on_blank_lines_and_script_changes() -> None:
    text = "Первая строка\nвторая строка\n\nThird line\nПятая строка\n\n\n17105\n"
    got = [(p.first_line, p.last_line, p.script) for p in passages(text)]
    assert got == [(1, 2, "Cyrl"), (4, 4, "Latn"), (5, 5, "Cyrl"), (8, 8, None)]


def test_text_model_finds_tokens_and_lines() -> None:
    model = TextModel("один два\nтри\n\nчетыре")
    assert [t.text for t in model.tokens_in(model.passages[0].span)] == ["один", "два", "три"]
    assert model.line_of(model.tokens[2].span.start) == 2


def test_span_rejects_reversed_ranges() -> None:
    with pytest.raises(ValueError):
        Span(5, 2)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("аәé\u0301e\u0308 ]|-\n\r\u2028ی\u200c5.")), max_size=60))
def test_tokens_slice_back_and_do_not_overlap(text: str) -> None:
    prev_end = 0
    for tok in tokenize(text):
        assert tok.span.slice(text) == tok.text
        assert tok.span.start >= prev_end
        prev_end = tok.span.end


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ae\u0301\u0308\u0327ёй и\n")), max_size=40))
def test_nfc_view_maps_back_to_original(text: str) -> None:
    view, offsets = nfc_view(text)
    assert view == unicodedata.normalize("NFC", text)
    assert len(offsets) == len(view) + 1 and offsets[-1] == len(text)
    assert offsets == sorted(offsets)


def test_parenthesis_and_plus_inside_a_word_are_debris() -> None:
    # The Russian model's ) and + for Azerbaijani ј and ғ stay inside the word; real parentheses and sums do not.
    tokens = [(t.text, t.kind) for t in tokenize("па)тахты )аранды ота+ы (сарај) а) пункт 2+2")]
    assert tokens == [
        ("па)тахты", "word"), (")аранды", "word"), ("ота+ы", "word"),
        ("(", "punct"), ("сарај", "word"), (")", "punct"),
        ("а", "word"), (")", "punct"), ("пункт", "word"),
        ("2", "number"), ("+", "symbol"), ("2", "number"),
    ]  # fmt: skip
    # Offsets still point into the text as written.
    text = "Бу )ени ге)д."
    assert [text[t.span.start : t.span.end] for t in tokenize(text)] == ["Бу", ")ени", "ге)д", "."]


def test_parenthesis_beside_other_debris_inside_a_word_is_debris() -> None:
    # ј read as )] or ]) (о)]унчулары, муэ])эн) keeps the word whole; brackets that close after a word do not join it.
    tokens = [(t.text, t.kind) for t in tokenize("о)]унчулары муэ])эн )]ени (сөз)] слово]) и [1]) да")]
    assert tokens == [
        ("о)]унчулары", "word"), ("муэ])эн", "word"), (")]ени", "word"),
        ("(", "punct"), ("сөз", "word"), (")]", "punct"),
        ("слово]", "word"), (")", "punct"), ("и", "word"),
        ("[", "punct"), ("1", "number"), ("])", "punct"), ("да", "word"),
    ]  # fmt: skip
