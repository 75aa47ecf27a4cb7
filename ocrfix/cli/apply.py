"""``ocrfix apply``: apply reviewed patches to their sources, report every decision, never overwrite unasked."""

from __future__ import annotations

import argparse
import bisect
import codecs
import dataclasses
import hashlib
import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TextIO

from ocrfix.documents import Document, read_document, write_atomic
from ocrfix.errors import EXIT_FINDINGS, EXIT_OK, DecodingError, InputError
from ocrfix.patches import PATCH_SUFFIX, Patch, PatchHeader, dump_decision, dump_header, load_patch, source_path
from ocrfix.patching import CONFLICT, STATUSES, ApplyResult, Outcome, apply_patch, unified_diff
from ocrfix.text import lines

__all__ = ["add_parser", "run"]

DESCRIPTION = """Apply reviewed patches (ocrfix decision logs, NAME.ocrfix.jsonl) to the files they name.

Each decision is reported as applied, re-anchored (the source changed; found again by its quoted text and
context), already-applied, or conflict. Conflicts never stop the other decisions: they are saved in
OUTPUT.rej.jsonl, itself a patch you can apply again once the text is sorted out.

The source is never overwritten unless you ask with --in-place. Without --in-place, -o or --output-dir the
result is written beside the source as NAME.fixed.EXT (NAME.reversed.EXT with --reverse), e.g.
letter.txt -> letter.fixed.txt, replacing an earlier result of the same name. Encoding, byte order mark and
newlines of the source are kept; writes are atomic."""

