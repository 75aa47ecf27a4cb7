"""How garbled a text is: scores per token, line, passage and document, labels, reasons, diagnoses, actions.

Every score is in [0, 1] where 1 is garbled. A token's score estimates the chance that OCR got it wrong: 0 for a word
the passage's lexicon knows; for an unknown word, the posterior of an error given how often correct text of the
language is unknown to its lexicon and how implausible the word's letters are; and at least the severity of any
garbage rule that fires. Line, passage and document scores estimate the share of wrong characters: each token
counts its error chance times the characters a wrong word typically has wrong, over all letters.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from functools import lru_cache
from operator import itemgetter
from dataclasses import dataclass, field, replace

import regex

from ocrfix.charmodel import READINGS, CharModel, load_model
from ocrfix.documents import Document, read_document
from ocrfix.errors import LexiconError
from ocrfix.garbage import RULES, garbage_hits
from ocrfix.language import SAMPLE_WORDS, LanguageGuess, ReadingFit, guess_language_of_words, readings_for_script
from ocrfix.lexicon import LexiconSet, lexicon_dir, shared_lexicons
from ocrfix.normalize import fold_case
from ocrfix.scripts import LANGUAGES
from ocrfix.normalize import nfc
from ocrfix.text import Passage, Span, TextModel, token_script

__all__ = [
    "LABEL_THRESHOLDS",
    "REASONS",
    "Diagnosis",
    "DocumentScore",
    "LineScore",
    "PassageScore",
    "Reason",
    "TokenScore",
    "document_vocabulary",
    "score_document",
    "score_path",
    "score_text",
]

#: Passage/document score bounds: below the first is ``clean``, below the second ``noisy``, else ``garbled``.
#: The score estimates the share of wrong characters it can see (real-word errors escape it, so it runs at about half
#: the true CER): under 1.5 % is an occasional slip; over 6 % means roughly one word in six is wrong.
LABEL_THRESHOLDS = (0.015, 0.06)
#: Garbled passages scoring above this (most words wrong) are past saving by re-OCR: transcribe them.
TRANSCRIBE_ABOVE = 0.25
#: A word OCR got wrong has about this many wrong characters (the rest of the word is right).
ERRORS_PER_WRONG_WORD = 2
#: No word of the shipped lexicons but a few English chemical names is longer (ru, az 27 letters, fa 18): a token past
#: this many letters is words run together or a streak of debris, not one wrong word.
LONGEST_WORD = 30
#: Letters per word of running text, about: a run-together token has lost at least one space per word this long.
LETTERS_PER_WORD = 6
#: Prior share of words OCR gets wrong, before looking at a word.
ERROR_PRIOR = 0.1
#: Share of OCR-garbled words that no lexicon knows.
P_UNKNOWN_IF_ERROR = 0.9
#: Shape of the implausibility of garbled words (density (k+1)u^k on [0, 1]; correct words uniform) for a reading that
#: lexicons/implausibility.json does not cover; that file gives each reading its fitted pair (see
#: :func:`implausibility_shape`).
IMPLAUSIBILITY_SHAPE = 3
#: Implausibility is floored here before it is raised to a power (a fitted shape may make the power negative).
IMPLAUSIBILITY_FLOOR = 1e-3
#: Likelihood ratios for an unknown word capitalised inside a sentence or a short acronym (a name), or seen elsewhere
#: in the document.
NAME_ODDS = 0.3
REPEAT_ODDS = 0.5
#: Fewer word letters than this and the passage is ``too-short`` to judge.
MIN_LETTERS = 20

REASONS: dict[str, str] = {
    "unknown-words": "share of words the passage's lexicon does not know",
    "implausible-letters": "letter sequences that are improbable in the passage's language",
    "garbage-tokens": "tokens that look like OCR garbage (symbol runs, debris, digits inside words, repeats)",
    **RULES,
    "wrong-ocr-model": "the text looks like this language read by an OCR model for another language",
    "no-lexicon": "no lexicon of this script: judged by garbage rules only",
}

# Words for the document's vocabulary (a word seen twice is less likely an OCR error); NFC differences aside.
_WORDS = regex.compile(r"[\p{L}\p{M}\u200c]+(?:[-'’][\p{L}\p{M}\u200c]+)*")

_ACTION_ORDER = {"accept": 0, "correct": 1, "re-ocr": 2, "transcribe": 3}


@dataclass(frozen=True)
class Reason:
    """Why a passage scored as it did: a stable code, its sentence, and how much of the passage it concerns."""

    code: str
    message: str
    value: float
    """Share of the passage's letters concerned, in [0, 1]."""


