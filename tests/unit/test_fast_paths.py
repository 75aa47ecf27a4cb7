"""The fast paths of scoring agree exactly with the plain definitions they replace (same floats, same reasons)."""

from __future__ import annotations

import math

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ocrfix.charmodel import BOUNDARY, load_model
from ocrfix.garbage import GarbageHit, _garbage_hits
from ocrfix.scripts import LANGUAGES, char_script

# Letters of the shipped scripts, OCR debris, digits, marks and case pairs: what real garbled tokens are made of.
_ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәҹҝөүһјғАБВЕЁӘЈabcdeiouyzəğışçöüABCIİЯ]|[{}¦0123456789\u0301\u200cابپتکیيكى"


def _plain_garbage_hits(token: str, kind: str, profile) -> list[GarbageHit]:
    """The garbage rules as first written, one regex or scan per rule (the reference)."""
    hits: list[GarbageHit] = []
    if kind not in ("word", "alnum"):
        return hits
    if kind == "alnum" and regex.match(r"^\p{Nd}+(?:[.,]\p{Nd}+)*[-‐]?\p{L}{1,5}$|^\p{L}{1,4}[-‐]?\p{Nd}+$", token):
        return hits
    letters = [ch for ch in token if ch.isalpha()]
    if regex.search(r"[\]\[|{}¦]", token) and letters:
        hits.append(GarbageHit("debris-in-word", 0.9))
    if regex.search(r"\p{L}\p{Nd}+\p{L}", token):
        hits.append(GarbageHit("digits-in-word", 0.9))
    elif kind == "alnum" and len(letters) <= 2 and any(ch.isdigit() for ch in token):
        hits.append(GarbageHit("digits-in-word", 0.6))
    scripts = {char_script(ch) for ch in letters}
    scripts.discard("Zinh")
    if len(scripts) > 1:
        hits.append(GarbageHit("mixed-script-word", 0.9))
    case = regex.compile(r"\p{Ll}\p{Lu}")
    if case.search(token) and not token[:1].isupper() or len(case.findall(token)) >= 2:
        hits.append(GarbageHit("case-change", 0.7))
    if regex.search(r"(\p{L})\1\1", token.lower()) or regex.search(r"(\p{L}\p{L})\1\1", token.lower()):
        hits.append(GarbageHit("long-repeat", 0.9))
    if profile is not None and letters:
        alphabet = profile.alphabet | profile.tolerated
        own = [ch for ch in token.lower() if ch.isalpha() and char_script(ch) == profile.script]
        if own and any(ch not in alphabet for ch in own):
            hits.append(GarbageHit("foreign-letters", 0.8))
        vowels = set("aeiouyаеёиоуыэюяәөүıəöüاآویی")
        if profile.script in ("Cyrl", "Latn") and len(letters) >= 6 and not any(ch in vowels for ch in token.lower()):
            hits.append(GarbageHit("no-vowel", 0.8))
    return hits


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=_ALPHABET, min_size=1, max_size=14),
    st.sampled_from(["word", "alnum"]),
    st.sampled_from([None, *sorted(LANGUAGES)]),
)
@example("Москва", "word", "ru")
@example("МОСКВА", "word", "ru")
@example("ааааа", "word", "az-Cyrl")
@example("мнвклт", "word", "ru")
@example("\u212aing", "word", "en")  # KELVIN SIGN: lower-cases to k, but is no Latin letter
@example("İSTİQLAL", "word", "az-Latn")
@example("ISTIQLAL", "word", "az-Latn")
@example("Азәрбајҹан", "word", "ru")
def test_garbage_rules_agree_with_the_plain_rules(token: str, kind: str, language: str | None) -> None:
    profile = LANGUAGES.get(language or "")
    assert _garbage_hits(token, kind, profile) == _plain_garbage_hits(token, kind, profile)


def _plain_cross_entropy(model, word: str) -> float:
    s = BOUNDARY + BOUNDARY + word + BOUNDARY
    total = 0.0
    for i in range(2, len(s)):
        p = model._tri.get(s[i - 2] + s[i - 1] + s[i])
        if p is None:
            p = math.log2(0.20 * model._bi.get(s[i - 1] + s[i], 0.0) + 0.08 * model._uni.get(s[i], 0.0) + model._floor)
        total -= p
    return total / (len(s) - 2)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["ru", "az-Cyrl@rus", "en", "fa"]), st.text(alphabet=_ALPHABET.lower(), min_size=0, max_size=70))
