"""Calibrated confidence: the chance that a suggestion is exactly what was printed, learnt on generated OCR pairs.

The raw posterior of the noisy channel ranks well but is overconfident in some places and shy in others (a fixer's
partial repair, a known word in a misread passage). A logistic model over a few features of the suggestion maps it to
a probability that means what it says. Its coefficients are ``lexicons/calibration.json``, fitted by
``tools/calibrate.py`` on half of benchmarks/pairs and checked on the other half; without that file the raw
posterior is used.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ocrfix.lexicon import lexicon_dir

__all__ = ["FEATURES", "Calibrator", "Tree", "feature_vector", "load_calibrator", "tree_value"]

#: Names of the features, in the order of the coefficient vector (after the intercept).
FEATURES = (
    "logit_raw",
    "logit_keep",
    "logit_token_error",
    "cost",
    "edits",
    "fixer",
    "known",
    "wrong_model",
    "margin",
    "letters",
    "log_frequency",
    "lang_az",
    "lang_fa",
    "lang_en",
    "cost_per_edit",
    "insert_delete",
    "first_letter_changed",
    "capital_first_changed",
    "wrong_model_edits",
    "rule_fixer",
)
FIXERS = {"homoglyph", "dehyphenate", "split", "merge", "persian-letters", "zwnj", "ordinal-suffix"}
#: Fixers that apply a rule of the writing system (the others guess where words begin and end).
RULE_FIXERS = {"homoglyph", "dehyphenate", "persian-letters", "ordinal-suffix"}


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def feature_vector(
    raw: float,
    keep: float,
    token_error: float,
    cost: float,
    rules: tuple[str, ...],
    known: bool,
    wrong_model: bool,
    second: float,
    letters: int,
    frequency: float,
    language: str,
    original: str = "",
    replacement: str = "",
) -> tuple[float, ...]:
    """The features of one suggestion (see :data:`FEATURES`); ``frequency`` per billion words (0: unknown).

    ``original`` and ``replacement`` are the texts: a changed first letter leaves its case to a guess (OCR writes
    ``Һ`` for a word-initial ``һ``), which is where the most confident wrong suggestions come from.
    """
    fixer = bool(rules) and all(r in FIXERS for r in rules)
    first_changed = bool(original[:1].isalpha() and replacement[:1].isalpha() and original[:1].lower() != replacement[:1].lower())
    capitalised = original[:1].isupper() and original[1:].islower()
    return (
        _logit(raw),
        _logit(keep),
        _logit(token_error),
        min(cost, 3.0),
        float(0 if fixer else len(rules)),
        float(fixer),
        float(known),
        float(wrong_model),
        raw - second,
        min(letters, 20) / 10,
        math.log10(1 + frequency) / 3,
        float(language.startswith("az")),
        float(language == "fa"),
        float(language == "en"),
        min(cost, 3.0) / max(len(rules), 1) if not fixer else 0.0,
        float(sum(1 for r in rules if r[:1] in "+-" and len(r) > 1)),
        float(first_changed),
        float(first_changed and capitalised),
        float(wrong_model) * (0 if fixer else len(rules)),
        float(fixer and all(r in RULE_FIXERS for r in rules)),
    )


#: A regression tree over the features: ``(feature index, threshold, left, right)``, a leaf being its value;
#: ``left`` is taken when the feature is at most the threshold.
Tree = tuple


def tree_value(tree: Tree | float, features: tuple[float, ...]) -> float:
    """The leaf value ``features`` fall into."""
    while not isinstance(tree, (int, float)):
        index, threshold, left, right = tree
        tree = left if features[index] <= threshold else right
    return float(tree)


@dataclass(frozen=True)
class Calibrator:
    """A fitted model: ``confidence = sigmoid(a * (intercept + coefficients · features + Σ trees) + b)``.

    The linear part is a logistic regression; the trees (gradient boosting of the same log-loss, started from it)
    add what a sum of single features cannot say, such as a known word in a misread passage being riskier than an
    unknown one in proportion to its frequency.
    """

    intercept: float
    coefficients: tuple[float, ...]
    top_scale: tuple[float, float] = (1.0, 0.0)
    """``(a, b)``: the score ``z`` becomes ``a * z + b``, refitted on best suggestions alone (the model is fitted on
    every suggestion, and the best one of a finding is what gets accepted)."""
    trees: tuple[Tree, ...] = ()

    def score(self, features: tuple[float, ...]) -> float:
        """The log-odds before the rescaling."""
        z = self.intercept + sum(c * x for c, x in zip(self.coefficients, features))
        for tree in self.trees:
            z += tree_value(tree, features)
        return z

    def __call__(self, features: tuple[float, ...]) -> float:
        z = self.top_scale[0] * self.score(features) + self.top_scale[1]
        return 1 / (1 + math.exp(-max(min(z, 30), -30)))


def _tree_of(data: object) -> Tree | float:
    if isinstance(data, (int, float)):
        return float(data)
    index, threshold, left, right = data  # type: ignore[misc]
    return (int(index), float(threshold), _tree_of(left), _tree_of(right))


@lru_cache(maxsize=4)
def load_calibrator(path: str | None = None) -> Calibrator | None:
    """The shipped calibrator, or None when the file is absent or was fitted for other features."""
    p = Path(path) if path else lexicon_dir() / "calibration.json"
    try:
        data = json.loads(p.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if tuple(data.get("features", ())) != FEATURES:
        return None
    a, b = data.get("top_scale", (1.0, 0.0))
    trees = tuple(_tree_of(t) for t in data.get("trees", ()))
    return Calibrator(float(data["intercept"]), tuple(float(c) for c in data["coefficients"]), (float(a), float(b)), trees)
