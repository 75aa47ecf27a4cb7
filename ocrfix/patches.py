"""The decision log: an append-only JSON Lines patch of reviewed corrections, parsed, written and resolved.

A patch file is UTF-8 JSON Lines: one header line describing the source file, then one record per decision,
appended (and fsynced) as decisions are made and never rewritten. Offsets are code points into the source's
decoded text (:attr:`ocrfix.documents.Document.text`). Each record quotes the original text with some context
so :mod:`ocrfix.patching` can find it again in a changed source. Undo appends a record too: see
:func:`effective_decisions` for how ``supersedes`` is resolved.
"""

from __future__ import annotations

import json
import os
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath, PureWindowsPath

from ocrfix import __version__
from ocrfix.anchors import CONTEXT, Anchor, capture, find_alike
from ocrfix.documents import Document, write_atomic
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
    "PatchWriter",
    "decision_record",
    "dump_decision",
    "dump_header",
    "effective_decisions",
    "load_patch",
    "new_header",
    "parse_patch",
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
        id: unique id (:meth:`PatchWriter.next_id` gives one).
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
    _check_decision(record, "")
    return record


def undo_record(
    targets: Sequence[Decision | str], *, id: str, reviewer: str | None = None, ts: str | None = None, batch: str | None = None
) -> Decision:
    """Build a record that takes back ``targets`` (records or their ids), e.g. every record of a batch."""
    ids = tuple(t if isinstance(t, str) else t.id for t in targets)
    if not ids:
        raise PatchError("an undo needs at least one record to take back")
    return Decision(id=id, decision=UNDO, supersedes=ids, reviewer=reviewer, ts=ts or _now(), batch=batch)


def _check_decision(d: Decision, where: str) -> None:
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


# -- writing -------------------------------------------------------------------------------------------------------


