"""Derived-data caches: the candidate index is the same built fresh or read back, and a bad cache is rebuilt."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ocrfix.suggestions
from ocrfix.cache import KEEP_PER_KIND, RECENT, cached_path, prune, read_cached, write_cached
from ocrfix.candidates import CandidateIndex, _index_cache_path, score_candidates
from ocrfix.confusions import model_for
from ocrfix.lexicon import LexiconSet
from ocrfix.normalize import letter_replacer
from ocrfix.suggestions import suggest

SEEDS = Path(__file__).resolve().parents[2] / "corpus" / "seeds"

# OCR forms from the seeds, case-folded as the index sees them.
WORDS = [
    ("ru", None, "коината"),
    ("ru", None, "ком0ата"),
    ("ru", None, "иэвестно"),
    ("az-Cyrl", "rus", "азэрба]чан"),
    ("az-Cyrl", "rus", "республикасы"),
    ("az-Cyrl", None, "ҹүмһуријјәти"),
    ("en", None, "comrnittee"),
]


def _index_files(cache: Path) -> list[Path]:
    return sorted((cache / "ocrfix" / "candidate-index").glob("*.marshal"))


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from(list("aoeэәј]0xy")), st.text(alphabet="aoeэәј]0xyz", max_size=2), max_size=6),
    st.text(alphabet="aoeэәј]0xyz\n", max_size=40),
)
def test_letter_replacer_is_translate(mapping: dict[str, str], text: str) -> None:
    """The chain of replacements gives what str.translate gives, whether or not a replacement contains a key."""
    assert letter_replacer(mapping)(text) == text.translate(str.maketrans(mapping))


@pytest.mark.parametrize(("language", "ocr_model"), [("ru", None), ("az-Cyrl", "rus"), ("en", None)])
def test_index_from_cache_is_the_fresh_index(lexicons: LexiconSet, cache_home: Path, language: str, ocr_model: str | None) -> None:
    lexicon = lexicons.get(language)
    model = model_for(language, ocr_model)
    fresh = CandidateIndex(lexicon, model, use_cache=False)
    CandidateIndex(lexicon, model)  # writes the cache if no earlier test did
    cached = CandidateIndex(lexicon, model)  # reads it
    assert _index_files(cache_home)
    assert cached._index == fresh._index and cached.alphabet == fresh.alphabet
    for lang, om, word in WORDS:
        if (lang, om) == (language, ocr_model):
            assert cached.lookup(word) == fresh.lookup(word)
            assert score_candidates(word, cached, language=lang) == score_candidates(word, fresh, language=lang)


def test_user_forms_join_a_cached_index_as_a_fresh_build_adds_them() -> None:
    lexicons = LexiconSet()
    # A form that is its own key, one that is not (Latin m and o), and one whose key a shipped form has.
    lexicons.add_user_words([("новословие", 5.0, "ru"), ("коmнатo", 5.0, "ru"), ("ком0ата", 5.0, "ru")])
    lexicon = lexicons.get("ru")
    model = model_for("ru")
    CandidateIndex(lexicon, model)
    cached = CandidateIndex(lexicon, model)
    fresh = CandidateIndex(lexicon, model, use_cache=False)
    assert cached._index == fresh._index and cached.alphabet == fresh.alphabet
    assert "коmнатo" in cached.lookup("комнато")


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty"])
def test_damaged_index_cache_is_rebuilt(lexicons: LexiconSet, cache_home: Path, damage: str) -> None:
    lexicon, model = lexicons.get("ru"), model_for("ru")
    fresh = CandidateIndex(lexicon, model, use_cache=False)
    CandidateIndex(lexicon, model)
    path = _index_cache_path(lexicon, model)
    assert path is not None and path.is_relative_to(cache_home)
    data = path.read_bytes()
    path.write_bytes(
        {
            "garbage": b"not a cache file at all",
            "truncated": data[: len(data) // 2],
            "flipped": data[:-100] + bytes([data[-100] ^ 0xFF]) + data[-99:],
            "empty": b"",
        }[damage]
    )
    rebuilt = CandidateIndex(lexicon, model)
    assert rebuilt._index == fresh._index and rebuilt.alphabet == fresh.alphabet
    assert read_cached(path, lambda v: True) is not None  # written again


def test_unwritable_cache_costs_only_speed(lexicons: LexiconSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lexicon, model = lexicons.get("az-Cyrl"), model_for("az-Cyrl", "rus")
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache folder cannot be made under a file\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    index = CandidateIndex(lexicon, model)
    assert index._index == CandidateIndex(lexicon, model, use_cache=False)._index
    assert not (blocker / "cache").exists()


def test_cache_files_are_named_by_every_part(tmp_path: Path) -> None:
    a = cached_path("candidate-index", "1", "ru:abc:v1", "[('ё', 'е')]")
    assert a != cached_path("candidate-index", "1", "ru:abd:v1", "[('ё', 'е')]")
    assert a != cached_path("candidate-index", "2", "ru:abc:v1", "[('ё', 'е')]")
    assert a != cached_path("candidate-index", "1", "ru:abc:v1", "[('ё', 'е'), ('o', 'о')]")
    path = tmp_path / "value.marshal"
    write_cached(path, ({"k": ["a", "b"]}, "abc"))
    assert read_cached(path, lambda v: isinstance(v, tuple)) == ({"k": ["a", "b"]}, "abc")
    assert read_cached(path, lambda v: isinstance(v, dict)) is None  # the caller's check decides too
    assert read_cached(tmp_path / "missing.marshal", lambda v: True) is None


def test_findings_are_the_same_with_and_without_the_index_cache(lexicons: LexiconSet, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:3])
    suggest(text, lexicons)  # the indexes it needs are on disk after this
    ocrfix.suggestions._index.cache_clear()
    with_cache = suggest(text, lexicons)
    fresh = functools.lru_cache(maxsize=None)(lambda lexicon, model: CandidateIndex(lexicon, model, use_cache=False))
    monkeypatch.setattr(ocrfix.suggestions, "_index", fresh)
    without = suggest(text, lexicons)
    assert with_cache and with_cache == without


@pytest.mark.parametrize("damage", ["none", "garbage", "truncated", "flipped", "longer", "empty"])
def test_blobs_read_back_or_are_a_miss(tmp_path: Path, damage: str) -> None:
    from ocrfix.cache import read_blobs, write_blobs

    path = tmp_path / "arrays.blobs"
    blobs = [bytes(range(256)) * 40, b"", b"\x00\x01"]
    write_blobs(path, {"count": 3}, blobs)
    data = path.read_bytes()
    path.write_bytes(
        {
            "none": data,
            "garbage": b"not a cache file at all",
            "truncated": data[: len(data) // 2],
            "flipped": data[:-100] + bytes([data[-100] ^ 0xFF]) + data[-99:],
            "longer": data + b"\x00",
            "empty": b"",
        }[damage]
    )
    hit = read_blobs(path, lambda meta: meta == {"count": 3})
    if damage == "none":
        assert hit is not None and hit[0] == {"count": 3} and [bytes(b) for b in hit[1]] == blobs
        assert read_blobs(path, lambda meta: False) is None  # the caller's check decides too
    else:
        assert hit is None


def test_damaged_search_arrays_are_rebuilt(lexicons: LexiconSet, cache_home: Path) -> None:
    lexicon, model = lexicons.get("az-Cyrl"), model_for("az-Cyrl")
    words = ["ҝәтурулду", "азәрбајчан", "һесазатда", "бу"]
    fresh = CandidateIndex(lexicon, model, use_cache=False)
    CandidateIndex(lexicon, model).lookup("бу")  # writes the arrays if no earlier test did
    from ocrfix.cache import read_blobs
    from ocrfix.candidates import _neighbours_cache_path

    path = _neighbours_cache_path(lexicon, model)
    assert path is not None and path.is_relative_to(cache_home)
    data = path.read_bytes()
    path.write_bytes(data[:-100] + bytes([data[-100] ^ 0xFF]) + data[-99:])
    assert read_blobs(path, lambda meta: True) is None
    rebuilt = CandidateIndex(lexicon, model)
    assert [rebuilt.lookup(w) for w in words] == [fresh.lookup(w) for w in words]
    assert read_blobs(path, lambda meta: True) is not None  # written again


def _aged(path: Path, seconds_ago: float) -> Path:
    import os
    import time

    path.write_bytes(b"x")
    t = time.time() - seconds_ago
    os.utime(path, (t, t))
    return path


def test_prune_keeps_the_most_recently_used_files(tmp_path: Path) -> None:
    old = [_aged(tmp_path / f"old{i:02d}.marshal", RECENT + 100 + i) for i in range(KEEP_PER_KIND + 3)]
    fresh = [_aged(tmp_path / f"fresh{i}.marshal", 10) for i in range(2)]
    stale_tmp = _aged(tmp_path / ".old00.marshal.abc.tmp", 2 * 3600)
    live_tmp = _aged(tmp_path / ".fresh0.marshal.def.tmp", 5)
    gone = prune(tmp_path)
    left = sorted(p.name for p in tmp_path.iterdir())
    # The two fresh files and the KEEP_PER_KIND - 2 most recently used old ones stay; an interrupted write's
    # temporary file goes once it is old, one being written now stays.
    assert left == sorted([p.name for p in fresh] + [p.name for p in old[: KEEP_PER_KIND - 2]] + [live_tmp.name])
    assert stale_tmp in gone and len(gone) == 5 + 1


def test_prune_spares_files_used_in_this_run(tmp_path: Path) -> None:
    recent = [_aged(tmp_path / f"f{i:02d}.marshal", 60) for i in range(KEEP_PER_KIND + 4)]
    assert prune(tmp_path) == [] and len(list(tmp_path.iterdir())) == len(recent)


def test_a_cache_hit_marks_the_file_used_and_a_write_prunes_its_kind(cache_home: Path) -> None:
    import os
    import time

    folder = cache_home / "ocrfix" / "test-kind"
    used = cached_path("test-kind", "used")
    write_cached(used, {"a": 1})
    t = time.time() - (RECENT + 1000)
    os.utime(used, (t, t))  # written long ago: older than every stale file below
    stale = [_aged(folder / f"stale{i:02d}.marshal", RECENT + 100 + i) for i in range(KEEP_PER_KIND + 2)]
    assert read_cached(used, lambda v: v == {"a": 1}) == {"a": 1}  # the hit makes it the most recently used
    new = cached_path("test-kind", "new")
    write_cached(new, [1, 2, 3])
    left = {p.name for p in folder.iterdir()}
    assert {used.name, new.name} <= left
    assert len(left) == KEEP_PER_KIND and stale[0].name in left and stale[-1].name not in left
