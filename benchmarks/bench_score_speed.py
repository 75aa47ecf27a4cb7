#!/usr/bin/env python3
"""Speed and memory of ``ocrfix score``: MB/s per worker, scaling to 2 workers, flat memory, 10,000 files.

All in one run, side by side: a bare tokenise-and-lookup loop over the same files (the practical ceiling of any
scorer written on the same text model and lexicons), scoring with 1 worker, and with 2 workers. Then the real
command on folders of 1,000 and 10,000 files, with its peak resident memory and, through a pseudo-terminal, its
progress bar. Goals (issue #3): >= 3 MB/s of UTF-8 per worker; 2 workers >= 1.6x one; memory flat in the number of
files.

    python benchmarks/bench_score_speed.py [--files N]
"""

from __future__ import annotations

import argparse
import os
import pty
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PAIRS, ROOT, write_results

from ocrfix.batch import iter_files, map_documents
from ocrfix.cli.score import _setup, score_file
from ocrfix.documents import read_document
from ocrfix.lexicon import LexiconSet
from ocrfix.text import raw_tokens, token_script


def make_folder(target: Path, count: int) -> int:
    """Fill ``target`` with ``count`` files cycled from the pairs' OCR files; return their total bytes."""
    sources = sorted((PAIRS / "ocr").glob("*.txt"))
    total = 0
    for i in range(count):
        src = sources[i % len(sources)]
        sub = target / f"box{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        dst = sub / f"{i:05d}-{src.name}"
        shutil.copyfile(src, dst)
        total += dst.stat().st_size
    return total


def ceiling(files: list[str], lexicons: LexiconSet) -> float:
    """Seconds for the bare loop: decode, tokenise, look every word up in the lexicon of its script."""
    by_script = {"Cyrl": lexicons.get("ru"), "Latn": lexicons.get("en"), "Arab": lexicons.get("fa")}
    start = time.perf_counter()
    known = 0
    for path in files:
        for kind, piece, _, _ in raw_tokens(read_document(path).text):
            if kind == "word":
                lex = by_script.get(token_script(piece) or "")
                known += lex is not None and piece in lex
    return time.perf_counter() - start


def scored(files: list[str], workers: int) -> float:
    setup = __import__("functools").partial(_setup, ((), None, None), None, None, 64 * 2**20)
    start = time.perf_counter()
    for outcome in map_documents(score_file, ((f, False) for f in files), setup=setup, workers=workers):
        assert outcome.error is None, outcome.error
    return time.perf_counter() - start


_WRAP = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run_cli(folder: Path) -> tuple[float, float, int]:
    """Run ``ocrfix score`` on a folder with stderr on a pseudo-terminal.

    Returns seconds, peak RSS in MB of its largest process (measured by a wrapper of its own, so runs do not mix),
    and how many progress-bar updates it drew.
    """
    cmd = [sys.executable, "-c", _WRAP, sys.executable, "-m", "ocrfix", "score", str(folder), "--format", "jsonl"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    updates = 0
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        updates += chunk.count(b"\rscoring:")
    out, _ = proc.communicate()
    os.close(master)
    seconds = time.perf_counter() - start
    return seconds, int(out.decode().strip() or 0) / 1024, updates


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000, help="files in the throughput set")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "set"
        nbytes = make_folder(small, args.files)
        files = [p for p, _ in iter_files([str(small)])]
        lexicons = LexiconSet()
        for code in ("ru", "en", "fa", "az-Cyrl", "az-Latn"):
            lexicons.get(code)
        ceiling(files[:20], lexicons)  # warm the caches
        t_ceiling = ceiling(files, lexicons)
        # Start-up (worker processes, lexicons, models) is paid once per worker; measured on 2 files and taken out.
        setup1 = scored(files[:1], 1)
        setup2 = scored(files[:2], 2)
        t1 = scored(files, 1) - setup1
        t2 = scored(files, 2) - setup2
        mb = nbytes / 1e6
        lines = [
            f"Throughput set: {len(files)} files, {mb:.2f} MB of UTF-8 (the OCR files of benchmarks/pairs, cycled).",
            "",
            "| what | seconds | MB/s | relative |",
            "|---|---|---|---|",
            f"| bare tokenise + lookup loop, 1 process (ceiling) | {t_ceiling:.2f} | {mb / t_ceiling:.2f} | 1.00 |",
            f"| ocrfix score, 1 worker (start-up of {setup1:.2f} s taken out) | {t1:.2f} | {mb / t1:.2f} | {t_ceiling / t1:.2f} |",
            f"| ocrfix score, 2 workers (start-up of {setup2:.2f} s taken out) | {t2:.2f} | {mb / t2:.2f} | {t_ceiling / t2:.2f} |",
            "",
            f"2 workers vs 1: {t1 / t2:.2f}x (goal >= 1.6x). Per worker: {mb / t1:.2f} MB/s (goal >= 3 MB/s).",
            "",
            "Real command on folders (`ocrfix score DIR --format jsonl`, all cores), peak RSS of the largest process:",
            "",
            "| files | MB | seconds | peak RSS | progress updates on a terminal |",
            "|---|---|---|---|---|",
        ]
        for count in (1000, 10000):
            folder = Path(tmp) / f"f{count}"
            size = make_folder(folder, count)
            seconds, rss, updates = run_cli(folder)
            lines.append(f"| {count:,} | {size / 1e6:.1f} | {seconds:.1f} | {rss:.0f} MB | {updates} |")
            shutil.rmtree(folder)
    lines += ["", f"Command: `python benchmarks/bench_score_speed.py --files {args.files}`"]
    write_results("score-speed", "Scoring speed and memory", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
