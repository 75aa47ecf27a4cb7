"""Display-only helpers: right-to-left rows in reading order, visible ZWNJ and look-alike letters, typed escapes."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ocrfix.tui.display
import ocrfix.tui.dialogs
from ocrfix.tui.display import clusters, codepoints, layout, lookalikes, visual_order, visual_text
from ocrfix.tui.dialogs import unescape


@pytest.mark.parametrize(
    ("logical", "painted"),
    [
        pytest.param("abc def", "abc def", id="latin-unchanged"),
        pytest.param("Азэрба]чан халгы", "Азэрба]чан халгы", id="cyrillic-unchanged"),
        pytest.param("سلام", "مالس", id="persian-word-reversed"),
        pytest.param("دبیر اول حزب", "بزح لوا ریبد", id="persian-words-in-reading-order"),
        pytest.param("سال ۱۹۴۷ به", "هب ۱۹۴۷ لاس", id="digits-keep-their-order"),
        pytest.param("کتاب (جلد 2)", "(2 دلج) باتک", id="brackets-mirrored"),
        # Digits after Arabic letters are Arabic numbers (W2), so the percent sign is not part of the number (W5).
        pytest.param("شماره 12.5% است", "تسا %12.5 هرامش", id="number-with-separator-and-percent"),
        pytest.param("Total 12.5% done", "Total 12.5% done", id="percent-in-latin-text"),
        pytest.param("نام Ali Reza است", "تسا Ali Reza مان", id="latin-run-inside-persian"),
        pytest.param("Reza: سلام دوست", "Reza: تسود مالس", id="persian-run-inside-latin"),
        pytest.param("می\u200cخواهم", "مهاوخ\u200cیم", id="zwnj-kept-in-place"),
    ],
)
def test_visual_text(logical: str, painted: str) -> None:
    assert visual_text(logical) == painted


def test_combining_marks_stay_on_their_letter() -> None:
    word = "کِتاب"  # kasra after the kaf
    painted = visual_text(word)
    assert painted.endswith("کِ")


def test_trailing_spaces_go_to_the_end_of_an_rtl_row() -> None:
    assert visual_text("سلام  ") == "  مالس"  # the end of a right-to-left row is on the left (rule L1)
    assert layout(clusters("سلام  "))[1] == [1] * 6


@given(st.text(alphabet="abc سلامدوست۱۲3()-. ", max_size=40))
def test_visual_order_is_a_permutation(text: str) -> None:
    pieces = clusters(text)
    assert sorted(visual_order(pieces)) == list(range(len(pieces)))


@given(st.text(alphabet="abcdefg 0123.,-()", max_size=40))
def test_left_to_right_text_is_never_moved(text: str) -> None:
    assert visual_text(text) == text


@pytest.mark.parametrize(
    ("text", "language", "marked"),
    [
        pytest.param("кoмната", "ru", "o", id="latin-o-in-russian"),
        pytest.param("cоmputer", "en", "о", id="cyrillic-o-in-english"),
        pytest.param("كتاب", "fa", "ك", id="arabic-kaf-in-persian"),
        pytest.param("ايران", "fa", "ي", id="arabic-yeh-in-persian"),
        pytest.param("ایران", "fa", "", id="persian-yeh-is-fine"),
        pytest.param("ایران", "ar", "ی", id="persian-yeh-outside-persian"),
        pytest.param("комната room", "ru", "", id="separate-words-of-two-scripts"),
    ],
)
def test_lookalikes(text: str, language: str, marked: str) -> None:
    assert "".join(text[i] for i in sorted(lookalikes(text, language))) == marked


def test_codepoints() -> None:
    assert codepoints("ی\u200c") == "ی U+06CC · ZWNJ U+200C"
    assert codepoints("abc") == ""


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("комната", "комната"),
        ("ми\\u200cрoм", "ми\u200cрoм"),
        ("\\u0439од", "йод"),
        ("a\\\\b", "a\\b"),
        ("bad \\uZZ", "bad \\uZZ"),
    ],
)
def test_unescape(typed: str, meant: str) -> None:
    assert unescape(typed) == meant


@pytest.mark.parametrize("module", [ocrfix.tui.display, ocrfix.tui.dialogs])
def test_doctests(module) -> None:
    assert doctest.testmod(module).failed == 0
