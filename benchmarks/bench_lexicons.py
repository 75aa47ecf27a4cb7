#!/usr/bin/env python3
"""Cost of making all five shipped lexicons ready for lookup: time and resident memory, cold and warm cache.

Each measurement runs in a fresh interpreter: "cold" with an empty cache folder (the first run after installing or
after a lexicon changed: the gzip files are parsed and the cache written), "warm" with the cache in place (every
later run). Goal (issue #2): <= 1.5 s and <= 400 MB for all five together.

    python benchmarks/bench_lexicons.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

from common import ROOT, write_results

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
t0 = time.perf_counter()
from ocrfix.lexicon import LexiconSet
lexicons = LexiconSet()
sizes = {code: len(lexicons.get(code)) for code in ("ru", "az-Cyrl", "az-Latn", "fa", "en")}
ready = time.perf_counter() - t0
assert "комната" in lexicons.get("ru") and "азәрбајҹан" in lexicons.get("az-Cyrl")
print(json.dumps({"seconds": ready, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "sizes": sizes}))
"""

BASELINE = r"""
import json, resource, sys
print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, cache: str) -> dict:
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    out = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cold, warm = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(run(CHILD, cache))
            warm.append(run(CHILD, cache))
    base = run(BASELINE, tempfile.gettempdir())["rss_mb"]
    sizes = warm[0]["sizes"]
    lines = [
        f"Forms loaded: {', '.join(f'{k} {v:,}' for k, v in sizes.items())} ({sum(sizes.values()):,} in all).",
        "",
        "| run | time to ready, median (min-max) | peak RSS, median |",
        "|---|---|---|",
    ]
    for name, rows in (("cold cache (first run)", cold), ("warm cache (every later run)", warm)):
        secs = [r["seconds"] for r in rows]
        rss = [r["rss_mb"] for r in rows]
        lines.append(f"| {name} | {statistics.median(secs):.2f} s ({min(secs):.2f}-{max(secs):.2f}) | {statistics.median(rss):.0f} MB |")
    lines += [
        f"| bare interpreter (for reference) | - | {base:.0f} MB |",
        "",
        f"Warm/cold time ratio, measured side by side: {statistics.median([r['seconds'] for r in warm]) / statistics.median([r['seconds'] for r in cold]):.2f}.",
        "Goal: <= 1.5 s and <= 400 MB for all five lexicons ready together (warm cache).",
        "",
        f"Command: `python benchmarks/bench_lexicons.py --repeat {args.repeat}`",
    ]
    write_results("lexicons", "Lexicon load cost", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
