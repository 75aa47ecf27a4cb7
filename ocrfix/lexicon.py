"""Lexicons: the shipped word-frequency lists per language, user word lists, and the project lexicon.

A shipped lexicon is ``lexicons/<code>.tsv.gz``: ``# key: value`` header lines, then ``form<TAB>count`` sorted by
count (per billion tokens) descending. Parsing that takes seconds, so the first load writes a plain word file to the
user's cache directory (``$XDG_CACHE_HOME/ocrfix``), named by the source's sha256 so a changed lexicon is rebuilt;
later loads read that in a fraction of a second. Frequencies are kept as classes of 1/8 of a binary order of
magnitude (``frequency_class``), which is all ranking needs and keeps every value a cached small int.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import math
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ocrfix.cache import KEEP_PER_KIND, cache_dir, mark_used, prune
from ocrfix.documents import write_atomic
from ocrfix.errors import LexiconError
from ocrfix.normalize import lexicon_form

__all__ = [
    "Lexicon",
    "LexiconImage",
    "LexiconInfo",
    "LexiconSet",
    "available_lexicons",
    "cache_dir",
    "file_digest",
    "lexicon_dir",
    "load_lexicon",
    "lookup_key",
    "parse_word_list",
    "shared_lexicons",
    "append_to_project_lexicon",
]

_CACHE_VERSION = "1"
_HEADER_KEYS = ("language", "script", "name", "forms", "source", "licence")


def lexicon_dir() -> Path:
    """Folder of the shipped lexicons: inside the installed package, or ``lexicons/`` of a source checkout."""
    packaged = Path(__file__).parent / "_data" / "lexicons"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "lexicons"


def lookup_key(word: str, language: str) -> str:
    """Return the key under which ``word`` is found in the lexicon of ``language``.

    On top of :func:`ocrfix.normalize.lexicon_form`: Russian folds ё to е (most typescript never wrote it);
    Azerbaijani Cyrillic folds й to ј, so the 1939-58 spelling is accepted by the 1958-91 lexicon.

    >>> lookup_key("Ещё", "ru")
    'еще'
    >>> lookup_key("Йени", "az-Cyrl")
    'јени'
    """
    key = lexicon_form(word.replace("I", "ı") if language == "az-Latn" else word)
    if language == "ru":
        return key.replace("ё", "е")
    if language == "az-Cyrl":
        return key.replace("й", "ј")
    return key


def frequency_class(count: float) -> int:
    """Map a count per billion tokens to a class 0..255 (eighths of a binary order of magnitude)."""
    if count <= 1:
        return 0
    return min(255, int(round(8 * math.log2(count))))


def class_frequency(cls: int) -> float:
    """Inverse of :func:`frequency_class`: the count per billion a class stands for."""
    return 2.0 ** (cls / 8)


@dataclass(frozen=True)
class LexiconInfo:
    """What a lexicon is, read from its header without loading it."""

    language: str
    """BCP-47 code (``ru``, ``az-Cyrl``, ...)."""
    script: str
    """ISO 15924 code."""
    name: str
    forms: int
    """Distinct lower-cased forms."""
    source: str
    licence: str
    path: str


def _read_header(path: Path) -> dict[str, str]:
    header: dict[str, str] = {}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if not line.startswith("#"):
                    break
                key, _, value = line[1:].partition(":")
                header[key.strip()] = value.strip()
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path.name}: unreadable lexicon ({exc})") from None
    missing = [k for k in _HEADER_KEYS if k not in header]
    if missing:
        raise LexiconError(f"{path.name}: header lacks {', '.join(missing)}")
    return header


def available_lexicons(folder: Path | None = None) -> list[LexiconInfo]:
    """List the shipped lexicons (sorted by language code)."""
    folder = lexicon_dir() if folder is None else folder
    out = []
    for path in sorted(folder.glob("*.tsv.gz")):
        h = _read_header(path)
        try:
            forms = int(h["forms"])
        except ValueError:
            raise LexiconError(f"{path.name}: forms is not a number") from None
        out.append(LexiconInfo(h["language"], h["script"], h["name"], forms, h["source"], h["licence"], str(path)))
    return out


class Lexicon:
    """Word forms of one language with their frequency class; lookups go through :func:`lookup_key`."""

    def __init__(
        self,
        language: str,
        script: str = "",
        name: str = "",
        entries: dict[str, int] | None = None,
        *,
        source: str = "",
        licence: str = "",
        path: str = "",
        content_id: str = "",
        descending: bool = False,
    ) -> None:
        self.language = language
        self.script = script
        self.name = name or language
        self.source = source
        self.licence = licence
        self.path = path
        self.descending = descending
        """Whether the shipped forms' classes never rise in their order (the most frequent of several forms is the
        first one), as a shipped lexicon's file order makes them."""
        self.content_id = content_id
        """Names the shipped forms exactly (file digest and load format), for caches of what derives from them;
        empty when nothing derived is to be cached (user forms only, or loaded with ``use_cache=False``)."""
        self._classes: dict[str, int] = entries if entries is not None else {}
        self._extra: dict[str, int] = {}
        self._images: dict[object, LexiconImage] = {}
        self._memo = _ClassMemo(self)
        self._scratch: dict[str, dict] = {}

    def __len__(self) -> int:
        return len(self._classes) + sum(1 for k in self._extra if k not in self._classes)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._memo[word] is not None

    def frequency_class(self, word: str) -> int | None:
        """Frequency class (0..255) of ``word``, or None when it is not in the lexicon."""
        return self._memo[word]

    def frequency_classes(self, words: Iterable[str]) -> list[int | None]:
        """:meth:`frequency_class` of each of ``words`` (words seen before are answered without a Python call)."""
        return list(map(self._memo.__getitem__, words))

    def key_class(self, key: str) -> int | None:
        """:meth:`frequency_class` of a lookup key (as :meth:`keys` lists them), without normalising it again."""
        a = self._classes.get(key)
        b = self._extra.get(key)
        return b if a is None else (a if b is None else max(a, b))

    def _class_of(self, word: str) -> int | None:
        return self.key_class(lookup_key(word, self.language))

    def longest_key(self) -> int:
        """The length of the longest lookup key (remembered until forms are added)."""
        memo = self.scratch("longest-key")
        if "n" not in memo:
            memo["n"] = max(map(len, self.keys()), default=0)
        return memo["n"]

    def frequency(self, word: str) -> float:
        """Approximate count per billion tokens; 0.0 when unknown."""
        cls = self.frequency_class(word)
        return 0.0 if cls is None else class_frequency(cls)

    def add(self, words: Iterable[tuple[str, float]]) -> None:
        """Add user forms (``(form, count per billion)``); they never lower a shipped frequency."""
        for form, count in words:
            key = lookup_key(form, self.language)
            if key:
                self._extra[key] = max(self._extra.get(key, 0), frequency_class(count))
        self._images.clear()
        self._memo.clear()
        self._scratch.clear()

    def keys(self) -> Iterator[str]:
        """Every lookup key (shipped first, in frequency order, then user forms)."""
        yield from self._classes
        yield from (k for k in self._extra if k not in self._classes)

    @property
    def shipped_size(self) -> int:
        """How many shipped lookup keys there are."""
        return len(self._classes)

    def shipped_keys(self) -> list[str]:
        """The shipped lookup keys, in frequency order (the first part of :meth:`keys`)."""
        return list(self._classes)

    def extra_keys(self) -> list[str]:
        """The user forms' keys that are not shipped ones (the rest of :meth:`keys`)."""
        return [k for k in self._extra if k not in self._classes]

    def not_shipped(self, keys: Iterable[str]) -> list[str]:
        """Those of ``keys`` (lookup keys) that are not shipped lookup keys, in their order."""
        classes = self._classes
        return [k for k in keys if k not in classes]

    def known_keys(self, keys: set[str]) -> set[str]:
        """The lookup keys among ``keys`` that are forms of this lexicon (one set intersection in C)."""
        return (keys & self._classes.keys()) | (keys & self._extra.keys())

    def scratch(self, name: str) -> dict:
        """A memo dictionary for callers computing things from this lexicon, emptied whenever forms are added."""
        return self._scratch.setdefault(name, {})

    def image(
        self,
        misread_all: Callable[[list[str]], list[str]],
        cache_key: object,
        sources: Callable[[str], list[str] | None] | None = None,
    ) -> LexiconImage:
        """Forms as a wrong OCR model writes them (``misread_all`` applied), mapped to their frequency class.

        Made once per ``cache_key`` and kept; used to see whether garbled text is this language misread. When two
        forms are written alike, the more frequent one's class is kept. ``sources(word)`` (the strings the
        misreading may turn into ``word``, or None) lets the first lookups be answered without building it all.
        """
        image = self._images.get(cache_key)
        if image is None:
            image = self._images[cache_key] = LexiconImage(self, misread_all, sources if self.descending else None)
        return image

    def _whole_image(self, misread_all: Callable[[list[str]], list[str]]) -> dict[str, int]:
        keys = list(self._classes)
        images = misread_all(keys)
        # Shipped forms are in descending frequency: built in reverse, the most frequent of alike forms wins.
        whole = dict(zip(reversed(images), reversed(list(self._classes.values()))))
        extra = [k for k in self._extra if k not in self._classes]
        for img, key in zip(misread_all(extra), extra):
            if whole.get(img, -1) < self._extra[key]:
                whole[img] = self._extra[key]
        return whole

    def _image_class(self, word: str, misread_all: Callable[[list[str]], list[str]], sources: list[str]) -> int | None:
        """The class :meth:`_whole_image` gives ``word``, from the forms among ``sources`` misread as it.

        The most frequent form's class is the highest (shipped classes do not rise: see :attr:`descending`); a
        user form counts only when it is not a shipped one, as in the whole image.
        """
        forms = [k for k in sources if k in self._classes or k in self._extra]
        best: int | None = None
        for form, written in zip(forms, misread_all(forms) if forms else []):
            if written != word:
                continue
            cls = self._classes.get(form)
            if cls is None:
                cls = self._extra[form]
            if best is None or cls > best:
                best = cls
        return best

    def items(self) -> Iterator[tuple[str, int]]:
        """``(key, frequency class)`` pairs."""
        yield from self._classes.items()
        for key, cls in self._extra.items():
            if key not in self._classes:
                yield key, cls


