#!/usr/bin/env python3
"""Fit lexicons/calibration.json: a logistic model from suggestion features to "this is what was printed".

Training data: the even-numbered pairs of benchmarks/pairs (by manifest order); every finding whose span aligns with
ground-truth words gives one example per suggestion (label: the replacement equals the truth exactly). Fitting is
Newton's method with a small L2 penalty, deterministic; the linear score is then rescaled on the best suggestions
alone (Platt's method), since the best suggestion is the one ``fix`` accepts. The odd-numbered pairs are held out: the
script prints the calibration table on them, and benchmarks/bench_fix.py reports on them with ``--split test``.

    python tools/calibrate.py
"""

from __future__ import annotations

import json
import math
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_fix import aligned_truth  # noqa: E402
from common import PAIRS, manifest  # noqa: E402

from ocrfix.calibration import FEATURES, Calibrator  # noqa: E402
from ocrfix.documents import read_document  # noqa: E402
from ocrfix.lexicon import LexiconSet  # noqa: E402
from ocrfix.scoring import score_document  # noqa: E402
from ocrfix.suggestions import suggest_document, suggestion_features  # noqa: E402

L2 = 1.0


def examples(items: list[dict], lexicons: LexiconSet) -> list[tuple[tuple[float, ...], int, bool]]:
    """(features, right, is_top) for every suggestion of every aligned finding."""
    out = []
    for item in items:
        ocr = read_document(PAIRS / "ocr" / f"{item['name']}.txt")
        truth = read_document(PAIRS / "gt" / f"{item['name']}.txt").text
        truth_of = aligned_truth(ocr.text, truth)
        for f in suggest_document(ocr.text, score_document(ocr, lexicons), lexicons, calibrate=False):
            t = truth_of.get((f.span.start, f.span.end))
            if t is None:
                continue
            for i, s in enumerate(f.suggestions):
                out.append((suggestion_features(f, i), int(s.replacement == t), i == 0))
    return out


def fit(data: list[tuple[tuple[float, ...], int, bool]]) -> Calibrator:
    """Logistic regression by Newton's method (intercept unpenalised)."""
    k = len(FEATURES) + 1
    w = [0.0] * k
    rows = [((1.0,) + x, y) for x, y, _ in data]
    for _ in range(25):
        grad = [0.0] * k
        hess = [[0.0] * k for _ in range(k)]
        for x, y in rows:
            z = sum(a * b for a, b in zip(w, x))
            p = 1 / (1 + math.exp(-max(min(z, 30), -30)))
            for i in range(k):
                grad[i] += (p - y) * x[i]
                for j in range(i, k):
                    hess[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, k):
            grad[i] += L2 * w[i]
            hess[i][i] += L2
        for i in range(k):
            for j in range(i):
                hess[i][j] = hess[j][i]
        step = solve(hess, grad)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return Calibrator(w[0], tuple(w[1:]))


#: Boosting: rounds, shrinkage, L2 on leaf values, least hessian weight of a leaf, candidate thresholds per feature.
ROUNDS = 120
SHRINK = 0.1
LEAF_L2 = 5.0
MIN_LEAF = 20.0
BINS = 16