def test_cross_entropy_is_the_plain_running_sum(code: str, word: str) -> None:
    model = load_model(code)
    assert model.cross_entropy(word) == _plain_cross_entropy(model, word)  # equal floats, not approximately


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET + "İIiıكيىـ\u0640\u0307", min_size=0, max_size=20))
def test_lexicon_form_is_persian_folding_then_case_folding(word: str) -> None:
    from ocrfix.normalize import _PERSIAN_TABLE, fold_case, lexicon_form, nfc

    assert lexicon_form(word) == fold_case(nfc(word).translate(_PERSIAN_TABLE))


# The token pattern as first written (one alternative per kind of word character, the look-behind of a marker first).
_DEBRIS = r"\]\[|{}¦"
_PLAIN_PIECE = rf"(?:[\p{{L}}\p{{M}}\p{{N}}\u200c\u200d]|[{_DEBRIS}]|(?<=\p{{L}})['’ʼ](?=\p{{L}}))+"
_PLAIN_TOKEN = regex.compile(
    r"(?P<url>(?:https?|ftp)://[^\s<>\"]+)"
    r"|(?P<markup></?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>\n]{0,80})?/?>)"
    r"|(?P<marker>(?<![\p{L}\p{N}-])-\s?\p{Nd}{1,4}\s?-(?![\p{L}\p{N}-]))"
    r"|(?P<number>\p{Nd}+(?:[.,:/]\p{Nd}+)*(?![\p{L}\p{M}\p{Nd}]))"
    rf"|(?P<word>{_PLAIN_PIECE}(?:[-‐‑](?=[\p{{L}}\p{{N}}{_DEBRIS}]){_PLAIN_PIECE})*)"
    r"|(?P<punct>\p{P}+)"
    r"|(?P<symbol>[^\s\p{L}\p{M}\p{N}\p{P}]+)"
)
_TEXT = _ALPHABET + " \n-‐‑'’ʼ.,:/<>*#—http://ftp:sup/b -1- -22 -"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_TEXT, max_size=80), st.integers(0, 80), st.integers(0, 80))
def test_token_pattern_matches_the_plain_pattern(text: str, start: int, length: int) -> None:
    from ocrfix.text import _TOKEN

    end = min(len(text), start + length)
    start = min(start, end)
    fast = [(m.lastgroup, m.span()) for m in _TOKEN.finditer(text, start, end)]
    assert fast == [(m.lastgroup, m.span()) for m in _PLAIN_TOKEN.finditer(text, start, end)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET + "İIiıẞΣς", max_size=20), st.sampled_from([None, "ru", "az-Latn", "az-Cyrl", "en"]))
def test_fold_case_is_the_translation_then_lower(text: str, language: str | None) -> None:
    from ocrfix.normalize import _DOTTED_CAPITAL_I, _TURKIC_LOWER, fold_case

    table = _TURKIC_LOWER if language is not None and language.startswith("az") else _DOTTED_CAPITAL_I
    assert fold_case(text, language) == text.translate(table).lower()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET + "İIiıẞ\u0301", min_size=1, max_size=16), st.sampled_from(["word", "alnum", "symbol"]), st.booleans())
