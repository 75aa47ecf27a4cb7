"""``ocrfix review``: accept or reject each suggestion in a terminal app, every decision appended to the patch.

Textual is imported only when the command runs, so the other verbs start without it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path

from ocrfix.cli.common import add_lexicon_options, lexicon_args, lexicons_from_args, project_lexicon_path
from ocrfix.errors import EXIT_OK, InputError

__all__ = ["add_parser", "keymap_path", "load_keymap", "run"]

DESCRIPTION = """Review the suggestions for a file (or a folder's files, worst first) in the terminal.

The text is shown with its suspicious words coloured by severity, the current one centred, its candidates below
with their confidence and the rule that explains each, and a status line with progress, the passage's language
and label, and the scorer's diagnosis. Every decision is appended to the patch at once (FILE.ocrfix.jsonl beside
the file unless --patch says otherwise); reopening the file resumes where you stopped, undo included. Apply the
patch with 'ocrfix apply'.

keys (remappable, all listed on ? or F1):
  y Enter  accept the highlighted candidate (Up/Down move the highlight)   1-9  accept candidate n
  n        reject: keep the text as it is            e  type a correction (\\uXXXX for any code point)
  a        accept the same correction at every alike place in the file (asks first, with the count)
  d        keep every alike place as it is           +  add the word to the project lexicon
  !        mark uncertain                            j k  next / previous finding (J K: undecided only)
  /        search                                    u  undo the last decision (an "all alike" as one)
  s        save (report; decisions are saved as made)  q  save and quit
  Q Ctrl+Q quit without saving: take back this sitting's decisions (asks first)
  v        show ZWNJ and look-alike letters          b  right-to-left lines in reading order or as stored
  > Esc    folder: next document / document list"""

EPILOG = """keymap file: TOML, binding id = keys, e.g.
  [keymap]
  "review.accept" = "y,space"
  "review.reject" = "x"
Ids: review.accept, review.accept_1 .. review.accept_9, review.reject, review.edit, review.accept_alike,
review.reject_alike, review.add_to_lexicon, review.uncertain, review.next, review.previous, review.next_undecided,
review.previous_undecided, review.candidate_down, review.candidate_up, review.search, review.undo, review.save,
review.quit, review.discard_quit, review.marks, review.bidi, review.next_document, review.queue, review.help, app.discard_quit.

exit status: 0 ok; 2 usage or input error."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review",
        help="review suggestions in the terminal; each decision goes to the patch",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("path", metavar="FILE|FOLDER", help="a text file, or a folder reviewed worst first")
    p.add_argument(
        "--patch", metavar="P", help="the patch to write and resume (default: FILE.ocrfix.jsonl beside FILE); a FILE only"
    )
    p.add_argument("--reviewer", metavar="NAME", help="name recorded with each decision (default: $USER)")
    p.add_argument("--lang", metavar="CODE", help="force this language for every passage of its script")
    p.add_argument("--encoding", metavar="NAME", help="decode with this encoding instead of detecting it")
    p.add_argument("--include", action="append", default=[], metavar="GLOB", help="FOLDER: only files matching GLOB (repeatable)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="FOLDER: skip files matching GLOB (repeatable)")
    p.add_argument(
        "--no-bidi",
        action="store_true",
        help="draw right-to-left lines as stored, for terminals that reorder them themselves (key b toggles)",
    )
    p.add_argument(
        "--min-confidence", type=float, default=0.0, metavar="C",
        help="list only findings whose best suggestion has at least confidence C (and those the patch decides); "
        "the rest stay as they are and are counted in the status line (default: every finding)",
    )
    p.add_argument("--keymap", metavar="FILE", help="key remapping (default: $XDG_CONFIG_HOME/ocrfix/keymap.toml when present)")
    add_lexicon_options(p)
    p.set_defaults(run=run)


def keymap_path() -> Path:
    """Where the user's keymap file is looked for."""
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(config) / "ocrfix" / "keymap.toml"


def load_keymap(path: str | os.PathLike[str] | None) -> dict[str, str]:
    """Binding id -> keys from a TOML file (a ``[keymap]`` table, or top-level strings).

    Raises:
        InputError: the file named does not exist or is not valid TOML of strings.
    """
    p = Path(path) if path is not None else keymap_path()
    if not p.exists():
        if path is not None:
            raise InputError(f"{p}: no such keymap file")
        return {}
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: not a valid keymap ({exc})") from None
    table = data.get("keymap", data)
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
        raise InputError(f"{p}: a keymap maps binding ids to key strings")
    return dict(table)


def run(args: argparse.Namespace) -> int:
    from ocrfix.batch import iter_files
    from ocrfix.review import ReviewSession
    from ocrfix.tui.compute import SectionProcess

    if not 0 <= args.min_confidence <= 1:
        raise InputError("--min-confidence takes a value between 0 and 1")
    root = Path(args.path)
    if not root.exists():
        raise InputError(f"{root}: no such file or folder")
    folder = root.is_dir()
    if folder:
        if args.patch:
            raise InputError("--patch names the patch of one FILE; a folder's documents each get their own")
        documents = [Path(p) for p, _ in iter_files([str(root)], args.include, args.exclude)]
        if not documents:
            raise InputError(f"{root}: no documents to review")
    else:
        documents = [root]
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError("'ocrfix review' needs an interactive terminal (use 'ocrfix suggest' or 'ocrfix fix' in scripts)")
    keymap = load_keymap(args.keymap)
    lexicons = lexicons_from_args(args)
    project = project_lexicon_path(args)
    reviewer = args.reviewer or os.environ.get("USER") or None

    def open_session(path: Path) -> ReviewSession:
        return ReviewSession(
            path,
            patch_path=args.patch,
            lexicons=lexicons,
            project_lexicon=project,
            reviewer=reviewer,
            language=args.lang,
            encoding=args.encoding,
            compute=False,
            min_confidence=args.min_confidence,
        )

    # Started first: the compute process boots while this one reads the document and loads Textual (and so before
    # any thread exists, which lets it fork).
    compute = SectionProcess(lexicon_args(args))
    try:
        # One file: open it here, so an unreadable file or a patch made for another version of it is a plain error
        # (exit status 2) before the screen is taken over; the compute process starts on its findings at once.
        opened = {} if folder else {documents[0]: open_session(documents[0])}
        if not folder:
            compute.prepare(str(documents[0]), opened[documents[0]].text, opened[documents[0]].language)

        def session_for(path: Path) -> ReviewSession:
            return opened.pop(path, None) or open_session(path)

        from ocrfix.tui.app import ReviewApp

        app = ReviewApp(
            documents,
            session_for,
            lexicons=lexicons,
            folder=folder,
            keymap=keymap,
            score=lambda p: compute.score(str(p), args.encoding, args.lang),
            reorder=not args.no_bidi,
            compute=compute,
        )
        reports = app.run() or []
    finally:
        compute.close()
    for r in reports:
        if r.written:
            decisions = "1 decision" if r.in_force == 1 else f"{r.in_force} decisions"
            print(f"{r.path}: {decisions} in force ({r.records} records); apply with: ocrfix apply {r.path}")
    return EXIT_OK
