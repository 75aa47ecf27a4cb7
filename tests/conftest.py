"""Shared fixtures: every test runs with its own HOME and a session-wide lexicon cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

@pytest.fixture(scope="session")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))


@pytest.fixture(scope="session")
def lexicons(cache_home: Path):
    os.environ["XDG_CACHE_HOME"] = str(cache_home)
    from ocrfix.lexicon import LexiconSet

    return LexiconSet()
