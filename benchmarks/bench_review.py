#!/usr/bin/env python3
"""Responsiveness of ``ocrfix review`` on a 200-page document: time to the first finding shown, and key-to-redraw.

The document repeats the seed letters to 200 pages of 2,500 characters (500,000 code points). The app runs
headless (``App.run_test`` at 110×32). "Shown" means the document view has painted a frame with the current
finding; a redraw is timed from just before a key is sent to the end of the next document-view paint. Measured:

- first finding, cold: a new compute process (lexicons loaded and indexes built from scratch, as on a first start);
- first finding, warm: the same compute process again (as for the next document of a folder), and the in-process
  thread mode with lexicons already loaded;
- redraw after j (next finding) and n (reject: appends and fsyncs a record), while the later sections are still
  being computed and after they are all in.

Goals (issue "ocrfix review"): first finding <= 1 s, redraw <= 50 ms.

    python benchmarks/bench_review.py [--pages 200] [--presses 60]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from common import ROOT, write_results

from ocrfix.cli.common import lexicon_args
from ocrfix.lexicon import LexiconSet
from ocrfix.review import SECTION_CHARS, WHOLE_LIMIT, ReviewSession, find_sections
from ocrfix.tui.app import ReviewApp
from ocrfix.tui.compute import SectionProcess
from ocrfix.tui.widgets import DocumentView

SIZE = (110, 32)
PAGE = 2_500
SEEDS = [ROOT / "corpus" / "seeds" / "000_4f7efc095959c4c2.txt", ROOT / "corpus" / "seeds" / "004_0ea069f91e8485c9.txt"]

_painted: list[tuple[float, bool]] = []  # (end of a document-view paint, whether it showed a finding)
_render = DocumentView.render


def _timed_render(self: DocumentView):  # type: ignore[no-untyped-def]
    out = _render(self)
    _painted.append((time.perf_counter(), self.session is not None and self.session.current is not None))
    return out


DocumentView.render = _timed_render  # type: ignore[method-assign]


def build_document(folder: Path, pages: int) -> Path:
    seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
    text = ""
    while len(text) < pages * PAGE:
        text += "\n\n".join(seeds) + "\n\n"
    cut = text.rfind("\n\n", 0, pages * PAGE)
    path = folder / f"book-{pages}p.txt"
    path.write_text(text[: cut + 1], encoding="utf-8")
    return path


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def run_app(
    path: Path, lexicons: LexiconSet, compute: SectionProcess | None, presses: int, *, first_only: bool = False
) -> dict[str, object]:
    patch = path.with_name(path.name + f".{time.monotonic_ns()}.jsonl")

    def open_session(p: Path) -> ReviewSession:
        return ReviewSession(p, patch_path=patch, lexicons=lexicons, reviewer="bench", compute=False)

    _painted.clear()
    start = time.perf_counter()
    app = ReviewApp([path], open_session, lexicons=lexicons, compute=compute)
    out: dict[str, object] = {}
    async with app.run_test(size=SIZE) as pilot:
        while not any(shown for _, shown in _painted):
            await asyncio.sleep(0.001)
        out["first"] = next(t for t, shown in _painted if shown) - start
        if first_only:
            app.exit()
            return out

        async def redraws(keys: str) -> list[float]:
            times = []
            for key in keys:
                sent = time.perf_counter()
                await pilot.press(key)
                while not any(t > sent for t, _ in _painted):
                    await asyncio.sleep(0.0005)
                times.append(next(t for t, _ in _painted if t > sent) - sent)
                await asyncio.sleep(0.02)  # a reviewer's pace, roughly: give the frame time to flush
            return times

        session = app.screen.session
        out["busy_j"] = await redraws("j" * presses)
        out["busy_n"] = await redraws("n" * (presses // 3))
        out["busy_complete"] = session.complete
        await app.workers.wait_for_complete()
        out["total_time"] = time.perf_counter() - start
        out["findings"] = session.progress.total
        out["idle_j"] = await redraws("j" * presses)
        out["idle_n"] = await redraws("n" * (presses // 3))
    patch.unlink(missing_ok=True)
    return out


def row(name: str, times: list[float]) -> str:
    ms = [1000 * t for t in times]
    return f"| {name} | {len(ms)} | {statistics.median(ms):.1f} ms | {percentile(ms, 0.95):.1f} ms | {max(ms):.1f} ms |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--presses", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = build_document(folder, args.pages)
        page = build_document(folder, 1)
        size = len(book.read_text(encoding="utf-8"))
        spec = lexicon_args(argparse.Namespace(lexicon=[], lexicon_lang=None, project_lexicon=str(folder / "none.tsv")))

        compute = SectionProcess(spec)
        try:
            cold = asyncio.run(run_app(book, LexiconSet(), compute, args.presses))
            warm = asyncio.run(run_app(book, LexiconSet(), compute, args.presses))
            again = []
            for _ in range(4):
                time.sleep(1.0)  # let the abandoned document's section finish in the child
                again.append(float(asyncio.run(run_app(book, LexiconSet(), compute, 0, first_only=True))["first"]))
            one_page = asyncio.run(run_app(page, LexiconSet(), compute, 10))
        finally:
            compute.close()

        lexicons = LexiconSet()
        for _ in find_sections(book.read_text(encoding="utf-8")[:60_000], lexicons):  # loads what the book needs
            pass
        threaded = asyncio.run(run_app(book, lexicons, None, args.presses))

    load = os.getloadavg()
    body = f"""Document: the two seed letters repeated to {args.pages} pages of {PAGE:,} characters ({size:,} code points); \
