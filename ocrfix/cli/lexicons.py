"""``ocrfix lexicons``: list the lexicons available to a run."""

from __future__ import annotations

import argparse
import json

from ocrfix.cli.common import add_lexicon_options, lexicons_from_args

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lexicons",
        help="list the shipped and user lexicons",
        description="List the lexicons available: language (BCP-47), script, number of forms, source and licence.",
    )
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    add_lexicon_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    lexicons = lexicons_from_args(args)
    rows = []
    for language in lexicons.languages:
        info = lexicons.info(language)
        if info is not None:
            rows.append(
                {
                    "language": info.language,
                    "script": info.script,
                    "name": info.name,
                    "forms": info.forms,
                    "source": info.source,
                    "licence": info.licence,
                    "path": info.path,
                    "user_forms": 0,
                }
            )
        else:
            rows.append({"language": language, "script": "", "name": language, "forms": 0, "source": "user lexicon", "licence": "", "path": "", "user_forms": 0})
    for row in rows:
        row["user_forms"] = lexicons.user_form_count(row["language"])
        if not row["path"]:
            row["forms"] = row["user_forms"]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    header = ("language", "script", "forms", "user", "licence", "source")
    table = [header] + [
        (r["language"], r["script"], f"{r['forms']:,}", str(r["user_forms"]), r["licence"], r["source"]) for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1])
    return 0
