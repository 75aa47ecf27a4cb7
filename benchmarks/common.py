"""Shared helpers of the benchmarks: the machine description and the results-file writer."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAIRS = Path(os.environ.get("OCRFIX_PAIRS", ROOT / "benchmarks" / "pairs"))  # OCRFIX_PAIRS=corpus/generated for a quick run


def machine() -> str:
    """One line naming the machine, Python and date."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    date = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    # Results files are committed after the run: a run on an edited tree says so.
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    if commit and dirty:
        commit += " with uncommitted changes"
    return f"{date}; {cpu}; {os.cpu_count()} cores; {mem:.0f} GiB; Python {platform.python_version()}; commit {commit or '?'}"


def manifest() -> list[dict]:
    """The generated OCR pairs (benchmarks/pairs/manifest.jsonl)."""
    return [json.loads(line) for line in (PAIRS / "manifest.jsonl").read_text("utf-8").splitlines() if line.strip()]


def write_results(name: str, title: str, body: str) -> Path:
    """Write ``benchmarks/results-<name>.md`` with the machine line on top, and echo it."""
    path = ROOT / "benchmarks" / f"results-{name}.md"
    text = f"# {title}\n\nMachine: {machine()}\n\n{body.rstrip()}\n"
    path.write_text(text, "utf-8")
    print(text)
    return path
