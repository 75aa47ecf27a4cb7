"""The data-building tools' own logic (tools/ is not part of the package, so it is loaded from its path)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools"


@pytest.fixture(scope="module")
def build_lexicons():
    spec = importlib.util.spec_from_file_location("build_lexicons_under_test", TOOLS / "build_lexicons.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_merge_sources_keeps_list_only_forms_apart(build_lexicons) -> None:
    counts, listed, dropped = build_lexicons.merge_sources(
        [{"дом": 500.0, "кот": 20.4}, {"дом": None, "домик": None, "ррраз": None, "пхл": None}], "аоуыэяеёюи"
    )
    assert counts == {"дом": 500, "кот": 20, "домик": 1}
    assert listed == {"домик"}
    assert dropped == 2  # a tripled letter, no vowel


def test_listed_rate_is_the_share_of_reference_tokens_over_the_forms(build_lexicons, tmp_path: Path) -> None:
    (tmp_path / "ru-gsd-dev.txt").write_text("дом домик кот\nДомик Ёжик дом\nдомик домик домик\n", encoding="utf-8")
    (tmp_path / "ru-taiga-dev.txt").write_text("кот кот кот ежик\n", encoding="utf-8")
    counts = {"дом": 900, "кот": 500, "домик": 1, "ежик": 1}
    used = {"ru-gsd-dev.txt": {3}}  # a line a generated pair was made from is left out
    estimate = build_lexicons.listed_rate("ru", counts, {"домик", "ежик"}, tmp_path, used)
    # 10 word tokens are left; 4 of them are list-only forms (домик twice, Ёжик folded to ежик, ежик).
    assert (estimate.reference_tokens, estimate.tokens, estimate.forms) == (10, 4, 2)
    assert estimate.rate == round(4 / 10 / 2 * 1e9)
    assert "without the 1 lines" in estimate.reference


def test_a_folded_key_belongs_to_its_more_frequent_form(build_lexicons, tmp_path: Path) -> None:
    (tmp_path / "ru-gsd-dev.txt").write_text("все всё все\n", encoding="utf-8")
    (tmp_path / "ru-taiga-dev.txt").write_text("\n", encoding="utf-8")
    # всё is list-only but folds to все, a counted form that owns the key, so no token counts as list-only.
    estimate = build_lexicons.listed_rate("ru", {"все": 10_000, "всё": 1}, {"всё"}, tmp_path, {})
    assert (estimate.tokens, estimate.rate) == (0, 1)


def test_used_lines_come_from_the_pair_manifests(build_lexicons, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.jsonl"
    rows = [{"source": "a.txt", "first_line": 2, "last_line": 4}, {"source": "a.txt", "first_line": 9, "last_line": 9}]
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert build_lexicons.used_lines([manifest, tmp_path / "missing.jsonl"]) == {"a.txt": {2, 3, 4, 9}}
