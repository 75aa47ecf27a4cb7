"""Language and reading of a passage: which language it is, and whether an OCR model for another language read it.

Each candidate reading (``ru``, ``az-Cyrl``, ``az-Cyrl@rus``, ...) is a word model: a word is drawn from the
lexicon with probability ``LEXICON_WEIGHT`` (by its frequency) or spelled by the character model otherwise. The
reading that gives the passage's words the fewest bits wins. A wrong-model reading must beat the language read
correctly by a clear margin, and the text must lack the letters the right model would have produced, before a
``wrong-ocr-model`` diagnosis is made. A reading may also draw a measured share of its words from another language's
lexicon (``BORROWED``: Russian words in Azerbaijani Cyrillic).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import reduce
from operator import add, itemgetter

from ocrfix.charmodel import READINGS, CharModel, Reading, load_model, remember_cross_entropies
from ocrfix.errors import LexiconError
from ocrfix.lexicon import LexiconSet, class_frequency
from ocrfix.normalize import fold_case
from ocrfix.scripts import LANGUAGES, dominant_script
from ocrfix.text import Token

__all__ = ["LanguageGuess", "ReadingFit", "guess_language", "guess_language_of_words", "readings_for_script"]

LEXICON_WEIGHT = 0.8
#: Bits per character a wrong-model reading must save over the right reading before it is believed.
WRONG_MODEL_MARGIN = 0.25
#: Bits the wrong-model reading must save over the whole passage (odds of about 65,000 to 1).
WRONG_MODEL_EVIDENCE_BITS = 16.0
#: Reading -> (language whose words text in that reading also carries, share of its words that are such words and
#: unknown to the reading's own lexicon). Azerbaijani Cyrillic writes Russian words and names; the Russian OCR model
#: turns Azerbaijani words it cannot read into Russian ones. Shares measured on benchmarks/pairs (gt and rus OCR).
BORROWED: dict[str, tuple[str, float]] = {"az-Cyrl": ("ru", 0.011), "az-Cyrl@rus": ("ru", 0.053)}
#: Most words looked at to identify a passage's language.
SAMPLE_WORDS = 300
#: Bits per letter charged for a word of a user language that has no character model.
_UNIFORM_BITS = math.log2(40)
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)


@dataclass(frozen=True)
class ReadingFit:
    """How well one reading explains a passage's words."""

    reading: str
    bits_per_char: float
    """Average code length per letter under the reading (lower = better fit)."""
    known_rate: float
    """Share of letters in words the reading's lexicon (or its image under the confusions) knows, in [0, 1]."""
    letters: int = 0
    """Letters in the words fitted (``bits_per_char * letters`` is the reading's code length of them, in bits)."""

    @property
    def bits(self) -> float:
        """Total code length of the words under the reading, in bits (lower = better fit)."""
        return self.bits_per_char * self.letters


@dataclass(frozen=True)
class LanguageGuess:
    """The language of a passage and how it was read."""

    language: str
    """BCP-47 code, or ``unknown``."""
    script: str | None
    reading: str | None
    """The winning reading (``az-Cyrl@rus`` means Azerbaijani read by the Russian model)."""
    fits: tuple[ReadingFit, ...] = field(default_factory=tuple)
    """Every reading tried, best first."""
    signature_ratio: float | None = None
    """For a wrong-model reading: share of the right model's signature letters observed vs expected, in [0, 1+]."""

    @property
    def wrong_model(self) -> Reading | None:
        """The wrong-model reading when that was diagnosed, else None."""
        r = READINGS.get(self.reading or "")
        return r if r is not None and r.ocr_model is not None else None


def readings_for_script(script: str | None, lexicons: LexiconSet) -> list[str]:
    """Readings worth trying for text in ``script``: shipped readings of that script plus user languages."""
    out = []
    languages = lexicons.languages
    known = set(languages)
    for code, reading in READINGS.items():
        prof = LANGUAGES.get(reading.language)
        if prof is not None and prof.script == script and reading.language in known:
            out.append(code)
    for language in languages:
        if language not in READINGS and language not in LANGUAGES:
            lex = lexicons.get(language)
            sample = "".join(k for _, k in zip(range(200), lex.keys()))
            if dominant_script(sample) == script:
                out.append(language)
    return out


def _word_bits(word: str, key_class: int | None, model: CharModel | None) -> float:
    p_lex = LEXICON_WEIGHT * class_frequency(key_class) / 1e9 if key_class is not None else 0.0
    if model is not None:
        p_char = (1 - LEXICON_WEIGHT) * 2.0 ** (-model.cross_entropy(word) * (len(word) + 1))
    else:
        p_char = (1 - LEXICON_WEIGHT) * 2.0 ** (-_UNIFORM_BITS * (len(word) + 1))
    return -math.log2(p_lex + p_char) if p_lex + p_char > 0 else 64.0 * (len(word) + 1)


def fit_reading(code: str, words: list[str], lexicons: LexiconSet) -> ReadingFit:
    """Score how well reading ``code`` explains ``words`` (lower-cased NFC word texts)."""
    hits = _word_hits(code, words, lexicons)
    # Added one by one in word order, as a running total would be (the fit must not depend on the summation).
    bits = reduce(add, map(_FIRST, hits), 0.0)
    letters = sum(map(_SECOND, hits))
    known = sum(map(_THIRD, hits))
    return ReadingFit(code, bits / max(letters, 1), known / max(letters, 1), letters)


