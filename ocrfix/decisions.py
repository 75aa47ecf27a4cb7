"""Decision records as values: the patch header, the records, how to build them and which records are in force.

A patch is a decision log: a header describing the source file, then one record per decision, in the order they
were made; undo appends a record too (see :func:`effective_decisions`). Offsets are code points into the source's
decoded text (:attr:`ocrfix.documents.Document.text`). Each record quotes the original text with some context so
:mod:`ocrfix.patching` can find it again in a changed source. The file format is in :mod:`ocrfix.patches`,
which re-exports everything here.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath, PureWindowsPath

from ocrfix import __version__
from ocrfix.anchors import CONTEXT, Anchor, capture, find_alike
from ocrfix.documents import Document
from ocrfix.errors import PatchError
from ocrfix.text import Span

__all__ = [
    "CHANGING",
    "DECISIONS",
    "FORMAT_VERSION",
    "PATCH_SUFFIX",
    "SCOPES",
    "UNDO",
    "Component",
    "Decision",
    "Patch",
    "PatchHeader",
    "check_decision",
    "decision_record",
    "effective_decisions",
    "new_header",
    "patch_path_for",
    "source_path",
    "undo_record",
]

FORMAT_VERSION = 1
#: What a reviewer can decide about a suggestion.
DECISIONS = ("accept", "reject", "edit", "uncertain", "add-to-lexicon")
#: The record kind that takes back earlier records (named in its ``supersedes``).
UNDO = "undo"
#: Decisions that change the text; the others are kept in the log but change nothing.
CHANGING = frozenset({"accept", "edit"})
#: ``occurrence``: this place only; ``all``: this place and the alike occurrences listed in the record.
SCOPES = ("occurrence", "all")
#: File name suffix of a patch beside its source (``letter.txt`` -> ``letter.txt.ocrfix.jsonl``).
PATCH_SUFFIX = ".ocrfix.jsonl"


@dataclass(frozen=True)
class Component:
    """A lexicon or confusion pack a patch was made with."""

    id: str
    sha256: str


@dataclass(frozen=True)
class PatchHeader:
    """The first line of a patch: which source it is for and what made it."""

    source_path: str
    """The source file, relative to the patch file's folder, with ``/`` separators."""
    sha256: str
    """Hex digest of the source's bytes when the patch was started."""
    encoding: str
    """Python codec name of the source."""
    bom: bool
    """Whether the source starts with a byte order mark."""
    newline: str
    """``LF``, ``CRLF``, ``CR``, ``mixed`` or ``none`` (see :func:`ocrfix.documents.newline_style`)."""
    normalization: str = "NFC"
    """The source's own normalisation (``NFC``, ``NFD`` or ``mixed``); matching is always done in NFC."""
    tool_version: str = __version__
    lexicons: tuple[Component, ...] = ()
    packs: tuple[Component, ...] = ()
    """Confusion packs."""
    created: str | None = None
    """UTC time the patch was started, ISO 8601 (``2026-05-01T09:30:00Z``)."""
    version: int = FORMAT_VERSION


@dataclass(frozen=True)
class Decision:
    """One record of the log: a reviewer's decision on a span of the source, or an undo of earlier records."""

    id: str
    """Unique within the patch (``d-000017``)."""
    decision: str
    """One of :data:`DECISIONS`, or :data:`UNDO`."""
    span: Span | None = None
    """Code points into the source's decoded text; None for an undo."""
    exact: str = ""
    """The original code points at ``span``."""
    prefix: str = ""
    """Original text just before ``span`` (a few words; for re-anchoring)."""
    suffix: str = ""
    """Original text just after ``span``."""
    replacement: str | None = None
    """The new text (required for ``accept`` and ``edit``; the suggestion turned down for the others)."""
    scope: str = "occurrence"
    """One of :data:`SCOPES`."""
    alike: tuple[Anchor, ...] = ()
    """For ``scope="all"``: the other occurrences of ``exact`` the decision covers, as they were in the source."""
    rule: str | None = None
    """The rule or source of the suggestion (``н→һ э→ә``, ``lexicon:aze-cyrl``)."""
    scores: tuple[tuple[str, float], ...] = ()
    """Named scores of the suggestion, in [0, 1], in the order they were given."""
    lang: str | None = None
    """BCP-47 language of the text (where an ``add-to-lexicon`` goes)."""
    reviewer: str | None = None
    ts: str | None = None
    """UTC time of the decision, ISO 8601."""
    supersedes: tuple[str, ...] = ()
    """Ids of earlier records this one replaces (any decision) or takes back (an undo)."""
    batch: str | None = None
    """Shared by records one reviewer action wrote together; informational."""
    line: int | None = field(default=None, compare=False)
    """Line of the patch file the record was read from (for messages; not written)."""

    @property
    def changes_text(self) -> bool:
        """Whether applying the record changes the text."""
        return self.decision in CHANGING


