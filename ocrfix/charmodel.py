"""Character trigram models per language reading, built from the lexicons, to tell plausible words from noise.

A model gives the cross-entropy of a word in bits per character, and its *implausibility*: the share of the
language's running words (frequency-weighted lexicon forms) that are more plausible than it. Implausibility is in
[0, 1]; 1 means nothing in the language looks like this. Reading it as a rank keeps it comparable across languages
without thresholds tuned to one corpus.

A *reading* is a language as an OCR model reproduces it: ``az-Cyrl@rus`` is Azerbaijani Cyrillic as Tesseract's
Russian model reads it (ә→э, ј→], ҹ→ч, ...), trained on the az-Cyrl lexicon passed through that confusion.
Models are files ``lexicons/models/<reading>.json.gz`` made by ``tools/build_models.py``.
"""

from __future__ import annotations

import bisect
import gzip
import itertools
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ocrfix.errors import LexiconError
from ocrfix.lexicon import lexicon_dir
from ocrfix.normalize import letter_replacer

__all__ = ["BOUNDARY", "CharModel", "READINGS", "Reading", "load_model", "model_dir", "remember_cross_entropies"]

#: Marks the start and end of a word in trigram contexts.
BOUNDARY = "\x02"
_LAMBDAS = (0.70, 0.20, 0.08, 0.02)


@dataclass(frozen=True)
class Reading:
    """A language as read by an OCR model: the language itself, or its image under a wrong model's confusions."""

    code: str
    """Model id, ``ru`` or ``az-Cyrl@rus``."""
    language: str
    """The language the text really is."""
    ocr_model: str | None
    """The Tesseract model whose errors this reading reproduces; None for the language read correctly."""
    right_model: str
    """The Tesseract model that reads this language correctly."""
    confusions: dict[str, str] = field(default_factory=dict)
    """Letter -> what the wrong model writes for it (lower case)."""
    final: dict[str, str] = field(default_factory=dict)
    """Letter -> what the wrong model writes for it at the end of a word (after ``confusions``)."""

    def misread(self, word: str) -> str:
        """``word`` as the wrong OCR model would write it."""
        return self.misread_all([word])[0]

    def sources(self, word: str, limit: int = 256) -> list[str] | None:
        """Strings :meth:`misread` may turn into ``word``: every one that does, and perhaps others (misread them to
        check); None when there would be more than ``limit``, or the final rules are not single letters.
        """
        if any(len(a) != 1 or len(b) != 1 for a, b in self.final.items()):
            return None
        inverse: dict[str, list[str]] = {}
        for letter, written in self.confusions.items():
            inverse.setdefault(written, []).append(letter)
        options = [(c, *inverse.get(c, ())) for c in word]
        if word:
            # The last letter may also come from a letter the final rules change into it.
            last = {word[-1]} | {t for t in self.final if self._final(t) == word[-1]}
            options[-1] = tuple(dict.fromkeys(x for t in sorted(last) for x in (t, *inverse.get(t, ()))))
        count = 1
        for o in options:
            count *= len(o)
            if count > limit:
                return None
        return ["".join(p) for p in itertools.product(*options)]

    def _final(self, letter: str) -> str:
        for a, b in self.final.items():
            if letter == a:
                letter = b
        return letter

    def misread_all(self, words: list[str]) -> list[str]:
        """:meth:`misread` for many words at once (one translation of the joined text; words hold no newline)."""
        if not self.confusions:
            return list(words)
        joined = _replacer(tuple(self.confusions.items()))("\n".join(words))
        for letter, written in self.final.items():
            joined = re.sub(re.escape(letter) + r"(?=\n|\Z)", written, joined)
        return joined.split("\n")


READINGS: dict[str, Reading] = {
    r.code: r
    for r in (
        Reading("ru", "ru", None, "rus"),
        Reading("en", "en", None, "eng"),
        Reading("az-Latn", "az-Latn", None, "aze"),
        Reading("az-Cyrl", "az-Cyrl", None, "aze_cyrl"),
        Reading("fa", "fa", None, "fas"),
        Reading(
            "az-Cyrl@rus",
            "az-Cyrl",
            "rus",
            "aze_cyrl",
            {"ә": "э", "ј": "]", "ҹ": "ч", "һ": "п", "ө": "е", "ү": "у", "ғ": "г", "ҝ": "к"},
        ),
        Reading(
            "fa@ara",
            "fa",
            "ara",
            "fas",
            {"ی": "ي", "ک": "ك", "پ": "ب", "چ": "ج", "ژ": "ز", "گ": "ك"},
            # A final Persian yeh has no dots, so an Arabic model reads it as alef maksura.
            {"ي": "ى"},
        ),
    )
}


def model_dir() -> Path:
    """Folder of the shipped character models."""
    return lexicon_dir() / "models"


