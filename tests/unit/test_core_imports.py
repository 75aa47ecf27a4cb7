"""The core never imports the TUI libraries: each core module loads in a fresh interpreter without textual/rich."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "ocrfix",
    "ocrfix.documents",
    "ocrfix.text",
    "ocrfix.scripts",
    "ocrfix.lexicon",
    "ocrfix.charmodel",
    "ocrfix.language",
    "ocrfix.garbage",
    "ocrfix.scoring",
    "ocrfix.batch",
    "ocrfix.report",
    "ocrfix.html_report",
    "ocrfix.evaluation",
    "ocrfix.anchors",
    "ocrfix.decisions",
    "ocrfix.patches",
    "ocrfix.patching",
    "ocrfix.confusions",
    "ocrfix.cache",
    "ocrfix.candidates",
    "ocrfix.suggestions",
    "ocrfix.persian",
    "ocrfix.ordinals",
    "ocrfix.orthography",
    "ocrfix.fixing",
    "ocrfix.calibration",
    "ocrfix.review",
    "ocrfix.tui.display",
    "ocrfix.tui.compute",
    "ocrfix.cli",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_tui(module: str) -> None:
    code = f"import sys, {module}; bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
