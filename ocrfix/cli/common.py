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


def lexicon_args(args: argparse.Namespace) -> tuple[tuple[str, ...], str | None, str | None]:
    """The lexicon options as plain (picklable) values: user files, their language, the project lexicon."""
    project = project_lexicon_path(args)
    return tuple(args.lexicon), args.lexicon_lang, str(project) if project.exists() else None


def lexicons_from_paths(user_files: tuple[str, ...], language: str | None, project: str | None) -> LexiconSet:
    """The shipped lexicons plus user lexicon files and the project lexicon."""
    lexicons = LexiconSet()
    for path in user_files:
        lexicons.add_user_file(path, language)
    if project is not None:
        lexicons.add_user_file(project)
    return lexicons


def lexicons_from_args(args: argparse.Namespace) -> LexiconSet:
    """The shipped lexicons plus the user and project lexicons the arguments name."""
    return lexicons_from_paths(*lexicon_args(args))
