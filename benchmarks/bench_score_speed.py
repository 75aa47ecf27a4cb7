#!/usr/bin/env python3
"""Speed and memory of ``ocrfix score``: MB/s per worker, scaling to 2 workers, flat memory, 10,000 files.

All in one run, side by side, repeated (ranges reported): a bare tokenise-and-lookup loop over the same files (the
practical ceiling of any scorer written on the same text model and lexicons), scoring with 1 worker, and with 2
workers. Two throughput sets: the 210 OCR files of benchmarks/pairs once each (distinct documents, what an archive
looks like to the per-worker word caches) and those files cycled to ``--files`` (repeats, what the caches make of a
corpus that repeats itself). Then the real command on folders of 1,000 and 10,000 files, with its peak resident
memory and, through a pseudo-terminal, its progress bar. Goals (issue #3): >= 3 MB/s of UTF-8 per worker; 2 workers
>= 1.6x one; memory flat in the number of files.

Every measurement runs in a fresh process, so no word cache is warm from an earlier one. Start-up is not
throughput: each worker first loads every lexicon, character model and misreading image, the workers then wait for
one another, and the clock starts when they are all ready (neither the start of the pool nor the loading counts;
collecting the results in the parent does). The bare loop loads its lexicons and warms up on 20 ground-truth files.

    python benchmarks/bench_score_speed.py [--files N] [--rounds R]
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing
import os
import pty
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import PAIRS, ROOT, write_results

from ocrfix.batch import iter_files, map_documents
from ocrfix.charmodel import READINGS, load_model
from ocrfix.cli.score import _setup, score_file
from ocrfix.documents import read_document
from ocrfix.lexicon import LexiconSet
from ocrfix.text import raw_tokens, token_script


def make_folder(target: Path, count: int | None = None) -> int:
    """Fill ``target`` with the pairs' OCR files, cycled to ``count`` files (once each when None); return bytes."""
    sources = sorted((PAIRS / "ocr").glob("*.txt"))
    total = 0
    for i in range(len(sources) if count is None else count):
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


def preloaded_setup(barrier: Any) -> tuple[Any, float, float]:
    """The worker context of ``ocrfix score`` with every lexicon, model and misreading image loaded, the moment
    (``time.perf_counter``: one clock for every process of the machine) when all workers were ready, and the
    worker's CPU seconds then."""
    context = _setup(((), None, None), None, None, 64 * 2**20)
    lexicons = context[0]
    for code, reading in READINGS.items():
        lex = lexicons.get(reading.language)
        load_model(code)
        if reading.confusions:
            # Made without ``sources``, the image is built whole at its first lookup: here, not in the timed run
            # (images became lazy after this benchmark was written, and were then built on the clock).
            lex.image(reading.misread_all, reading.code).get("")
    barrier.wait()
    return context, time.perf_counter(), time.process_time()


def timed_score_file(path: str, context: tuple[Any, float, float]) -> tuple[Any, float, int, float, float]:
    """``score_file``, the moment the workers were ready, and this worker's pid, CPU seconds then and now."""
    result = score_file(path, context[0])
    return result, context[1], os.getpid(), context[2], time.process_time()


def measure(mode: str, workers: int, files: list[str]) -> dict[str, float]:
    """In this (fresh) process: seconds of the bare loop, or of scoring with ``workers`` once they are ready, with
    the CPU seconds spent meanwhile by the workers and by this process (which collects the results)."""
    if mode == "ceiling":
        lexicons = LexiconSet()
        for code in ("ru", "en", "fa", "az-Cyrl", "az-Latn"):
            lexicons.get(code)
        ceiling([str(p) for p in sorted((PAIRS / "gt").glob("*.txt"))[:20]], lexicons)
        start_at = float(os.environ.get("BENCH_START_AT", "0"))
        while time.perf_counter() < start_at:  # two of these start together (see machine_scaling)
            time.sleep(0.001)
        cpu = time.process_time()
        return {"seconds": ceiling(files, lexicons), "cpu": time.process_time() - cpu}
    start = time.perf_counter()
    cpu_start = time.process_time()
    # Fork (the Linux default) hands the barrier to the workers without pickling it.
    setup = functools.partial(preloaded_setup, multiprocessing.Barrier(workers))
    ready = None
    cpu: dict[int, tuple[float, float]] = {}
    for outcome in map_documents(timed_score_file, ((f, False) for f in files), setup=setup, workers=workers):
        assert outcome.error is None, outcome.error
        _, ready, pid, cpu_ready, cpu_now = outcome.result
        cpu[pid] = (cpu_ready, max(cpu_now, cpu.get(pid, (0.0, 0.0))[1]))
    end = time.perf_counter()
    assert ready is not None
    used = sum(now - then for then, now in cpu.values())
    if workers > 1:
        used += time.process_time() - cpu_start  # the collecting parent (with 1 worker it is the worker)
    return {"seconds": end - ready, "setup": ready - start, "cpu": used}