@dataclass(frozen=True)
class Diagnosis:
    """A finding about how the text was produced, e.g. ``wrong-ocr-model``."""

    code: str
    message: str
    language: str
    """The language the text most likely is."""
    details: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class TokenScore:
    """One scored word or symbol run."""

    span: Span
    text: str
    score: float
    """In [0, 1]; 1 = certainly wrong."""
    reasons: tuple[str, ...]
    known: bool
    """True when the passage's lexicon knows the word."""


@dataclass(frozen=True)
class LineScore:
    number: int
    """1-based."""
    score: float
    """In [0, 1]; 1 = garbled; 0 for lines without words."""


@dataclass(frozen=True)
class PassageScore:
    """A passage's score, label, language and the action it calls for."""

    passage: Passage
    language: str
    script: str | None
    reading: str | None
    score: float
    """In [0, 1]; letter-weighted mean of its token scores; 1 = garbled."""
    label: str
    """``clean``, ``noisy``, ``garbled`` or ``too-short``."""
    action: str
    """``accept``, ``correct``, ``re-ocr`` or ``transcribe``."""
    reasons: tuple[Reason, ...]
    diagnoses: tuple[Diagnosis, ...]
    letters: int
    """Letters in the passage's words (the weight of the passage in its document)."""
    tokens: tuple[TokenScore, ...]
    model: str | None = None
    """For ``re-ocr``: the Tesseract model to use."""
    fits: tuple[ReadingFit, ...] = ()
    """Every reading tried on the passage's words, best first (the evidence for its language)."""

    @property
    def start(self) -> int:
        return self.passage.span.start

    @property
    def end(self) -> int:
        return self.passage.span.end


@dataclass(frozen=True)
class DocumentScore:
    """A whole document's score and its passages."""

    path: str | None
    score: float
    """In [0, 1]; letter-weighted mean over all its passages; 1 = garbled."""
    label: str
    language: str
    """Language of most of its letters, or ``unknown``."""
    action: str
    diagnoses: tuple[Diagnosis, ...]
    passages: tuple[PassageScore, ...]
    lines: tuple[LineScore, ...]
    encoding: str = "utf-8"
    chars: int = 0
    model: str | None = None


def label_for(score: float, letters: int) -> str:
    """Label of a passage or document with ``score`` over ``letters`` word letters."""
    if letters < MIN_LETTERS:
        return "too-short"
    if score < LABEL_THRESHOLDS[0]:
        return "clean"
    return "noisy" if score < LABEL_THRESHOLDS[1] else "garbled"


def wrong_characters(letters: int) -> float:
    """Wrong characters expected in a wrong token of ``letters`` letters: about ``ERRORS_PER_WRONG_WORD`` in a word,
    but one per ``LETTERS_PER_WORD`` letters in a token longer than any word (``LONGEST_WORD``), so that a streak of
    run-together or garbled text cannot hide behind its own length."""
    if letters <= LONGEST_WORD:
        return min(letters, ERRORS_PER_WRONG_WORD)
    return letters / LETTERS_PER_WORD


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


#: Suffixes a language writes straight after digits (with a hyphen they are words of their own: 1954-гу, 29-да).
NUMBER_SUFFIXES = {"en": frozenset({"st", "nd", "rd", "th", "s"})}
_DIGITS_THEN_LETTERS = regex.compile(r"\p{Nd}+(\p{L}{1,3})")


def _known_number_suffix(text: str, language: str) -> bool:
    suffixes = NUMBER_SUFFIXES.get(language)
    if suffixes is None:
        return False
    m = _DIGITS_THEN_LETTERS.fullmatch(text)
    return m is not None and m.group(1).lower() in suffixes


