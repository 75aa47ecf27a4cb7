"""Suggestions: real OCR errors from the seeds and the generated pairs, fixers, confusion costs, the index."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix.candidates import CandidateIndex, restore_case, score_candidates
from ocrfix.confusions import ConfusionModel, Pack, Rule, model_for
from ocrfix.lexicon import Lexicon
from ocrfix.suggestions import suggest

AZ_MISREAD = "Азэрба]чан Республикасынын пајтахты Бакы шэпэридир вэ елкэнин эн бејук шэпэри дэ одур."
AZ_RIGHT = "Бу ил Азәрбајҹан Республикасынын мүддәтинә вә һесабатда ҝөрә онлар шәһәрдә ҝәтурулду вә Һесазатда дедиләр."


@pytest.mark.parametrize(
    ("name", "text", "original", "replacement", "rules"),
    [
        ("seed-komnata", "Я вошел в коината и сел на стул у окна.", "коината", "комната", ("и→м",)),
        ("seed-azerbaijan", AZ_MISREAD, "Азэрба]чан", "Азәрбајҹан", ("э→ә", "]→ј", "ч→ҹ")),
        ("wrong-model-real-letters", AZ_MISREAD, "вэ", "вә", ("э→ә",)),
        ("rn-for-m", "The rnodern letter was written yesterday.", "rnodern", "modern", ("rn→m",)),
        ("hyphen-at-line-end", "Он слу-\nжит в армии.", "слу-\nжит", "служит", ("dehyphenate",)),
        ("latin-o-in-cyrillic", "Кoмната была пуста.", "Кoмната", "Комната", ("homoglyph",)),
        ("broken-word", "The letter was wri tten yesterday.", "wri tten", "written", ("merge",)),
        ("arabic-yeh-in-persian", "این کتاب را برای شما آوردم و او را ديدم.", "ديدم", "دیدم", ("persian-letters",)),
        # A known but rare spelling in a misread passage: the scorer keeps no record of known words.
        ("known-word-misread", AZ_MISREAD + " Бутун дунja бу шэпэри таны]ыр.", "Бутун", "Бүтүн", ("у→ү", "у→ү")),
        # К stands for Ҝ whatever the case: the capital stays.
        ("capital-kept", AZ_MISREAD + " Курчустан вэ Азэрба]чан гоншудур.", "Курчустан", "Ҝүрҹүстан", ("к→ҝ", "у→ү", "ч→ҹ", "у→ү")),
        # The Russian model reads the ascender of һ as a capital П: lower-cased inside a sentence.
        ("capital-misread", AZ_MISREAD + " Бу Пэр бир инсанын вэтэнидир.", "Пэр", "һәр", ("п→һ", "э→ә")),
        # A rare known word in a noisy passage, one common confusion from a frequent one.
        ("real-word-error", "Он выступал и пел. Мы ие знали, что делать, и коината была пуста.", "ие", "не", ("и→н",)),
        # The Russian model writes ј as a space, or as debris and a space, splitting the word.
        ("space-for-letter", AZ_MISREAD + " Онун па тахты Бакыдыр.", "па тахты", "пајтахты", ("␣→ј",)),
        ("debris-space-for-letter", AZ_MISREAD + " Бу функси] асы белэдир.", "функси] асы", "функсијасы", ("]␣→ј",)),
        ("ordinal-suffix", AZ_MISREAD + " Бу 1990-чы илдэ олду вэ 3-чу дэфэ.", "чы", "ҹы", ("ordinal-suffix",)),
        # The aze_cyrl model writes у for ү, ә for ө in a quarter to two thirds of them (measured): they share a key,
        # so a word with four of them is one lookup away.
        ("right-model-systematic", AZ_RIGHT, "ҝәтурулду", "ҝөтүрүлдү", ("ә→ө", "у→ү", "у→ү", "у→ү")),
        # ... and a capital Һ for a small һ at a word's start: lower-cased inside a sentence.
        ("right-model-capital", AZ_RIGHT, "Һесазатда", "һесабатда", ("з→б",)),
        ("ordinal-suffix-vowel", AZ_MISREAD + " Бу 3-чу дэфэ олду вэ 1990-чы илдэ.", "чу", "ҹү", ("ordinal-suffix",)),
        # ... and with ) for ј: the tokenizer keeps ) between letters and at a word's start inside the word.
        ("paren-for-j", AZ_MISREAD + " Шэпэрин па)тахты белэдир.", "па)тахты", "пајтахты", (")→ј",)),
        # ... and with ) and a space, or )] inside the word (the tokenizer keeps debris beside ) in the word).
        ("paren-space-for-j", AZ_MISREAD + " Онун па) тахтына кэлди.", "па) тахтына", "пајтахтына", (")␣→ј",)),
        ("paren-debris-for-j", AZ_MISREAD + " Бу о)]унчулары белэдир.", "о)]унчулары", "ојунчулары", ("-)", "]→ј")),
        ("plus-for-gh", AZ_MISREAD + " Бу мэскунлашма+а сэбэб олду.", "мэскунлашма+а", "мәскунлашмаға", ("э→ә", "+→ғ")),
    ],
)
def test_top_suggestion(lexicons, name: str, text: str, original: str, replacement: str, rules: tuple[str, ...]) -> None:
    findings = {f.text: f for f in suggest(text, lexicons)}
    assert original in findings, sorted(findings)
    best = findings[original].best
    assert best is not None and (best.replacement, best.rules) == (replacement, rules)
    assert 0.0 <= best.confidence <= 1.0


def test_persian_compounds_keep_their_space(lexicons) -> None:
    # Only the affixes Persian spelling joins with a non-joiner are joined; a compound's space is the text.
    assert [f.text for f in suggest("این خبر را بانک مرکزی امروز گفت.", lexicons) if " " in f.text] == []


def test_a_parenthesis_that_closes_is_not_a_letter(lexicons) -> None:
    # After an opening one on the line, ``па) тахтына`` is a word in parentheses, not a word the OCR split.
    text = AZ_MISREAD + " Онун (бах: па) тахтына кэлди."
    assert [f.text for f in suggest(text, lexicons) if ")" in f.text] == []


def test_two_known_words_are_not_merged(lexicons) -> None:
    # ``выступали`` is a word, but so are ``выступал`` and ``и``: nothing argues for the merge.
    assert [f.text for f in suggest("Выступал и пел, выиграл и ушел.", lexicons)] == []


def test_good_text_gets_no_confident_suggestion(lexicons) -> None:
    text = "Уважаемый товарищ Хрущев, первое письмо я написал Вам первого декабря 1954 года."
    assert [f.text for f in suggest(text, lexicons) if f.best and f.best.confidence >= 0.5] == []


def test_findings_point_into_the_text(lexicons) -> None:
    text = "\r\n".join([AZ_MISREAD, "Я вошел в коината.", "Он слу-", "жит."])
    for f in suggest(text, lexicons):
        assert text[f.span.start : f.span.end] == f.text
        assert all(0.0 <= s.confidence <= 1.0 for s in f.suggestions)


def test_weighted_distance_prefers_pack_confusions() -> None:
    model = model_for("az-Cyrl", "rus")
    cheap, rules = model.distance("азэрба]чан", "азәрбајҹан")
    assert rules == ("э→ә", "]→ј", "ч→ҹ") and cheap < 1.0
    expensive, rules = model.distance("азэрба]чан", "азирбајҹан")  # э→и is no confusion of the packs
    assert "э→и" in rules and expensive > cheap + 0.5
    assert model.distance("асас", "әсас")[1] == ("а→ә",)


def test_restore_case_azerbaijani_i() -> None:
    assert restore_case("istiqlal", "ISTIQLAL", "az-Latn") == "İSTİQLAL"
    assert restore_case("ıldırım", "Ildırım", "az-Latn") == "Ildırım"
    assert restore_case("комната", "Коината") == "Комната"


_PACK = Pack("t", "t", ("ru",), "always", "test", "CC0-1.0", (Rule("э", "ә", 0.1, "t"), Rule("rn", "m", 0.4, "t")), "0")
_WORDS = ["дом", "дым", "сад", "әсас", "асас", "modern", "мама", "дома", "садә"]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("домсаәыэrnmode")), min_size=2, max_size=7))
def test_index_agrees_with_brute_force(word: str) -> None:
    """Every lexicon form within the key plus one edit, found by scanning, is found by the index."""
    lexicon = Lexicon("ru", entries={w: 10 for w in _WORDS})
    model = ConfusionModel([_PACK])
    index = CandidateIndex(lexicon, model)
    found = index.lookup(word)
    key = model.key(word)

    def one_edit(a: str, b: str) -> bool:
        if a == b:
            return True
        if abs(len(a) - len(b)) > 1:
            return False
        if len(a) == len(b):
            diffs = [i for i in range(len(a)) if a[i] != b[i]]
            return len(diffs) == 1 or (len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
        short, long_ = sorted((a, b), key=len)
        return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))

    expected = {w for w in _WORDS if w != word and one_edit(key, model.key(w)) and all(c in index.alphabet for c in model.key(w) if c not in key)}
    assert expected <= found


@pytest.mark.parametrize(
    ("name", "text", "original", "replacement"),
    [
        # Persian writes no ة: an Arabic model's ة is the ezafe هٔ (the lexicon spells the word without it).
        ("ezafe", "این مجموعة کتاب ها و دورة زندگی من است و برنامة ما در همة شهر ها.", "مجموعة", "مجموعهٔ"),
        # OCR writes the non-joiner of the verbal prefix as a space.
        ("space-for-zwnj", "این کار انجام می شود و ما آن را دیدیم.", "می شود", "می\u200cشود"),
        # که is a function word: no ezafe.
        ("no-ezafe-on-function-word", "او گفت كة این کتاب را برای شما آوردم.", "كة", "که"),
        # Letter variants fixed and the dropped non-joiner restored in one suggestion.
        ("letters-and-zwnj", "ما این کتاب را خواندیم و فعاليتهاى او را ديدم.", "فعاليتهاى", "فعالیت\u200cهای"),
    ],
)
def test_persian_repairs(lexicons, name: str, text: str, original: str, replacement: str) -> None:
    findings = {f.text: f for f in suggest(text, lexicons)}
    assert original in findings, sorted(findings)
    assert findings[original].best is not None and findings[original].best.replacement == replacement


@pytest.mark.parametrize(
    ("value", "ok"),
    [("П→һ В→һ", True), ("Һ→һ", True), ("п→һ", False), ("П→Һ", False), ("Пһ", False), ("П→һһ", False)],
)
def test_capital_misreads_header(tmp_path, value: str, ok: bool) -> None:
    from ocrfix.confusions import load_pack
    from ocrfix.errors import LexiconError

    path = tmp_path / "p.tsv"
    header = "".join(f"# {k}: x\n" for k in ("pack", "name", "source", "licence")) + "# applies-to: az-Cyrl\n# when: always\n"
    path.write_text(header + f"# capital-misreads: {value}\nэ\tә\t0.2\n", "utf-8")
    if ok:
        assert load_pack(path).capital_misreads == tuple((item[0], item[2]) for item in value.split())
    else:
        with pytest.raises(LexiconError, match="capital-misreads"):
            load_pack(path)


def test_short_passage_inherits_the_documents_wrong_model(lexicons) -> None:
    # "Эриза" alone is too short to show how it was read; the page's other Azerbaijani passage shows it.
    text = AZ_MISREAD + " " + AZ_MISREAD + "\n\nЭриза\n"
    findings = {f.text: f for f in suggest(text, lexicons)}
    assert findings["Эриза"].best is not None and findings["Эриза"].best.replacement == "Әризә"
    assert findings["Эриза"].diagnosis == "wrong-ocr-model"
    # Without the misread passage nothing tells ocrfix that э stands for ә.
    alone = {f.text: f for f in suggest("Бу бир сөздүр.\n\nЭриза\n", lexicons)}
    assert "Эриза" not in alone or alone["Эриза"].best is None or alone["Эриза"].best.replacement != "Әризә"


def test_stray_combining_marks_are_specks() -> None:
    model = model_for("az-Cyrl")
    cost, rules = model.distance("ҹәс\u0327ән", "ҹәсән")
    assert rules == ("-\u0327",) and cost < 1.0
    lexicon = Lexicon("az-Cyrl", entries={"ҹәсарәт": 10, "ҹәсән": 10})
    # Two edits away with the speck, one without it: found through the bare variant.
    assert "ҹәсән" in CandidateIndex(lexicon, model).lookup("ҹәс\u0327ан")


def test_far_lookup_reaches_two_arbitrary_edits() -> None:
    lexicon = Lexicon("ru", entries={"комната": 100, "кошка": 50, "дом": 10})
    index = CandidateIndex(lexicon, ConfusionModel([_PACK]))
    assert "комната" not in index.lookup("кфмнбта")  # two unexplained substitutions: beyond key + one edit
    assert index.far_lookup("кфмнбта") == {"комната"}
    assert index.far_lookup("дым") == set()  # short words are not guessed that far


def test_deep_edit_lookup_reaches_likely_confusions_plus_one_edit() -> None:
    # а→ә at 0.5: likely, but not merged into the key (above KEY_COST); ч→н is an arbitrary edit.
    pack = Pack("t2", "t2", ("az-Cyrl",), "always", "test", "CC0-1.0", (Rule("а", "ә", 0.5, "t"),), "0")
    lexicon = Lexicon("az-Cyrl", entries={"бәдәнинин": 100, "мәдәнијјәт": 50, "бадам": 10})
    index = CandidateIndex(lexicon, ConfusionModel([pack]))
    assert "бәдәнинин" not in index.lookup("баданичин")  # two confusions and an edit: beyond key + one edit
    assert index.deep_edit_lookup("баданичин") == {"бәдәнинин"}
    assert index.deep_edit_lookup("бада") == set()  # nothing one edit from бәда/бадә/бәдә
    assert score_candidates("баданичин", index, language="az-Cyrl") == []  # only when asked for
    top = score_candidates("баданичин", index, language="az-Cyrl", deep=True)
    assert top and top[0].text == "бәдәнинин" and top[0].rules == ("а→ә", "а→ә", "ч→н")
    # A user form, read live rather than hashed, is reached the same way.
    lexicon.add([("бәдәнимиз", 10)])
    assert "бәдәнимиз" in CandidateIndex(lexicon, ConfusionModel([pack])).deep_edit_lookup("баданичиз")


def test_a_huge_run_of_letters_is_a_finding_without_candidates(lexicons) -> None:
    """20,000 letters of debris in one token (a scanner's streak): no split or lookup is tried, the words around
    it are still corrected."""
    findings = {f.text[:20]: f for f in suggest("Я вошел в " + "абвгдежзик" * 2000 + " коината и сел.", lexicons)}
    assert findings["коината"].best is not None and findings["коината"].best.replacement == "комната"
    huge = findings["абвгдежзик" * 2]
    assert huge.suggestions == () and huge.score >= 0.5


def test_ordinal_suffix_that_disagrees_with_its_number_keeps_its_vowel(lexicons) -> None:
    # 2606 calls for -ҹы, but the OCR wrote и: a misread digit is likelier (2006), so only ч→ҹ is made, less sure.
    findings = {f.text: f for f in suggest(AZ_MISREAD + " Бу 2606-чи илдэ олду вэ 1990-чы илдэ.", lexicons)}
    disagreeing, agreeing = findings["чи"].best, findings["чы"].best
    assert (disagreeing.replacement, agreeing.replacement) == ("ҹи", "ҹы")
    assert disagreeing.rules == agreeing.rules == ("ordinal-suffix",)
    assert disagreeing.confidence < agreeing.confidence