@dataclass(frozen=True)
class Patch:
    """A parsed patch file."""

    header: PatchHeader
    decisions: tuple[Decision, ...]
    """Every record in file order, undo records included (see :func:`effective_decisions`)."""
    path: str | None = None
    warnings: tuple[str, ...] = ()
    """One-line messages about recoverable damage (an incomplete last line)."""


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _components(items: Iterable[Mapping[str, str] | Component]) -> tuple[Component, ...]:
    return tuple(c if isinstance(c, Component) else Component(str(c["id"]), str(c["sha256"])) for c in items)


def patch_path_for(source: str | os.PathLike[str]) -> Path:
    """The conventional patch path of a source: ``<source file name>.ocrfix.jsonl`` beside it."""
    p = Path(source)
    return p.with_name(p.name + PATCH_SUFFIX)


def new_header(
    document: Document,
    source_path: str | os.PathLike[str],
    patch_path: str | os.PathLike[str],
    *,
    lexicons: Iterable[Mapping[str, str] | Component] = (),
    packs: Iterable[Mapping[str, str] | Component] = (),
    created: str | None = None,
) -> PatchHeader:
    """Describe ``document`` (read from ``source_path``) for a patch to be written at ``patch_path``.

    Args:
        document: the source as read.
        source_path: where the source is.
        patch_path: where the patch will be; the header stores the source path relative to its folder.
        lexicons: ``{"id", "sha256"}`` of each lexicon used.
        packs: ``{"id", "sha256"}`` of each confusion pack used.
        created: timestamp to record (default: now).
    """
    folder = os.path.dirname(os.path.abspath(patch_path))
    relative = os.path.relpath(os.path.abspath(source_path), folder).replace(os.sep, "/")
    return PatchHeader(
        source_path=relative,
        sha256=document.sha256,
        encoding=document.encoding,
        bom=document.bom,
        newline=document.newline,
        normalization=document.normalization,
        lexicons=_components(lexicons),
        packs=_components(packs),
        created=created or _now(),
    )


def decision_record(
    text: str,
    span: Span,
    decision: str,
    *,
    id: str,
    replacement: str | None = None,
    scope: str = "occurrence",
    rule: str | None = None,
    scores: Mapping[str, float] | None = None,
    lang: str | None = None,
    reviewer: str | None = None,
    ts: str | None = None,
    supersedes: Sequence[str] = (),
    batch: str | None = None,
    context: int = CONTEXT,
) -> Decision:
    """Build the record of a decision on ``span`` of the source text ``text``.

    The original text and its context are taken from ``text``. With ``scope="all"`` every other occurrence of the
    same text with the same word boundaries (compared in NFC) is listed in ``alike``, so the record says exactly
    which places it changes and ``--reverse`` can undo them.

    Args:
        text: the source's decoded text (:attr:`Document.text`), the one the patch header describes.
        span: code points of ``text`` decided on.
        decision: one of :data:`DECISIONS`.
        id: unique id (:meth:`ocrfix.patches.PatchWriter.next_id` gives one).
        replacement: new text; required for ``accept`` and ``edit``.
        scope: ``occurrence`` or ``all``.
        rule: the rule or source of the suggestion.
        scores: named scores of the suggestion, in [0, 1].
        lang: BCP-47 language of the text.
        reviewer: who decided.
        ts: when (default: now).
        supersedes: ids of earlier records this one replaces.
        batch: id shared by records written by one action.
        context: code points of context to keep on each side.

    Raises:
        PatchError: an unknown decision or scope, a missing replacement, or a span outside ``text``.

    >>> d = decision_record("вә пэр ил", Span(3, 6), "accept", id="d-000001", replacement="һәр", ts="T")
    >>> (d.prefix, d.exact, d.suffix, d.replacement)
    ('вә ', 'пэр', ' ил', 'һәр')
    """
    if span.end > len(text):
        raise PatchError(f"span {span.start}..{span.end} is outside the text ({len(text)} code points)")
    anchor = capture(text, span, context)
    alike = find_alike(text, span, context) if scope == "all" else ()
    record = Decision(
        id=id,
        decision=decision,
        span=span,
        exact=span.slice(text),
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        replacement=replacement,
        scope=scope,
        alike=alike,
        rule=rule,
        scores=tuple((str(k), float(v)) for k, v in (scores or {}).items()),
        lang=lang,
        reviewer=reviewer,
        ts=ts or _now(),
        supersedes=tuple(supersedes),
        batch=batch,
    )
    check_decision(record, "")
    return record


