"""Findings and their ranked, explained suggestions: OCR-aware correction that prefers leaving good words alone.

For every passage the scorer gives a language (and, when it was misread by an OCR model for another language, the
wrong model), the suspicious tokens get candidates from :mod:`ocrfix.candidates` under the confusion packs that fit
the passage, plus those of the deterministic fixers, each with its own rule name:

- ``homoglyph``: letters of another script inside a word (Latin ``o`` in a Cyrillic word, ``3`` for ``З``);
- ``dehyphenate``: a word broken by a hyphen at a line end (``слу-`` / ``жит`` → ``служит``);
- ``split`` and ``merge``: words run together (``наруку`` → ``на руку``) or broken apart;
- ``persian-letters`` and ``zwnj``: Arabic letter variants in Persian, and the zero-width non-joiner.

In a passage diagnosed ``wrong-ocr-model``, known words are suspects too: the misreading often makes real words
(``асас`` for ``әсас``), and the pack's costs with the frequencies decide.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from ocrfix.candidates import Candidate, CandidateIndex, frequency_bits, posterior, restore_case, score_candidates
from ocrfix.charmodel import READINGS
from ocrfix.confusions import ConfusionModel, model_for
from ocrfix.calibration import Calibrator, feature_vector, load_calibrator
from ocrfix.candidates import OTHER_BITS
from ocrfix.lexicon import Lexicon, LexiconSet, shared_lexicons
from ocrfix.normalize import fold_case, upper_case
from ocrfix.ordinals import ordinal_suffix
from ocrfix.orthography import in_old_spelling, old_rule, writes_old_spelling
from ocrfix.persian import ARABIC_FOR_PERSIAN, HAMZA_ABOVE, TA_MARBUTA, ZWNJ, ezafe_of, with_ezafe, with_zwnj, zwnj_affixed
from ocrfix.scoring import DocumentScore, PassageScore, document_vocabulary, score_document
from ocrfix.scripts import char_script
from ocrfix.text import Span, TextModel, Token

__all__ = ["Finding", "Suggestion", "suggest", "suggest_document", "suggestion_features"]

#: Tokens scoring below this are not looked at (outside wrong-model passages).
MIN_TOKEN_SCORE = 0.0
#: Unknown words scoring at least this get candidates two arbitrary edits away when nothing nearer exists.
FAR_MIN_SCORE = 0.15
#: A known word, or an unknown one scoring below QUIET_TOKEN_SCORE, is a finding only with a suggestion of at least
#: QUIET_MIN_CONFIDENCE.
QUIET_TOKEN_SCORE = 0.15
QUIET_MIN_CONFIDENCE = 0.5
#: Known words are suspects outside wrong-model passages only in passages scoring at least this (noisy ones) ...
REAL_WORD_MIN_PASSAGE = 0.02
#: ... and only when rarer than this many bits (about 1 in 100,000 words): common words are left to context.
REAL_WORD_MIN_BITS = 16.6
#: ... or this many (about 1 in 1,000) in garbled passages, where a misread word is the rule.
REAL_WORD_MIN_BITS_GARBLED = 10.0
#: Known words at least this rare (about 1 in 250,000) may be replaced by arbitrary edits in noisy and garbled
#: passages, not only along the packs' confusions.
RARE_KNOWN_BITS = 18.0
#: Lowest chance that a word of a passage was misread.
REAL_WORD_MIN_ERROR = 0.002
#: Bits of reading a space as a letter the pack says the OCR writes as one, and the most other edits allowed then.
SPACE_BITS = 4.0
SPACE_MAX_COST = 1.0
#: Extra bits for splitting one word into two, or merging two into one.
SPLIT_BITS = 6.0
MERGE_BITS = 3.0
_SPACE_DEBRIS = "]}[|"


@dataclass(frozen=True)
class Suggestion:
    """One proposed replacement for a finding."""

    replacement: str
    confidence: float
    """In [0, 1]: the chance this replacement is what was printed (calibrated on generated OCR pairs)."""
    rules: tuple[str, ...]
    """What explains it: edits (``э→ә``, ``rn→m``, ``+а``) or a fixer (``homoglyph``, ``split``, ...)."""
    source: str
    """Where it came from: ``lexicon:ru``, ``lexicon:az-Cyrl+pack:wrong-model-rus-az-cyrl``, ``fixer:dehyphenate``."""
    cost: float = 0.0
    """Weighted edit distance from the original (units of one ordinary edit; 0 for fixers)."""
    frequency: float = 0.0
    """How common the replacement is: count per billion words in the passage's lexicon (0 when unknown)."""