class _TokenJudge:
    """Scores tokens of one language reading, remembering each distinct token within a document."""

    def __init__(self, guess: LanguageGuess, lexicons: LexiconSet) -> None:
        self.language = guess.language
        self.script = guess.script
        self.profile = LANGUAGES.get(guess.language)
        self.lexicon = lexicons.get(guess.language) if guess.language in lexicons.languages else None
        self.model: CharModel | None = None
        if guess.language in READINGS:
            try:
                self.model = load_model(guess.language)
            except LexiconError:
                self.model = None
        self._memo: dict[tuple[str, str], tuple[float, tuple[str, ...], bool, float | None]] = {}

    def features_of(self, norm: str, kind: str, script: str | None) -> tuple[float, tuple[str, ...], bool, float | None]:
        """What a token's score is made of: garbage severity, reasons, whether the lexicon knows it, and the
        implausibility of its letters when it is an unknown word with no garbage (None otherwise)."""
        key = (norm, kind)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = self._features(norm, kind, script)
        return hit

    def _features(self, text: str, kind: str, script: str | None) -> tuple[float, tuple[str, ...], bool, float | None]:
        hits = garbage_hits(text, kind, self.profile)
        reasons = [h.code for h in hits]
        severity = max((h.severity for h in hits), default=0.0)
        if kind == "symbol":
            return severity, tuple(reasons), False, None
        if kind == "alnum" and not hits and _known_number_suffix(text, self.language):
            return 0.0, (), True, None  # 1st, 16th, 1950s: a number, not a word for the lexicon to know
        known = False
        implausible = None
        if self.lexicon is not None and script == self.script:
            known = text in self.lexicon or ("-" in text and all(p in self.lexicon for p in text.split("-") if p))
            if not known and not hits:
                word = fold_case(text, self.language)
                implausible = self.model.implausibility(word) if self.model is not None else 0.5
                reasons.append("unknown-words")
                if implausible >= 0.9:
                    reasons.append("implausible-letters")
        return severity, tuple(reasons), known, implausible

    def score(
        self,
        features: tuple[float, tuple[str, ...], bool, float | None],
        *,
        prior: float,
        name_like: bool,
        repeated: bool,
        shape: tuple[float, float] = (IMPLAUSIBILITY_SHAPE, 0.0),
    ) -> float:
        """The token's chance of being wrong, in [0, 1], given the passage's prior share of wrong words.

        Proper names and the document's own vocabulary are the usual unknown words of correct text, so an unknown
        word capitalised inside a sentence, or seen elsewhere in the document, has its odds multiplied by
        ``NAME_ODDS`` / ``REPEAT_ODDS``.
        """
        severity, _, _, implausible = features
        if implausible is None:
            return severity
        factor = (NAME_ODDS if name_like else 1.0) * (REPEAT_ODDS if repeated else 1.0)
        return max(severity, self.unknown_error_probability(implausible, prior, factor, shape))

    def error_chances(self, items: list[tuple], prior: float, shape: tuple[float, float] = (IMPLAUSIBILITY_SHAPE, 0.0)) -> list[float]:
        """:meth:`score` of many tokens at once: ``items`` hold ``features, name_like, repeated`` at indices 3, 4, 5
        (the pending records of :func:`score_passage`); the same numbers, with the per-passage part computed once.
        ``shape`` is ``(k_error, k_correct)`` of the reading (see :func:`implausibility_shape`)."""
        base = self._base_odds(prior, shape)
        power = shape[0] - shape[1]
        out = []
        for item in items:
            severity, _, _, implausible = item[3]
            if implausible is None:
                out.append(severity)
                continue
            u = implausible if implausible > IMPLAUSIBILITY_FLOOR else IMPLAUSIBILITY_FLOOR  # no call: the hot loop
            odds = base * u**power * _ODDS_FACTORS[(item[4], item[5])]
            out.append(max(severity, odds / (1 + odds)))
        return out

    def _base_odds(self, prior: float, shape: tuple[float, float]) -> float:
        q = self.model.unknown_rate if self.model is not None else 0.1
        return prior / (1 - prior) * P_UNKNOWN_IF_ERROR / max(q, 1e-3) * (shape[0] + 1) / (shape[1] + 1)

    def unknown_error_probability(
        self,
        implausible: float,
        prior: float = 0.1,
        odds_factor: float = 1.0,
        shape: tuple[float, float] = (IMPLAUSIBILITY_SHAPE, 0.0),
    ) -> float:
        """P(OCR error | the lexicon does not know the word, its letters this implausible), by Bayes.

        Correct words are unknown at the lexicon's measured rate on reference text (``unknown_rate``), OCR errors
        ``P_UNKNOWN_IF_ERROR`` of the time. Implausibility is a rank among held-out lexicon forms; among unknown
        words it has density (k+1)u^k, with k = ``shape[0]`` for OCR errors and ``shape[1]`` for correct words
        (names and rare words are less plausible than a lexicon form), so it multiplies the odds by
        (k_e+1)/(k_o+1)·u^(k_e-k_o). ``prior`` is the share of wrong words expected before looking at this one.
        """
        # The same operations in the same order as error_chances, so both give equal floats.
        u = implausible if implausible > IMPLAUSIBILITY_FLOOR else IMPLAUSIBILITY_FLOOR
        odds = self._base_odds(prior, shape) * u ** (shape[0] - shape[1]) * odds_factor
        return odds / (1 + odds)


