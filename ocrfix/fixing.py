"""Unattended fixing: accept every top suggestion at or above a confidence and log it as patch decisions."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ocrfix.confusions import available_packs
from ocrfix.documents import Document
from ocrfix.lexicon import LexiconSet, file_digest
from ocrfix.patches import Component, PatchWriter, decision_record, new_header
from ocrfix.suggestions import Finding, suggest

__all__ = ["DEFAULT_MIN_CONFIDENCE", "FixResult", "components_of", "fix_document", "select_fixes"]

#: Conservative default: on held-out generated pairs 95 % of suggestions at or above it were exactly right and no
#: document got worse (benchmarks/results-fix-accuracy.md).
DEFAULT_MIN_CONFIDENCE = 0.9
REVIEWER = "ocrfix fix"


@dataclass(frozen=True)
class FixResult:
    findings: int
    accepted: int
    patch: str


def components_of(lexicons: LexiconSet) -> tuple[list[Component], list[Component]]:
    """Ids and hashes of the shipped lexicons and confusion packs, for a patch header."""
    lex = []
    for language in lexicons.languages:
        info = lexicons.info(language)
        if info is not None:
            lex.append(Component(language, file_digest(Path(info.path))))
    packs = [Component(p.id, p.sha256) for p in available_packs()]
    return lex, packs


def select_fixes(findings: list[Finding], min_confidence: float) -> list[Finding]:
    """The findings whose best suggestion reaches ``min_confidence``."""
    return [f for f in findings if f.best is not None and f.best.confidence >= min_confidence and f.best.replacement != f.text]


def fix_document(
    document: Document,
    source: str | os.PathLike[str],
    patch: str | os.PathLike[str],
    lexicons: LexiconSet,
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    language: str | None = None,
) -> FixResult:
    """Append an ``accept`` decision for every confident suggestion of ``document`` to ``patch``.

    A decision already in the patch for the same span and text is not written again, so running ``fix`` twice
    leaves the patch as it was.
    """
    findings = suggest(document.text, lexicons, language=language)
    lex, packs = components_of(lexicons)
    writer = PatchWriter(patch, new_header(document, source, patch, lexicons=lex, packs=packs))
    done = {(d.span, d.exact) for d in writer.decisions if d.span is not None}
    accepted = 0
    for f in select_fixes(findings, min_confidence):
        if (f.span, f.text) in done:
            continue
        best = f.best
        assert best is not None
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
    return FixResult(len(findings), accepted, str(patch))