@dataclass(frozen=True)
class Finding:
    """A suspicious stretch of text and what could replace it."""

    span: Span
    """Code points of the document's decoded text."""
    text: str
    """The original text at ``span``."""
    language: str
    score: float
    """How suspicious the text is, in [0, 1]; 1 = certainly wrong."""
    reasons: tuple[str, ...]
    suggestions: tuple[Suggestion, ...]
    """Best first."""
    keep_confidence: float
    """The chance the text is right as it is, in [0, 1]."""
    line: int
    """1-based line of the start."""
    passage: int
    """Index of the passage in the document."""
    diagnosis: str | None = None
    """``wrong-ocr-model`` when the passage was misread by a model for another language."""
    known: bool = False
    """Whether the passage's lexicon knows the original text."""

    @property
    def best(self) -> Suggestion | None:
        return self.suggestions[0] if self.suggestions else None


@lru_cache(maxsize=16)
def _index(lexicon: Lexicon, model: ConfusionModel) -> CandidateIndex:
    return CandidateIndex(lexicon, model)


def _source(language: str, rules: tuple[str, ...], model: ConfusionModel) -> str:
    packs = []
    for name in rules:
        if "→" in name:
            a, b = name.split("→", 1)
            rule = model.single.get((a, b)) or next((r for r in model.multi_rules if r.name == name), None)
            if rule is not None and rule.pack not in packs:
                packs.append(rule.pack)
    return "+".join([f"lexicon:{language}"] + [f"pack:{p}" for p in packs])


def _word_tokens(model: TextModel, passage: PassageScore) -> list[Token]:
    return [t for t in model.tokens_in(passage.passage.span) if t.kind in ("word", "alnum")]