findings come in sections of about {SECTION_CHARS:,} code points (documents up to {WHOLE_LIMIT:,} are one section).
Headless app (`App.run_test`, {SIZE[0]}×{SIZE[1]}); load average before the run {load[0]:.2f}.

## Time to the first finding shown

| run | first finding shown | all {cold['findings']} findings in |
|---|---|---|
| cold: new compute process (as `ocrfix review` starts) | {cold['first']:.2f} s | {cold['total_time']:.1f} s |
| warm: same compute process, next document | {warm['first']:.2f} s (4 more runs: {", ".join(f"{t:.2f}" for t in again)} s) | {warm['total_time']:.1f} s |
| warm, 1-page document, same process | {one_page['first']:.2f} s | {one_page['total_time']:.1f} s |
| in-process thread, lexicons and indexes already loaded | {threaded['first']:.2f} s | {threaded['total_time']:.1f} s |

The cold time does not depend on the document's size: it is the core's start-up (loading the lexicons the first
section needs, their images for the reading fits, and the candidate indexes: about 2 s of it builds two indexes).
The machine is shared (2 cores, other benchmarks may run): single runs vary, e.g. one warm run took 1.5 s.

## Key press to redraw (compute process, cold run)

| key, state | presses | median | 95th percentile | max |
|---|---|---|---|---|
{row("j (next), later sections still computing", cold["busy_j"])}
{row("n (reject + fsync), later sections still computing", cold["busy_n"])}
{row("j (next), all findings in", cold["idle_j"])}
{row("n (reject + fsync), all findings in", cold["idle_n"])}

## Key press to redraw (in-process thread, for comparison)

| key, state | presses | median | 95th percentile | max |
|---|---|---|---|---|
{row("j (next), later sections still computing", threaded["busy_j"])}
{row("n (reject + fsync), later sections still computing", threaded["busy_n"])}
{row("j (next), all findings in", threaded["idle_j"])}
{row("n (reject + fsync), all findings in", threaded["idle_n"])}

Goals: first finding <= 1 s; redraw <= 50 ms.

Command: `python benchmarks/bench_review.py --pages {args.pages} --presses {args.presses}`"""
    write_results("review", "ocrfix review: responsiveness", body)


if __name__ == "__main__":
    main()
