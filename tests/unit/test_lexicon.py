"""Lexicon lookup, user word lists, the project lexicon and the load cache."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from ocrfix.errors import LexiconError
from ocrfix.lexicon import (
    LexiconSet,
    append_to_project_lexicon,
    available_lexicons,
    frequency_class,
    load_lexicon,
    lookup_key,
    parse_word_list,
)


def _write_lexicon(folder: Path, language: str, rows: list[tuple[str, int]], script: str = "Cyrl") -> Path:
    body = "".join(f"{w}\t{c}\n" for w, c in rows)
    head = (
        f"# language: {language}\n# script: {script}\n# name: Test\n# forms: {len(rows)}\n"
        "# source: test\n# licence: CC0-1.0\n# built-by: test\n"
    )
    path = folder / f"{language}.tsv.gz"
    path.write_bytes(gzip.compress((head + body).encode(), mtime=0))
    return path


@pytest.mark.parametrize(
    ("word", "language", "key"),
    [
        ("Ещё", "ru", "еще"),
        ("ЙЕНИ", "az-Cyrl", "јени"),
        ("كتاب", "fa", "کتاب"),
        ("مـــن", "fa", "من"),
        ("Café", "en", "café"),
    ],
)
def test_lookup_key(word: str, language: str, key: str) -> None:
    assert lookup_key(word, language) == key


def test_load_from_file_then_from_cache(tmp_path: Path) -> None:
    _write_lexicon(tmp_path, "ru", [("комната", 5000), ("ещё", 3000), ("еще", 10), ("дом", 900)])
    first = load_lexicon("ru", tmp_path)
    second = load_lexicon("ru", tmp_path)  # from the cache written by the first load
    for lex in (first, second):
        assert "Комната" in lex and "ЕЩЁ" in lex and "коината" not in lex
        assert lex.frequency_class("комната") == frequency_class(5000)
        assert lex.frequency_class("ещё") == frequency_class(3000)  # the more frequent folded form wins
        assert len(lex) == 3


def test_changed_lexicon_invalidates_cache(tmp_path: Path) -> None:
    _write_lexicon(tmp_path, "ru", [("комната", 5000)])
    assert "дом" not in load_lexicon("ru", tmp_path)
    _write_lexicon(tmp_path, "ru", [("комната", 5000), ("дом", 10)])
    assert "дом" in load_lexicon("ru", tmp_path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("no-count", "комната\n", "expected form<TAB>count"),
        ("bad-count", "комната\tmany\n", "not a number"),
    ],
)
def test_malformed_shipped_lexicon(tmp_path: Path, name: str, content: str, message: str) -> None:
    head = "# language: ru\n# script: Cyrl\n# name: T\n# forms: 1\n# source: t\n# licence: t\n"
    (tmp_path / "ru.tsv.gz").write_bytes(gzip.compress((head + content).encode()))
    with pytest.raises(LexiconError, match=message):
        load_lexicon("ru", tmp_path, use_cache=False)


def test_missing_lexicon_names_what_exists(tmp_path: Path) -> None:
    _write_lexicon(tmp_path, "ru", [("дом", 1)])
    with pytest.raises(LexiconError, match=r"available: ru"):
        load_lexicon("de", tmp_path)


def test_parse_word_list_formats() -> None:
    text = "# language: az-Cyrl\nАзәрбајҹан\nәсас\t120\nhello\t5\ten\n\n"
    default, entries = parse_word_list(text)
    assert default == "az-Cyrl"
    assert entries == [("Азәрбајҹан", 1.0, "az-Cyrl"), ("әсас", 120.0, "az-Cyrl"), ("hello", 5.0, "en")]


@pytest.mark.parametrize(
    ("text", "language", "message"),
    [
        ("слово\n", None, "no language"),
        ("a b\n", "en", "expected form"),
        ("word\tx\n", "en", "not a number"),
    ],
)
def test_parse_word_list_errors(text: str, language: str | None, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        parse_word_list(text, language)


def test_user_words_extend_shipped_and_new_languages(tmp_path: Path) -> None:
    _write_lexicon(tmp_path, "ru", [("дом", 100)])
    lexicons = LexiconSet(tmp_path)
    lexicons.add_user_words([("Хрущев", 1, "ru"), ("Haus", 3, "de")])
    assert lexicons.languages == ["de", "ru"]
    assert "хрущев" in lexicons.get("ru") and "дом" in lexicons.get("ru")
    assert "haus" in lexicons.get("de")
    with pytest.raises(LexiconError):
        lexicons.get("fr")


def test_project_lexicon_appends_and_reads_back(tmp_path: Path) -> None:
    project = tmp_path / "ocrfix-lexicon.tsv"
    append_to_project_lexicon(project, "Пишевери", "ru")
    append_to_project_lexicon(project, "Тәбриз", "az-Cyrl")
    _, entries = parse_word_list(project.read_text("utf-8"))
    assert [(f, lang) for f, _, lang in entries] == [("Пишевери", "ru"), ("Тәбриз", "az-Cyrl")]


def test_shipped_lexicons_are_listed() -> None:
    codes = {info.language for info in available_lexicons()}
    assert {"ru", "az-Cyrl", "az-Latn", "fa", "en"} <= codes


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [
        ("ru", ["комната", "служит", "Хрущев"], ["коината", "сиктеа"]),
        ("az-Cyrl", ["Азәрбајҹан", "әсас", "бәзи", "һәр", "йени"], ["Азэрба]чан", "гэгээлэгтэй"]),
        ("az-Latn", ["Azərbaycan", "əsas"], ["Azərbaycаn", "Азәрбајҹан"]),
        ("fa", ["کتاب", "كتاب", "می\u200cخواهم"], ["ججج"]),
        ("en", ["letter", "Khrushchev"], ["lctter"]),
    ],
)
def test_shipped_lexicon_contents(lexicons: LexiconSet, language: str, present: list[str], absent: list[str]) -> None:
    lex = lexicons.get(language)
    assert [w for w in present if w not in lex] == []
    assert [w for w in absent if w in lex] == []


def test_library_calls_without_lexicons_share_one_loaded_set(monkeypatch):
    """score_text and suggest with no LexiconSet must not load the lexicons again on every call."""
    import ocrfix.lexicon as lexicon_module
    from ocrfix import score_text, suggest

    loads: list[str] = []
    real = lexicon_module.load_lexicon

    def counting(language, *args, **kwargs):
        loads.append(language)
        return real(language, *args, **kwargs)

    monkeypatch.setattr(lexicon_module, "load_lexicon", counting)
    lexicon_module.shared_lexicons.cache_clear()
    text = "Уважаемый товарищ Хрущев, первое письмо я написал Вам 1 декабря."
    first = score_text(text)
    after_first = len(loads)
    assert after_first >= 1
    assert score_text(text) == first
    suggest(text)
    assert len(loads) == after_first
    assert lexicon_module.shared_lexicons() is lexicon_module.shared_lexicons()
