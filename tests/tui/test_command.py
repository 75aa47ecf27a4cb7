"""The ``ocrfix review`` command around the app: arguments, keymap files, the compute process."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

import ocrfix.tui.compute
from clitools import run_cli
from ocrfix.cli.review import keymap_path, load_keymap
from ocrfix.errors import InputError
from ocrfix.review import WHOLE_LIMIT, find_sections
from ocrfix.tui.compute import ComputeError, SectionProcess


def test_help_lists_the_keys() -> None:
    done = run_cli("review", "--help")
    assert done.returncode == 0
    for text in ("--patch", "--reviewer", "--keymap", "--min-confidence", "review.accept", "accept the highlighted candidate"):
        assert text in done.stdout


def test_needs_a_terminal(letter: Path) -> None:
    done = run_cli("review", str(letter))
    assert done.returncode == 2
    assert "needs an interactive terminal" in done.stderr
    assert not Path(str(letter) + ".ocrfix.jsonl").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "no such file or folder"),
        ([".", "--patch", "p.jsonl"], "--patch names the patch of one FILE"),
        ([".", "--min-confidence", "1.5"], "--min-confidence takes a value between 0 and 1"),
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    done = run_cli("review", *args, cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr


def test_keymap_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "keys.toml"
    path.write_text('[keymap]\n"review.accept" = "y,space"\n', encoding="utf-8")
    assert load_keymap(path) == {"review.accept": "y,space"}
    path.write_text('"review.reject" = "x"\n', encoding="utf-8")
    assert load_keymap(path) == {"review.reject": "x"}
    path.write_text("review.reject = 3\n", encoding="utf-8")
    with pytest.raises(InputError, match="maps binding ids to key strings"):
        load_keymap(path)
    with pytest.raises(InputError, match="no such keymap file"):
        load_keymap(tmp_path / "none.toml")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert keymap_path() == tmp_path / "config" / "ocrfix" / "keymap.toml"
    assert load_keymap(None) == {}


def test_compute_process_gives_the_same_sections(letter: Path, letter_text: str, lexicons) -> None:
    process = SectionProcess(((), None, None))
    try:
        remote = list(process.sections("letter", letter_text, None))
        assert process.score(str(letter)).language in ("ru", "az-Cyrl")
        with pytest.raises(ComputeError, match="no such file"):
            process.score(str(letter) + ".missing")
    finally:
        process.close()
    local = list(find_sections(letter_text, lexicons))
    assert [(f.span, f.text) for s in remote for f in s.findings] == [(f.span, f.text) for s in local for f in s.findings]
    assert [p.span for s in remote for p in s.passages] == [p.span for s in local for p in s.passages]
    with pytest.raises(ComputeError, match="closed"):
        process.warm()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_prepared_document_gives_the_same_sections(letter_text: str, lexicons, monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    """Sent early (as ``ocrfix review`` sends its document), then asked for: the sections of a local run."""
    book = letter_text
    while len(book) <= WHOLE_LIMIT:
        book += "\n\n" + letter_text
    monkeypatch.setattr(ocrfix.tui.compute, "_context", lambda: multiprocessing.get_context(method))
    process = SectionProcess(((), None, None))
    assert process.start_method == method
    try:
        process.prepare("book", book, None)
        remote = list(process.sections("book", book, None))
        # Prepared for one document, asked for another: the child starts on the one asked for.
        process.prepare("book", book, None)
        other = list(process.sections("letter", letter_text, None))
        # A failure of the early start is reported by the call that reads its answer, and the child goes on.
        process.prepare("bad", letter_text, "xx")
        with pytest.raises(ComputeError, match="xx"):
            list(process.sections("bad", letter_text, "xx"))
        again = list(process.sections("letter", letter_text, None))
    finally:
        process.close()
    assert len(remote) > 1
    assert remote == list(find_sections(book, lexicons))
    assert other == again == list(find_sections(letter_text, lexicons))