class _PassageSuggester:
    """Finds and ranks corrections inside one passage."""

    def __init__(
        self, passage: PassageScore, lexicons: LexiconSet, vocabulary: Counter[str], inherited_model: str | None = None
    ) -> None:
        """Args:
            inherited_model: the wrong OCR model diagnosed elsewhere in the document for this passage's language,
                used when the passage itself is too short to tell.
        """
        self.passage = passage
        self.language = passage.language
        reading = READINGS.get(passage.reading or "")
        self.ocr_model = reading.ocr_model if reading and passage.diagnoses else None
        if self.ocr_model is None and passage.label == "too-short":
            self.ocr_model = inherited_model
        self.lexicon = lexicons.get(self.language)
        self.model = model_for(self.language, self.ocr_model)
        self.index = _index(self.lexicon, self.model)
        self.vocabulary = vocabulary
        self.suspect_letters = {r.ocr for p in self.model.packs if p.when != "always" for r in p.rules if len(r.ocr) == 1}
        self.capital_misreads = frozenset(m for p in self.model.packs for m in p.capital_misreads)
        self.space_misreads = tuple(dict.fromkeys(c for p in self.model.packs for c in p.space_misreads))
        # Chance that a word of this passage was misread: about five letters a word at the passage's error rate.
        word_error = min(max(passage.score * 5, REAL_WORD_MIN_ERROR), 0.5)
        self.real_word_bits = -math.log2(word_error)
        self._memo: dict[tuple[str, bool], tuple[list[Candidate], float]] = {}

    def keep_bits(self, token: Token) -> float:
        """Code length of keeping a known word as it is: its frequency bits, less when the document repeats it."""
        low = fold_case(token.norm, self.language)
        bits = frequency_bits(self.lexicon.frequency_class(low))
        seen = self.vocabulary.get(low, 0)
        if seen > 1:
            bits -= math.log2(seen)
        return bits

    def ranked(self, token: Token, known: bool, error_probability: float) -> tuple[list[Candidate], float]:
        """Candidates with confidences and the confidence of keeping the token.

        An unknown token is wrong with the scorer's ``error_probability``; a known one competes with its candidates
        on frequency (it is only looked at in passages a wrong OCR model read).
        """
        key = (token.norm, known, round(error_probability, 3))
        hit = self._memo.get(key)
        if hit is None:
            # Two arbitrary edits find something for almost any word: only worth it for a word that looks wrong.
            far = not known and error_probability >= FAR_MIN_SCORE
            # Confusions plus an arbitrary edit, and long words by shared letter pairs: in passages with errors to
            # find (it doubles a word's time; a clean passage's unknown words are names and rare forms).
            deep = not known and self.passage.label in ("garbled", "noisy")
            cands = score_candidates(
                token.norm, self.index, vocabulary=self.vocabulary, language=self.language, far=far, deep=deep
            )
            split = None if known else self._split(token)
            if split is not None:
                cands = sorted([c for c in cands if c.text != split.text] + [split], key=lambda c: (c.bits, c.text))
            if known:
                # A known word is only replaced along the packs' own confusions, never by arbitrary edits; but a
                # very rare one in a passage with errors (a web list's ``whic``, ``taat``) may be an error any way.
                rare = self.passage.label in ("garbled", "noisy") and self.keep_bits(token) >= RARE_KNOWN_BITS
                if not rare:
                    cands = [c for c in cands if c.rules and all(self._explained(r) for r in c.rules)]
                if self.ocr_model is None:
                    # The OCR made a real word: as likely as the passage's share of wrong words (a wrong model's
                    # misreadings are the rule there, not the exception).
                    cands = [replace(c, bits=c.bits + self.real_word_bits) for c in cands]
                hit = posterior(cands, keep_bits=self.keep_bits(token))
            else:
                hit = posterior(cands, error_probability=error_probability)
            self._memo[key] = hit
        return hit

    def space_merge(self, first: Token, second: Token, *, closing: bool = False) -> tuple[str, Candidate] | None:
        """The best word two tokens make with a letter the OCR wrote as a space between them (``па тахты``), or as
        a closing parenthesis and a space when ``closing`` (``па) тахты``).

        Returns:
            The letter and the candidate for the joined word (its bits include ``SPACE_BITS``), or None.
        """
        best: tuple[str, Candidate] | None = None
        a, b = fold_case(first.norm, self.language) + (")" if closing else ""), fold_case(second.norm, self.language)
        # The letter often comes out as debris and a space (``функси] асы`` for ``функсијасы``).
        core = a.rstrip(_SPACE_DEBRIS + ")")
        debris = a[len(core) :]
        if len(core) < 2 or len(b) < 2 or not (core.isalpha() or core.replace(ZWNJ, "").isalpha()) or not b.isalpha():
            return None
        for letter in self.space_misreads:
            if letter == ZWNJ and not zwnj_affixed(core, b):
                continue
            joined = core + letter + b
            cands = score_candidates(joined, self.index, vocabulary=self.vocabulary, language=self.language, far=False)
            if fold_case(joined, self.language) in self.lexicon:
                cands.append(Candidate(joined, 0.0, (), round(frequency_bits(self.lexicon.frequency_class(joined)), 3)))
            for c in cands:
                # The letter read for the space stays (no path that puts it in only to change it).
                if c.cost > SPACE_MAX_COST or any(r.startswith((letter + "→", "-" + letter)) for r in c.rules):
                    continue
                c = Candidate(restore_case(fold_case(c.text, self.language), first.norm, self.language), c.cost,
                              (_space_rule(debris, letter),) + c.rules, round(c.bits + SPACE_BITS, 3))
                if best is None or c.bits < best[1].bits:
                    best = (letter, c)
        return best

    def _explained(self, rule: str) -> bool:
        """Whether an edit on a candidate's path is one of the confusion rules (not an arbitrary edit)."""
        if "→" not in rule:
            return False
        a, b = rule.split("→", 1)
        return (a, b) in self.model.single or any(r.name == rule for r in self.model.multi_rules)

    def _split(self, token: Token) -> Candidate | None:
        low = fold_case(token.norm, self.language)
        # Both halves must be forms: a token far longer than two of the longest is not tried (each try normalises
        # both halves, so a 20,000-letter run of debris would take minutes).
        if len(low) < 4 or not low.isalpha() or len(low) > 2 * self.lexicon.longest_key() + 8:
            return None
        best: tuple[float, str, str] | None = None
        for i in range(1, len(low)):
            a, b = low[:i], low[i:]
            ca, cb = self.lexicon.frequency_class(a), self.lexicon.frequency_class(b)
            if ca is None or cb is None or (len(a) == 1 and ca < 150) or (len(b) == 1 and cb < 150):
                continue
            bits = frequency_bits(ca) + frequency_bits(cb) + SPLIT_BITS
            if best is None or bits < best[0]:
                best = (bits, a, b)
        if best is None:
            return None
        text = restore_case(best[1], token.norm, self.language) + " " + best[2]
        return Candidate(text, 1.0, ("split",), round(best[0], 3))

    def is_suspect(self, token: Token, known: bool, score: float) -> bool:
        if not known:
            return score >= MIN_TOKEN_SCORE or token.kind == "alnum"
        if self.ocr_model is not None:
            return any(c in self.suspect_letters for c in fold_case(token.norm, self.language))
        # A rare word in a noisy passage may be a misreading of a common one (``سده`` for ``شده``, ``ие`` for ``не``).
        floor = REAL_WORD_MIN_BITS_GARBLED if self.passage.label == "garbled" else REAL_WORD_MIN_BITS
        return self.passage.score >= REAL_WORD_MIN_PASSAGE and self.keep_bits(token) >= floor