def measured(mode: str, workers: int, listing: Path) -> dict[str, float]:
    """:func:`measure` in a child process."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(workers), str(listing)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.splitlines()[-1])


def machine_scaling(listing: Path, single: float) -> float:
    """How much faster two bare loops run at once than one after the other, right now on this machine (at most 2).

    The control for the 2-worker figure: other people's jobs on a shared machine take cores the workers then lack.
    """
    env = dict(os.environ, BENCH_START_AT=str(time.perf_counter() + 5.0))  # after both have loaded the lexicons
    cmd = [sys.executable, __file__, "--child", "ceiling", "1", str(listing)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    both = max(json.loads(p.communicate()[0].splitlines()[-1])["seconds"] for p in procs)
    return 2 * single / both


def throughput(listing: Path) -> dict[str, float]:
    """One round on the files listed: seconds of the bare loop, of 1 and of 2 workers (start-up out), side by side."""
    r = measured("ceiling", 1, listing)
    out = {"ceiling": r["seconds"], "cpuceiling": r["cpu"]}
    for workers in (1, 2):
        r = measured("score", workers, listing)
        out[f"w{workers}"] = r["seconds"]
        out[f"setup{workers}"] = r["setup"]
        out[f"cpuw{workers}"] = r["cpu"]
    out["machine"] = machine_scaling(listing, out["ceiling"])
    return out


def _range(values: list[float], fmt: str = "{:.2f}") -> str:
    lo, mid, hi = min(values), statistics.median(values), max(values)
    return f"{fmt.format(mid)} ({fmt.format(lo)}–{fmt.format(hi)})"


def throughput_rows(name: str, mb: float, rounds: list[dict[str, float]]) -> list[str]:
    """Table rows for one set: median (min–max) over the rounds of seconds and MB/s, and ratios within each round."""
    rows = []
    for key, what in (("ceiling", "bare tokenise + lookup loop, 1 process (ceiling)"), ("w1", "ocrfix score, 1 worker"), ("w2", "ocrfix score, 2 workers")):
        secs = [r[key] for r in rounds]
        rel = [r["ceiling"] / r[key] for r in rounds]
        cpu = [r["cpu" + key] for r in rounds]
        rows.append(f"| {name} | {what} | {_range(secs)} | {_range([mb / t for t in secs])} | {_range(rel)} | {_range(cpu)} |")
    return rows


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
    parser.add_argument("--files", type=int, default=2000, help="files in the cycled throughput set")
    parser.add_argument("--rounds", type=int, default=3, help="times each throughput measurement is repeated")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "WORKERS", "LISTING"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, workers, listing = args.child
        print(json.dumps(measure(mode, int(workers), Path(listing).read_text("utf-8").splitlines())))
        return 0
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        sets = []
        for name, count in (("distinct", None), ("cycled", args.files)):
            folder = Path(tmp) / name
            nbytes = make_folder(folder, count)
            listing = Path(tmp) / f"{name}.txt"
            files = [p for p, _ in iter_files([str(folder)])]
            listing.write_text("\n".join(files), "utf-8")
            sets.append((name, files, nbytes / 1e6, listing))
        results: dict[str, list[dict[str, float]]] = {s[0]: [] for s in sets}
        for _ in range(args.rounds):
            for name, _, _, listing in sets:
                results[name].append(throughput(listing))
        lines = [
            f"Throughput sets: distinct = the {len(sets[0][1])} OCR files of benchmarks/pairs once each "
            f"({sets[0][2]:.2f} MB of UTF-8); cycled = those files cycled to {len(sets[1][1])} files ({sets[1][2]:.2f} MB).",
            f"Each figure is the median (min–max) of {args.rounds} rounds; every round measures the three rows side by side.",
            "Each measurement is a fresh process; worker figures start when all workers have loaded everything (start-up: "
            + ", ".join(f"{_range([r['setup1'] for r in results[name]])} s for 1 worker, {_range([r['setup2'] for r in results[name]])} s for 2 ({name})" for name, *_ in sets)
            + ").",
            "",
            "| set | what | seconds | MB/s | speed vs the ceiling | CPU seconds (all processes) |",
            "|---|---|---|---|---|---|",
        ]
        for name, _, mb, _ in sets:
            lines += throughput_rows(name, mb, results[name])
        lines.append("")
        for name, _, mb, _ in sets:
            rs = results[name]
            lines.append(
                f"{name}: 2 workers vs 1: {_range([r['w1'] / r['w2'] for r in rs])}x (goal >= 1.6x). "
                f"Per worker: {_range([mb / r['w1'] for r in rs])} MB/s (goal >= 3 MB/s), "
                f"{_range([mb / r['cpuw1'] for r in rs])} MB per CPU second (less hurt by other jobs); "
                f"ceiling {_range([mb / r['ceiling'] for r in rs])} MB/s. "
                f"CPU of 2 workers (and the parent) vs 1: {_range([r['cpuw2'] / r['cpuw1'] for r in rs])}x. "
                f"Two bare loops at once vs one after the other (what the machine gave 2 processes then): "
                f"{_range([r['machine'] for r in rs])}x."
            )
        lines += [
            "",
            "Real command on folders (`ocrfix score DIR --format jsonl`, all cores; files cycled), peak RSS of the largest process:",
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
    load_after = os.getloadavg()
    lines += [
        "",
        f"Load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
        f"after: {', '.join(f'{x:.2f}' for x in load_after)} (the machine is shared: figures are noisy).",
        "",
        f"Command: `python benchmarks/bench_score_speed.py --files {args.files} --rounds {args.rounds}`",
    ]
    write_results("score-speed", "Scoring speed and memory", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
