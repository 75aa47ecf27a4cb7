"""The Azerbaijani Cyrillic spelling of 1939-58: telling it from the later one, and suggestions written in it."""

from __future__ import annotations

import pytest

from ocrfix.orthography import in_old_spelling, old_rule, writes_old_spelling
from ocrfix.suggestions import suggest

AZ_MISREAD = "Азэрба]чан Республикасынын пајтахты Бакы шэпэридир вэ елкэнин эн бејук шэпэри дэ одур."
#: The same sentence typed before 1958 (й for ј) and read by a Russian model, which has й.
AZ_MISREAD_1939 = in_old_spelling(AZ_MISREAD).replace("]", "й") + " Ийул айында бойук бир ичлас олду."


@pytest.mark.parametrize(
    ("words", "old"),
    [
        (["бойук", "гайда", "ийун"], True),
        (["бойук", "гайда"], False),  # too few to tell
        (["бо]ук", "га)да", "и}ун", "хейир"], False),  # ј misread by a model without it; й now and then
        (["бойук", "гайда", "ийун", "хейир", "ма]ын"], True),  # one misreading among many й
        (["бөјүк", "гајда", "ијун"], False),
        ([], False),
    ],
)
def test_old_spelling_is_told_by_its_short_i(words: list[str], old: bool) -> None:
    assert writes_old_spelling(words) is old


def test_rules_in_the_old_spelling() -> None:
    assert in_old_spelling("Бөјүк Ајын") == "Бөйүк Айын"
    assert old_rule("]→ј") == "]→й"
    assert old_rule("й→ј") is None
    assert old_rule("э→ә") == "э→ә"
    assert old_rule("dehyphenate") == "dehyphenate"


def test_suggestions_keep_the_documents_spelling(lexicons) -> None:
    findings = {f.text: f for f in suggest(AZ_MISREAD_1939, lexicons)}
    best = findings["бойук"].best
    assert best is not None and (best.replacement, best.rules) == ("бөйүк", ("о→ө", "у→ү"))
    assert findings["Азэрбайчан"].best.replacement == "Азәрбайҹан"
    assert not any("ј" in s.replacement.lower() or "й→ј" in s.rules for f in findings.values() for s in f.suggestions)


def test_suggestions_in_the_later_spelling_are_left_alone(lexicons) -> None:
    findings = {f.text: f for f in suggest(AZ_MISREAD + " И]ул а]ында бо]ук бир ичлас олду.", lexicons)}
    best = findings["бо]ук"].best
    assert best is not None and (best.replacement, best.rules) == ("бөјүк", ("о→ө", "]→ј", "у→ү"))
