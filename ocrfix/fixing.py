"""Unattended fixing: accept every top suggestion at or above a confidence and log it as patch decisions.

Three thresholds, because what a wrong acceptance costs depends on the page. In a passage the scorer labels clean
the OCR's word is usually right, so a wrong correction damages text: only suggestions at ``DEFAULT_MIN_CONFIDENCE``
(0.9) are taken. In a noisy one an unknown word is more often misread than not, and a suggestion at
``DEFAULT_NOISY_MIN_CONFIDENCE`` (0.8) is taken. In a garbled one most unknown words are misread, so a correction
more likely right than not (``DEFAULT_GARBLED_MIN_CONFIDENCE``, 0.5) lowers the expected error even when it is
wrong now and then: it mostly replaces a wrong word by the right one or by a nearer wrong one. On the held-out
generated pairs (benchmarks/results-fix-accuracy.md) the suggestions taken below 0.9 were exactly right about three
times in four and changed a correct word about once in sixty; those between 0.8 and 0.9 in noisy passages were
right nine times in ten; no document got worse. Words in capitals (acronyms, stamps: ``КПС`` of an archive stamp)
keep the first threshold everywhere. Give the lower thresholds the first one's value to treat every passage alike.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ocrfix.confusions import available_packs
from ocrfix.documents import Document
from ocrfix.lexicon import LexiconSet, file_digest
from ocrfix.patches import Component, PatchWriter, decision_record, new_header
from ocrfix.scoring import score_document
from ocrfix.suggestions import Finding, suggest

__all__ = ["DEFAULT_GARBLED_MIN_CONFIDENCE", "DEFAULT_MIN_CONFIDENCE", "DEFAULT_NOISY_MIN_CONFIDENCE", "FixResult", "components_of", "fix_document", "select_fixes"]

#: Conservative default: on held-out generated pairs 95 % of suggestions at or above it were exactly right and no
#: document got worse (benchmarks/results-fix-accuracy.md).
DEFAULT_MIN_CONFIDENCE = 0.9
#: In passages the scorer labels noisy (see the module docstring).
DEFAULT_NOISY_MIN_CONFIDENCE = 0.8
#: In passages the scorer labels garbled: a suggestion more likely right than not (see the module docstring).
DEFAULT_GARBLED_MIN_CONFIDENCE = 0.5
REVIEWER = "ocrfix fix"


@dataclass(frozen=True)
class FixResult:
    findings: int
    accepted: int
    patch: str
    garbled: int = 0
    """How many of the accepted ones only the garbled passages' threshold let through."""
    noisy: int = 0
    """How many of the accepted ones only the noisy passages' threshold let through."""


def components_of(lexicons: LexiconSet) -> tuple[list[Component], list[Component]]:
    """Ids and hashes of the shipped lexicons and confusion packs, for a patch header."""
    lex = []
    for language in lexicons.languages:
        info = lexicons.info(language)
        if info is not None:
            lex.append(Component(language, file_digest(Path(info.path))))
    packs = [Component(p.id, p.sha256) for p in available_packs()]
    return lex, packs


def _acronym(text: str) -> bool:
    """All capitals (``КПСС``, ``ИВ``): an acronym or a stamp, which no lexicon lists and the scorer takes for a name;
    a guess at it is no likelier right in a garbled passage than elsewhere."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def select_fixes(
    findings: list[Finding],
    min_confidence: float,
    garbled_min_confidence: float | None = None,
    passage_labels: list[str] | None = None,
    noisy_min_confidence: float | None = None,
) -> list[Finding]:
    """The findings whose best suggestion reaches ``min_confidence``, or ``garbled_min_confidence`` in a passage
    labelled garbled and ``noisy_min_confidence`` in one labelled noisy (``passage_labels``: the document's passage
    labels, by index), unless the text is all capitals; a lower threshold never raises the first."""
    lower = {"garbled": garbled_min_confidence, "noisy": noisy_min_confidence}

    def threshold(f: Finding) -> float:
        if passage_labels and not _acronym(f.text):
            other = lower.get(passage_labels[f.passage])
            if other is not None:
                return min(min_confidence, other)
        return min_confidence

    return [f for f in findings if f.best is not None and f.best.confidence >= threshold(f) and f.best.replacement != f.text]


def fix_document(
    document: Document,
    source: str | os.PathLike[str],
    patch: str | os.PathLike[str],
    lexicons: LexiconSet,
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    garbled_min_confidence: float = DEFAULT_GARBLED_MIN_CONFIDENCE,
    noisy_min_confidence: float = DEFAULT_NOISY_MIN_CONFIDENCE,
    language: str | None = None,
) -> FixResult:
    """Append an ``accept`` decision for every confident suggestion of ``document`` to ``patch``: at least
    ``min_confidence``, or ``garbled_min_confidence`` / ``noisy_min_confidence`` in a passage the scorer labels
    garbled / noisy.

    A decision already in the patch for the same span and text is not written again, so running ``fix`` twice
    leaves the patch as it was.
    """
    scored = score_document(document.text, lexicons, language=language)
    findings = suggest(document.text, lexicons, language=language, scored=scored)
    labels = [p.label for p in scored.passages]
    lex, packs = components_of(lexicons)
    writer = PatchWriter(patch, new_header(document, source, patch, lexicons=lex, packs=packs))
    done = {(d.span, d.exact) for d in writer.decisions if d.span is not None}
    accepted = garbled = noisy = 0
    for f in select_fixes(findings, min_confidence, garbled_min_confidence, labels, noisy_min_confidence):
        if (f.span, f.text) in done:
            continue
        best = f.best
        assert best is not None
        if best.confidence < min_confidence:
            garbled += labels[f.passage] == "garbled"
            noisy += labels[f.passage] == "noisy"
        writer.append(
            decision_record(
                document.text,
                f.span,
                "accept",
                id=writer.next_id(),
                replacement=best.replacement,
                rule=" ".join(best.rules),
                scores={"confidence": best.confidence, "score": f.score},
                lang=f.language,
                reviewer=REVIEWER,
            )
        )
        accepted += 1
    return FixResult(len(findings), accepted, str(patch), garbled, noisy)