class _ClassMemo(dict):
    """Word (as written) -> frequency class or None, filled as words are asked for; bounded, since it only saves
    re-normalising words seen before."""

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self._lexicon = lexicon

    def __missing__(self, word: str) -> int | None:
        if len(self) > 300_000:
            self.clear()
        cls = self[word] = self._lexicon._class_of(word)
        return cls


#: Words an image answers by misreading their possible sources, before it is built whole (about 0.1 s for a large
#: lexicon, which the first section of a document then does not wait for).
IMAGE_LOOKUPS = 2_000


class LexiconImage:
    """A lexicon as a wrong OCR model writes it: :meth:`get` gives the frequency class of the most frequent form
    written as a word (see :meth:`Lexicon.image`)."""

    def __init__(
        self,
        lexicon: Lexicon,
        misread_all: Callable[[list[str]], list[str]],
        sources: Callable[[str], list[str] | None] | None,
    ) -> None:
        self._lexicon = lexicon
        self._misread_all = misread_all
        self._sources = sources
        self._whole: dict[str, int] | None = None
        self._asked = 0

    def get(self, word: str) -> int | None:
        """The class of ``word`` as written by the wrong model, or None when no form is written so."""
        if self._whole is None:
            if self._sources is not None and self._asked < IMAGE_LOOKUPS:
                self._asked += 1
                sources = self._sources(word)
                if sources is not None:
                    return self._lexicon._image_class(word, self._misread_all, sources)
            self._whole = self._lexicon._whole_image(self._misread_all)
        return self._whole.get(word)