def undo_record(
    targets: Sequence[Decision | str], *, id: str, reviewer: str | None = None, ts: str | None = None, batch: str | None = None
) -> Decision:
    """Build a record that takes back ``targets`` (records or their ids), e.g. every record of a batch."""
    ids = tuple(t if isinstance(t, str) else t.id for t in targets)
    if not ids:
        raise PatchError("an undo needs at least one record to take back")
    return Decision(id=id, decision=UNDO, supersedes=ids, reviewer=reviewer, ts=ts or _now(), batch=batch)


def check_decision(d: Decision, where: str = "") -> None:
    """Check a record on its own (ids and ``supersedes`` need the log); ``where`` prefixes the message.

    Raises:
        PatchError: the record is inconsistent (unknown decision or scope, quote and span of different lengths, ...).
    """
    if not d.id:
        raise PatchError(f"{where}'id' is empty")
    if d.decision == UNDO:
        if not d.supersedes:
            raise PatchError(f"{where}an undo record needs 'supersedes'")
        return
    if d.decision not in DECISIONS:
        raise PatchError(f"{where}unknown decision {d.decision!r} (expected one of {', '.join(DECISIONS + (UNDO,))})")
    if d.scope not in SCOPES:
        raise PatchError(f"{where}unknown scope {d.scope!r} (expected occurrence or all)")
    if d.span is None:
        raise PatchError(f"{where}'span' is missing")
    if len(d.exact) != len(d.span):
        raise PatchError(f"{where}the quoted text has {len(d.exact)} code points but the span covers {len(d.span)}")
    if d.changes_text and d.replacement is None:
        raise PatchError(f"{where}decision {d.decision!r} needs a 'replacement'")
    for a in d.alike:
        if len(a.span) != len(d.span):
            raise PatchError(f"{where}an 'alike' span does not cover {len(d.span)} code points")


def source_path(patch: Patch, patch_path: str | os.PathLike[str]) -> Path:
    """The source file a patch names, resolved against the patch file's folder.

    Raises:
        PatchError: the header names a path outside that folder (absolute, a drive, or with ``..``).
    """
    named = patch.header.source_path
    posix, windows = PurePosixPath(named), PureWindowsPath(named)
    if not named or posix.is_absolute() or windows.is_absolute() or windows.drive or ".." in posix.parts or ".." in windows.parts:
        raise PatchError(
            f"{patch_path}: the source {named!r} is outside the patch's folder; name the file with --source to apply it anyway"
        )
    return Path(patch_path).parent / Path(*posixpath.normpath(named).split("/"))


# -- resolving ---------------------------------------------------------------------------------------------------


def effective_decisions(patch: Patch | Sequence[Decision]) -> list[Decision]:
    """The records in force after replaying the log, in log order, undo records left out.

    Replay rules:

    * a record that is not an undo is in force; its ``supersedes`` ids stop being in force (it replaces them);
    * an undo takes back each record it names, latest first: what that record put in force stops being in force
      and what it replaced is in force again. Undoing an undo redoes. Taking back a record that is no longer in
      force (already replaced or undone) changes nothing.

    So undoing a batch ("accept all alike" written as several records) is one undo naming every id of the batch.

    >>> rec = lambda i, kind, sup=(): Decision(i, kind, Span(0, 1), "x", replacement="y", supersedes=sup)
    >>> log = [rec("a", "accept"), rec("b", "edit", ("a",)), rec("u", "undo", ("b",))]
    >>> [d.id for d in effective_decisions(log)]
    ['a']
    """
    records = patch.decisions if isinstance(patch, Patch) else tuple(patch)
    order = {r.id: i for i, r in enumerate(records)}
    live: set[str] = set()
    effect: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # id -> (taken out, put in force)
    for r in records:
        if r.decision != UNDO:
            removed = tuple(s for s in r.supersedes if s in live)
            live.difference_update(removed)
            live.add(r.id)
            effect[r.id] = (removed, (r.id,))
            continue
        out: list[str] = []
        back: list[str] = []
        for target in sorted(set(r.supersedes), key=lambda t: -order.get(t, -1)):
            if target not in effect:
                continue
            t_removed, t_added = effect[target]
            if not all(a in live for a in t_added):
                continue
            live.difference_update(t_added)
            live.update(t_removed)
            out.extend(t_added)
            back.extend(t_removed)
        effect[r.id] = (tuple(out), tuple(back))
    return [r for r in records if r.id in live]
