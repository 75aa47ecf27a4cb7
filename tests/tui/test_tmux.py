"""End to end in a real terminal: ``ocrfix review`` in tmux, keys sent, the screen read, then ``ocrfix apply``."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from clitools import ROOT, run_cli

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

WIDTH, HEIGHT = 110, 32


class Tmux:
    """A private tmux server (its own socket) running one command in a fixed-size window."""

    def __init__(self, command: str, cwd: Path) -> None:
        self.socket = f"ocrfix-test-{uuid.uuid4().hex[:8]}"
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.tmux("new-session", "-d", "-s", "review", "-x", str(WIDTH), "-y", str(HEIGHT), "-c", str(cwd), command, env=env)

    def tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=env, timeout=30)
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "review")

    def send(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "review", *(["-l"] if literal else []), *keys)
        time.sleep(0.3)

    def wait_for(self, text: str, timeout: float = 90.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen()}")

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture()
def tmux_review(tmp_path: Path, letter_text: str):
    (tmp_path / "letter.txt").write_text(letter_text, encoding="utf-8")
    command = " ".join(
        shlex.quote(part)
        for part in (sys.executable, "-m", "ocrfix", "review", "letter.txt", "--reviewer", "e2e", "--project-lexicon", "lex.tsv")
    )
    session = Tmux(f"{command}; echo EXIT=$?; sleep 120", tmp_path)
    yield session, tmp_path
    session.close()


def test_review_in_tmux_then_apply(tmux_review) -> None:
    tmux, folder = tmux_review
    screen = tmux.wait_for("decided 0/4")
    assert "кoмната" in screen and "Accept" in screen and "homoglyph" in screen
    tmux.send("/")
    tmux.wait_for("Search findings")
    tmux.send("Азэрба", literal=True)
    tmux.send("Enter")
    screen = tmux.wait_for("finding 3")
    assert "Азәрбајҹан" in screen and "az-Cyrl" in screen
    tmux.send("y")
    tmux.wait_for("decided 1/4")
    tmux.send("?")
    tmux.wait_for("Undo the last decision")
    tmux.send("Escape")
    tmux.send("q")
    screen = tmux.wait_for("EXIT=0")
    assert "1 decision in force" in screen
    patch = folder / "letter.txt.ocrfix.jsonl"
    assert patch.exists()
    done = run_cli("apply", str(patch), cwd=folder)
    assert done.returncode == 0, done.stderr
    fixed = (folder / "letter.fixed.txt").read_text(encoding="utf-8")
    assert "Азәрбајҹан Республикасы вә Азэрба]чан халгы." in fixed