def _parse_gz(path: Path, language: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Read a shipped lexicon into keys in file order and run lengths of frequency classes."""
    keys: list[str] = []
    runs: list[tuple[int, int]] = []
    seen: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.startswith("#"):
                continue
            form, tab, count = line.rstrip("\n").partition("\t")
            if not tab or not form:
                raise LexiconError(f"{path.name}:{number}: expected form<TAB>count")
            try:
                cls = frequency_class(float(count))
            except ValueError:
                raise LexiconError(f"{path.name}:{number}: count {count!r} is not a number") from None
            key = lookup_key(form, language)
            if key in seen:
                continue  # a folded duplicate (ё/е): the first, more frequent, wins
            seen.add(key)
            keys.append(key)
            if runs and runs[-1][0] == cls:
                runs[-1] = (cls, runs[-1][1] + 1)
            else:
                runs.append((cls, 1))
    return keys, runs


def file_digest(path: Path) -> str:
    """SHA-256 of a file, remembered while its size and modification time stay the same."""
    st = path.stat()
    return _cached_digest(str(path), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=64)
def _cached_digest(path: str, size: int, mtime_ns: int) -> str:
    return _file_digest(Path(path))


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_lexicon(language: str, folder: Path | None = None, *, use_cache: bool = True) -> Lexicon:
    """Load the shipped lexicon of ``language`` (through the cache when it is valid).

    Raises:
        LexiconError: no such lexicon, or the file is malformed.
    """
    folder = lexicon_dir() if folder is None else folder
    path = folder / f"{language}.tsv.gz"
    if not path.is_file():
        known = ", ".join(i.language for i in available_lexicons(folder)) or "none"
        raise LexiconError(f"no shipped lexicon for {language!r} (available: {known})")
    header = _read_header(path)
    digest = file_digest(path)
    cached = cache_dir() / "lexicons" / f"{language}-{digest[:16]}-v{_CACHE_VERSION}"
    keys: list[str] | None = None
    runs: list[tuple[int, int]] = []
    if use_cache:
        try:
            runs = [tuple(r) for r in json.loads(cached.with_suffix(".runs").read_text("utf-8"))]  # type: ignore[misc]
            keys = cached.with_suffix(".words").read_bytes().decode("utf-8").split("\n")
            if len(keys) != sum(n for _, n in runs):
                keys = None
        except (OSError, ValueError):
            keys = None
        if keys is not None:
            mark_used(cached.with_suffix(".words"))
            mark_used(cached.with_suffix(".runs"))
    if keys is None:
        keys, runs = _parse_gz(path, language)
        if use_cache:
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(cached.with_suffix(".words"), "\n".join(keys).encode("utf-8"))
                write_atomic(cached.with_suffix(".runs"), json.dumps(runs).encode("utf-8"))
            except OSError:
                pass  # a read-only cache only costs speed
            else:
                prune(cached.parent, 2 * KEEP_PER_KIND)  # two files per lexicon
    values = itertools.chain.from_iterable(itertools.repeat(cls, n) for cls, n in runs)
    entries = dict(zip(keys, values))
    return Lexicon(
        language,
        header["script"],
        header["name"],
        entries,
        source=header["source"],
        licence=header["licence"],
        path=str(path),
        content_id=f"{language}:{digest}:v{_CACHE_VERSION}" if use_cache else "",
        descending=all(a[0] >= b[0] for a, b in zip(runs, runs[1:])),
    )


def parse_word_list(text: str, language: str | None = None, *, origin: str = "lexicon") -> tuple[str, list[tuple[str, float, str]]]:
    """Parse a user lexicon: one ``form``, ``form<TAB>count`` or ``form<TAB>count<TAB>language`` per line.

    A ``# language: CODE`` line sets the language of the lines after it; ``language`` (from ``--lexicon-lang``)
    wins over the header. Blank lines and other ``#`` lines are ignored.

    Returns:
        The default language and a list of ``(form, count, language)``.

    Raises:
        LexiconError: a malformed line, or a form whose language is nowhere given.
    """
    current = language
    out: list[tuple[str, float, str]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip("\r\n\ufeff")
        if not line.strip():
            continue
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            if key.strip().lower() == "language" and language is None:
                current = value.strip()
            continue
        parts = line.split("\t")
        form = parts[0].strip()
        if not form or len(parts) > 3 or any(ch.isspace() for ch in form):
            raise LexiconError(f"{origin}:{number}: expected form, form<TAB>count or form<TAB>count<TAB>language")
        count = 1.0
        if len(parts) >= 2 and parts[1].strip():
            try:
                count = float(parts[1])
            except ValueError:
                raise LexiconError(f"{origin}:{number}: count {parts[1]!r} is not a number") from None
        lang = parts[2].strip() if len(parts) == 3 and parts[2].strip() else current
        if not lang:
            raise LexiconError(f"{origin}:{number}: no language for {form!r}; give --lexicon-lang or a '# language: CODE' line")
        out.append((form, max(count, 1.0), lang))
    return current or "", out


def append_to_project_lexicon(path: str | os.PathLike[str], form: str, language: str) -> None:
    """Append ``form`` of ``language`` to the project lexicon at ``path`` (created when missing).

    The file stays a valid user lexicon (``form<TAB>count<TAB>language``); the write replaces the file atomically.
    """
    p = Path(path)
    old = p.read_bytes() if p.exists() else "# ocrfix project lexicon: form<TAB>count<TAB>language\n".encode()
    if old and not old.endswith(b"\n"):
        old += b"\n"
    write_atomic(p, old + f"{form}\t1\t{language}\n".encode("utf-8"))


class LexiconSet:
    """The lexicons a run uses: shipped ones, loaded when first asked for, plus user forms by language."""

    def __init__(self, folder: Path | None = None, *, use_cache: bool = True) -> None:
        self._folder = lexicon_dir() if folder is None else folder
        self._use_cache = use_cache
        self._infos = {i.language: i for i in available_lexicons(self._folder)}
        self._loaded: dict[str, Lexicon] = {}
        self._user: dict[str, list[tuple[str, float]]] = {}

    @property
    def languages(self) -> list[str]:
        """Every language a lexicon exists for, shipped or user-supplied."""
        return sorted(set(self._infos) | set(self._user))

    def add_user_words(self, entries: Iterable[tuple[str, float, str]]) -> None:
        """Add user forms ``(form, count, language)``; a language no shipped lexicon has becomes known."""
        for form, count, lang in entries:
            self._user.setdefault(lang, []).append((form, count))
            if lang in self._loaded:
                self._loaded[lang].add([(form, count)])

    def add_user_file(self, path: str | os.PathLike[str], language: str | None = None) -> None:
        """Read a user lexicon file (see :func:`parse_word_list`) and add its forms."""
        p = Path(path)
        try:
            text = p.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise LexiconError(f"{p}: no such lexicon file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(f"{p}: cannot read lexicon ({exc.__class__.__name__})") from None
        _, entries = parse_word_list(text, language, origin=str(p))
        self.add_user_words(entries)

    def get(self, language: str) -> Lexicon:
        """The lexicon of ``language`` (shipped forms plus user forms)."""
        lex = self._loaded.get(language)
        if lex is None:
            if language in self._infos:
                lex = load_lexicon(language, self._folder, use_cache=self._use_cache)
            elif language in self._user:
                lex = Lexicon(language, name=language, source="user lexicon")
            else:
                raise LexiconError(f"no lexicon for {language!r} (known: {', '.join(self.languages) or 'none'})")
            lex.add(self._user.get(language, []))
            self._loaded[language] = lex
        return lex

    def info(self, language: str) -> LexiconInfo | None:
        """Header facts of the shipped lexicon of ``language``, or None when only user forms exist."""
        return self._infos.get(language)

    def user_form_count(self, language: str) -> int:
        """Distinct user and project forms given for ``language`` (without loading the shipped lexicon)."""
        return len({lookup_key(form, language) for form, _ in self._user.get(language, [])})



@lru_cache(maxsize=1)
def shared_lexicons() -> LexiconSet:
    """The process's one set of the shipped lexicons, loaded as first asked for and kept: what the library functions
    (:func:`ocrfix.score_text`, :func:`ocrfix.suggest`, ...) use when they are given none, so that calling them in a
    loop does not load every lexicon again each time. Pass your own :class:`LexiconSet` to add user forms."""
    return LexiconSet()