#: (name-like, repeated) -> the factor :meth:`_TokenJudge.score` multiplies an unknown word's odds by.
_ODDS_FACTORS = {(n, r): (NAME_ODDS if n else 1.0) * (REPEAT_ODDS if r else 1.0) for n in (False, True) for r in (False, True)}


#: A scored token while its passage is scored: (start, end, text, score, reasons, known, weight in letters).
_Scored = tuple[int, int, str, float, tuple[str, ...], bool, int]


#: A token's reason codes -> the distinct ones in first-seen order, and whether one is a garbage rule.
_CONCERNS: dict[tuple[str, ...], tuple[tuple[str, ...], bool]] = {}


def _concerns(codes: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    hit = _CONCERNS.get(codes)
    if hit is None:
        if len(_CONCERNS) > 10_000:
            _CONCERNS.clear()
        hit = _CONCERNS[codes] = (tuple(dict.fromkeys(codes)), any(c in RULES for c in codes))
    return hit


def _passage_reasons(scored: list[_Scored], letters: int) -> list[Reason]:
    concern: Counter[str] = Counter()
    for item in scored:
        # First-seen order: ties among reasons come out the same in every run.
        distinct, garbage = _CONCERNS.get(item[4]) or _concerns(item[4])
        w = item[6]
        for code in distinct:
            concern[code] += w
        if garbage:
            concern["garbage-tokens"] += w
    out = []
    for code, w in concern.most_common():
        share = min(1.0, w / max(letters, 1))
        if share >= 0.01:
            out.append(Reason(code, REASONS.get(code, code), round(share, 4)))
    return out


def _judge_for(guess: LanguageGuess, lexicons: LexiconSet) -> _TokenJudge:
    """The token judge of a language and script, kept with its lexicon so its memo serves every document."""
    if guess.language not in lexicons.languages:
        return _TokenJudge(guess, lexicons)
    slot = lexicons.get(guess.language).scratch("judges")
    judge = slot.get(guess.script)
    if judge is None:
        judge = slot[guess.script] = _TokenJudge(guess, lexicons)
    elif len(judge._memo) > 200_000:
        judge._memo.clear()  # bounded: memory stays flat however many documents a worker scores
    return judge


def _wrong_model_diagnosis(guess: LanguageGuess) -> Diagnosis | None:
    reading = guess.wrong_model
    if reading is None:
        return None
    best = guess.fits[0] if guess.fits else None
    right = next((f for f in guess.fits if f.reading == reading.language), None)
    name = LANGUAGES[reading.language].name
    return Diagnosis(
        "wrong-ocr-model",
        f"{name} read by the '{reading.ocr_model}' model: re-OCR with '{reading.right_model}'",
        reading.language,
        {
            "read_as": reading.ocr_model,
            "model": reading.right_model,
            "signature_ratio": round(guess.signature_ratio or 0.0, 3),
            "known_after_reversal": round(best.known_rate, 3) if best else None,
            "known_as_read": round(right.known_rate, 3) if right else None,
        },
    )


def _action(label: str, score: float, diagnosis: Diagnosis | None, has_lexicon: bool) -> tuple[str, str | None]:
    if diagnosis is not None and label != "clean":
        return "re-ocr", str(diagnosis.details["model"])
    if label == "too-short":
        # Too little text to judge its language or its rate of errors, but when its tokens alone (garbage rules,
        # debris) score it past garbled, a person should look: too short for re-OCR to be worth it (a stamp read as
        # ``1.1лк``). The document's action ignores it unless it is a tenth of the text.
        return ("transcribe", None) if score >= LABEL_THRESHOLDS[1] else ("accept", None)
    if label == "clean":
        return "accept", None
    if label == "noisy":
        return ("correct", None) if has_lexicon else ("transcribe", None)
    # Garbled: past about two wrong words in three, correction and re-OCR rarely save the text.
    return ("transcribe", None) if score >= TRANSCRIBE_ABOVE else ("re-ocr", None)


#: Facts of a token that depend on its text alone, by ``(text, kind)``: one memo for tokens of NFC texts (whose NFC
#: form is their text) and one for the rest. Bounded; tokens repeat (Zipf), so most are looked up, not computed.
_FACTS: tuple[dict[tuple[str, str], tuple], dict[tuple[str, str], tuple]] = ({}, {})
_FACTS_LIMIT = 200_000


def token_facts(piece: str, kind: str, nfc_text: bool) -> tuple[str, str | None, str, int, bool, bool]:
    """``(NFC text, script, case-folded NFC text, weight in letters, capitalised, acronym)`` of a word, alnum or
    symbol token ``piece`` (``nfc_text``: its text is NFC, being part of a text that is), remembered.

    ``capitalised``: an upper-case first letter and lower-case rest; ``acronym``: 2 to 6 capital letters. The
    weight of a symbol run or a word of letters only is its length, else its letters (at least 1).
    """
    memo = _FACTS[0 if nfc_text else 1]
    facts = memo.get((piece, kind))
    if facts is None:
        if len(memo) > _FACTS_LIMIT:
            memo.clear()
        norm = piece if nfc_text else nfc(piece)
        weight = len(piece) if kind == "symbol" or piece.isalpha() else max(1, sum(map(str.isalpha, piece)))
        facts = memo[(piece, kind)] = (
            norm,
            token_script(norm),
            fold_case(norm),
            weight,
            piece[:1].isupper() and piece[1:].islower(),
            piece.isupper() and 2 <= len(piece) <= 6 and piece.isalpha(),
        )
    return facts


@lru_cache(maxsize=1)
def _fitted_shapes() -> dict[str, tuple[float, float]]:
    try:
        data = json.loads((lexicon_dir() / "implausibility.json").read_text(encoding="utf-8"))
        return {r: (float(v["k_error"]), float(v["k_correct"])) for r, v in data["readings"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # without the file (or with a damaged one) every reading takes the default shape


def implausibility_shape(reading: str | None) -> tuple[float, float]:
    """``(k_error, k_correct)`` of a reading (``ru``, ``az-Cyrl@rus``): fitted by tools/fit_implausibility.py on the
    training pairs and reference text, stored in lexicons/implausibility.json; ``(IMPLAUSIBILITY_SHAPE, 0)`` for a
    reading the file does not cover (a user language)."""
    return _fitted_shapes().get(reading or "", (IMPLAUSIBILITY_SHAPE, 0.0))


def score_passage(
    model: TextModel,
    passage: Passage,
    lexicons: LexiconSet,
    *,
    language: str | None = None,
    vocabulary: Counter[str] | None = None,
    tokens: bool = True,
) -> PassageScore:
    """Score one passage of a text (see the module docstring for what the numbers mean).

    Args:
        vocabulary: lower-cased word counts of the whole document; a word seen twice is less likely an error.
        tokens: keep the scored tokens in ``PassageScore.tokens``; without them (False) the scores are the same.
    """
    vocabulary = vocabulary if vocabulary is not None else Counter()
    nfc_text = model.is_nfc
    memo = _FACTS[0 if nfc_text else 1]
    # (kind, text, start, end, facts) of the tokens that count; tuples, not objects: this is the hot loop.
    script = passage.script
    raw = []
    # The language is guessed from the first SAMPLE_WORDS words of the passage's script, case-folded.
    sample: list[str] = []
    n_words = 0
    for kind, piece, a, b in model.raw_tokens_in(passage.span):
        if kind == "punct":
            raw.append((kind, piece, a, b, None))
            continue
        if kind != "word" and kind != "alnum" and kind != "symbol":
            continue
        facts = memo.get((piece, kind)) or token_facts(piece, kind, nfc_text)
        raw.append((kind, piece, a, b, facts))
        if kind != "symbol":
            n_words += 1
            if facts[1] == script and len(sample) < SAMPLE_WORDS:
                sample.append(facts[2])
    guess = guess_language_of_words(sample, script, lexicons, forced=language)
    judge = _judge_for(guess, lexicons)
    remembered = judge._memo.get
    scored: list[_Scored] = []
    # (start, end, text, features, name-like, repeated, weight, kind) of the tokens whose score needs the prior.
    pending: list[tuple[int, int, str, tuple[float, tuple[str, ...], bool, float | None], bool, bool, int, str]] = []
    letters = 0
    word_letters = 0
    sentence_start = True
    for kind, piece, a, b, facts in raw:
        if kind == "punct":
            sentence_start = piece[-1] in ".!?:;"
            continue
        at_start = sentence_start
        norm, tscript, folded, weight, capitalised, acronym = facts
        if kind != "symbol":
            sentence_start = False
            if tscript != script and tscript is not None and kind != "alnum":
                # A word of another script (a foreign name in a Russian text) is left to that script.
                hits = garbage_hits(norm, kind, None)
                letters += weight
                word_letters += weight
                if hits:
                    sev = max(h.severity for h in hits)
                    scored.append((a, b, piece, sev, tuple(h.code for h in hits), False, weight))
                continue
        feats = remembered((norm, kind)) or judge.features_of(norm, kind, tscript)
        if kind == "symbol":
            if feats[0] == 0.0:
                continue
            letters += weight
        else:
            letters += weight
            word_letters += weight
        if feats[0] == 0.0 and feats[3] is None:
            continue  # known, or no lexicon and no garbage: scores 0 and needs no record
        # A capitalised word inside a sentence, or a short all-capitals one (an acronym), is likely a name.
        name_like = (not at_start and capitalised) or acronym
        pending.append((a, b, piece, feats, name_like, vocabulary.get(folded, 0) > 1, weight, kind))
    # Empirical Bayes: the passage's own share of wrong words, estimated with the general prior, becomes the prior.
    prior = ERROR_PRIOR
    shape = implausibility_shape(guess.reading or guess.language)
    if n_words:
        first = sum(judge.error_chances([p for p in pending if p[7] != "symbol"], ERROR_PRIOR, shape))
        prior = min(max(first / n_words, 0.01), 0.9)
    for (a, b, piece, feats, _n, _r, weight, _k), s in zip(pending, judge.error_chances(pending, prior, shape)):
        scored.append((a, b, piece, round(s, 4), feats[1], feats[2], weight))
    scored.sort(key=itemgetter(0))
    # wrong_characters(t[6]), written out: this sum runs over every scored token.
    wrong = sum(t[3] * (min(t[6], ERRORS_PER_WRONG_WORD) if t[6] <= LONGEST_WORD else t[6] / LETTERS_PER_WORD) for t in scored)
    score = min(1.0, wrong / letters) if letters else 0.0
    label = label_for(score, word_letters)
    diagnosis = _wrong_model_diagnosis(guess) if label != "too-short" else None
    reasons = _passage_reasons(scored, letters)
    if judge.lexicon is None and letters:
        reasons.append(Reason("no-lexicon", REASONS["no-lexicon"], 1.0))
    if diagnosis is not None:
        reasons.insert(0, Reason("wrong-ocr-model", diagnosis.message, 1.0))
    action, ocr_model = _action(label, score, diagnosis, judge.lexicon is not None)
    return PassageScore(
        passage,
        guess.language if label != "too-short" or guess.language != "unknown" else "unknown",
        passage.script,
        guess.reading,
        round(score, 4),
        label,
        action,
        tuple(reasons),
        (diagnosis,) if diagnosis else (),
        letters,
        tuple(TokenScore(Span(a, b), piece, sc, codes, known) for a, b, piece, sc, codes, known, _ in scored) if tokens else (),
        ocr_model,
        guess.fits,
    )


def _merge_diagnoses(passages: list[PassageScore], total_letters: int) -> tuple[Diagnosis, ...]:
    groups: dict[tuple[str, str], list[PassageScore]] = {}
    for p in passages:
        for d in p.diagnoses:
            groups.setdefault((d.code, d.language), []).append(p)
    out = []
    for (code, language), ps in groups.items():
        first = ps[0].diagnoses[0]
        share = sum(p.letters for p in ps) / max(total_letters, 1)
        details = dict(first.details)
        details.update(
            {
                "passages": len(ps),
                "share_of_text": round(share, 3),
                "lines": [[p.passage.first_line, p.passage.last_line] for p in ps],
            }
        )
        out.append(Diagnosis(code, first.message, language, details))
    return tuple(out)


#: A block is split where the language changes only between runs of at least this many lines and words each.
SPLIT_MIN_LINES = 2
SPLIT_MIN_WORDS = 8


def document_vocabulary(model: TextModel) -> Counter[str]:
    """Case-folded NFC word counts of a document: its own vocabulary, evidence that a recurring word is right."""
    return Counter(_WORDS.findall(fold_case(model.text if model.is_nfc else nfc(model.text))))


def split_by_language(model: TextModel, lexicons: LexiconSet) -> list[Passage]:
    """The text model's passages, split again where the language changes inside a block of one script.

    Each readable line is given the language whose lexicon knows most of its words; a change counts only between runs of lines that each
    hold ``SPLIT_MIN_LINES`` lines and ``SPLIT_MIN_WORDS`` words, so a name or a garbled line does not cut a passage.
    """
    out: list[Passage] = []
    for passage in model.passages:
        lines = model.lines[passage.first_line - 1 : passage.last_line]  # lines are numbered 1, 2, ... in order
        if len(lines) < 2 * SPLIT_MIN_LINES:
            out.append(passage)
            continue
        languages = sorted({READINGS[c].language if c in READINGS else c for c in readings_for_script(passage.script, lexicons)})
        if len(languages) < 2:
            out.append(passage)
            continue
        lexica = [(code, lexicons.get(code)) for code in languages]
        labels: list[tuple[object, int]] = []
        for ln in lines:
            words = [
                piece if model.is_nfc else nfc(piece)
                for kind, piece, _, _ in model.raw_tokens_in(ln.span)
                if kind == "word" and token_script(piece) == passage.script
            ]
            # A line votes for the language whose lexicon knows most of its words, and only when that is at least
            # half of them: garbled lines look like anything, and must not cut a passage.
            label = None
            if len(words) >= 2:
                known = [(len(words) - lex.frequency_classes(words).count(None), code) for code, lex in lexica]
                best, code = max(known)
                if 2 * best >= len(words) and sum(1 for k, _ in known if k == best) == 1:
                    label = code
            labels.append((label, len(words)))
        # Runs of equal labels; unlabelled lines join the run before them.
        runs: list[list[int]] = []  # [first index, last index, words]
        run_labels: list[object] = []
        for i, (label, n) in enumerate(labels):
            if runs and (label is None or label == run_labels[-1]):
                runs[-1][1] = i
                runs[-1][2] += n
            elif runs and run_labels[-1] is None:
                runs[-1][1] = i
                runs[-1][2] += n
                run_labels[-1] = label
            else:
                runs.append([i, i, n])
                run_labels.append(label)
        # Merge runs too small to stand on their own into the run before (or after, for the first).
        merged: list[list[int]] = []
        merged_labels: list[object] = []
        for run, label in zip(runs, run_labels):
            big = run[1] - run[0] + 1 >= SPLIT_MIN_LINES and run[2] >= SPLIT_MIN_WORDS
            if merged and (not big or label == merged_labels[-1]):
                merged[-1][1] = run[1]
                merged[-1][2] += run[2]
            else:
                merged.append(list(run))
                merged_labels.append(label)
        if len(merged) > 1 and not (merged[0][1] - merged[0][0] + 1 >= SPLIT_MIN_LINES and merged[0][2] >= SPLIT_MIN_WORDS):
            merged[1][0] = merged[0][0]
            merged[1][2] += merged[0][2]
            merged.pop(0)
        if len(merged) == 1:
            out.append(passage)
            continue
        for first, last, _ in merged:
            a, b = lines[first], lines[last]
            out.append(Passage(0, Span(a.span.start, b.span.end), a.number, b.number, passage.script))
    return [Passage(i, p.span, p.first_line, p.last_line, p.script) for i, p in enumerate(out)]


def smooth_languages(passages: list[PassageScore]) -> dict[int, str]:
    """Passages whose own evidence is too weak to break the run of language they sit in, and the run's language.

    Languages come in runs. A passage (not too short) whose nearest judged neighbours of its script on both sides agree
    on a language L it is not, takes L when L's best reading explains its words in fewer extra bits than describing
    the island costs: two language changes, each naming its place among the document's passages (log2 of their
    number, the code length of a boundary). A passage that clearly is another language keeps it.

    Returns:
        Index into ``passages`` -> the language to score that passage in.
    """
    judged = [i for i, p in enumerate(passages) if p.label != "too-short" and p.fits and p.language != "unknown"]
    island_bits = 2 * math.log2(max(len(passages), 2))
    out: dict[int, str] = {}
    for i in judged:
        p = passages[i]
        before = next((passages[j] for j in reversed(judged) if j < i and passages[j].script == p.script), None)
        after = next((passages[j] for j in judged if j > i and passages[j].script == p.script), None)
        if before is None or after is None or before.language != after.language or before.language == p.language:
            continue
        run = before.language
        theirs = [f.bits for f in p.fits if (READINGS[f.reading].language if f.reading in READINGS else f.reading) == run]
        if theirs and min(theirs) - p.fits[0].bits < island_bits:
            out[i] = run
    return out


def _line_scores(model: TextModel, passages: list[PassageScore]) -> tuple[LineScore, ...]:
    # Passages keep only the tokens that scored above 0, so a line's weight is all the letters on it.
    text = model.text
    errors: Counter[int] = Counter()
    for p in passages:
        for ts in p.tokens:
            errors[model.line_of(ts.span.start)] += ts.score * wrong_characters(max(1, _letters(ts.text)))
    return tuple(
        LineScore(line.number, round(min(1.0, errors[line.number] / max(1, _letters(line.span.slice(text)))), 4) if line.number in errors else 0.0)
        for line in model.lines
    )


def score_document(
    document: Document | str, lexicons: LexiconSet, *, language: str | None = None, path: str | None = None, tokens: bool = True
) -> DocumentScore:
    """Score a whole document: every passage, every line, and the document as a whole.

    Args:
        document: a decoded :class:`~ocrfix.documents.Document`, or plain text.
        lexicons: the lexicons of the run.
        language: force this language for every passage with letters of its script.
        path: the path to report (defaults to the document's).
        tokens: keep the scored tokens of each passage and the line scores; False leaves both empty (for callers
            that show only document and passage scores, which are the same either way).
    """
    text = document if isinstance(document, str) else document.text
    model = TextModel(text)
    vocabulary = document_vocabulary(model)
    blocks = model.passages if language is not None else split_by_language(model, lexicons)
    passages = [score_passage(model, p, lexicons, language=language, vocabulary=vocabulary, tokens=tokens) for p in blocks]
    if language is None:
        for i, run in smooth_languages(passages).items():
            passages[i] = score_passage(model, blocks[i], lexicons, language=run, vocabulary=vocabulary, tokens=tokens)
    passages = _inherit_models(passages)
    total = sum(p.letters for p in passages)
    score = sum(p.score * p.letters for p in passages) / total if total else 0.0
    by_language: Counter[str] = Counter()
    for p in passages:
        if p.language != "unknown":
            by_language[p.language] += p.letters
    doc_language = by_language.most_common(1)[0][0] if by_language else "unknown"
    diagnoses = _merge_diagnoses(passages, total)
    # The document's action is the most demanding one among passages that hold a real share of its text.
    share: Counter[tuple[str, str | None]] = Counter()
    for p in passages:
        share[(p.action, p.model)] += p.letters
    action, ocr_model = "accept", None
    for (act, mdl), letters in sorted(share.items(), key=lambda kv: (-_ACTION_ORDER[kv[0][0]], -kv[1])):
        if letters >= 0.1 * total:
            action, ocr_model = act, mdl
            break
    lines = _line_scores(model, passages) if tokens else ()
    return DocumentScore(
        path if path is not None else (None if isinstance(document, str) else document.path),
        round(score, 4),
        label_for(score, total),
        doc_language,
        action,
        diagnoses,
        tuple(passages),
        lines,
        "utf-8" if isinstance(document, str) else document.encoding,
        len(text),
        ocr_model,
    )


def _inherit_models(passages: list[PassageScore]) -> list[PassageScore]:
    """Name the model for a passage to re-OCR that shows no wrong-model reading itself, when another passage of
    its language in the document was diagnosed: a page is read by one OCR model, so that one is the likely cause
    and the model to re-read it with."""
    wanted: dict[str, str] = {}
    for p in passages:
        if p.diagnoses and p.model is not None:
            wanted.setdefault(p.language, p.model)
    return [
        replace(p, model=wanted[p.language]) if p.action == "re-ocr" and p.model is None and p.language in wanted else p
        for p in passages
    ]


def score_text(text: str, lexicons: LexiconSet | None = None, *, language: str | None = None) -> DocumentScore:
    """Score a text held in memory.

    >>> doc = score_text("Уважаемый товарищ Хрущев, первое письмо я написал Вам 1 декабря.")
    >>> doc.language, doc.label
    ('ru', 'clean')
    """
    return score_document(text, lexicons or shared_lexicons(), language=language)


def score_path(path: str, lexicons: LexiconSet | None = None, *, language: str | None = None, encoding: str | None = None) -> DocumentScore:
    """Read and score one file (see :func:`ocrfix.documents.read_document` for what is refused)."""
    return score_document(read_document(path, encoding), lexicons or shared_lexicons(), language=language)
