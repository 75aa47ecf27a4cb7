"""Options shared by several verbs and the lexicon set they describe."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ocrfix.lexicon import LexiconSet

__all__ = ["DEFAULT_PROJECT_LEXICON", "add_lexicon_options", "lexicons_from_args"]

#: The project lexicon read by every verb when present, and appended to by review decisions.
DEFAULT_PROJECT_LEXICON = "ocrfix-lexicon.tsv"


def add_lexicon_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--lexicon``, ``--lexicon-lang`` and ``--project-lexicon``."""
    group = parser.add_argument_group("lexicons")
    group.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="FILE",
        help="extra word list (one form, or form<TAB>count, per line); may be repeated",
    )
    group.add_argument(
        "--lexicon-lang",
        metavar="CODE",
        help="language of the --lexicon files (else their '# language: CODE' line)",
    )
    group.add_argument(
        "--project-lexicon",
        metavar="FILE",
        default=None,
        help=f"project lexicon that review decisions append to (default: ./{DEFAULT_PROJECT_LEXICON} when present)",
    )


def project_lexicon_path(args: argparse.Namespace) -> Path:
    """The project lexicon named on the command line, or the default one in the current folder."""
    return Path(args.project_lexicon or os.path.join(os.getcwd(), DEFAULT_PROJECT_LEXICON))


def lexicons_from_args(args: argparse.Namespace) -> LexiconSet:
    """The shipped lexicons plus the user and project lexicons the arguments name."""
    lexicons = LexiconSet()
    for path in args.lexicon:
        lexicons.add_user_file(path, args.lexicon_lang)
    project = project_lexicon_path(args)
    if args.project_lexicon or project.exists():
        if project.exists():
            lexicons.add_user_file(project)
    return lexicons