def _dotted_capital_only(candidate: str, original: str) -> bool:
    """Whether a capitalised candidate differs from the original only in ``I`` against ``İ``.

    Capitals do not say which of Azerbaijani ``i`` and ``ı`` a word has (``İQTISADI`` is how some printers set
    ``iqtisadi``); reading them differently is a choice of case mapping, not a correction of the OCR.
    """
    if len(candidate) != len(original) or candidate == original:
        return False
    return all(a == b or {a, b} == {"I", "İ"} for a, b in zip(candidate, original))


def _line_start(text: str, pos: int) -> int:
    """Where the line holding ``pos`` starts."""
    return max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1


def _space_rule(debris: str, letter: str) -> str:
    """The rule name of a space (after ``debris``) read for ``letter``: ``␣→ј``, ``]␣→ј``, ``␣→ZWNJ``."""
    return debris + "␣→" + ("ZWNJ" if letter == ZWNJ else letter)


def _sentence_case(candidate: str, original: str, sentence_start: bool, capital_misreads: frozenset[tuple[str, str]]) -> str:
    """Give a candidate the case the sentence calls for when OCR could not show it.

    OCR models read some lower-case letters as capitals (Tesseract's Russian model writes ``П`` for Azerbaijani
    ``һ``, its aze_cyrl model ``Һ``): the pack lists them (``capital-misreads``). When the correction turns such a
    capital into its letter, nothing else is capitalised and no sentence starts here, the capital is the misreading,
    not the text. Other first-letter corrections keep the case (``Курчустана`` → ``Ҝүрҹүстана``). A word whose
    first character has no case (``]елизаветпол``) is capitalised at the start of a sentence.
    """
    if sentence_start and candidate[:1].islower() and original[:1] and not original[:1].isalpha():
        return upper_case(candidate[:1]) + candidate[1:]
    if sentence_start or not candidate[:1].isupper() or not original[1:].islower() or len(original) < 2:
        return candidate
    if (original[:1], fold_case(candidate[:1])) not in capital_misreads:
        return candidate
    return fold_case(candidate[:1]) + candidate[1:]


