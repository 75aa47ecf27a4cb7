"""The built wheel carries the lexicons and models, and a non-editable install works in a fresh environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from clitools import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (path,) = out.glob("ocrfix-*.whl")
    return path


def test_wheel_contains_lexicons_and_models(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for code in ("ru", "az-Cyrl", "az-Latn", "fa", "en"):
        assert f"ocrfix/_data/lexicons/{code}.tsv.gz" in names
    assert "ocrfix/_data/lexicons/SOURCES.md" in names
    assert "ocrfix/_data/lexicons/models/az-Cyrl@rus.json.gz" in names


def test_lexicons_from_non_editable_install(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True, timeout=900)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [str(env_dir / "bin" / "ocrfix"), "lexicons", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    rows = {r["language"]: r for r in json.loads(out.stdout)}
    assert {"ru", "az-Cyrl", "az-Latn", "fa", "en"} <= set(rows)
    assert all("_data" in r["path"] and str(ROOT) not in r["path"] for r in rows.values())
    sample = tmp_path / "letter.txt"
    sample.write_text("Уважаемый товарищ Хрущев, первое письмо я написал Вам первого декабря.\n", "utf-8")
    scored = subprocess.run(
        [str(env_dir / "bin" / "ocrfix"), "score", str(sample), "--format", "jsonl"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["language"] == "ru"
