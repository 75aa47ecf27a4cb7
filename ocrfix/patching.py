"""Applying a patch to a document, forwards or in reverse, and the unified-diff view of the result.

How a document relates to the patch decides how each change is placed (:attr:`ApplyResult.mode`):

* ``source``: its bytes hash to the patch header's ``sha256``, so every span is used as recorded;
* ``fixed``: it is exactly the source with the patch applied (checked by rebuilding the source and hashing it),
  so the recorded spans are shifted by the changes before them;
* ``changed``: neither, so each change is re-anchored by its quoted text and context (:func:`ocrfix.anchors.locate`),
  and only a unique best place is used; anything else is a conflict that leaves the text alone.

Only the matched code points are replaced; the rest of the document is kept exactly, and ``Document.encode`` writes
it back with its encoding, byte order mark and newlines.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ocrfix.anchors import Anchor, SearchText, locate
from ocrfix.documents import Document
from ocrfix.decisions import Decision, Patch, effective_decisions
from ocrfix.text import Span

__all__ = [
    "ALREADY_APPLIED",
    "APPLIED",
    "CONFLICT",
    "REANCHORED",
    "STATUSES",
    "ApplyResult",
    "Edit",
    "Outcome",
    "apply_patch",
    "plan_edits",
    "unified_diff",
]

APPLIED = "applied"
REANCHORED = "re-anchored"
ALREADY_APPLIED = "already-applied"
CONFLICT = "conflict"
STATUSES = (APPLIED, REANCHORED, ALREADY_APPLIED, CONFLICT)


@dataclass(frozen=True)
class Edit:
    """One place a text-changing decision changes: its own span, or one of its ``alike`` occurrences."""

    decision: Decision
    occurrence: int
    """0 for the decision's own span, ``i`` for its ``i``-th alike occurrence."""
    anchor: Anchor
    """Span (code points of the patch's source) and context."""

    @property
    def span(self) -> Span:
        return self.anchor.span

    @property
    def label(self) -> str:
        """``d-000017``, or ``d-000017#2`` for an alike occurrence."""
        return self.decision.id if not self.occurrence else f"{self.decision.id}#{self.occurrence}"


@dataclass(frozen=True)
class Outcome:
    """What became of one edit."""

    edit: Edit
    status: str
    """One of :data:`STATUSES`."""
    span: Span | None
    """Where the edit landed in the text the patch was applied to (before the change); None for a conflict."""
    reason: str = ""
    """Why, for a conflict; where it moved, for a re-anchoring."""

    @property
    def decision(self) -> Decision:
        return self.edit.decision


@dataclass(frozen=True)
class ApplyResult:
    """The text after applying a patch and what became of each change."""

    text: str
    """The new text (the input text unchanged where nothing applied)."""
    outcomes: tuple[Outcome, ...]
    """One per edit, in log order."""
    unchanged: tuple[Decision, ...]
    """Decisions in force that change no text (``reject``, ``uncertain``, ``add-to-lexicon``)."""
    mode: str
    """``source``, ``fixed`` or ``changed``: how the input related to the patch (see the module docstring)."""
    reverse: bool

    @property
    def changed(self) -> bool:
        return any(o.status in (APPLIED, REANCHORED) for o in self.outcomes)

    @property
    def conflicts(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status == CONFLICT)

    def counts(self) -> dict[str, int]:
        """Number of outcomes per status, every status present."""
        out = dict.fromkeys(STATUSES, 0)
        for o in self.outcomes:
            out[o.status] += 1
        return out


def _overlaps(a: Span, b: Span) -> bool:
    # An empty span (an insertion point) overlaps an equal one or a span it falls strictly inside.
    return a == b or (a.start < b.end and b.start < a.end)


class _Claims:
    """Non-overlapping spans taken so far, searchable in logarithmic time."""

    def __init__(self) -> None:
        self._keys: list[tuple[int, int]] = []
        self._owners: list[Edit] = []

    def clash(self, span: Span) -> Edit | None:
        i = bisect.bisect_left(self._keys, (span.start, -1))
        if i and _overlaps(Span(*self._keys[i - 1]), span):
            return self._owners[i - 1]
        while i < len(self._keys) and (self._keys[i][0] < span.end or self._keys[i][0] == span.start):
            if _overlaps(Span(*self._keys[i]), span):
                return self._owners[i]
            i += 1
        return None

    def add(self, span: Span, owner: Edit) -> None:
        i = bisect.bisect_right(self._keys, (span.start, span.end))
        self._keys.insert(i, (span.start, span.end))
        self._owners.insert(i, owner)