def _pair_keep_bits(suggester: _PassageSuggester, token: Token, known: bool, error_probability: float) -> float:
    """Bits of keeping one word of a pair as it is: its frequency bits if known, else from its error chance."""
    if known:
        return suggester.keep_bits(token)
    p = min(max(error_probability, 1e-6), 1 - 1e-6)
    return OTHER_BITS - math.log2((1 - p) / p)


def _homoglyph_fix(token: Token, majority: str | None, model: ConfusionModel) -> str | None:
    """Replace letters of another script by their look-alikes in the word's own script."""
    if majority is None:
        return None
    out = []
    changed = False
    for ch in token.text:
        script = char_script(ch)
        if (script not in (majority, "Zyyy", "Zinh")) or (ch.isdigit() and any(c.isalpha() for c in token.text)):
            target = next(
                (b for (a, b), r in model.single.items() if a == ch.lower() and char_script(b) == majority and r.cost <= 0.4),
                None,
            )
            if target is None:
                return None
            out.append(target.upper() if ch.isupper() or (ch.isdigit() and token.text[:1] == ch) else target)
            changed = True
        else:
            out.append(ch)
    return "".join(out) if changed else None


def _dominant_letters_script(text: str) -> str | None:
    counts: Counter[str] = Counter(char_script(c) for c in text if c.isalpha())
    return counts.most_common(1)[0][0] if counts else None


def _conf(x: float) -> float:
    return round(min(max(x, 0.0), 1.0), 4)