class CharModel:
    """Interpolated character trigram model over lower-cased words with boundary marks."""

    def __init__(
        self,
        code: str,
        tri: dict[str, float],
        bi: dict[str, float],
        uni: dict[str, float],
        quantiles: list[float],
        alphabet_size: int,
        unknown_rate: float = 0.05,
    ) -> None:
        self.code = code
        self._tri = tri
        self._bi = bi
        self._uni = uni
        self._quantiles = quantiles
        self._floor = _LAMBDAS[3] / max(alphabet_size, 1)
        self._memo: dict[str, float] = {}
        self._lp = _LogProbs(self)
        self.unknown_rate = unknown_rate
        """Share of the words of correct text in this language that its lexicon does not know, in [0, 1]."""

    def logprob(self, a: str, b: str, c: str) -> float:
        """log2 P(c | a b)."""
        p = self._tri.get(a + b + c)
        if p is not None:
            return p
        return math.log2(_LAMBDAS[1] * self._bi.get(b + c, 0.0) + _LAMBDAS[2] * self._uni.get(c, 0.0) + self._floor)

    def cross_entropy(self, word: str) -> float:
        """Bits per character of ``word`` (lower-cased by the caller), the end mark included."""
        hit = self._memo.get(word)
        if hit is None:
            if len(self._memo) > 200_000:
                self._memo.clear()  # bounded: words repeat within a batch, memory must not grow with it
            hit = self._memo[word] = self._cross_entropy(word)
        return hit

    def _cross_entropy(self, word: str) -> float:
        s = BOUNDARY + BOUNDARY + word + BOUNDARY
        lp = self._lp
        total = 0.0
        for i in range(len(s) - 2):
            total -= lp[s[i : i + 3]]
        return total / (len(s) - 2)

    def implausibility(self, word: str) -> float:
        """Share in [0, 1] of the language's running words that are more plausible than ``word`` (1 = noise)."""
        h = self.cross_entropy(word)
        q = self._quantiles
        return bisect.bisect_left(q, h) / len(q)


class _LogProbs(dict):
    """log2 P(c | a b) by trigram string ``abc``: the trigrams seen in training, and back-offs as they are asked for."""

    def __init__(self, model: CharModel) -> None:
        super().__init__(model._tri)
        self._model = model
        self._limit = len(model._tri) + 100_000

    def __missing__(self, gram: str) -> float:
        if len(self) > self._limit:
            # Bounded: garbage brings ever new trigrams; forget the back-offs, keep the trained ones.
            self.clear()
            self.update(self._model._tri)
        value = self[gram] = self._model.logprob(gram[0], gram[1], gram[2])
        return value


def remember_cross_entropies(models: list[CharModel], words: list[str]) -> None:
    """Compute :meth:`CharModel.cross_entropy` of ``words`` under two or three models at once, and remember them.

    One pass over a word's trigrams serves every model (a passage's words are fitted under every reading of its
    script); the numbers are those each model computes alone, summed in the same order. Words the first model
    remembers are taken to be done (any other model computes what it lacks when asked).
    """
    models = list(dict.fromkeys(models))
    if not 2 <= len(models) <= 3:
        return
    first = models[0]._memo
    todo = [w for w in dict.fromkeys(words) if w not in first]
    if not todo:
        return
    for m in models:
        if len(m._memo) + len(todo) > 200_000:
            m._memo.clear()  # the bound of :meth:`CharModel.cross_entropy`
    memos = [m._memo for m in models]
    if len(models) == 2:
        l1, l2 = (m._lp for m in models)
        m1, m2 = memos
        for word in todo:
            s = BOUNDARY + BOUNDARY + word + BOUNDARY
            t1 = t2 = 0.0
            for i in range(len(s) - 2):
                g = s[i : i + 3]
                t1 -= l1[g]
                t2 -= l2[g]
            n = len(s) - 2
            m1[word], m2[word] = t1 / n, t2 / n
    else:
        l1, l2, l3 = (m._lp for m in models)
        m1, m2, m3 = memos
        for word in todo:
            s = BOUNDARY + BOUNDARY + word + BOUNDARY
            t1 = t2 = t3 = 0.0
            for i in range(len(s) - 2):
                g = s[i : i + 3]
                t1 -= l1[g]
                t2 -= l2[g]
                t3 -= l3[g]
            n = len(s) - 2
            m1[word], m2[word], m3[word] = t1 / n, t2 / n, t3 / n


@lru_cache(maxsize=16)
def _replacer(confusions: tuple[tuple[str, str], ...]) -> Callable[[str], str]:
    return letter_replacer(dict(confusions))


@lru_cache(maxsize=None)
def load_model(code: str, folder: str | None = None) -> CharModel:
    """Load the shipped character model ``code`` (e.g. ``ru``, ``az-Cyrl@rus``).

    Raises:
        LexiconError: the model file is missing or malformed.
    """
    path = (Path(folder) if folder else model_dir()) / f"{code}.json.gz"
    try:
        data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
        return CharModel(
            code, data["tri"], data["bi"], data["uni"], data["quantiles"], int(data["alphabet_size"]), float(data["unknown_rate"])
        )
    except FileNotFoundError:
        raise LexiconError(f"no character model {code!r} (run tools/build_models.py)") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LexiconError(f"{path.name}: malformed character model ({exc.__class__.__name__})") from None