def _word_hits(code: str, words: list[str], lexicons: LexiconSet) -> list[tuple[float, int, int]]:
    """Per word of ``words``: (bits under reading ``code``, letters, letters if its lexicon knows the word else 0)."""
    borrowed = BORROWED.get(code)
    if borrowed is None or borrowed[0] not in lexicons.languages:
        return _plain_hits(code, words, lexicons)
    # A word is the reading's own or, with probability ``share``, one of the language it borrows from.
    source, share = borrowed
    reading = READINGS.get(code)
    theirs_memo = lexicons.get(source).scratch(f"fit:{source}")
    memo = lexicons.get(reading.language if reading else code).scratch(f"fit:{code}+{source}")
    # Emptied with the reading's lexicon (its scratch goes) and with the source's (its memo is then a new dict).
    if memo.get(None) is not theirs_memo or len(memo) > 100_000:
        memo.clear()
        memo[None] = theirs_memo
    hits = list(map(memo.get, words))
    if None in hits:
        own, theirs = _plain_hits(code, words, lexicons), _plain_hits(source, words, lexicons)
        for i, hit in enumerate(hits):
            if hit is None:
                a, b = own[i][0], theirs[i][0]
                m = min(a, b)  # no underflow of 2^-bits for long words
                bits = m - math.log2((1 - share) * 2.0 ** (m - a) + share * 2.0 ** (m - b))
                hits[i] = memo[words[i]] = (bits, own[i][1], own[i][2])
    return hits


def _model_of(code: str) -> CharModel | None:
    """The character model of reading ``code``; None for a user language or a missing model."""
    if code not in READINGS:
        return None
    try:
        return load_model(code)
    except LexiconError:
        return None


def _plain_hits(code: str, words: list[str], lexicons: LexiconSet) -> list[tuple[float, int, int]]:
    """:func:`_word_hits` without borrowed words."""
    reading = READINGS.get(code)
    language = reading.language if reading else code
    lex = lexicons.get(language)
    try:
        model: CharModel | None = load_model(code) if reading else None
    except LexiconError:
        model = None
    image = lex.image(reading.misread_all, reading.code, reading.sources) if reading and reading.confusions else None
    memo = lex.scratch(f"fit:{code}")
    if len(memo) > 100_000:
        memo.clear()  # bounded; words repeat across the passages and documents of a batch
    # Per distinct word: (bits, letters, letters if known else 0); words repeat within a passage and across a batch.
    hits = list(map(memo.get, words))
    if None in hits:
        for word in dict.fromkeys(w for w, hit in zip(words, hits) if hit is None):
            if image is not None:
                cls = image.get(word)  # the wrong model's own letters: no folding of ي/ی or й/ј here
            else:
                cls = lex.frequency_class(word)
            n = sum(map(str.isalpha, word)) or 1
            memo[word] = (_word_bits(word, cls, model), n, n if cls is not None else 0)
        hits = list(map(memo.__getitem__, words))
    return hits


def _signature_ratio(words: list[str], reading: Reading) -> float:
    """Observed share of the right model's signature letters against what correct text of the language has."""
    prof = LANGUAGES[reading.language]
    joined = "".join(words)
    letters = sum(map(str.isalpha, joined))
    seen = sum(map(prof.signature.__contains__, joined))
    # Expected share of signature letters in correctly read text of the language (from the lexicon models).
    expected = {"az-Cyrl": 0.157, "fa": 0.147}.get(reading.language, 0.1)  # measured on the clean-text sources
    return (seen / max(letters, 1)) / expected


def guess_language(tokens: list[Token], script: str | None, lexicons: LexiconSet, *, forced: str | None = None) -> LanguageGuess:
    """Identify the language and reading of a passage from its word tokens.

    Args:
        tokens: the passage's tokens.
        script: its dominant script.
        lexicons: the lexicons of the run.
        forced: a language code to use instead of identification (``--lang``).

    Returns:
        The guess; language ``unknown`` when no lexicon of the passage's script exists or it has no words.
    """
    words = [fold_case(t.norm) for t in tokens if t.is_word and t.script == script][:SAMPLE_WORDS]
    return guess_language_of_words(words, script, lexicons, forced=forced)


def guess_language_of_words(words: list[str], script: str | None, lexicons: LexiconSet, *, forced: str | None = None) -> LanguageGuess:
    """:func:`guess_language` for the case-folded NFC words of the passage's script (at most ``SAMPLE_WORDS``)."""
    candidates = readings_for_script(script, lexicons)
    if forced is not None:
        candidates = [c for c in candidates if (READINGS[c].language if c in READINGS else c) == forced] or [forced]
    if not words or not candidates:
        return LanguageGuess(forced or "unknown", script, None)
    remember_cross_entropies([m for m in map(_model_of, candidates) if m is not None], words)
    fits = sorted((fit_reading(c, words, lexicons) for c in candidates), key=lambda f: f.bits_per_char)
    best = fits[0]
    reading = READINGS.get(best.reading)
    signature = None
    if reading is not None and reading.ocr_model is not None:
        right = next((f for f in fits if f.reading == reading.language), None)
        signature = _signature_ratio(words, reading)
        letters = sum(map(str.isalpha, "".join(words)))
        margin = right.bits_per_char - best.bits_per_char if right is not None else WRONG_MODEL_MARGIN
        # Both a clear margin per letter and enough letters for it to add up (a clipped stamp is not evidence).
        believable = margin >= WRONG_MODEL_MARGIN and margin * letters >= WRONG_MODEL_EVIDENCE_BITS and signature < 0.25
        if not believable:
            # The language stands, the misreading is not proven: take the language as read correctly.
            best = right if right is not None else best
    language = READINGS[best.reading].language if best.reading in READINGS else best.reading
    return LanguageGuess(language, script, best.reading, tuple(fits), signature)
