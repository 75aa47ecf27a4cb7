"""Patches on disk: UTF-8 JSON Lines, read with line-numbered errors and appended one durable record at a time.

The first line is the header, every further line one record (:mod:`ocrfix.decisions`, whose names are re-exported
here so ``ocrfix.patches`` is the one place to import the patch API from). Records are appended and
fsynced as decisions are made and never rewritten, so a crash can only tear the last line: a reader ignores such a
line with a warning, and a writer resuming the file cuts it off. Line and paragraph separators inside strings are
written as ``\\u`` escapes, so every reader sees one record per ``\\n``-terminated line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from ocrfix.anchors import Anchor
from ocrfix.decisions import (
    CHANGING,
    DECISIONS,
    FORMAT_VERSION,
    PATCH_SUFFIX,
    SCOPES,
    UNDO,
    Component,
    Decision,
    Patch,
    PatchHeader,
    check_decision,
    decision_record,
    effective_decisions,
    new_header,
    patch_path_for,
    source_path,
    undo_record,
)
from ocrfix.documents import write_atomic
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
    "check_decision",
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


# -- writing -------------------------------------------------------------------------------------------------------


def _line(obj: object) -> str:
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
    if d.span is None:
        raise PatchError(f"record {d.id!r} has no span")
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

    Raises:
        PatchError: an existing file is malformed or was made for another source (or another version of it).
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
            except ValueError:  # JSONDecodeError and UnicodeDecodeError: the torn record load_patch warned about
                handle.truncate(last + 1)
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
            PatchError: the record is inconsistent, its id is already used, or ``supersedes`` names a record that
                is not in the file.
        """
        check_decision(decision)
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

_REQUIRED = object()


class _Fields:
    """Typed access to one JSON object; errors name the patch line."""

    def __init__(self, obj: Mapping[str, object], where: str) -> None:
        self.obj, self.where = obj, where

    def _get(self, key: str, kind: type, default: object, nullable: bool = False) -> object:
        if key not in self.obj:
            if default is _REQUIRED:
                raise PatchError(f"{self.where}{key!r} is missing")
            return default
        value = self.obj[key]
        if value is None and nullable:
            return None
        # bool is an int to Python, never to a patch
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise PatchError(f"{self.where}{key!r} has the wrong type ({type(value).__name__})")
        return value

    def text(self, key: str, default: object = _REQUIRED) -> str:
        return self._get(key, str, default)  # type: ignore[return-value]

    def optional_text(self, key: str) -> str | None:
        return self._get(key, str, None, nullable=True)  # type: ignore[return-value]

    def flag(self, key: str, default: bool) -> bool:
        return self._get(key, bool, default)  # type: ignore[return-value]

    def array(self, key: str) -> list[object]:
        return self._get(key, list, [])  # type: ignore[return-value]

    def fields(self, key: str, default: object = _REQUIRED) -> _Fields:
        return _Fields(self._get(key, dict, default), self.where)  # type: ignore[arg-type]

    def span(self, key: str = "span") -> Span:
        value = self.obj.get(key)
        if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
            raise PatchError(f"{self.where}{key!r} must be [start, end] (code points)")
        if not 0 <= value[0] <= value[1]:
            raise PatchError(f"{self.where}bad span {value[0]}..{value[1]}")
        return Span(value[0], value[1])


def _components(f: _Fields, key: str) -> tuple[Component, ...]:
    out = []
    for item in f.array(key):
        if not (isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get("sha256"), str)):
            raise PatchError(f"{f.where}each of {key!r} needs a string 'id' and 'sha256'")
        out.append(Component(item["id"], item["sha256"]))
    return tuple(out)


def _parse_header(obj: Mapping[str, object], where: str) -> PatchHeader:
    if "ocrfix_patch" not in obj:
        raise PatchError(f"{where}not an ocrfix patch (the first line has no 'ocrfix_patch')")
    f = _Fields(obj, where)
    version = f._get("ocrfix_patch", int, _REQUIRED)
    if version != FORMAT_VERSION:
        raise PatchError(f"{where}unsupported patch format version {version} (this ocrfix reads {FORMAT_VERSION})")
    unit = f.text("offset_unit", "codepoint")
    if unit != "codepoint":
        raise PatchError(f"{where}unsupported offset unit {unit!r} (expected 'codepoint')")
    source = f.fields("source")
    return PatchHeader(
        source_path=source.text("path"),
        sha256=source.text("sha256"),
        encoding=source.text("encoding"),
        bom=source.flag("bom", False),
        newline=source.text("newline", "none"),
        normalization=source.text("normalization", "NFC"),
        tool_version=f.fields("tool", {}).text("version", ""),
        lexicons=_components(f, "lexicons"),
        packs=_components(f, "packs"),
        created=f.optional_text("created"),
        version=FORMAT_VERSION,
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
    rid, kind = f.text("id"), f.text("decision")
    common = dict(
        reviewer=f.optional_text("reviewer"),
        ts=f.optional_text("ts"),
        batch=f.optional_text("batch"),
        supersedes=_parse_supersedes(obj.get("supersedes"), where),
        line=line,
    )
    if kind == UNDO:
        record = Decision(id=rid, decision=UNDO, **common)  # type: ignore[arg-type]
        check_decision(record, where)
        return record
    alike = []
    for item in f.array("alike"):
        if not isinstance(item, dict):
            raise PatchError(f"{where}each 'alike' entry must be an object")
        a = _Fields(item, where)
        alike.append(Anchor(a.span(), a.text("prefix", ""), a.text("suffix", "")))
    scores = f._get("scores", dict, {}, nullable=True) or {}
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in scores.values()):  # type: ignore[attr-defined]
        raise PatchError(f"{where}'scores' must map names to numbers")
    quote = f.fields("quote")
    record = Decision(
        id=rid,
        decision=kind,
        span=f.span(),
        exact=quote.text("exact"),
        prefix=quote.text("prefix", ""),
        suffix=quote.text("suffix", ""),
        replacement=f.optional_text("replacement"),
        scope=f.text("scope", "occurrence"),
        alike=tuple(alike),
        rule=f.optional_text("rule"),
        scores=tuple((str(k), float(v)) for k, v in scores.items()),  # type: ignore[attr-defined]
        lang=f.optional_text("lang"),
        **common,  # type: ignore[arg-type]
    )
    check_decision(record, where)
    return record


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
        torn = number == len(lines) and not complete
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
            if torn and header is not None:
                warnings.append(f"{name}:{number}: incomplete last line ignored (was writing interrupted?)")
                break
            if torn:
                raise PatchError(f"{where}the header line is incomplete") from None
            what = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else f"not valid JSON ({getattr(exc, 'msg', exc)})"
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
