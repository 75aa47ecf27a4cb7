"""Scores rendered as plain data, tables, CSV and JSON lines: strings and dicts only, no I/O."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ocrfix.scoring import Diagnosis, DocumentScore, PassageScore

__all__ = [
    "CSV_FIELDS",
    "document_dict",
    "document_summary",
    "diagnosis_dict",
    "passage_dict",
    "render_csv_rows",
    "render_jsonl",
    "render_table",
]


def diagnosis_dict(d: Diagnosis) -> dict[str, Any]:
    out: dict[str, Any] = {"code": d.code, "message": d.message, "language": d.language}
    out.update(d.details)
    return out


def passage_dict(p: PassageScore) -> dict[str, Any]:
    """A passage as the JSON output carries it (offsets in code points, lines 1-based inclusive)."""
    return {
        "start": p.start,
        "end": p.end,
        "first_line": p.passage.first_line,
        "last_line": p.passage.last_line,
        "language": p.language,
        "script": p.script,
        "reading": p.reading,
        "score": p.score,
        "label": p.label,
        "action": p.action,
        "model": p.model,
        "letters": p.letters,
        "reasons": [{"code": r.code, "message": r.message, "share": r.value} for r in p.reasons],
        "diagnoses": [diagnosis_dict(d) for d in p.diagnoses],
    }


def document_dict(doc: DocumentScore) -> dict[str, Any]:
    """A document as the JSON output carries it."""
    return {
        "path": doc.path,
        "score": doc.score,
        "label": doc.label,
        "language": doc.language,
        "action": doc.action,
        "model": doc.model,
        "encoding": doc.encoding,
        "chars": doc.chars,
        "diagnoses": [diagnosis_dict(d) for d in doc.diagnoses],
        "passages": [passage_dict(p) for p in doc.passages],
    }


def document_summary(doc: DocumentScore) -> dict[str, Any]:
    """The few fields the table and CSV show for a document."""
    counts = {label: 0 for label in ("clean", "noisy", "garbled", "too-short")}
    for p in doc.passages:
        counts[p.label] += 1
    action = doc.action + (f" ({doc.model})" if doc.model else "")
    return {
        "path": doc.path,
        "score": doc.score,
        "label": doc.label,
        "language": doc.language,
        "action": action,
        "passages": len(doc.passages),
        "garbled": counts["garbled"],
        "noisy": counts["noisy"],
        "diagnoses": ";".join(f"{d.code}:{d.language}" for d in doc.diagnoses),
    }


CSV_FIELDS = ("path", "score", "label", "language", "action", "passages", "garbled", "noisy", "diagnoses")


def render_jsonl(doc: DocumentScore) -> str:
    """One document as one JSON line (no trailing newline)."""
    return json.dumps(document_dict(doc), ensure_ascii=False, separators=(",", ":"))


def render_csv_rows(rows: list[dict[str, Any]], header: bool = True) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n", extrasaction="ignore")
    if header:
        writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buf.getvalue()


def render_table(rows: list[dict[str, Any]]) -> str:
    """A plain-text table of document summaries, in the order given."""
    head = ("score", "label", "language", "action", "passages g/n/all", "path")
    body = [
        (
            f"{r['score']:.3f}",
            r["label"],
            r["language"],
            r["action"],
            f"{r['garbled']}/{r['noisy']}/{r['passages']}",
            str(r["path"]) + (f"  [{r['diagnoses']}]" if r["diagnoses"] else ""),
        )
        for r in rows
    ]
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[-1] for row in [head, *body]]
    return "\n".join(lines)