def suggest_document(text: str, scored: DocumentScore, lexicons: LexiconSet, *, limit: int = 5, calibrate: bool = True) -> list[Finding]:
    """Findings of a scored document (see :func:`suggest`); ``calibrate=False`` keeps the raw posteriors."""
    model = TextModel(text)
    vocabulary = document_vocabulary(model)  # the same evidence the scorer used
    # A page is read by one OCR model: a passage too short to show it was misread inherits the diagnosis of the
    # document's other passages of its language.
    misread_by: dict[str, str] = {}
    for passage in scored.passages:
        reading = READINGS.get(passage.reading or "")
        if passage.diagnoses and reading is not None and reading.ocr_model:
            misread_by.setdefault(passage.language, reading.ocr_model)
    findings: list[Finding] = []
    for p_index, passage in enumerate(scored.passages):
        if passage.language not in lexicons.languages or passage.language == "unknown":
            continue
        suggester = _PassageSuggester(passage, lexicons, vocabulary, misread_by.get(passage.language))
        token_scores = {ts.span: ts for ts in passage.tokens}
        tokens = _word_tokens(model, passage)
        # The scorer keeps no record of the words its lexicon knows (they score 0).
        known_flags = [
            token_scores[t.span].known if t.span in token_scores else fold_case(t.norm, passage.language) in suggester.lexicon
            for t in tokens
        ]
        diagnosis = passage.diagnoses[0].code if passage.diagnoses else ("wrong-ocr-model" if suggester.ocr_model else None)
        pair_spans: list[tuple[Finding, tuple[Span, Span]]] = []
        for i, tok in enumerate(tokens):
            ts = token_scores.get(tok.span)
            before = text[tokens[i - 1].span.end : tok.span.start] if i else "."
            # A sentence starts here for certain (not merely a line): the previous word ended one, or none came before.
            sentence_start = i == 0 or before.strip(" \t\n\"'“”«»()").endswith((".", "!", "?"))
            known = known_flags[i]
            score = ts.score if ts else 0.0
            reasons = ts.reasons if ts else ()
            # Dehyphenation across a line break.
            if tok.hyphen_break and i + 1 < len(tokens):
                nxt = tokens[i + 1]
                joined = tok.norm + nxt.norm
                # A compound written with its hyphen (``северо-запад``) keeps it; otherwise the break is typographic.
                if joined in suggester.lexicon and f"{tok.norm}-{nxt.norm}" not in suggester.lexicon:
                    span = Span(tok.span.start, nxt.span.end)
                    f = Finding(
                        span,
                        span.slice(text),
                        passage.language,
                        0.5,
                        ("hyphenation",),
                        (Suggestion(joined, 0.95, ("dehyphenate",), "fixer:dehyphenate"),),
                        0.05,
                        tok.line,
                        p_index,
                        diagnosis,
                    )
                    pair_spans.append((f, (tok.span, nxt.span)))
            # Merge of a word broken by a space.
            gap = text[tok.span.end : tokens[i + 1].span.start] if i + 1 < len(tokens) else ""
            # A wrong model's ) and a space for one letter (``па) тахтына``), where no parenthesis opened before it.
            closing = gap == ") " and bool(suggester.space_misreads) and "(" not in text[_line_start(text, tok.span.start) : tok.span.start]
            if gap == " " or closing:
                nxt = tokens[i + 1]
                nts = token_scores.get(nxt.span)
                next_known = known_flags[i + 1]
                # (replacement, bits, rules, source, cost) of the two ways to join the pair.
                joins: list[tuple[str, float, tuple[str, ...], str, float]] = []
                if not (known and next_known) and not closing:
                    joined = tok.norm + nxt.norm
                    cls = suggester.lexicon.frequency_class(joined)
                    if cls is not None and len(joined) >= 4:
                        joins.append((joined, frequency_bits(cls) + MERGE_BITS, ("merge",), f"lexicon:{passage.language}", 0.0))
                # A word split where the OCR wrote a space for a letter (``па тахты`` → ``пајтахты``).
                if suggester.space_misreads and (merged := suggester.space_merge(tok, nxt, closing=closing)) is not None:
                    cand = merged[1]
                    joins.append((cand.text, cand.bits, cand.rules, _source(passage.language, cand.rules, suggester.model), cand.cost + 0.5))
                if joins:
                    keep = _pair_keep_bits(suggester, tok, known, score) + _pair_keep_bits(
                        suggester, nxt, next_known, nts.score if nts else 0.0
                    )
                    span = Span(tok.span.start, nxt.span.end)
                    for replacement, bits, rules, source, cost in joins:
                        conf = 1 / (1 + 2.0 ** (bits - keep))
                        if conf >= 0.2:
                            f = Finding(
                                span, span.slice(text), passage.language, max(score, 0.4), ("broken-word",),
                                (Suggestion(replacement, _conf(conf), rules, source, cost),),
                                _conf(1 - conf), tok.line, p_index, diagnosis,
                            )
                            pair_spans.append((f, (tok.span, nxt.span)))
            suggestions: list[Suggestion] = []
            keep_conf = 1.0
            # Ordinal suffixes after digits (``1990-чы`` → ``1990-ҹы``).
            if passage.language == "az-Cyrl" and (
                ordinal := ordinal_suffix(tok.text, text[max(0, tok.span.start - 12) : tok.span.start])
            ):
                # When the OCR's vowel does not fit the number, only the ҹ is sure (a digit may be misread).
                conf = 0.99 if ordinal.agrees else 0.75
                suggestions.append(Suggestion(ordinal.text, conf, ("ordinal-suffix",), "fixer:ordinal-suffix"))
                keep_conf = 0.02
            # Persian letter variants.
            elif passage.language == "fa" and any(c in ARABIC_FOR_PERSIAN for c in tok.text):
                fixed = "".join(ARABIC_FOR_PERSIAN.get(c, c) for c in tok.text)
                if fixed.endswith(TA_MARBUTA) and (base := fixed[:-1] + "ه") in suggester.lexicon:
                    fixed = ezafe_of(base) or base
                if ZWNJ not in fixed and (joined := with_zwnj(fixed, suggester.lexicon)) is not None:
                    fixed = joined  # an Arabic model drops the non-joiner too (میکنیم → می‌کنیم)
                listed = fixed.removesuffix(HAMZA_ABOVE) in suggester.lexicon
                if listed or suggester.ocr_model is None:
                    suggestions.append(Suggestion(fixed, 0.98 if listed else 0.6, ("persian-letters",), "fixer:persian-letters"))
                    keep_conf = 0.01
                # Otherwise the Arabic model changed more than the letter variants: the pack's candidates decide.
            elif passage.language == "fa" and ZWNJ not in tok.text:
                joined = with_zwnj(tok.norm, suggester.lexicon)
                if joined is not None:
                    suggestions.append(Suggestion(joined, 0.8 if not known else 0.6, ("zwnj",), "fixer:zwnj"))
                    keep_conf = 0.2 if not known else 0.4
            # Homoglyphs from another script.
            if "mixed-script-word" in reasons or "digits-in-word" in reasons:
                fixed = _homoglyph_fix(tok, _dominant_letters_script(tok.text), suggester.model)
                if fixed is not None:
                    ok = fixed in suggester.lexicon
                    suggestions.append(Suggestion(fixed, 0.98 if ok else 0.6, ("homoglyph",), "fixer:homoglyph"))
                    keep_conf = 0.01 if ok else 0.3
            if not suggestions and suggester.is_suspect(tok, known, score):
                cands, keep_conf = suggester.ranked(tok, known, score)
                if passage.language == "fa":
                    # An Arabic model drops the zero-width non-joiner: restore it where the lexicon writes it.
                    cands = [replace(c, text=z, rules=c.rules + ("zwnj",)) if (z := with_zwnj(c.text, suggester.lexicon)) else c for c in cands]
                    if tok.text.endswith(TA_MARBUTA):
                        cands = [with_ezafe(c) for c in cands]
                suggestions = [
                    Suggestion(
                        _sentence_case(c.text, tok.text, sentence_start, suggester.capital_misreads),
                        c.confidence,
                        c.rules,
                        "fixer:split" if c.rules == ("split",) else _source(passage.language, c.rules, suggester.model),
                        0.0 if c.rules == ("split",) else c.cost,
                    )
                    for c in cands[:limit]
                    if not _dotted_capital_only(c.text, tok.text)
                ]
                if known and (not suggestions or suggestions[0].confidence < keep_conf):
                    continue  # a known word the packs do not argue against: leave it
            if suggestions or score >= 0.5:
                findings.append(
                    Finding(
                        tok.span, tok.text, passage.language, score,
                        reasons or (("wrong-ocr-model",) if diagnosis else ()),
                        tuple(suggestions), _conf(keep_conf), tok.line, p_index, diagnosis, known,
                    )
                )
        findings.extend(_resolve_pairs(findings, pair_spans))
    findings.sort(key=lambda f: (f.span.start, -(f.span.end)))
    findings = _drop_overlaps(findings)
    az_words = [t.text for p in scored.passages if p.language == "az-Cyrl" for t in _word_tokens(model, p)]
    if az_words and writes_old_spelling(az_words):
        findings = [g for f in findings if (g := _in_old_spelling(f)) is not None]
    findings = [_with_frequencies(f, lexicons.get(f.language)) for f in findings]
    calibrator = load_calibrator() if calibrate else None
    if calibrator is None:
        return findings
    return [f for f in (_calibrated(f, calibrator) for f in findings) if _worth_showing(f)]


