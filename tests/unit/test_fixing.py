"""Which suggestions ``fix`` accepts: one threshold for clean passages, lower ones for noisy and garbled ones."""

from __future__ import annotations

from ocrfix.fixing import select_fixes
from ocrfix.suggestions import Finding, Suggestion
from ocrfix.text import Span


def _finding(start: int, confidence: float, passage: int, text: str = "вэ", replacement: str = "вә") -> Finding:
    return Finding(
        Span(start, start + len(text)), text, "az-Cyrl", 0.9, ("unknown-words",),
        (Suggestion(replacement, confidence, ("э→ә",), "lexicon:az-Cyrl"),), 0.05, 1, passage,
    )


def test_garbled_passages_take_suggestions_more_likely_right_than_not() -> None:
    labels = ["clean", "garbled", "noisy"]
    findings = [
        _finding(0, 0.95, 0), _finding(10, 0.7, 0),  # clean passage: only the confident one
        _finding(20, 0.95, 1), _finding(30, 0.7, 1), _finding(40, 0.45, 1),  # garbled: down to 0.5
        _finding(50, 0.7, 2),  # noisy without a threshold of its own: 0.9 as in a clean one
    ]
    picked = [f.span.start for f in select_fixes(findings, 0.9, 0.5, labels)]
    assert picked == [0, 20, 30]


def test_noisy_passages_have_a_threshold_of_their_own() -> None:
    labels = ["clean", "noisy", "garbled"]
    findings = [
        _finding(0, 0.85, 0),  # clean: below 0.9, left
        _finding(10, 0.85, 1), _finding(20, 0.75, 1),  # noisy: from 0.8
        _finding(30, 0.75, 2), _finding(40, 0.45, 2),  # garbled: from 0.5
        _finding(50, 0.85, 1, text="КПС", replacement="ҜПС"),  # capitals keep 0.9 in a noisy passage too
    ]
    picked = [f.span.start for f in select_fixes(findings, 0.9, 0.5, labels, noisy_min_confidence=0.8)]
    assert picked == [10, 30]
    assert [f.span.start for f in select_fixes(findings, 0.9, 0.5, labels, noisy_min_confidence=0.95)] == [30]
    assert [f.span.start for f in select_fixes(findings, 0.7, None, labels, noisy_min_confidence=0.8)] == [0, 10, 20, 30, 50]  # never stricter than C


def test_one_threshold_when_the_garbled_one_is_not_lower() -> None:
    labels = ["garbled"]
    findings = [_finding(0, 0.95, 0), _finding(10, 0.7, 0)]
    assert [f.span.start for f in select_fixes(findings, 0.9, 0.9, labels)] == [0]
    assert [f.span.start for f in select_fixes(findings, 0.9, 0.99, labels)] == [0]  # never stricter than C
    assert [f.span.start for f in select_fixes(findings, 0.9)] == [0]  # without labels: C alone
    assert [f.span.start for f in select_fixes(findings, 0.6, 0.9, labels)] == [0, 10]


def test_a_suggestion_that_changes_nothing_is_not_a_fix() -> None:
    same = _finding(0, 0.99, 0, text="вә", replacement="вә")
    assert select_fixes([same], 0.9, 0.5, ["garbled"]) == []


def test_acronyms_keep_the_high_threshold_in_garbled_passages() -> None:
    # An archive stamp's fragments (КПС for КПСС) are no words of the lexicon: a guess at them is no likelier right.
    findings = [_finding(0, 0.7, 0, text="КПС", replacement="ҜПС"), _finding(10, 0.7, 0, text="Кпс", replacement="Ҝпс")]
    assert [f.span.start for f in select_fixes(findings, 0.9, 0.5, ["garbled"])] == [10]
    assert [f.span.start for f in select_fixes([_finding(0, 0.95, 0, text="КПС", replacement="ҜПС")], 0.9, 0.5, ["garbled"])] == [0]
