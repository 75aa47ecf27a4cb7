"""Scoring: labels, language, wrong-model diagnosis and garbage rules on real OCR failure patterns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix.garbage import garbage_hits, is_number_with_suffix
from ocrfix.scoring import score_text
from ocrfix.scripts import LANGUAGES

AZ_LATN = (
    "Azərbaycan Respublikasının paytaxtı Bakı şəhəridir və ölkənin ən böyük şəhəri də odur. "
    "Bu şəhərdə çoxlu tarixi binalar, muzeylər və teatrlar vardır. Hər il minlərlə turist buraya gəlir. "
    "Xalqımızın mədəniyyəti çox qədimdir və zəngin ənənələrə malikdir. Gənclər yeni elmi işlərlə məşğul olurlar."
)
_TO_CYRL = dict(
    pair.split(":")
    for pair in "a:а b:б c:ҹ ç:ч d:д e:е ə:ә f:ф g:ҝ ğ:ғ h:һ x:х ı:ы i:и j:ж k:к q:г l:л m:м n:н o:о ö:ө "
    "p:п r:р s:с ş:ш t:т u:у ü:ү v:в y:ј z:з".split()
)
_RUS_READING = {"ә": "э", "ј": "]", "ҹ": "ч", "һ": "п", "ө": "е", "ү": "у", "ғ": "г", "ҝ": "к"}


def to_cyrl(text: str) -> str:
    out = []
    for ch in text:
        low = "ı" if ch == "I" else "i" if ch == "İ" else ch.lower()
        cy = _TO_CYRL.get(low, ch)
        out.append(cy.upper() if ch.isupper() else cy)
    return "".join(out)


def read_as_rus(text: str) -> str:
    return "".join(_RUS_READING.get(ch.lower(), ch.lower()).upper() if ch.isupper() else _RUS_READING.get(ch, ch) for ch in text)


RU = (
    "Уважаемый товарищ Хрущев, первое письмо я написал Вам первого декабря, и Ваш секретарь получил его "
    "наверно шестнадцатого декабря. Ввиду того, что я не получил ответа на это письмо, я написал Вам вторично."
)
EN = "Dear comrade Khrushchev, I wrote you the first letter on the first of December and your secretary received it."
FA = (
    "رئیس انجمن جراحان قلب ایران تأکید کرد که کلیه امکانات پیشرفته در خصوص انجام اعمال جراحی قلبی در ایران وجود دارد "
    "و نیازی به اعزام بیماران به خارج از کشور نیست و هزینه‌های درمان در ایران پایین‌تر است."
)
_ARABIC_READING = {"ی": "ي", "ک": "ك", "پ": "ب", "چ": "ج", "ژ": "ز", "گ": "ك"}


def test_clean_russian(lexicons) -> None:
    doc = score_text(RU, lexicons)
    assert (doc.language, doc.label, doc.action, doc.diagnoses) == ("ru", "clean", "accept", ())


def test_clean_english(lexicons) -> None:
    doc = score_text(EN, lexicons)
    assert (doc.language, doc.label, doc.diagnoses) == ("en", "clean", ())


def test_azerbaijani_cyrillic_read_correctly_is_not_diagnosed(lexicons) -> None:
    doc = score_text(to_cyrl(AZ_LATN), lexicons)
    assert doc.language == "az-Cyrl"
    assert doc.diagnoses == ()
    assert doc.label == "clean"


def test_azerbaijani_cyrillic_read_by_russian_model_is_diagnosed(lexicons) -> None:
    garbled = read_as_rus(to_cyrl(AZ_LATN))
    assert "э" in garbled and "]" in garbled
    doc = score_text(garbled, lexicons)
    assert doc.language == "az-Cyrl"
    assert [d.code for d in doc.diagnoses] == ["wrong-ocr-model"]
    assert doc.diagnoses[0].details["model"] == "aze_cyrl"
    assert (doc.action, doc.model) == ("re-ocr", "aze_cyrl")
    assert doc.label in ("noisy", "garbled")


def test_clipped_stamp_is_no_evidence_of_a_wrong_model(lexicons) -> None:
    # An archive stamp cut at the page edge (seed 004, lines 176-181): few letters, no diagnosis.
    doc = score_text("ИВ\nКПС\nик 6754\nкр. 344\nратор\nнова Т.К.\n", lexicons)
    assert doc.diagnoses == ()


def test_persian_read_correctly(lexicons) -> None:
    doc = score_text(FA, lexicons)
    assert (doc.language, doc.diagnoses) == ("fa", ())
    assert doc.label == "clean"


def test_persian_read_by_arabic_model_is_diagnosed(lexicons) -> None:
    # As Tesseract's Arabic model writes it: Arabic yeh and kaf, no Persian letters, a final yeh without dots.
    words = ["".join(_ARABIC_READING.get(c, c) for c in w) for w in FA.split(" ")]
    misread = " ".join(w[:-1] + "ى" if w.endswith("ي") else w for w in words)
    doc = score_text(misread, lexicons)
    assert doc.language == "fa"
    assert [(d.code, d.details["model"]) for d in doc.diagnoses] == [("wrong-ocr-model", "fas")]


def test_garbage_scores_higher_than_clean_text(lexicons) -> None:
    noise = "Мнми кунаным днкоз ондоор ки, бу мнмнмнмнмн кннрэгдэ кннтримнмнрми сиктеа| 5X пар7ия гэгээлэгтэй."
    clean = score_text(RU, lexicons)
    garbled = score_text(noise, lexicons)
    assert (garbled.label, clean.label) == ("garbled", "clean")
    assert garbled.score > 5 * clean.score
    codes = {r.code for p in garbled.passages for r in p.reasons}
    assert {"unknown-words", "long-repeat", "debris-in-word", "digits-in-word"} <= codes


def test_passage_offsets_and_lines(lexicons) -> None:
    text = RU + "\n\n" + EN + "\n"
    doc = score_text(text, lexicons)
    assert [(p.language, p.passage.first_line, p.passage.last_line) for p in doc.passages] == [("ru", 1, 1), ("en", 3, 3)]
    assert text[doc.passages[1].start : doc.passages[1].end] == EN


def test_block_is_split_where_the_language_changes(lexicons) -> None:
    # No blank line between a Russian and an Azerbaijani paragraph: one block, two passages.
    ru = "Уважаемый товарищ Хрущев, первое письмо я написал Вам первого декабря.\nВвиду того, что я не получил ответа, я написал Вам вторично.\n"
    az = to_cyrl(AZ_LATN).replace(". ", ".\n")
    doc = score_text(ru + az, lexicons)
    assert [(p.language, p.passage.first_line) for p in doc.passages] == [("ru", 1), ("az-Cyrl", 3)]
    # A garbled line in the middle does not cut a passage.
    noisy = "Уважаемый товарищ Хрущев, первое письмо я написал Вам.\nМнми кунаным днкоз ондоор.\nВвиду того, что я не получил ответа, я написал Вам вторично.\nНо так как я не получил ответа, я обратился к Вам.\n"
    assert len(score_text(noisy, lexicons).passages) == 1


def test_short_passage_is_too_short(lexicons) -> None:
    doc = score_text("-2-\n\nТ.К\n", lexicons)
    assert {p.label for p in doc.passages} == {"too-short"}


def test_forced_language(lexicons) -> None:
    doc = score_text(RU, lexicons, language="az-Cyrl")
    assert doc.language == "az-Cyrl"
    assert doc.score > score_text(RU, lexicons).score


@pytest.mark.parametrize(
    ("name", "token", "kind", "language", "codes"),
    [
        ("debris", "Азэрба]чан", "word", "ru", {"debris-in-word"}),
        ("digits-inside", "пар7ия", "alnum", "ru", {"digits-in-word"}),
        ("latin-o-in-cyrillic", "кoмната", "word", "ru", {"mixed-script-word"}),
        ("case-change", "паРтия", "word", "ru", {"case-change"}),
        ("repeat", "мнмнмнмн", "word", "ru", {"long-repeat", "no-vowel"}),
        ("repeat-with-vowels", "бубубубу", "word", "ru", {"long-repeat"}),
        ("foreign-letter", "азәрбајҹан", "word", "ru", {"foreign-letters"}),
        ("symbol-run", "~^~", "symbol", "ru", {"symbol-run"}),
        ("clean-word", "комната", "word", "ru", set()),
        ("title-case", "Комната", "word", "ru", set()),
        ("acronym", "ЦК", "word", "ru", set()),
        ("number-suffix", "1954-гу", "alnum", "az-Cyrl", set()),
        ("rule-line", "-----", "symbol", "en", set()),
    ],
)
def test_garbage_rules(name: str, token: str, kind: str, language: str, codes: set[str]) -> None:
    assert {h.code for h in garbage_hits(token, kind, LANGUAGES[language])} == codes


@pytest.mark.parametrize(("text", "expected"), [("1954-гу", True), ("29-да", True), ("1st", True), ("пар7ия", False), ("5X", True)])
def test_number_with_suffix(text: str, expected: bool) -> None:
    assert is_number_with_suffix(text) is expected


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("абвгдэә]|5X -\nаоеиپکیeaoz.")), max_size=120))
def test_scores_stay_in_unit_interval(lexicons, text: str) -> None:
    doc = score_text(text, lexicons)
    assert 0.0 <= doc.score <= 1.0
    for p in doc.passages:
        assert 0.0 <= p.score <= 1.0
        assert all(0.0 <= t.score <= 1.0 for t in p.tokens)
    assert all(0.0 <= ln.score <= 1.0 for ln in doc.lines)