@example("ПОЛИТБЮ", "word", True)
@example("НКВД", "word", True)
@example("Москва", "word", False)
@example("моСква", "word", True)
@example("5X", "alnum", True)
@example("е\u0301", "word", False)
def test_token_facts_are_the_plain_definitions(piece: str, kind: str, nfc_text: bool) -> None:
    from ocrfix.normalize import fold_case, nfc
    from ocrfix.scoring import _FACTS, token_facts
    from ocrfix.text import token_script

    norm = piece if nfc_text else nfc(piece)
    weight = len(piece) if kind == "symbol" or piece.isalpha() else max(1, sum(map(str.isalpha, piece)))
    plain = (
        norm,
        token_script(norm),
        fold_case(norm),
        weight,
        piece[:1].isupper() and piece[1:].islower(),
        piece.isupper() and 2 <= len(piece) <= 6 and piece.isalpha(),
    )
    _FACTS[0].clear(), _FACTS[1].clear()
    assert token_facts(piece, kind, nfc_text) == plain  # computed
    assert token_facts(piece, kind, nfc_text) == plain  # remembered


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["ru", "az-Cyrl", "fa", "en", "xx"]),
    st.lists(
        st.tuples(
            st.sampled_from([0.0, 0.6, 0.8, 0.9]),
            st.one_of(st.none(), st.floats(0.0, 1.0)),
            st.booleans(),
            st.booleans(),
        ),
        max_size=30,
    ),
    st.floats(0.01, 0.9),
)
def test_error_chances_are_the_scores_one_by_one(lexicons, language: str, items: list, prior: float) -> None:
    from ocrfix.language import LanguageGuess
    from ocrfix.scoring import _TokenJudge, implausibility_shape

    judge = _TokenJudge(LanguageGuess(language, "Cyrl", language), lexicons)
    records = [(0, 1, "w", (sev, (), False, imp), n, r, 1, "word") for sev, imp, n, r in items]
    one_by_one = [judge.score(rec[3], prior=prior, name_like=rec[4], repeated=rec[5]) for rec in records]
    assert judge.error_chances(records, prior) == one_by_one  # equal floats, not approximately
    # The same with the reading's fitted shape (a negative power included, for az-Cyrl).
    shape = implausibility_shape(language)
    fitted = [judge.score(rec[3], prior=prior, name_like=rec[4], repeated=rec[5], shape=shape) for rec in records]
    assert judge.error_chances(records, prior, shape) == fitted


def test_frequency_classes_are_the_lookups_one_by_one(lexicons) -> None:
    from ocrfix.lexicon import Lexicon, lookup_key

    lex = lexicons.get("ru")
    words = ["Москва", "москва", "ещё", "Ещё", "xyzzy", "ЕЩЁ", "москва"]
    assert lex.frequency_classes(words) == [lex.frequency_class(w) for w in words]
    assert [w in lex for w in words] == [lex.frequency_class(w) is not None for w in words]
    assert lex.frequency_class("Ещё") == lex._classes[lookup_key("Ещё", "ru")]
    small = Lexicon("ru", entries={"кот": 3})
    assert small.frequency_classes(["Кот", "пес"]) == [3, None]
    small.add([("пес", 1000.0)])  # adding forms forgets what was remembered
    assert small.frequency_classes(["Кот", "пес"]) == [3, small._extra["пес"]]
    assert 5 not in small and "ПЕС" in small


_MIXED = (
    "Уважаемый товарищ Хрущев, первое письмо я написал Вам 1 декабря. ПОЛИТБЮРО ЦК получило его.\n"
    "Азәрбајҹан Ҹүмһуријјәти, Бакы шәһәри, 1954-ҹү ил.\n\n"
    "Азэрба]чан Чумпури]]эти -2- Бакы шэпэри, 5X 17105 ||| ааааа\n\n"
    "Dear comrade Khrushchev, I wrote you the first letter. NKVD, Moskva [sic].\n\n"
    "كتاب ايران در سال ۱۳۳۲ منتشر شد و مردم آن را خواندند\n"
)


def test_scores_do_not_depend_on_what_the_memos_remember(lexicons) -> None:
    import unicodedata

    from ocrfix.scoring import _CONCERNS, _FACTS, score_text

    texts = [_MIXED, unicodedata.normalize("NFD", _MIXED), _MIXED.replace("\n\n", "\n")]
    warm = [score_text(t, lexicons) for t in texts + texts]
    for memo in (*_FACTS, _CONCERNS):
        memo.clear()
    cold = [score_text(t, lexicons) for t in texts]
    assert warm[: len(texts)] == cold == warm[len(texts) :]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([("ru", "az-Cyrl", "az-Cyrl@rus"), ("en", "az-Latn"), ("fa", "fa@ara"), ("ru",)]),
    st.lists(st.text(alphabet=_ALPHABET.lower(), min_size=0, max_size=30), max_size=12),
)
def test_cross_entropies_remembered_together_are_the_plain_running_sums(codes: tuple[str, ...], words: list[str]) -> None:
    from ocrfix.charmodel import remember_cross_entropies

    models = [load_model(c) for c in codes]
    for m in models:
        for w in words:
            m._memo.pop(w, None)
    remember_cross_entropies(models, words + words[:1])
    for m in models:
        for w in words:
            if len(models) > 1:
                assert m._memo[w] == _plain_cross_entropy(m, w)  # remembered, equal floats (not approximately)
            assert m.cross_entropy(w) == _plain_cross_entropy(m, w)