EPILOG = """exit status: 0 every decision applied or already applied; 1 some conflict; 2 usage error or malformed patch.

examples:
  ocrfix apply letter.txt.ocrfix.jsonl                 # writes letter.fixed.txt
  ocrfix apply --dry-run --diff letter.txt.ocrfix.jsonl
  ocrfix apply --in-place --backup .orig vol3/         # every *.ocrfix.jsonl under vol3/
  ocrfix apply --reverse --in-place letter.txt.ocrfix.jsonl"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "apply",
        help="apply reviewed patches to their sources",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("patches", nargs="*", metavar="PATCH", help=f"patch file, or folder searched for *{PATCH_SUFFIX}")
    # ``review`` and ``fix`` name the patch with --patch: the same spelling works here.
    p.add_argument("--patch", dest="patch_options", action="append", default=[], metavar="PATCH", help="the same as a PATCH argument (may be repeated)")
    p.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
    p.add_argument("--reverse", "-R", action="store_true", help="take the changes back; use it on the fixed file (--source FILE, or the source after --in-place)")
    where = p.add_argument_group("output (default: NAME.fixed.EXT beside the source)")
    dest = where.add_mutually_exclusive_group()
    dest.add_argument("--in-place", action="store_true", help="overwrite the source itself")
    dest.add_argument("-o", "--output", metavar="FILE", help="write the result to FILE (one patch only)")
    dest.add_argument(
        "--output-dir", metavar="DIR", help="write the result under DIR with the source's file name (in the patch's folder below a PATCH folder)"
    )
    where.add_argument(
        "--backup",
        metavar="SUFFIX",
        help="with --in-place: first copy the source to SOURCE+SUFFIX (an existing backup is kept, never overwritten)",
    )
    p.add_argument(
        "--source",
        metavar="FILE",
        help="apply to FILE instead of the file the patch names (one patch only); also allows a patch whose "
        "source is outside its folder",
    )
    p.add_argument(
        "--source-dir",
        metavar="DIR",
        help="find each source under DIR, in the folder its patch has under the PATCH folder, by the file name the "
        "patch records (for patches written by fix --patch-dir)",
    )
    p.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of the changes (on stdout; the text report then goes to stderr)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    p.set_defaults(run=run)


@dataclass(frozen=True)
class _Job:
    patch_path: Path
    patch: Patch
    source: Path
    output: Path
    """The file written: the source itself with --in-place."""

    @property
    def rejects(self) -> Path:
        return self.output.with_name(self.output.name + ".rej.jsonl")


def _warn(message: str) -> None:
    print(f"ocrfix: warning: {message}", file=sys.stderr)


def _patch_files(names: list[str]) -> list[tuple[Path, Path]]:
    """(patch, its folder below the folder it was found in: ``.`` for a patch named directly)."""
    out: list[tuple[Path, Path]] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob(f"*{PATCH_SUFFIX}") if p.is_file())
            if not found:
                raise InputError(f"{path}: no *{PATCH_SUFFIX} patches in this folder")
            out.extend((p, p.parent.relative_to(path)) for p in found)
        else:
            out.append((path, Path(".")))
    return out


def _default_output(source: Path, reverse: bool) -> Path:
    tag = "reversed" if reverse else "fixed"
    return source.with_name(f"{source.stem}.{tag}{source.suffix}")


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return a.samefile(b)
    return a.resolve() == b.resolve()


def _plan(path: Path, folder: Path, args: argparse.Namespace) -> _Job:
    patch = load_patch(path)
    for message in patch.warnings:
        _warn(message)
    if args.source:
        source = Path(args.source)
    elif args.source_dir:
        # Patches written by ``fix --patch-dir``: the same folders under DIR, the file name the patch records.
        source = Path(args.source_dir) / folder / PurePosixPath(patch.header.source_path.replace("\\", "/")).name
    else:
        source = source_path(patch, path)
    if not source.is_file():
        raise InputError(f"{source}: no such file" + ("" if args.source else f" (named by {path})"))
    if args.in_place:
        output = source
    elif args.output:
        output = Path(args.output)
    elif args.output_dir:
        output = Path(args.output_dir) / folder / source.name
    else:
        output = _default_output(source, args.reverse)
    if not args.in_place and _same_file(output, source):
        raise InputError(f"{output}: this is the source itself; use --in-place to overwrite it")
    return _Job(path, patch, source, output)


def _read_source(path: Path, header: PatchHeader) -> Document:
    """Decode the source as the patch header says it was encoded, falling back to detection."""
    try:
        codecs.lookup(header.encoding)
        encoding: str | None = header.encoding
    except LookupError:
        encoding = None
    try:
        if path.is_file() and path.stat().st_size == 0:
            # Every change deleted everything: decode_bytes refuses empty files, but this one is ours.
            return Document("", encoding or "utf-8", False, "none", "NFC", hashlib.sha256(b"").hexdigest(), str(path))
        try:
            return read_document(path, encoding)
        except DecodingError:
            if encoding is None:
                raise
            return read_document(path)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def _reject_file(job: _Job, result: ApplyResult) -> bytes:
    """The conflicting decisions as a patch of the output file, each with its reasons."""
    header = dataclasses.replace(job.patch.header, source_path=job.output.name)
    out = [dump_header(header)]
    reasons: dict[str, list[dict[str, object]]] = {}
    for o in result.conflicts:
        reasons.setdefault(o.decision.id, []).append({"occurrence": o.edit.occurrence, "reason": o.reason})
    seen: set[str] = set()
    for o in result.conflicts:
        d = o.decision
        if d.id not in seen:
            seen.add(d.id)
            # The records it superseded are not in the reject file, so the link is dropped.
            out.append(dump_decision(dataclasses.replace(d, supersedes=()), {"conflicts": reasons[d.id]}))
    return ("\n".join(out) + "\n").encode("utf-8")


def _show(text: str, limit: int = 60) -> str:
    """Quote ``text`` on one line: controls, format characters (ZWNJ) and line separators are escaped."""
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    shown = "".join(
        named.get(ch) or (f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch)
        for ch in text
    )
    return f"'{shown}'"


class _Positions:
    """1-based line and column of code point offsets (lines as :func:`ocrfix.text.lines` counts them)."""

    def __init__(self, text: str) -> None:
        self._starts = [line.span.start for line in lines(text)]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def _outcome_json(o: Outcome, pos: _Positions, reverse: bool) -> dict[str, object]:
    d = o.decision
    before, after = (d.replacement, d.exact) if reverse else (d.exact, d.replacement)
    line, col = pos(o.span.start) if o.span is not None else (None, None)
    return {
        "id": d.id,
        "occurrence": o.edit.occurrence,
        "status": o.status,
        "line": line,
        "col": col,
        "span": [o.span.start, o.span.end] if o.span is not None else None,
        "patch_line": d.line,
        "from": before,
        "to": after,
        "decision": d.decision,
        "reason": o.reason,
    }


def _summary(counts: dict[str, int], unchanged: int) -> str:
    parts = [f"{counts['applied']} applied", f"{counts['re-anchored']} re-anchored"]
    parts += [f"{counts['already-applied']} already applied", f"{counts['conflict']} conflict" + ("s" if counts["conflict"] != 1 else "")]
    if unchanged:
        parts.append(f"{unchanged} kept without change (reject, uncertain, add-to-lexicon)")
    return ", ".join(parts)


def _text_report(job: _Job, result: ApplyResult, rows: list[dict[str, object]], written: str, out: TextIO) -> None:
    ordered = sorted(rows, key=lambda r: (r["span"] is None, r["span"] or [0], r["patch_line"] or 0))
    for r in ordered:
        where = f"{job.source}:{r['line']}:{r['col']}" if r["span"] is not None else f"{job.patch_path}:{r['patch_line']}"
        label = r["id"] if not r["occurrence"] else f"{r['id']}#{r['occurrence']}"
        reason = f" ({r['reason']})" if r["reason"] else ""
        print(f"{where}: {r['status']}: {label} {_show(r['from'])} -> {_show(r['to'])}{reason}", file=out)
    print(f"{job.patch_path}: {_summary(result.counts(), len(result.unchanged))}{written}", file=out)


def _apply_one(job: _Job, args: argparse.Namespace, out: TextIO) -> dict[str, object]:
    document = _read_source(job.source, job.patch.header)
    result = apply_patch(job.patch, document, reverse=args.reverse)
    new_bytes = document.encode(result.text)
    written, backup, rejects = None, None, None
    if not args.dry_run:
        if not args.in_place:
            job.output.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(job.output, new_bytes)
            written = job.output
        elif result.changed:
            if args.backup:
                backup = job.source.with_name(job.source.name + args.backup)
                if backup.exists():
                    _warn(f"{backup} exists and is kept as it is (it holds an earlier version)")
                else:
                    write_atomic(backup, document.encode())
            write_atomic(job.source, new_bytes)
            written = job.source
        if result.conflicts:
            rejects = job.rejects
            write_atomic(rejects, _reject_file(job, result))
    pos = _Positions(document.text)
    rows = [_outcome_json(o, pos, args.reverse) for o in result.outcomes]
    diff = unified_diff(document.text, result.text, str(job.source), str(job.output)) if args.diff else None
    if args.format == "text":
        if args.dry_run:
            note = f"; would write {job.output}" if result.changed or not args.in_place else ""
            note += f"; would save conflicts in {job.rejects}" if result.conflicts else ""
        else:
            note = f"; wrote {written}" if written else "; nothing to write"
            note += f"; conflicts saved in {rejects}" if rejects else ""
        _text_report(job, result, rows, note, out)
        if diff:
            sys.stdout.write(diff)
    return {
        "patch": str(job.patch_path),
        "source": str(job.source),
        "output": str(job.output),
        "written": written is not None,
        "backup": str(backup) if backup else None,
        "rejects": str(rejects) if rejects else None,
        "reverse": args.reverse,
        "mode": result.mode,
        "counts": {**result.counts(), "unchanged": len(result.unchanged)},
        "outcomes": rows,
        "warnings": list(job.patch.warnings),
        **({"diff": diff} if args.diff else {}),
    }


def run(args: argparse.Namespace) -> int:
    if args.backup is not None and not args.in_place:
        raise InputError("--backup only goes with --in-place")
    if args.backup == "":
        raise InputError("--backup needs a non-empty SUFFIX")
    given = [*args.patches, *args.patch_options]
    if not given:
        raise InputError("no patch given: ocrfix apply PATCH... (a patch file, or a folder of them)")
    paths = _patch_files(given)
    if len(paths) > 1 and (args.output or args.source):
        raise InputError(f"-o and --source take a single patch ({len(paths)} given)")
    if args.source and args.source_dir:
        raise InputError("--source and --source-dir do not go together")
    # Every patch is read and checked before anything is written.
    jobs = [_plan(path, folder, args) for path, folder in paths]
    if not args.in_place:
        seen: dict[Path, Path] = {}
        for job in jobs:
            key = job.output.resolve()
            if key in seen:
                raise InputError(f"{seen[key]} and {job.patch_path} would both write {job.output}; use --in-place or apply them one at a time")
            seen[key] = job.patch_path
    # With --diff the diff owns stdout and the text report moves to stderr.
    out = sys.stderr if args.diff and args.format == "text" else sys.stdout
    results = [_apply_one(job, args, out) for job in jobs]
    totals = dict.fromkeys((*STATUSES, "unchanged"), 0)
    for r in results:
        for key, n in r["counts"].items():  # type: ignore[union-attr]
            totals[key] += n
    if args.format == "json":
        print(json.dumps({"results": results, "counts": totals}, ensure_ascii=False, indent=2))
    elif len(results) > 1:
        summary = _summary({k: totals[k] for k in STATUSES}, totals["unchanged"])
        print(f"total ({len(results)} patches): {summary}", file=out)
    return EXIT_FINDINGS if totals[CONFLICT] else EXIT_OK