class _Covered:
    """A fixed set of spans, possibly overlapping, that can be asked whether they touch a span."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self._spans = sorted((s.start, s.end) for s in spans)
        self._starts = [start for start, _ in self._spans]
        self._max_end = list(itertools.accumulate((end for _, end in self._spans), max))

    def overlaps(self, span: Span) -> bool:
        i = bisect.bisect_left(self._starts, span.end)  # the spans starting before ``span`` ends
        if i and self._max_end[i - 1] > span.start:
            return True
        j = bisect.bisect_left(self._spans, (span.start, span.end))
        return j < len(self._spans) and self._spans[j] == (span.start, span.end)


def plan_edits(decisions: Sequence[Decision]) -> tuple[list[Edit], list[Outcome]]:
    """Turn the decisions in force into non-overlapping edits of the source.

    An alike occurrence yields to any decision in force whose own span overlaps it, earlier or later (so "accept
    all alike" plus "reject this one" leaves that one alone). Otherwise, of two edits that overlap, the later one in the log is a
    conflict.

    Returns:
        The edits in log order, and a conflict outcome for each edit left out.
    """
    own = _Covered(d.span for d in decisions if d.span is not None)
    edits: list[Edit] = []
    conflicts: list[Outcome] = []
    taken = _Claims()
    for d in decisions:
        if not d.changes_text or d.span is None:
            continue
        candidates = [Edit(d, 0, Anchor(d.span, d.prefix, d.suffix))]
        for i, a in enumerate(d.alike, 1):
            if not own.overlaps(a.span):
                candidates.append(Edit(d, i, a))
        for edit in candidates:
            other = taken.clash(edit.span)
            if other is not None:
                conflicts.append(Outcome(edit, CONFLICT, None, f"overlaps {other.label}"))
                continue
            taken.add(edit.span, edit)
            edits.append(edit)
    return edits, conflicts


def _forms(edit: Edit, reverse: bool) -> tuple[str, str]:
    """(text expected now, text to put there)."""
    d = edit.decision
    assert d.replacement is not None
    return (d.replacement, d.exact) if reverse else (d.exact, d.replacement)


def _fixed_spans(edits: Sequence[Edit], document: Document, sha256: str) -> dict[int, Span] | None:
    """Where each edit stands if ``document`` is the source with ``edits`` applied, or None if it is not."""
    text = document.text
    spans: dict[int, Span] = {}
    pieces: list[str] = []
    pos = delta = 0
    for i, edit in sorted(enumerate(edits), key=lambda item: (item[1].span.start, item[1].span.end)):
        old, new = _forms(edit, reverse=False)
        start = edit.span.start + delta
        if start < pos or text[start : start + len(new)] != new:
            return None
        pieces += [text[pos:start], old]
        pos = start + len(new)
        spans[i] = Span(start, pos)
        delta += len(new) - len(old)
    pieces.append(text[pos:])
    try:
        rebuilt = document.encode("".join(pieces))
    except UnicodeEncodeError:
        return None
    return spans if hashlib.sha256(rebuilt).hexdigest() == sha256 else None


def _expected_starts(edits: Sequence[Edit], reverse: bool) -> dict[int, int]:
    """Where each edit would start in the source (forwards) or in the fixed text (in reverse)."""
    if not reverse:
        return {i: e.span.start for i, e in enumerate(edits)}
    out, delta = {}, 0
    for i, edit in sorted(enumerate(edits), key=lambda item: (item[1].span.start, item[1].span.end)):
        out[i] = edit.span.start + delta
        old, new = _forms(edit, reverse=False)
        delta += len(new) - len(old)
    return out


def _show(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _place(edits: Sequence[Edit], document: Document, sha256: str, reverse: bool) -> tuple[str, list[Outcome]]:
    """Decide where each edit goes: the mode, and one outcome per edit (in the order of ``edits``)."""
    text = document.text
    if document.sha256 == sha256:
        if reverse:
            return "source", [Outcome(e, ALREADY_APPLIED, e.span, "the file is the original") for e in edits]
        out = []
        for e in edits:
            found = e.span.slice(text) if e.span.end <= len(text) else None
            if found == e.decision.exact:
                out.append(Outcome(e, APPLIED, e.span))
            else:
                out.append(Outcome(e, CONFLICT, None, f"the source has {_show(found or '')} here, not {_show(e.decision.exact)}"))
        return "source", out
    fixed = _fixed_spans(edits, document, sha256)
    if fixed is not None:
        status = APPLIED if reverse else ALREADY_APPLIED
        return "fixed", [Outcome(e, status, fixed[i]) for i, e in enumerate(edits)]
    index = SearchText(text)
    expected = _expected_starts(edits, reverse)
    out = []
    for i, e in enumerate(edits):
        now, then = _forms(e, reverse)
        found = locate(index, (now, then), e.anchor.prefix, e.anchor.suffix)
        if found.span is None:
            out.append(Outcome(e, CONFLICT, None, found.reason))
        elif found.variant == 1:
            out.append(Outcome(e, ALREADY_APPLIED, found.span, f"the text already reads {_show(then)}"))
        elif found.span.start == expected[i]:
            out.append(Outcome(e, APPLIED, found.span))
        else:
            moved = found.span.start - expected[i]
            out.append(Outcome(e, REANCHORED, found.span, f"found by quote and context, {moved:+d} code points away"))
    return "changed", out


def apply_patch(patch: Patch, document: Document, *, reverse: bool = False) -> ApplyResult:
    """Apply the decisions in force of ``patch`` to ``document`` (or take them back with ``reverse``).

    Applying is idempotent: on a document that already has every change, each outcome is ``already-applied`` and
    the text is unchanged. Reversing the fixed text gives back the source text exactly.

    Args:
        patch: the patch (see :func:`ocrfix.patches.load_patch`).
        document: the text to change; need not be the source the patch names.
        reverse: take the changes back (replacement -> original) instead.

    Returns:
        The new text and one outcome per change; a change that cannot be placed safely, overlaps another, or
        cannot be written in the document's encoding is a ``conflict`` and leaves its text alone.
    """
    decisions = effective_decisions(patch)
    edits, planned_conflicts = plan_edits(decisions)
    mode, placed = _place(edits, document, patch.header.sha256, reverse)
    outcomes: list[Outcome] = []
    claims = _Claims()
    pieces: list[tuple[Span, Span, str]] = []
    for o in placed:
        # Recorded and shifted spans are overlap-free already (see plan_edits); only re-found places can collide.
        if o.span is not None and mode == "changed":
            other = claims.clash(o.span)
            if other is not None:
                o = Outcome(o.edit, CONFLICT, None, f"lands on the same text as {other.label}")
            else:
                claims.add(o.span, o.edit)
        if o.status in (APPLIED, REANCHORED) and o.span is not None:
            new = _forms(o.edit, reverse)[1]
            try:
                new.encode(document.encoding)
            except UnicodeEncodeError as exc:
                o = Outcome(o.edit, CONFLICT, None, f"{new[exc.start]!r} cannot be written in {document.encoding}")
            else:
                pieces.append((o.span, o.edit.span, new))
        outcomes.append(o)
    rank = {d.id: i for i, d in enumerate(decisions)}
    outcomes.extend(planned_conflicts)
    outcomes.sort(key=lambda o: (rank[o.decision.id], o.edit.occurrence))
    text, parts, pos = document.text, [], 0
    # Deletions next to each other meet at one point of the fixed text: there, the order in the source decides.
    for span, _, new in sorted(pieces, key=lambda p: (p[0].start, p[1].start, p[1].end)):
        parts += [text[pos : span.start], new]
        pos = span.end
    parts.append(text[pos:])
    return ApplyResult(
        text="".join(parts),
        outcomes=tuple(outcomes),
        unchanged=tuple(d for d in decisions if not d.changes_text),
        mode=mode,
        reverse=reverse,
    )


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def unified_diff(old: str, new: str, old_name: str = "a", new_name: str = "b", context: int = 3) -> str:
    """A unified diff of two texts, for display: lines end at ``\\n``, ``\\r\\n`` or ``\\r`` only.

    Each line is shown without its terminator; a last line without one is marked as in ``diff``.
    Returns the empty string when the texts are equal.
    """
    a, b = _LINE.findall(old), _LINE.findall(new)
    out: list[str] = []
    for line in difflib.unified_diff(a, b, old_name, new_name, n=context, lineterm=""):
        body = line.rstrip("\r\n")
        out.append(body + "\n")
        if line[:1] in " +-" and not line.startswith(("---", "+++")) and body == line:
            out.append("\\ No newline at end of file\n")
    return "".join(out)
