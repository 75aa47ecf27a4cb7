"""Lexicon images (a language as a wrong OCR model writes it): the first words answered by inverting the misreading
get the classes the whole image gives."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix.charmodel import READINGS
from ocrfix.lexicon import IMAGE_LOOKUPS, LexiconImage, LexiconSet

WRONG = ["az-Cyrl@rus", "fa@ara"]


def _words(reading, lexicon, whole: dict[str, int]) -> list[str]:
    """Words to look up: written forms of shipped words, the image's own keys, forms as they are, and garbled
    variants (a letter replaced by one the confusions involve)."""
    rng = random.Random(7)
    forms = lexicon.shipped_keys()
    letters = sorted(set(reading.confusions) | set(reading.confusions.values()) | set(reading.final.values())) + ["x"]
    words = reading.misread_all(forms[:1500] + rng.sample(forms, 1500)) + rng.sample(list(whole), 1500)
    words += rng.sample(forms, 500) + ["", "x"]
    for w in rng.sample(list(whole), 1500):
        i = rng.randrange(len(w)) if w else 0
        words.append(w[:i] + rng.choice(letters) + w[i + 1 :])
    return words


@pytest.mark.parametrize("code", WRONG)
def test_image_answers_as_the_whole_image(code: str) -> None:
    reading = READINGS[code]
    lexicons = LexiconSet()
    shipped = lexicons.get(reading.language)
    forms = shipped.shipped_keys()
    # User forms written like shipped ones (a letter the model writes as another, spelt as that other), more and
    # less frequent than them; a new form; a shipped form again.
    source, target = ("ә", "э") if code.startswith("az") else ("پ", "ب")
    known = set(forms)
    alike = [f for f in forms[100:] if source in f and f.replace(source, target) not in known][:2]
    lexicons.add_user_words(
        [
            (alike[0].replace(source, target), 1e9, reading.language),
            (alike[1].replace(source, target), 1.0, reading.language),
            (forms[40_000] + forms[7], 1e9, reading.language),
            (forms[3], 1e9, reading.language),
        ]
    )
    lexicon = lexicons.get(reading.language)
    assert len(lexicon.extra_keys()) == 3
    assert lexicon.descending
    whole = lexicon._whole_image(reading.misread_all)
    high, low = (reading.misread(a) for a in alike)
    assert whole[high] == lexicon.frequency_class(alike[0].replace(source, target)) > shipped.frequency_class(alike[0])
    assert whole[low] == shipped.frequency_class(alike[1])
    checked = 0
    for word in [high, low, *_words(reading, lexicon, whole)]:
        sources = reading.sources(word)
        if sources is not None:
            assert lexicon._image_class(word, reading.misread_all, sources) == whole.get(word), word
            checked += 1
    assert checked > 6000
    image = LexiconImage(lexicon, reading.misread_all, reading.sources)
    words = _words(reading, lexicon, whole)[: IMAGE_LOOKUPS + 100]
    assert [image.get(w) for w in words] == [whole.get(w) for w in words]
    assert image._whole is not None  # built whole after IMAGE_LOOKUPS words


@pytest.mark.parametrize("code", WRONG)
def test_lexicon_image_is_made_once_and_anew_after_user_forms(code: str) -> None:
    reading = READINGS[code]
    lexicons = LexiconSet()
    lexicon = lexicons.get(reading.language)
    image = lexicon.image(reading.misread_all, code, reading.sources)
    assert lexicon.image(reading.misread_all, code, reading.sources) is image
    form = "ә" * 3 if code.startswith("az") else "ی" * 3
    written = reading.misread(form)
    assert image.get(written) is None or lexicon.frequency_class(form) is not None
    lexicons.add_user_words([(form, 1e9, reading.language)])
    again = lexicon.image(reading.misread_all, code, reading.sources)
    assert again is not image and again.get(written) == lexicon.frequency_class(form)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(WRONG), st.data())
def test_every_form_is_among_the_sources_of_what_it_is_misread_as(code: str, data: st.DataObject) -> None:
    reading = READINGS[code]
    letters = sorted(set(reading.confusions) | set(reading.confusions.values()) | set(reading.final) | set(reading.final.values()))
    word = data.draw(st.text(alphabet=letters + ["а", "x"], max_size=7))
    sources = reading.sources(reading.misread(word), limit=10_000)
    assert sources is not None and word in sources