def _line(obj: object) -> str:
    # Line and paragraph separators are escaped so no reader splits a record in two.
    text = json.dumps(obj, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


def dump_header(header: PatchHeader) -> str:
    """The header as one JSON line (no newline)."""
    return _line(
        {
            "ocrfix_patch": header.version,
            "source": {
                "path": header.source_path,
                "sha256": header.sha256,
                "encoding": header.encoding,
                "bom": header.bom,
                "newline": header.newline,
                "normalization": header.normalization,
            },
            "offset_unit": "codepoint",
            "matching": "NFC",
            "tool": {"name": "ocrfix", "version": header.tool_version},
            "lexicons": [{"id": c.id, "sha256": c.sha256} for c in header.lexicons],
            "packs": [{"id": c.id, "sha256": c.sha256} for c in header.packs],
            "created": header.created,
        }
    )


def _dump_supersedes(ids: tuple[str, ...]) -> str | list[str] | None:
    return None if not ids else ids[0] if len(ids) == 1 else list(ids)


def dump_decision(d: Decision, extra: Mapping[str, object] | None = None) -> str:
    """A record as one JSON line (no newline); the same record always gives the same bytes.

    ``extra`` keys are appended (readers ignore keys they do not know), e.g. a reject file's ``conflicts``.
    """
    if d.decision == UNDO:
        obj: dict[str, object] = {"id": d.id, "decision": UNDO, "supersedes": _dump_supersedes(d.supersedes)}
        obj.update(reviewer=d.reviewer, ts=d.ts, batch=d.batch, **(extra or {}))
        return _line(obj)
    assert d.span is not None
    obj = {
        "id": d.id,
        "span": [d.span.start, d.span.end],
        "quote": {"prefix": d.prefix, "exact": d.exact, "suffix": d.suffix},
        "replacement": d.replacement,
        "decision": d.decision,
        "scope": d.scope,
    }
    if d.scope == "all":
        obj["alike"] = [{"span": [a.span.start, a.span.end], "prefix": a.prefix, "suffix": a.suffix} for a in d.alike]
    obj.update(
        rule=d.rule,
        scores=dict(d.scores),
        lang=d.lang,
        reviewer=d.reviewer,
        ts=d.ts,
        supersedes=_dump_supersedes(d.supersedes),
        batch=d.batch,
    )
    obj.update(extra or {})
    return _line(obj)


def _source_facts(h: PatchHeader) -> tuple[object, ...]:
    return (h.source_path, h.sha256, h.encoding, h.bom, h.newline, h.normalization)


class PatchWriter:
    """Appends records to a patch file, each as one line flushed and fsynced before :meth:`append` returns.

    A new file is created with its header line. An existing file is resumed: its header must describe the same
    source, an incomplete last line (a crash while writing) is cut off, and ids and ``supersedes`` are checked
    against the records already there, so the file never becomes malformed.
    """

    def __init__(self, path: str | os.PathLike[str], header: PatchHeader) -> None:
        self.path = Path(path)
        if self.path.exists() and self.path.stat().st_size:
            existing = load_patch(self.path)
            if _source_facts(existing.header) != _source_facts(header):
                raise PatchError(
                    f"{self.path}: made for another source or another version of it "
                    f"({existing.header.source_path}, sha256 {existing.header.sha256[:12]}…)"
                )
            self._repair()
            self.header = existing.header
            self._records = list(existing.decisions)
        else:
            write_atomic(self.path, (dump_header(header) + "\n").encode("utf-8"))
            self.header = header
            self._records = []
        self._ids = {r.id for r in self._records}

    def _repair(self) -> None:
        data = self.path.read_bytes()
        if data.endswith(b"\n"):
            return
        with open(self.path, "r+b") as handle:
            last = data.rfind(b"\n")
            try:
                json.loads(data[last + 1 :].decode("utf-8"))
                handle.seek(0, os.SEEK_END)
                handle.write(b"\n")  # a complete record that only lacks its newline
            except (ValueError, UnicodeDecodeError):
                handle.truncate(last + 1)  # the torn record load_patch warned about
            handle.flush()
            os.fsync(handle.fileno())

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """Every record in the file so far, in order."""
        return tuple(self._records)

    def next_id(self) -> str:
        """A fresh record id (``d-000001``, ``d-000002``, ...)."""
        n = len(self._records) + 1
        while f"d-{n:06d}" in self._ids:
            n += 1
        return f"d-{n:06d}"

    def append(self, decision: Decision) -> Decision:
        """Write ``decision`` as the next line and make it durable.

        Raises:
            PatchError: the id is already used, or ``supersedes`` names a record that is not in the file.
        """
        _check_decision(decision, "")
        if decision.id in self._ids:
            raise PatchError(f"record id {decision.id!r} is already used in {self.path}")
        unknown = [s for s in decision.supersedes if s not in self._ids]
        if unknown:
            raise PatchError(f"'supersedes' names unknown record {unknown[0]!r}")
        with open(self.path, "ab") as handle:
            handle.write((dump_decision(decision) + "\n").encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        self._records.append(decision)
        self._ids.add(decision.id)
        return decision


# -- reading -------------------------------------------------------------------------------------------------------


class _Fields:
    """Typed access to one JSON object, with errors naming the patch line."""

    def __init__(self, obj: Mapping[str, object], where: str) -> None:
        self.obj, self.where = obj, where

    def get(self, key: str, kind: type | tuple[type, ...], default: object = ..., *, nullable: bool = False) -> object:
        if key not in self.obj:
            if default is ...:
                raise PatchError(f"{self.where}{key!r} is missing")
            return default
        value = self.obj[key]
        if value is None and nullable:
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _tuple(kind)):
            raise PatchError(f"{self.where}{key!r} has the wrong type ({type(value).__name__})")
        return value

    def sub(self, key: str, default: object = ...) -> _Fields:
        return _Fields(self.get(key, dict, default), self.where)  # type: ignore[arg-type]


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _span(value: object, where: str) -> Span:
    if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
        raise PatchError(f"{where}'span' must be [start, end] (code points)")
    if not 0 <= value[0] <= value[1]:
        raise PatchError(f"{where}bad span {value[0]}..{value[1]}")
    return Span(value[0], value[1])


def _parse_header(obj: Mapping[str, object], where: str) -> PatchHeader:
    if "ocrfix_patch" not in obj:
        raise PatchError(f"{where}not an ocrfix patch (the first line has no 'ocrfix_patch')")
    f = _Fields(obj, where)
    version = f.get("ocrfix_patch", int)
    if version != FORMAT_VERSION:
        raise PatchError(f"{where}unsupported patch format version {version} (this ocrfix reads {FORMAT_VERSION})")
    if f.get("offset_unit", str, "codepoint") != "codepoint":
        raise PatchError(f"{where}unsupported offset unit {obj['offset_unit']!r} (expected 'codepoint')")
    src = f.sub("source")
    tool = f.sub("tool", {})

    def components(key: str) -> tuple[Component, ...]:
        items = f.get(key, list, [])
        if not all(isinstance(c, dict) and isinstance(c.get("id"), str) and isinstance(c.get("sha256"), str) for c in items):  # type: ignore[union-attr]
            raise PatchError(f"{where}each of {key!r} needs a string 'id' and 'sha256'")
        return _components(items)  # type: ignore[arg-type]

    return PatchHeader(
        source_path=src.get("path", str),  # type: ignore[arg-type]
        sha256=src.get("sha256", str),  # type: ignore[arg-type]
        encoding=src.get("encoding", str),  # type: ignore[arg-type]
        bom=src.get("bom", bool, False),  # type: ignore[arg-type]
        newline=src.get("newline", str, "none"),  # type: ignore[arg-type]
        normalization=src.get("normalization", str, "NFC"),  # type: ignore[arg-type]
        tool_version=tool.get("version", str, ""),  # type: ignore[arg-type]
        lexicons=components("lexicons"),
        packs=components("packs"),
        created=f.get("created", str, None, nullable=True),  # type: ignore[arg-type]
        version=version,  # type: ignore[arg-type]
    )


def _parse_supersedes(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise PatchError(f"{where}'supersedes' must be an id or a list of ids")


def _parse_decision(obj: Mapping[str, object], where: str, line: int) -> Decision:
    f = _Fields(obj, where)
    rid, kind = f.get("id", str), f.get("decision", str)
    supersedes = _parse_supersedes(obj.get("supersedes"), where)
    common = dict(
        reviewer=f.get("reviewer", str, None, nullable=True),
        ts=f.get("ts", str, None, nullable=True),
        batch=f.get("batch", str, None, nullable=True),
        supersedes=supersedes,
        line=line,
    )
    if kind == UNDO:
        d = Decision(id=rid, decision=UNDO, **common)  # type: ignore[arg-type]
        _check_decision(d, where)
        return d
    quote = f.sub("quote")
    alike = []
    for item in f.get("alike", list, []):  # type: ignore[union-attr]
        if not isinstance(item, dict):
            raise PatchError(f"{where}each 'alike' entry must be an object")
        a = _Fields(item, where)
        alike.append(Anchor(_span(item.get("span"), where), a.get("prefix", str, ""), a.get("suffix", str, "")))  # type: ignore[arg-type]
    scores = f.get("scores", dict, {}, nullable=True) or {}
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in scores.values()):  # type: ignore[union-attr]
        raise PatchError(f"{where}'scores' must map names to numbers")
    d = Decision(
        id=rid,  # type: ignore[arg-type]
        decision=kind,  # type: ignore[arg-type]
        span=_span(obj.get("span"), where),
        exact=quote.get("exact", str),  # type: ignore[arg-type]
        prefix=quote.get("prefix", str, ""),  # type: ignore[arg-type]
        suffix=quote.get("suffix", str, ""),  # type: ignore[arg-type]
        replacement=f.get("replacement", str, None, nullable=True),  # type: ignore[arg-type]
        scope=f.get("scope", str, "occurrence"),  # type: ignore[arg-type]
        alike=tuple(alike),
        rule=f.get("rule", str, None, nullable=True),  # type: ignore[arg-type]
        scores=tuple((str(k), float(v)) for k, v in scores.items()),  # type: ignore[union-attr]
        lang=f.get("lang", str, None, nullable=True),  # type: ignore[arg-type]
        **common,  # type: ignore[arg-type]
    )
    _check_decision(d, where)
    return d


def parse_patch(data: bytes, name: str = "patch") -> Patch:
    """Parse the bytes of a patch file (see :func:`load_patch`); ``name`` is used in messages."""
    lines = data.split(b"\n")
    complete = data.endswith(b"\n")
    if complete:
        lines.pop()
    warnings: list[str] = []
    header: PatchHeader | None = None
    records: list[Decision] = []
    ids: set[str] = set()
    for number, raw in enumerate(lines, 1):
        where = f"{name}:{number}: "
        last = number == len(lines)
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            if last and not complete and header is not None:
                warnings.append(f"{name}:{number}: incomplete last line ignored (was writing interrupted?)")
                break
            what = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else f"not valid JSON ({getattr(exc, 'msg', exc)})"
            if header is None and last and not complete:
                what = "the header line is incomplete"
            raise PatchError(f"{where}{what}") from None
        if not isinstance(obj, dict):
            raise PatchError(f"{where}expected a JSON object")
        if header is None:
            header = _parse_header(obj, where)
            continue
        record = _parse_decision(obj, where, number)
        if record.id in ids:
            raise PatchError(f"{where}duplicate record id {record.id!r}")
        unknown = [s for s in record.supersedes if s not in ids]
        if unknown:
            raise PatchError(f"{where}'supersedes' names {unknown[0]!r}, which no earlier record has")
        ids.add(record.id)
        records.append(record)
    if header is None:
        raise PatchError(f"{name}:1: empty patch (no header line)")
    return Patch(header, tuple(records), name, tuple(warnings))


def load_patch(path: str | os.PathLike[str]) -> Patch:
    """Read a patch file.

    An incomplete last line (a crash while a record was being written) is ignored and reported in
    :attr:`Patch.warnings`; anything else malformed is an error naming the line.

    Raises:
        PatchError: the file cannot be read or is malformed (``letter.txt.ocrfix.jsonl:7: ...``).
    """
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise PatchError(f"{path}: no such patch file") from None
    except IsADirectoryError:
        raise PatchError(f"{path}: is a folder") from None
    except PermissionError:
        raise PatchError(f"{path}: permission denied") from None
    return parse_patch(data, str(path))


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