def _thresholds(values: list[float]) -> list[float]:
    """Up to BINS split points: quantiles of the values seen."""
    distinct = sorted(set(values))
    if len(distinct) <= BINS:
        return distinct[:-1]
    ordered = sorted(values)
    cuts = sorted({ordered[len(ordered) * k // BINS] for k in range(1, BINS)})
    return [c for c in cuts if c < distinct[-1]]


def _best_split(rows: list[int], xs, g: list[float], h: list[float], cuts: list[list[float]]):
    """(gain, feature, threshold, left rows, right rows) of the best split of ``rows``, or None."""
    gt = sum(g[r] for r in rows)
    ht = sum(h[r] for r in rows)
    parent = gt * gt / (ht + LEAF_L2)
    best = None
    for f, points in enumerate(cuts):
        if not points:
            continue
        sums_g = [0.0] * (len(points) + 1)
        sums_h = [0.0] * (len(points) + 1)
        for r in rows:
            v = xs[r][f]
            k = 0
            while k < len(points) and v > points[k]:
                k += 1
            sums_g[k] += g[r]
            sums_h[k] += h[r]
        lg = lh = 0.0
        for k, t in enumerate(points):
            lg += sums_g[k]
            lh += sums_h[k]
            rg, rh = gt - lg, ht - lh
            if lh < MIN_LEAF or rh < MIN_LEAF:
                continue
            gain = lg * lg / (lh + LEAF_L2) + rg * rg / (rh + LEAF_L2) - parent
            if best is None or gain > best[0]:
                best = (gain, f, t)
    if best is None or best[0] <= 1e-9:
        return None
    _, f, t = best
    left = [r for r in rows if xs[r][f] <= t]
    right = [r for r in rows if xs[r][f] > t]
    return best[0], f, t, left, right


def _leaf(rows: list[int], g: list[float], h: list[float]) -> float:
    return round(-SHRINK * sum(g[r] for r in rows) / (sum(h[r] for r in rows) + LEAF_L2), 6)


def fit_trees(model: Calibrator, data: list[tuple[tuple[float, ...], int, bool]]) -> Calibrator:
    """Gradient boosting of depth-2 trees on the log-loss, starting from the linear model's log-odds."""
    xs = [x for x, _, _ in data]
    ys = [y for _, y, _ in data]
    z = [model.score(x) for x in xs]
    cuts = [_thresholds([x[f] for x in xs]) for f in range(len(FEATURES))]
    trees = []
    everything = list(range(len(xs)))
    for _ in range(ROUNDS):
        p = [1 / (1 + math.exp(-max(min(v, 30), -30))) for v in z]
        g = [pi - yi for pi, yi in zip(p, ys)]
        h = [max(pi * (1 - pi), 1e-6) for pi in p]
        root = _best_split(everything, xs, g, h, cuts)
        if root is None:
            break
        _, f, t, left, right = root
        children = []
        for part in (left, right):
            split = _best_split(part, xs, g, h, cuts)
            if split is None:
                children.append((_leaf(part, g, h), {r: _leaf(part, g, h) for r in part}))
            else:
                _, f2, t2, l2, r2 = split
                lv, rv = _leaf(l2, g, h), _leaf(r2, g, h)
                children.append(((f2, round(t2, 6), lv, rv), {**{r: lv for r in l2}, **{r: rv for r in r2}}))
        tree = (f, round(t, 6), children[0][0], children[1][0])
        trees.append(tree)
        for _, values in children:
            for r, v in values.items():
                z[r] += v
    return Calibrator(model.intercept, model.coefficients, model.top_scale, tuple(trees))


def fit_top_scale(model: Calibrator, data: list[tuple[tuple[float, ...], int, bool]]) -> Calibrator:
    """Platt scaling of the model's score on the best suggestions only (Newton's method, two parameters)."""
    rows = []
    for x, y, top in data:
        if top:
            rows.append((model.score(x), y))
    a, b = 1.0, 0.0
    for _ in range(50):
        ga = gb = haa = hab = hbb = 0.0
        for z, y in rows:
            p = 1 / (1 + math.exp(-max(min(a * z + b, 30), -30)))
            ga += (p - y) * z
            gb += p - y
            w = p * (1 - p)
            haa += w * z * z
            hab += w * z
            hbb += w
        det = haa * hbb - hab * hab
        if det <= 0:
            break
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if max(abs(da), abs(db)) < 1e-8:
            break
    return Calibrator(model.intercept, model.coefficients, (a, b), model.trees)


def solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        pivot = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[pivot] = m[pivot], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for j in range(c, n + 1):
                m[r][j] -= f * m[c][j]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][j] * x[j] for j in range(r + 1, n))) / m[r][r]
    return x


def table(model: Calibrator, data: list[tuple[tuple[float, ...], int, bool]]) -> str:
    bands = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]
    lines = ["| confidence | top suggestions | right |", "|---|---|---|"]
    for lo, hi in bands:
        sel = [y for x, y, top in data if top and lo <= model(x) < hi]
        lines.append(f"| [{lo:.2f}, {min(hi, 1):.2f}) | {len(sel)} | {sum(sel) / len(sel):.1%} |" if sel else f"| [{lo:.2f}, {min(hi, 1):.2f}) | 0 | - |")
    return "\n".join(lines)


def main() -> int:
    items = manifest()
    lexicons = LexiconSet()
    train = examples(items[0::2], lexicons)
    test = examples(items[1::2], lexicons)
    model = fit_top_scale(fit_trees(fit(train), train), train)
    out = {
        "features": list(FEATURES),
        "intercept": round(model.intercept, 6),
        "coefficients": [round(c, 6) for c in model.coefficients],
        "top_scale": [round(model.top_scale[0], 6), round(model.top_scale[1], 6)],
        "trees": list(model.trees),
        "fitted_on": f"benchmarks/pairs, even-numbered pairs of manifest.jsonl ({len(items[0::2])} documents, {len(train)} suggestions)",
        "held_out": f"odd-numbered pairs ({len(items[1::2])} documents, {len(test)} suggestions)",
        "built_by": "tools/calibrate.py",
        "built": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
    }
    (ROOT / "lexicons" / "calibration.json").write_text(json.dumps(out, indent=1) + "\n", "utf-8")
    print("held-out calibration of top suggestions:\n" + table(model, test))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