def _in_old_spelling(finding: Finding) -> Finding | None:
    """An Azerbaijani Cyrillic finding with its suggestions in the spelling of 1939-58 (see
    :mod:`ocrfix.orthography`): ј written й, the rule ``й→ј`` gone, a suggestion that no longer changes anything
    dropped, and the finding with it if that leaves nothing to show."""
    if finding.language != "az-Cyrl":
        return finding
    out: list[Suggestion] = []
    for s in finding.suggestions:
        text = in_old_spelling(s.replacement)
        if text != finding.text and all(o.replacement != text for o in out):
            out.append(replace(s, replacement=text, rules=tuple(r for r in map(old_rule, s.rules) if r)))
    if not out and finding.suggestions and finding.score < 0.5:
        return None
    return replace(finding, suggestions=tuple(out))


def _worth_showing(finding: Finding) -> bool:
    """Whether a finding is worth a reviewer's look: a suspicious word, or one with a convincing suggestion.

    Every unknown word gets candidates (their evidence can outweigh a low suspicion), but a word that looked right
    and whose best candidate is unconvincing (a name, an acronym) is not shown.
    """
    if finding.known or finding.score < QUIET_TOKEN_SCORE:
        return finding.best is not None and finding.best.confidence >= QUIET_MIN_CONFIDENCE
    return True


def _with_frequencies(finding: Finding, lexicon: Lexicon) -> Finding:
    """Fill in how common each replacement is."""
    # The ezafe's hamza is not spelt in the lexicon: a word with it is as common as the word.
    return replace(
        finding,
        suggestions=tuple(replace(s, frequency=round(lexicon.frequency(s.replacement.removesuffix(HAMZA_ABOVE)), 3)) for s in finding.suggestions),
    )


def suggestion_features(finding: Finding, i: int) -> tuple[float, ...]:
    """The calibration features (:data:`ocrfix.calibration.FEATURES`) of the ``i``-th suggestion of a finding
    whose confidences are still the raw posteriors (``suggest_document(..., calibrate=False)``)."""
    raws = [s.confidence for s in finding.suggestions]
    s = finding.suggestions[i]
    second = raws[1] if i == 0 and len(raws) > 1 else (raws[0] if i else 0.0)
    return feature_vector(
        s.confidence, finding.keep_confidence, finding.score, s.cost, s.rules, finding.known,
        finding.diagnosis is not None, second, sum(map(str.isalpha, finding.text)), s.frequency, finding.language,
        finding.text, s.replacement,
    )


def _calibrated(finding: Finding, calibrator: Calibrator) -> Finding:
    """Replace raw posteriors by calibrated confidences (best first again)."""
    out = [replace(s, confidence=_conf(calibrator(suggestion_features(finding, i)))) for i, s in enumerate(finding.suggestions)]
    out.sort(key=lambda s: -s.confidence)
    return replace(finding, suggestions=tuple(out))


def _resolve_pairs(singles: list[Finding], pairs: list[tuple[Finding, tuple[Span, Span]]]) -> list[Finding]:
    """Keep a two-word finding when it is more confident than the single-word findings it covers.

    Pairs are taken most confident first; a pair sharing a word with one already taken is dropped.
    """
    by_span = {f.span: f for f in singles}
    taken: set[Span] = set()
    out = []
    for pair, spans in sorted(pairs, key=lambda item: (-(item[0].best.confidence if item[0].best else 0.0), item[0].span.start)):
        if any(s in taken for s in spans):
            continue
        parts = [by_span[s] for s in spans if s in by_span]
        best_single = max((p.best.confidence for p in parts if p.best), default=0.0)
        if pair.best and pair.best.confidence > best_single:
            for p in parts:
                singles.remove(p)
            taken.update(spans)
            out.append(pair)
    return out


def _drop_overlaps(findings: list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    for f in findings:
        if out and f.span.start < out[-1].span.end:
            if (f.best.confidence if f.best else 0) > (out[-1].best.confidence if out[-1].best else 0):
                out[-1] = f
            continue
        out.append(f)
    return out


def suggest(text: str, lexicons: LexiconSet | None = None, *, language: str | None = None, scored: DocumentScore | None = None) -> list[Finding]:
    """Find suspicious tokens in ``text`` and rank corrections for each.

    Args:
        text: the document's decoded text (offsets of findings are code points into it).
        lexicons: the lexicons of the run (default: the shipped ones).
        language: force a language, as ``ocrfix score --lang``.
        scored: the document's score, if already computed.

    Returns:
        Findings in text order, each with its suggestions best first.

    >>> [(f.text, f.best.replacement, f.best.rules) for f in suggest("Азэрба]чан Республикасы")][:1]
    [('Азэрба]чан', 'Азәрбајҹан', ('э→ә', ']→ј', 'ч→ҹ'))]
    """
    lexicons = lexicons or shared_lexicons()
    scored = scored or score_document(text, lexicons, language=language)
    return suggest_document(text, scored, lexicons)
