#!/usr/bin/env python3
"""Build the shipped word-frequency lexicons (lexicons/<code>.tsv.gz) and their provenance file.

Every source comes from a package registry: PyPI ``wordfreq`` and ``pyspellchecker``, Debian's
``tesseract-ocr-*`` language packs, and the UniLex TSVs kept in the shared data folder. The output is
deterministic: the same sources give the same bytes (gzip mtime 0, explicit sort order).

Counts are occurrences per billion tokens. Within one source, raw entries that normalise to the same form
are summed. Across sources a form takes its rate from the first frequency source of the lexicon that has
it (sources are listed in priority order), because the sources are overlapping samples of one language and
adding them would double-count. Forms found only in word lists without frequencies get a count of 1
(and are dropped when they look like OCR debris: a letter tripled, or no vowel).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import importlib.metadata
import importlib.resources
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from ocrfix.lexicon import lookup_key  # noqa: E402
from ocrfix.normalize import lexicon_form, nfc  # noqa: E402
from ocrfix.text import tokenize  # noqa: E402

DEFAULT_UNILEX_DIR = REPO_ROOT.parent / "shared" / "data" / "lexicon-sources"
DEFAULT_TESSDATA_DIR = Path("/usr/share/tesseract-ocr/5/tessdata")
DEFAULT_CLEAN_TEXT_DIR = REPO_ROOT.parent / "shared" / "data" / "clean-text"
#: Correct running text per lexicon (UD treebanks, Wikipedia; CC BY-SA 4.0) for the rate of list-only forms.
REFERENCE_TEXT = {
    "ru": ("ru-gsd-dev.txt", "ru-taiga-dev.txt"),
    "en": ("en-ewt-dev.txt",),
    "fa": ("fa-seraji-dev.txt", "fa-perdt-dev.txt"),
    "az-Latn": ("az-latn-wiki.txt", "az-latn-tuecl.txt"),
}
#: Manifests of the generated OCR pairs: the lines they were made from are left out of the reference text, so the
#: benchmarks never test on text the lexicons were tuned on.
PAIR_MANIFESTS = (REPO_ROOT / "benchmarks" / "pairs" / "manifest.jsonl", REPO_ROOT / "corpus" / "generated" / "manifest.jsonl")
PER_BILLION = 1e9
# pyspellchecker gives every word added from a dictionary this count (27k of 28k fa entries, 103k of 161k en).
PYSPELLCHECKER_FLOOR = 50
BUILT_BY = "tools/build_lexicons.py"
UNILEX_HINT = "UniLex TSVs come with the project's shared data, see shared/data/README.md; pass --unilex-dir"

# Letters of each lexicon (lower case, NFC). Hyphen and apostrophe may only join runs of letters.
RU_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
EN_LETTERS = "abcdefghijklmnopqrstuvwxyzàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœ"
AZ_LATN_LETTERS = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
FA_LETTERS = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءأإؤئةۀ"
# Tanwin, short vowels, shadda, sukun, hamza above, superscript alef: rare in print but legitimate.
FA_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0654\u0670"
ZWNJ = "\u200c"
RU_VOWELS = "аеёиоуыэюя"
EN_VOWELS = "aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ"
AZ_LATN_VOWELS = "aeəıioöuü"

RU_FORM = re.compile(f"[{RU_LETTERS}]+(?:[-'][{RU_LETTERS}]+)*")
EN_FORM = re.compile(f"[{EN_LETTERS}]+(?:[-'][{EN_LETTERS}]+)*")
AZ_LATN_FORM = re.compile(f"[{AZ_LATN_LETTERS}]+(?:-[{AZ_LATN_LETTERS}]+)*")
_FA_PART = f"(?:[{FA_LETTERS}][{FA_MARKS}]*)+"
FA_FORM = re.compile(f"{_FA_PART}(?:{ZWNJ}{_FA_PART})*")

TRIPLED_LETTER = re.compile(r"(\w)\1\1")

AZ_LATN_TO_CYRL = str.maketrans(
    {
        "a": "а", "b": "б", "c": "ҹ", "ç": "ч", "d": "д", "e": "е", "ə": "ә", "f": "ф", "g": "ҝ",
        "ğ": "ғ", "h": "һ", "x": "х", "ı": "ы", "i": "и", "j": "ж", "k": "к", "q": "г", "l": "л",
        "m": "м", "n": "н", "o": "о", "ö": "ө", "p": "п", "r": "р", "s": "с", "ş": "ш", "t": "т",
        "u": "у", "ü": "ү", "v": "в", "y": "ј", "z": "з",
    }
)  # fmt: skip
# Web text writes ə with look-alikes when a keyboard lacks it: turned e (U+01DD) or Cyrillic schwa.
AZ_SCHWA_LOOKALIKES = str.maketrans({"\u01dd": "ə", "\u04d9": "ə"})
# Tesseract's aze_cyrl word list is Latin-script text converted letter by letter, with ö ü written ӧ ӱ, ş ç ğ
# written с ҹ ҝ plus a combining cedilla or breve, and İ written Ы plus a combining dot. Undone on the lower-cased
# NFD form; NFC afterwards recomposes o/u + diaeresis (from ӧ ӱ) into ö ü.
AZE_CYRL_TESSERACT_PAIRS = (("с\u0327", "ş"), ("ҹ\u0327", "ç"), ("ҝ\u0306", "ğ"), ("ы\u0307", "i"))
AZE_CYRL_TESSERACT_LETTERS = str.maketrans(
    dict(zip("абҹдеәфҝһхыижкглмнопрстувјз", "abcdeəfghxıijkqlmnoprstuvyz", strict=True))
)
AZSTEMMER_VERSION = "0.1.0"
AZ_LICENCE = "Unicode-3.0 AND Apache-2.0 AND MIT"


class BuildError(Exception):
    """A source is missing or unreadable; the message says how to get it."""


# --- sources -------------------------------------------------------------------------------------


@dataclass
class SourceData:
    """What one source gave: raw forms with their rate per billion tokens (None when it has no counts)."""

    kind: str
    """Which upstream it is: ``wordfreq``, ``pyspellchecker``, ``tesseract`` or ``unilex``."""
    label: str
    """Short name used in metadata, e.g. ``wordfreq 3.1.1 ru (large)``."""
    entries: list[tuple[str, float | None]]
    detail: str = ""
    """Extra provenance for SOURCES.md (model version string, corpus size)."""


Refiner = Callable[
    [list[SourceData], list[dict[str, float | None]]], tuple[list[SourceData], list[dict[str, float | None]]]
]
"""A step between normalising and merging a lexicon's sources: (sources, normalised) -> the same, vetted."""


def package_version(dist: str) -> str:
    """Return the installed version of a PyPI distribution."""
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        raise BuildError(f"PyPI package {dist!r} is not installed (pip install {dist})") from None


def debian_version(package: str) -> str:
    """Return the installed version of a Debian package, or 'unknown' off Debian."""
    if shutil.which("dpkg-query") is None:
        return "unknown"
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "unknown"


def read_wordfreq(lang: str) -> SourceData:
    """Read wordfreq's 'large' list for ``lang``, or its 'best' one where no large list exists."""
    version = package_version("wordfreq")
    import wordfreq

    wordlist = "large" if lang in wordfreq.available_languages("large") else "best"
    freqs = wordfreq.get_frequency_dict(lang, wordlist=wordlist)
    if not freqs:
        raise BuildError(f"wordfreq {version} has no {lang!r} word list (pip install wordfreq==3.1.1)")
    entries = [(word, freq * PER_BILLION) for word, freq in freqs.items()]
    return SourceData("wordfreq", f"wordfreq {version} {lang} ({wordlist})", entries, f"{len(freqs):,} entries")


def read_pyspellchecker(lang: str) -> SourceData:
    """Read pyspellchecker's bundled ``<lang>.json.gz`` (word -> count), rescaled to per billion."""
    version = package_version("pyspellchecker")
    path = importlib.resources.files("spellchecker") / "resources" / f"{lang}.json.gz"
    if not path.is_file():
        raise BuildError(f"pyspellchecker {version} has no {lang}.json.gz (pip install pyspellchecker)")
    with gzip.open(io.BytesIO(path.read_bytes()), "rt", encoding="utf-8") as fh:
        counts: dict[str, int] = json.load(fh)
    # Words its author added from dictionaries all carry the floor count; they are a word list, not counts.
    total = sum(count for count in counts.values() if count > PYSPELLCHECKER_FLOOR)
    entries = [
        (word, count * PER_BILLION / total if count > PYSPELLCHECKER_FLOOR else None)
        for word, count in sorted(counts.items())
    ]
    listed = sum(1 for _, rate in entries if rate is None)
    detail = f"{len(counts):,} entries ({listed:,} at the floor count {PYSPELLCHECKER_FLOOR}), {total:,} tokens"
    return SourceData("pyspellchecker", f"pyspellchecker {version} {lang}", entries, detail)


def read_tesseract(model: str, tessdata: Path) -> SourceData:
    """Extract the word list embedded in Tesseract's ``<model>.traineddata`` (no counts)."""
    package = f"tesseract-ocr-{model.replace('_', '-')}"
    for tool in ("combine_tessdata", "dawg2wordlist"):
        if shutil.which(tool) is None:
            raise BuildError(f"{tool} not found (apt-get install tesseract-ocr)")
    traineddata = tessdata / f"{model}.traineddata"
    if not traineddata.is_file():
        raise BuildError(f"{traineddata} not found (apt-get install {package})")
    with tempfile.TemporaryDirectory(prefix="build_lexicons.") as tmp:
        prefix = Path(tmp) / f"{model}."
        out = Path(tmp) / "words.txt"
        for cmd in (
            ["combine_tessdata", "-u", str(traineddata), str(prefix)],
            ["dawg2wordlist", f"{prefix}lstm-unicharset", f"{prefix}lstm-word-dawg", str(out)],
        ):
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if done.returncode != 0 or (cmd[0] == "dawg2wordlist" and not out.is_file()):
                raise BuildError(f"{' '.join(cmd)} failed: {done.stderr.strip()[-300:]}")
        words = out.read_text(encoding="utf-8").splitlines()
        version_file = Path(f"{prefix}version")
        model_version = version_file.read_text(encoding="utf-8").strip() if version_file.is_file() else "?"
    label = f"Tesseract {model} word list ({package} {debian_version(package)})"
    detail = f"{len(words):,} entries, model `{model_version}`"
    return SourceData("tesseract", label, [(w, None) for w in words if w], detail)


def read_unilex(path: Path) -> SourceData:
    """Read a UniLex frequency TSV (``Form<TAB>Frequency`` header, ``#`` comments), rescaled to per billion."""
    if not path.is_file():
        raise BuildError(f"{path} not found ({UNILEX_HINT})")
    raw: list[tuple[str, int]] = []
    corpus_size = "?"
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != "Form\tFrequency":
        raise BuildError(f"{path}: expected header 'Form<TAB>Frequency'")
    for line in lines[1:]:
        if line.startswith("# Corpus-Size:"):
            corpus_size = line.split(":", 1)[1].strip()
        if not line or line.startswith("#"):
            continue
        form, _, count = line.partition("\t")
        raw.append((form, int(count)))
    # UniLex already scales to about a billion; dividing by the sum makes it exact.
    total = sum(count for _, count in raw)
    entries: list[tuple[str, float | None]] = [(form, count * PER_BILLION / total) for form, count in raw]
    label = f"UniLex {path.stem.removeprefix('unilex-')} ({path.name})"
    return SourceData("unilex", label, entries, f"{len(raw):,} entries, corpus {corpus_size} tokens")


def read_tesseract_aze_cyrl(tessdata: Path) -> SourceData:
    """Read Tesseract's ``aze_cyrl`` word list and undo its letter-by-letter Cyrillic conversion (see below)."""
    data = read_tesseract("aze_cyrl", tessdata)
    entries: list[tuple[str, float | None]] = [(aze_cyrl_tesseract_to_latin(word), None) for word, _ in data.entries]
    return SourceData(data.kind, data.label, entries, f"{data.detail}, back-transliterated to Latin")


def read_azstemmer() -> SourceData:
    """Read the Azerbaijani headword list ``azstemmer/azwords.txt`` shipped in PyPI ``azstemmer`` (no counts)."""
    version = package_version("azstemmer")
    path = Path(str(importlib.metadata.distribution("azstemmer").locate_file("azstemmer/azwords.txt")))
    if not path.is_file():
        raise BuildError(f"{path} not found (pip install azstemmer=={AZSTEMMER_VERSION})")
    words = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    entries: list[tuple[str, float | None]] = [(w, None) for w in words]
    return SourceData("azstemmer", f"azstemmer {version} azwords.txt", entries, f"{len(words):,} entries")


# --- normalisation -------------------------------------------------------------------------------


def make_normaliser(pattern: re.Pattern[str], prepare: Callable[[str], str] = str) -> Callable[[str], str | None]:
    """Return a function mapping a raw source word to its lexicon form, or None when it is rejected."""

    def normalise(word: str) -> str | None:
        form = lexicon_form(prepare(word))
        return form if pattern.fullmatch(form) else None

    return normalise


def prepare_az(word: str) -> str:
    """Lower-case Azerbaijani the Turkish way (I -> ı, İ -> i) and fold look-alikes of ə."""
    word = nfc(word).replace("İ", "i").replace("I", "ı")
    return word.lower().translate(AZ_SCHWA_LOOKALIKES)


def normalise_source(data: SourceData, normalise: Callable[[str], str | None]) -> dict[str, float | None]:
    """Map a source's raw entries to lexicon forms, summing the rates of entries that share a form."""
    merged: dict[str, float | None] = {}
    for word, rate in data.entries:
        form = normalise(word)
        if form is None:
            continue
        if rate is None:
            merged.setdefault(form, None)
        else:
            merged[form] = (merged.get(form) or 0.0) + rate
    return merged


def plausible_listed(form: str, vowels: str) -> bool:
    """Tell whether a form known only from a word list looks like a word (no letter tripled, a vowel if given)."""
    if TRIPLED_LETTER.search(form):
        return False
    return not vowels or any(ch in vowels for ch in form)


def merge_sources(
    per_source: Iterable[dict[str, float | None]], vowels: str
) -> tuple[dict[str, int], set[str], int]:
    """Give each form the rate of the first source with a frequency for it; list-only forms get 1 for now.

    Returns:
        The counts, the list-only forms kept (their count is set later, see :func:`listed_rate`), and how many
        list-only forms were dropped as implausible (see ``plausible_listed``).
    """
    rates: dict[str, float] = {}
    listed: set[str] = set()
    for forms in per_source:
        for form, rate in forms.items():
            if rate is None:
                listed.add(form)
            elif form not in rates:
                rates[form] = rate
    counts = {form: max(1, round(rate)) for form, rate in rates.items()}
    dropped = 0
    kept: set[str] = set()
    for form in listed - rates.keys():
        if plausible_listed(form, vowels):
            counts[form] = 1
            kept.add(form)
        else:
            dropped += 1
    return counts, kept, dropped


@dataclass(frozen=True)
class ListedRate:
    """The count given to every list-only form, estimated on reference text."""

    rate: int
    """Occurrences per billion tokens of one list-only form, on average."""
    tokens: int
    """Word tokens of the reference text that are list-only forms."""
    reference_tokens: int
    """Word tokens of the reference text."""
    forms: int
    """List-only forms in the lexicon."""
    reference: str
    """Which files, and how many of their lines were left out."""


def used_lines(manifests: Iterable[Path]) -> dict[str, set[int]]:
    """Lines (1-based) of each clean-text file that a generated OCR pair was made from."""
    used: dict[str, set[int]] = defaultdict(set)
    for manifest in manifests:
        if not manifest.is_file():
            continue
        for line in manifest.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            used[entry["source"]].update(range(entry["first_line"], entry["last_line"] + 1))
    return used


def held_out_text(path: Path, used: dict[str, set[int]]) -> tuple[str, int]:
    """The text of a reference file without the lines a generated pair was made from, and how many were left out."""
    skip = used.get(path.name, set())
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for n, line in enumerate(lines, 1) if n not in skip]
    return "\n".join(kept), len(lines) - len(kept)


def listed_rate(
    code: str, counts: dict[str, int], listed: set[str], clean_dir: Path, used: dict[str, set[int]]
) -> ListedRate:
    """Estimate how often one list-only form occurs: their share of reference tokens over their number.

    The word lists say a form exists, not how common it is. Together, though, the list-only forms cover a
    measurable share of running text (in Azerbaijani, whose corpus is small, about a tenth), and spreading that
    share evenly over them is the estimate that assumes nothing more. A reference token is looked up as
    ``ocrfix`` looks it up (:func:`ocrfix.lexicon.lookup_key`, the more frequent form winning a folded key).
    """
    owner: dict[str, bool] = {}
    for form, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        owner.setdefault(lookup_key(form, code), form in listed)
    words = hits = left_out = 0
    for name in REFERENCE_TEXT[code]:
        path = clean_dir / name
        if not path.is_file():
            raise BuildError(f"{path} not found (the reference text for the rate of list-only forms; pass --clean-text)")
        text, dropped = held_out_text(path, used)
        left_out += dropped
        for tok in tokenize(nfc(text)):
            if tok.kind == "word":
                words += 1
                hits += owner.get(lookup_key(tok.norm, code), False)
    rate = max(1, round(hits / max(words, 1) / max(len(listed), 1) * PER_BILLION))
    reference = f"{' + '.join(REFERENCE_TEXT[code])} (without the {left_out:,} lines the generated pairs use)"
    return ListedRate(rate, hits, words, len(listed), reference)


# --- Azerbaijani: vetting list-only sources, generated forms -------------------------------------
#
# Two extra word lists (Tesseract's aze_cyrl list and azstemmer's headwords) and one set of generated forms fill
# the Azerbaijani lexicon. The lists carry typos and broken forms, so their new forms are vetted against what the
# corpus (UniLex) and the main Tesseract list attest; see AZ_METHOD (also printed into SOURCES.md).

AZ_MIN_STEM = 3
"""Shortest stem the ending model splits off."""
AZ_MIN_ENDING_STEMS = 10
"""An ending is known once UniLex shows it on this many different azstemmer headwords of the same harmony class."""
AZ_MIN_CORE_CELLS = 4
"""A UniLex form is a noun stem for generation when this many of its six core case forms are attested."""
# Personal and demonstrative pronouns decline irregularly (sizin, not *sizini); they are never generation stems.
AZ_PRONOUNS = frozenset({"mən", "sən", "biz", "siz", "onlar", "bunlar", "şunlar", "özləri", "özümüz", "özünüz"})
# Derivational verb suffixes that the compound check must not take for a verb root of their own.
AZ_VERB_SUFFIXES = frozenset({"laş", "ləş", "lan", "lən", "lat", "lət", "dır", "dir", "dur", "dür"})


def aze_cyrl_tesseract_to_latin(word: str) -> str:
    """Undo the Cyrillic conversion of Tesseract's aze_cyrl word list (returns a lower-case Latin form)."""
    text = unicodedata.normalize("NFD", word).lower()
    for cyrl, latin in AZE_CYRL_TESSERACT_PAIRS:
        text = text.replace(cyrl, latin)
    return nfc(text.translate(AZE_CYRL_TESSERACT_LETTERS))


def az_last_vowel(text: str) -> str:
    """Return the last vowel letter of ``text`` ('' if none)."""
    for ch in reversed(text):
        if ch in AZ_LATN_VOWELS:
            return ch
    return ""


def az_harmony_class(text: str) -> str:
    """Four-way harmony class of a stem (ı, i, u, ü by its last vowel; '-' without one) plus V/C for its last letter."""
    vowel = az_last_vowel(text)
    cls = "ı" if vowel in ("a", "ı") else "i" if vowel in ("e", "ə", "i") else "u" if vowel in ("o", "u") else "ü"
    cls = cls if vowel else "-"
    return cls + ("V" if text[-1] in AZ_LATN_VOWELS else "C")


def az_stem_variants(stem: str) -> list[str]:
    """The stem and, for a final k/q after a vowel, its voiced form before vowels (çiçək -> çiçəy, ayaq -> ayağ)."""
    out = [stem]
    if len(stem) >= 3 and stem[-2] in AZ_LATN_VOWELS and stem[-1] in "kq":
        out.append(stem[:-1] + ("y" if stem[-1] == "k" else "ğ"))
    return out


class AzEndingModel:
    """Tell whether a word splits into a known stem plus an ending that the corpus shows on other stems.

    Endings are learned, not written by hand: for each UniLex form that begins with an azstemmer headword
    (or its k->y / q->ğ variant) of at least ``AZ_MIN_STEM`` letters, the rest of the form is an ending of that
    headword's harmony class (``az_harmony_class``). An ending counts once it occurs with at least
    ``AZ_MIN_ENDING_STEMS`` different headwords of the class, so vowel harmony is respected and one-off splits
    are not.
    """

    def __init__(self, headwords: set[str], stems: set[str], corpus_forms: Iterable[str]) -> None:
        head_of: dict[str, str] = {}
        for head in sorted(headwords):
            if len(head) >= AZ_MIN_STEM and "-" not in head:
                for variant in az_stem_variants(head):
                    head_of.setdefault(variant, head)
        seen: dict[tuple[str, str], set[str]] = defaultdict(set)
        for form in corpus_forms:
            for i in range(AZ_MIN_STEM, len(form)):
                head = head_of.get(form[:i])
                if head is not None:
                    seen[(az_harmony_class(form[:i]), form[i:])].add(head)
        self.endings = {key for key, heads in seen.items() if len(heads) >= AZ_MIN_ENDING_STEMS}
        long_stems = (stem for stem in stems if len(stem) >= AZ_MIN_STEM and "-" not in stem)
        self.stems = {variant for stem in long_stems for variant in az_stem_variants(stem)}

    def analysable(self, form: str, known: set[str]) -> bool:
        """Every hyphen-separated part is known or splits into a stem plus a learned ending of its class."""
        for part in form.split("-"):
            if part in known:
                continue
            if not any(
                part[:i] in self.stems and (az_harmony_class(part[:i]), part[i:]) in self.endings
                for i in range(AZ_MIN_STEM, len(part))
            ):
                return False
        return True


def az_lost_vowel(form: str, known: set[str]) -> bool:
    """Tell whether inserting one vowel inside ``form`` gives a known form (``iştirk`` for iştirak, ``ktib``)."""
    return any(form[:i] + vowel + form[i:] in known for i in range(1, len(form)) for vowel in AZ_LATN_VOWELS)


# Letters that lose or gain their diacritic in careless typing and in OCR: a list-only form one such swap away from
# a corpus form is far more likely the corpus word mistyped (siyahiya, tanınan -> taninan) than a rare word.
AZ_CONFUSABLE = {"i": "ı", "ı": "i", "e": "ə", "ə": "ea", "a": "ə", "s": "ş", "ş": "s", "c": "ç", "ç": "c",
                 "g": "ğ", "ğ": "g", "o": "ö", "ö": "o", "u": "ü", "ü": "u"}  # fmt: skip


def az_confusable_neighbour(form: str, corpus: dict[str, float | None]) -> bool:
    """Tell whether swapping one letter for its look-alike (``AZ_CONFUSABLE``) gives a corpus form."""
    return any(
        form[:i] + other + form[i + 1 :] in corpus for i, ch in enumerate(form) for other in AZ_CONFUSABLE.get(ch, "")
    )


def az_infinitive(stem: str) -> str:
    """Return the infinitive of a verb stem (-maq after a back vowel, -mək after a front one)."""
    return stem + ("maq" if az_last_vowel(stem) in ("a", "ı", "o", "u") else "mək")


def az_truncated_compound(form: str, verbs: set[str], nominal: set[str]) -> bool:
    """Tell whether ``form`` is a noun glued to a bare verb stem (``xəmiryoğur``, ``metalçək``).

    azstemmer made its stems by cutting suffixes off dictionary words, so compound participles such as
    ``metalçəkən`` lost their ending; a noun plus a bare verb stem written solid is no Azerbaijani word.
    """
    for i in range(3, len(form) - 2):
        stem, verb = form[:i], form[i:]
        if verb in verbs and verb not in AZ_VERB_SUFFIXES and stem in nominal:
            return True
    return False


# Nominal suffix chains generated for noun stems. Capitals follow vowel harmony on what precedes them:
# A = a/ə, I = ı/i/u/ü; a letter in parentheses is only written after a vowel (buffer y, n, s).
AZ_NOMINAL_CELLS: tuple[tuple[str, ...], ...] = (
    ("lAr",), ("(n)I",), ("(y)A",), ("dA",), ("dAn",), ("(n)In",), ("(y)lA",), ("dIr",),
    ("lAr", "I"), ("lAr", "A"), ("lAr", "dA"), ("lAr", "dAn"), ("lAr", "In"), ("lAr", "lA"), ("lAr", "dIr"),
    ("(s)I",), ("(s)I", "nI"), ("(s)I", "nA"), ("(s)I", "ndA"), ("(s)I", "ndAn"), ("(s)I", "nIn"), ("(s)I", "ylA"),
    ("lAr", "I", "nI"), ("lAr", "I", "nA"), ("lAr", "I", "ndA"), ("lAr", "I", "ndAn"), ("lAr", "I", "nIn"),
)  # fmt: skip
"""Plural; accusative, dative, locative, ablative, genitive, instrumental, copula; the same after the plural;
possessive 3rd person and its cases; plural possessive 3rd person and its cases."""
AZ_CORE_CELLS = (("lAr",), ("(n)I",), ("(y)A",), ("dA",), ("dAn",), ("(n)In",))
"""Plural, accusative, dative, locative, ablative, genitive: the evidence that a form is a noun stem."""


def az_attach(base: str, suffix: str) -> str:
    """Attach one suffix template (see ``AZ_NOMINAL_CELLS``) to ``base``, applying harmony and buffer letters."""
    out = base
    i = 0
    while i < len(suffix):
        ch = suffix[i]
        if ch == "(":
            buffer, i = suffix[i + 1], i + 3
            if out[-1] in AZ_LATN_VOWELS:
                out += buffer
            continue
        vowel = az_last_vowel(out)
        if ch == "A":
            out += "a" if vowel in ("a", "ı", "o", "u") else "ə"
        elif ch == "I":
            out += "ı" if vowel in ("a", "ı") else "u" if vowel in ("o", "u") else "ü" if vowel in ("ö", "ü") else "i"
        else:
            out += ch
        i += 1
    return out


def az_vowel_initial(stem: str, cell: tuple[str, ...]) -> bool:
    """Tell whether ``cell`` begins with a vowel after ``stem`` (``(n)I`` does after a consonant, not after a vowel)."""
    return az_attach(stem, cell[0])[len(stem) : len(stem) + 1] in AZ_LATN_VOWELS


def az_inflect(stem: str, vowel_base: str, cell: tuple[str, ...]) -> str:
    """Inflect ``stem`` for ``cell``; a suffix chain beginning with a vowel attaches to ``vowel_base`` instead."""
    form = vowel_base if az_vowel_initial(stem, cell) else stem
    for suffix in cell:
        form = az_attach(form, suffix)
    return form


def az_vowel_bases(stem: str) -> list[str]:
    """Candidate bases for vowel-initial suffixes: the stem, k/q voiced, a high vowel dropped (ağız -> ağz)."""
    bases = az_stem_variants(stem)
    if len(stem) >= 4 and stem[-2] in "ıiuü" and stem[-1] not in AZ_LATN_VOWELS and stem[-3] not in AZ_LATN_VOWELS:
        bases.append(stem[:-2] + stem[-1])
    return bases


def az_cell_head(cell: tuple[str, ...]) -> tuple[str, ...]:
    """The first suffix of a chain: the part whose form may be irregular (a vowel or a buffer letter)."""
    return cell[:1]


def generate_az_nominal(
    corpus: dict[str, float | None], attested: set[str]
) -> tuple[SourceData, dict[str, float | None]]:
    """Generate the regular nominal forms (``AZ_NOMINAL_CELLS``) of noun stems attested in the corpus.

    A UniLex form is a noun stem when its plural and at least ``AZ_MIN_CORE_CELLS`` of the six core forms
    (``AZ_CORE_CELLS``) are attested in UniLex or the Tesseract aze list, which also confirms its harmony class.
    A form ending in a high vowel + n whose shorter form is attested is skipped (``danışmasın``, ``kitabın``:
    a case or verb form, not a stem). Where the first suffix is irregular-prone (it begins with a vowel, or with a
    buffer letter after a vowel-final stem: ``(n)I``, ``(y)A``, ``(s)I`` ...), the chain is generated only if that
    first step is itself attested on the stem's base: the stem, its k->y / q->ğ form (çiçəyi, ayağı) or the stem
    without its last high vowel (ağzı, burnu), whichever has most such first steps in UniLex (ties: in any
    source, then the plain stem); ``su`` -> ``suyu`` is thus never mis-made as ``susu``, nor uşağı as ``uşaqı``.
    Suffixes beginning with a consonant (lar, da, dan, dır, la) are regular and always attached.
    """
    generated: dict[str, float | None] = {}
    stems = 0
    for stem in sorted(corpus):
        if len(stem) < AZ_MIN_STEM or "-" in stem or not az_last_vowel(stem) or stem in AZ_PRONOUNS:
            continue
        if stem[-1] == "n" and stem[-2] in "ıiuü" and stem[:-1] in attested:
            continue
        if az_inflect(stem, stem, ("lAr",)) not in attested:
            continue
        bases = az_vowel_bases(stem)
        # One base serves all irregular-prone first steps: the one with most of them in the corpus, then in any
        # source (the Tesseract list also has uşaqı beside uşağı; UniLex decides).
        heads = sorted({az_cell_head(cell) for cell in AZ_NOMINAL_CELLS})
        base = max(
            bases,
            key=lambda b: (
                sum(az_inflect(stem, b, head) in corpus for head in heads),
                sum(az_inflect(stem, b, head) in attested for head in heads),
                b == stem,
            ),
        )
        core = sum(any(az_inflect(stem, base, cell) in attested for base in bases) for cell in AZ_CORE_CELLS)
        if core < AZ_MIN_CORE_CELLS:
            continue
        stems += 1
        for cell in AZ_NOMINAL_CELLS:
            head = az_cell_head(cell)
            if not (az_vowel_initial(stem, cell) or (head[0].startswith("(") and stem[-1] in AZ_LATN_VOWELS)):
                generated.setdefault(az_inflect(stem, stem, cell), None)
                continue
            if az_inflect(stem, base, head) in attested:
                generated.setdefault(az_inflect(stem, base, cell), None)
    detail = f"{len(generated):,} forms of {stems:,} noun stems, {len(AZ_NOMINAL_CELLS)} suffix chains"
    data = SourceData("generated", "regular noun inflections of UniLex stems", [(f, None) for f in generated], detail)
    return data, generated


def refine_az_latn(
    sources: list[SourceData], normalised: list[dict[str, float | None]]
) -> tuple[list[SourceData], list[dict[str, float | None]]]:
    """Vet the new forms of the aze_cyrl and azstemmer lists, then add generated noun forms (see AZ_METHOD)."""
    if [data.kind for data in sources] != ["unilex", "tesseract", "tesseract", "azstemmer"]:
        raise AssertionError("az-Latn sources must be UniLex, Tesseract aze, Tesseract aze_cyrl, azstemmer")
    unilex, tess, cyrl, heads = normalised
    attested = set(unilex) | set(tess)
    headwords = set(heads)
    model = AzEndingModel(headwords, set(unilex) | headwords, sorted(unilex))
    known = attested | headwords

    kept_cyrl: dict[str, float | None] = {}
    lost = swapped = unparsed = 0
    for form, rate in cyrl.items():
        if form not in attested:
            if az_lost_vowel(form, known):
                lost += 1
                continue
            if az_confusable_neighbour(form, unilex):
                swapped += 1
                continue
            if not model.analysable(form, known):
                unparsed += 1
                continue
        kept_cyrl[form] = rate
    sources[2].detail += (
        f"; of its forms not in UniLex or the aze list, {lost:,} dropped as a known form minus a vowel, "
        f"{swapped:,} as a UniLex form with one letter's diacritic swapped, {unparsed:,} as not analysable"
    )

    verbs = {head for head in headwords if az_infinitive(head) in attested}
    nominal = attested | headwords
    kept_heads: dict[str, float | None] = {}
    lost = swapped = glued = 0
    for form, rate in heads.items():
        if form not in attested:
            if az_lost_vowel(form, known):
                lost += 1
                continue
            if az_confusable_neighbour(form, unilex):
                swapped += 1
                continue
            if az_truncated_compound(form, verbs, nominal):
                glued += 1
                continue
        kept_heads[form] = rate
    sources[3].detail += (
        f"; of its forms not in UniLex or the aze list, {lost:,} dropped as a known form minus a vowel, "
        f"{swapped:,} as a UniLex form with one letter's diacritic swapped, {glued:,} as noun + bare verb stem"
    )

    gen_data, generated = generate_az_nominal(unilex, attested)
    return sources + [gen_data], [unilex, tess, kept_cyrl, kept_heads, generated]


# --- lexicons ------------------------------------------------------------------------------------


@dataclass
class LexiconSpec:
    """One shipped lexicon: identity, sources in priority order, and the filter its forms must pass."""

    code: str
    script: str
    name: str
    licence: str
    target: int
    """Number of forms the build aims for (a warning, not an error, when missed)."""
    readers: list[Callable[[], SourceData]] = field(default_factory=list)
    normalise: Callable[[str], str | None] | None = None
    vowels: str = ""
    """Vowel letters; a form known only from a word list needs one (empty: no such check)."""
    refine: Refiner | None = None
    """Optional step between normalisation and merging: vets sources against each other, may add sources."""


@dataclass
class SourceStats:
    """What one source contributed to a lexicon."""

    source: SourceData
    kept: int
    """Distinct forms left after normalisation and the script filter."""
    only: int
    """Forms of the finished lexicon that no other source has."""


@dataclass
class LexiconResult:
    """A built lexicon with the statistics SOURCES.md reports."""

    spec: LexiconSpec
    counts: dict[str, int]
    source_line: str
    stats: list[SourceStats]
    with_rate: int
    """Forms whose count comes from a corpus frequency."""
    dropped_listed: int
    """List-only forms dropped as implausible."""
    listed: set[str] = field(default_factory=set)
    """The list-only forms kept."""
    listed_rate: ListedRate | None = None
    """The count they were given (None: still 1)."""


def build_lexicon(spec: LexiconSpec) -> LexiconResult:
    """Read, normalise and merge the sources of one lexicon."""
    assert spec.normalise is not None
    sources = [read() for read in spec.readers]
    normalised = [normalise_source(data, spec.normalise) for data in sources]
    if spec.refine is not None:
        sources, normalised = spec.refine(sources, normalised)
    counts, listed, dropped = merge_sources(normalised, spec.vowels)
    stats = []
    for i, (data, forms) in enumerate(zip(sources, normalised)):
        others = set().union(*(n.keys() for j, n in enumerate(normalised) if j != i))
        only = sum(1 for form in forms.keys() - others if form in counts)
        stats.append(SourceStats(data, len(forms), only))
    with_rate = len(set().union(*({f for f, r in n.items() if r is not None} for n in normalised)))
    source_line = " + ".join(data.label for data in sources)
    return LexiconResult(spec, counts, source_line, stats, with_rate, dropped, listed)


def with_listed_rate(result: LexiconResult, clean_dir: Path, used: dict[str, set[int]]) -> LexiconResult:
    """Give the list-only forms of ``result`` the count :func:`listed_rate` estimates."""
    estimate = listed_rate(result.spec.code, result.counts, result.listed, clean_dir, used)
    counts = {form: estimate.rate if form in result.listed else count for form, count in result.counts.items()}
    return dataclasses.replace(result, counts=counts, listed_rate=estimate)


def transliterate_az(latin: LexiconResult, spec: LexiconSpec) -> LexiconResult:
    """Derive the Cyrillic (1958-1991) Azerbaijani lexicon from the Latin one, letter by letter."""
    counts: dict[str, int] = {}
    for form, count in latin.counts.items():
        cyrl = form.translate(AZ_LATN_TO_CYRL)
        # The mapping is one-to-one, so no two Latin forms meet; summing keeps the rule if it ever changes.
        counts[cyrl] = counts.get(cyrl, 0) + count
    source_line = f"az-Latn lexicon transliterated to the 1958-1991 Cyrillic alphabet ({latin.source_line})"
    listed = {form.translate(AZ_LATN_TO_CYRL) for form in latin.listed}
    return LexiconResult(
        spec, counts, source_line, latin.stats, latin.with_rate, latin.dropped_listed, listed, latin.listed_rate
    )


def render_lexicon(result: LexiconResult) -> bytes:
    """Return the gzip bytes of a lexicon file (metadata lines, then ``form<TAB>count`` by count desc)."""
    spec = result.spec
    for form in result.counts:
        if not form or lexicon_form(form) != form or any(ch.isspace() for ch in form):
            raise AssertionError(f"{spec.code}: bad form {form!r}")
    entries = sorted(result.counts.items(), key=lambda item: (-item[1], item[0]))
    lines = [
        f"# language: {spec.code}",
        f"# script: {spec.script}",
        f"# name: {spec.name}",
        f"# forms: {len(entries)}",
        f"# source: {result.source_line}",
        f"# licence: {spec.licence}",
        f"# built-by: {BUILT_BY}",
    ]
    if result.listed_rate is not None:
        lines.insert(-1, f"# listed-rate: {result.listed_rate.rate}")
    lines.extend(f"{form}\t{count}" for form, count in entries)
    text = "\n".join(lines) + "\n"
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="", compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def lexicon_specs(unilex_dir: Path, tessdata: Path) -> dict[str, LexiconSpec]:
    """Return the specs of the five shipped lexicons, keyed by language code."""
    cc_mit_apache = "CC-BY-SA-4.0 AND MIT AND Apache-2.0"
    return {
        "ru": LexiconSpec(
            "ru", "Cyrl", "Russian", cc_mit_apache, 500_000,
            [lambda: read_wordfreq("ru"), lambda: read_pyspellchecker("ru"), lambda: read_tesseract("rus", tessdata)],
            make_normaliser(RU_FORM), RU_VOWELS,
        ),
        "en": LexiconSpec(
            "en", "Latn", "English", cc_mit_apache, 250_000,
            [lambda: read_wordfreq("en"), lambda: read_pyspellchecker("en"), lambda: read_tesseract("eng", tessdata)],
            make_normaliser(EN_FORM), EN_VOWELS,
        ),
        "fa": LexiconSpec(
            "fa", "Arab", "Persian", "CC-BY-SA-4.0 AND Unicode-3.0 AND MIT AND Apache-2.0", 60_000,
            [
                lambda: read_wordfreq("fa"),
                lambda: read_unilex(unilex_dir / "unilex-fa.tsv"),
                lambda: read_pyspellchecker("fa"),
                lambda: read_tesseract("fas", tessdata),
            ],
            make_normaliser(FA_FORM),
        ),
        "az-Latn": LexiconSpec(
            "az-Latn", "Latn", "Azerbaijani (Latin)", AZ_LICENCE, 240_000,
            [
                lambda: read_unilex(unilex_dir / "unilex-az.tsv"),
                lambda: read_tesseract("aze", tessdata),
                lambda: read_tesseract_aze_cyrl(tessdata),
                read_azstemmer,
            ],
            make_normaliser(AZ_LATN_FORM, prepare_az), AZ_LATN_VOWELS, refine_az_latn,
        ),
        "az-Cyrl": LexiconSpec(
            "az-Cyrl", "Cyrl", "Azerbaijani (Cyrillic, 1958-1991 alphabet)", AZ_LICENCE, 240_000,
        ),
    }  # fmt: skip


# --- SOURCES.md ----------------------------------------------------------------------------------

FILTERS = {
    "ru": "Russian alphabet а-я and ё; a hyphen or apostrophe only between letters.",
    "en": "Latin a-z and the accented letters àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœ; a hyphen or apostrophe (U+0027) "
    "only between letters. Forms with the typographic apostrophe U+2019 are dropped, not rewritten.",
    "fa": "Persian letters (آ ا ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی) plus ء أ إ ؤ ئ ة ۀ, "
    "the optional marks U+064B-U+0652, U+0654, U+0670 after a letter, and ZWNJ (U+200C) only between letters. "
    "Arabic yeh/alef maksura/kaf are folded to Persian ی/ک by `lexicon_form`; entries with Latin letters, "
    "digits, RLM/ZWJ or presentation forms are dropped.",
    "az-Latn": "Turkish-style lowering first (I→ı, İ→i), then the look-alikes ǝ (U+01DD) and Cyrillic ә folded "
    "to ə; kept only if written in the Azerbaijani Latin alphabet "
    "a b c ç d e ə f g ğ h x ı i j k q l m n o ö p r s ş t u ü v y z, a hyphen only between letters. "
    "w, apostrophes, digits, dots and foreign letters reject the entry (they occur only in foreign names, "
    "URLs and quote-plus-suffix junk such as `Binə”də`). The aze_cyrl and azstemmer lists and the generated "
    "forms are vetted as described under *Azerbaijani: vetting and generated forms* below.",
    "az-Cyrl": "The az-Latn forms, transliterated letter by letter: a→а b→б c→ҹ ç→ч d→д e→е ə→ә f→ф g→ҝ ğ→ғ "
    "h→һ x→х ı→ы i→и j→ж k→к q→г l→л m→м n→н o→о ö→ө p→п r→р s→с ş→ш t→т u→у ü→ү v→в y→ј z→з. "
    "The mapping is one-to-one, so counts carry over unchanged. Tesseract's own `aze_cyrl` list is not used as "
    "Cyrillic (it writes ö ü ş ç ğ as ӧ ӱ с̧ ҹ̧ ҝ̆, not ө ү ш ч ғ); it enters az-Latn back-transliterated.",
}

UPSTREAM = {
    "wordfreq": (
        "`get_frequency_dict(lang, wordlist='large')`; `'best'` for fa, which has no large list",
        "word data CC BY-SA 4.0, code Apache-2.0 (Robyn Speer, https://github.com/rspeer/wordfreq). Built from "
        "Google Books Ngrams, Wikipedia, ParaCrawl, the Leeds Internet Corpus, OPUS OpenSubtitles 2018 "
        "(data from OpenSubtitles, http://www.opensubtitles.org/), SUBTLEX (Marc Brysbaert et al.) and more",
    ),
    "pyspellchecker": (
        "the bundled `spellchecker/resources/<lang>.json.gz` (word -> count)",
        "MIT (Tyler Barrus, https://github.com/barrust/pyspellchecker); its counts were made by its author "
        "from OpenSubtitles2018 (P. Lison and J. Tiedemann, LREC 2016), plus dictionary words at count 50",
    ),
    "tesseract": (
        "the word DAWG of `<model>.traineddata`, extracted with `combine_tessdata -u` and `dawg2wordlist`",
        "Apache-2.0 (tesseract-ocr/tessdata_fast, copyright 2006-2022 Google Inc.)",
    ),
    "azstemmer": (
        "`azstemmer/azwords.txt`: 60,169 lower-case Azerbaijani headwords and stems, one per line, no counts "
        "(nouns and adjectives in their base form, verbs as bare stems without -maq/-mək)",
        "MIT, as declared in the package README (author Nagi Nagiyev, https://pypi.org/project/azstemmer/); the "
        "package ships no licence file and names no copyright year; the same list ships in PyPI `nltkaz` 0.2.0 "
        "by the same author, also declared MIT. Where the author took the words from is not stated. Notice in "
        "`LICENSE-AZSTEMMER.txt`",
    ),
    "generated": (
        "made by this script: regular noun inflections of UniLex stems (az-Latn, see below)",
        "no upstream of its own: derived from UniLex and the Tesseract aze list",
    ),
    "unilex": (
        "`unilex-az.tsv`, `unilex-fa.tsv` = unicode-org/unilex `data/frequency/{az,fa}.txt` @ b3a9ae2",
        "Unicode License v3 (Unicode-3.0; the data files' own header names its predecessor, Unicode-DFS-2016, "
        "which has the same terms); notice at the end of this file and in `LICENSE-UNILEX.txt`",
    ),
}

SOURCES_HEAD = """\
# Shipped lexicons: sources, licences, how they were built

Generated by `{built_by}`; rebuild rather than edit.

## Rebuild

```sh
apt-get install tesseract-ocr tesseract-ocr-rus tesseract-ocr-aze tesseract-ocr-aze-cyrl tesseract-ocr-fas \\
  tesseract-ocr-eng
pip install wordfreq=={wordfreq} pyspellchecker=={pyspellchecker} azstemmer=={azstemmer}
python tools/build_lexicons.py   # --unilex-dir DIR, --clean-text DIR when not in ../shared/data
```

The build takes well under a minute and is deterministic: the same package versions give identical bytes.

## Format

`<code>.tsv.gz`: gzip (mtime 0), UTF-8, LF. First the metadata lines `# key: value` (language, script, name,
forms, source, licence, listed-rate, built-by), then one `form<TAB>count` line per form, sorted by count descending, then by
form (Python string order). Forms are unique, non-empty, NFC, without whitespace, and are their own
`ocrfix.normalize.lexicon_form` (Persian ي/ى→ی and ك→ک, tatweel dropped, `str.lower`).

## Counts

A count estimates occurrences per billion tokens, rounded, at least 1.

- wordfreq gives proportions f: rate = f × 10⁹.
- UniLex and pyspellchecker give corpus counts c: rate = c / Σc × 10⁹, Σc summed over the whole source file.
  pyspellchecker gives every word it took from a dictionary rather than a corpus the count 50; those entries
  are treated as a plain word list. Its lists are cut off at frequent words, so its rates run a little high.
- Raw entries of one source that normalise to the same form (case variants, Arabic/Persian letter variants)
  have their rates summed.
- Across sources a form takes the rate of the first source (in the priority order below) that has a frequency
  for it. The sources are overlapping samples of one language (pyspellchecker's subtitles are also inside
  wordfreq), so adding their rates would count common words twice.
- A form found only in word lists without frequencies (Tesseract, pyspellchecker's dictionary words,
  azstemmer) or only among the generated Azerbaijani noun forms, a *list-only* form, is dropped if a letter
  occurs three times running or, except in fa, it has no vowel (OCR debris such as `svvsl`, `рплбж`;
  abbreviations survive only when a corpus counts them).
- Every list-only form of a lexicon gets the same count, the *listed rate* (header `listed-rate`): the share of
  the word tokens of correct reference text that are list-only forms, divided by the number of list-only forms,
  per billion. The lists say a form exists, not how common it is; together, though, their forms cover a
  measurable share of running text (a tenth in Azerbaijani, whose corpus is small), and spreading it evenly is
  the estimate that assumes nothing more. A constant such as 1 per billion would instead make each of them
  rarer than any misreading, so a correction to one would hardly ever be believed. The reference text is the
  UD treebank and Wikipedia text of `../shared/data/clean-text` (CC BY-SA 4.0) without every line that a
  generated OCR pair (`benchmarks/pairs`, `corpus/generated`) was made from, so the benchmarks do not test on
  what this estimate saw. Tokens are looked up as ocrfix looks them up (ё→е in ru, the more frequent form
  winning a folded key).

## Sources

| source | package and version | what is read | upstream licence |
|---|---|---|---|
"""


def render_sources_md(results: list[LexiconResult], sizes: dict[str, int], unilex_notice: str) -> str:
    """Return the text of lexicons/SOURCES.md."""
    versions = {
        "wordfreq": package_version("wordfreq"),
        "pyspellchecker": package_version("pyspellchecker"),
        "azstemmer": package_version("azstemmer"),
    }
    out = [SOURCES_HEAD.format(built_by=BUILT_BY, **versions).rstrip("\n")]
    labels: dict[str, list[str]] = {kind: [] for kind in UPSTREAM}
    for result in results:
        for stat in result.stats:
            if stat.source.label not in labels[stat.source.kind]:
                labels[stat.source.kind].append(stat.source.label)
    packages = {
        "wordfreq": f"PyPI `wordfreq` {versions['wordfreq']}",
        "pyspellchecker": f"PyPI `pyspellchecker` {versions['pyspellchecker']}",
        "tesseract": "Debian "
        + ", ".join(f"`{lab.split('(')[1].rstrip(')').replace(' ', '` ', 1)}" for lab in labels["tesseract"])
        + f"; tools from `tesseract-ocr` {debian_version('tesseract-ocr')}",
        "azstemmer": f"PyPI `azstemmer` {versions['azstemmer']}",
        "generated": "none (`tools/build_lexicons.py`)",
        "unilex": "copied into `../shared/data/lexicon-sources/`",
    }
    for kind, (what, licence) in UPSTREAM.items():
        out.append(f"| {kind} | {packages[kind]} | {what} | {licence} |")
    out += [
        "",
        "## Lexicons",
        "",
        "| file | forms | with a corpus frequency | list-only (word lists, generated) | listed rate | bytes | licence |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for result in results:
        code, n = result.spec.code, len(result.counts)
        rate = f"{result.listed_rate.rate:,}" if result.listed_rate else "1"
        out.append(
            f"| {code}.tsv.gz | {n:,} | {result.with_rate:,} | {n - result.with_rate:,} | {rate} | {sizes[code]:,} "
            f"| {result.spec.licence} |"
        )
    out += [
        "",
        "A derived file carries the licences of all its sources: those with wordfreq data are CC BY-SA 4.0 "
        f"(share-alike), the Azerbaijani ones are {AZ_LICENCE}.",
    ]
    for result in results:
        spec, n = result.spec, len(result.counts)
        out += ["", f"### {spec.code}: {spec.name}", ""]
        if spec.code == "az-Cyrl":
            out += ["Derived from the az-Latn lexicon (same sources, same counts):", ""]
        out += ["| priority | source | read | forms kept | forms only from it |", "|---:|---|---|---:|---:|"]
        for i, stat in enumerate(result.stats, 1):
            out.append(f"| {i} | {stat.source.label} | {stat.source.detail} | {stat.kept:,} | {stat.only:,} |")
        out += [
            "",
            f"Filter: {FILTERS[spec.code]}",
            "",
            f"Result: {n:,} forms ({result.with_rate:,} with a corpus frequency, {n - result.with_rate:,} from "
            f"word lists{' or generated' if spec.code.startswith('az') else ''} only; "
            f"{result.dropped_listed:,} list-only forms dropped as implausible). "
            f"Licence: {spec.licence}.",
        ]
        estimate = result.listed_rate
        if estimate is not None:
            out += [
                "",
                f"Listed rate: {estimate.rate:,} per billion. Of the {estimate.reference_tokens:,} word tokens of "
                f"{estimate.reference}, {estimate.tokens:,} "
                f"({estimate.tokens / max(estimate.reference_tokens, 1):.2%}) are one of the {estimate.forms:,} "
                "list-only forms"
                + (" (measured on the az-Latn text; the forms correspond one to one)." if spec.code == "az-Cyrl" else "."),
            ]
        if spec.code == "az-Latn":
            out += ["", AZ_METHOD.rstrip("\n")]
    out += [
        "",
        "## azstemmer notice",
        "",
        "az-Latn.tsv.gz and az-Cyrl.tsv.gz contain words from PyPI azstemmer; see `LICENSE-AZSTEMMER.txt`:",
        "",
        "```",
        AZSTEMMER_NOTICE.rstrip("\n"),
        "```",
        "",
        "## UniLex notice",
        "",
        "fa.tsv.gz, az-Latn.tsv.gz and az-Cyrl.tsv.gz contain data from UniLex",
        "(https://github.com/unicode-org/unilex), used under this notice (also in `LICENSE-UNILEX.txt`):",
        "",
        "```",
        unilex_notice.rstrip("\n"),
        "```",
        "",
        SOURCES_TAIL.rstrip("\n"),
        "",
    ]
    return "\n".join(out)


SOURCES_TAIL = """\
## Confusion packs and calibration (`confusions/`, `calibration.json`)

Each pack names its source and licence in its own header. `generic-*.tsv`, `homoglyphs.tsv` and
`wrong-model-*.tsv` are written by hand (CC0-1.0), the last two partly from substitution rates counted on the
training pairs; `tesseract-*.tsv` are converted by `tools/build_confusions.py` from Tesseract's unicharambigs
(Apache-2.0, `confusions/LICENSE-TESSERACT-LANGDATA.txt`); `measured-*.tsv` are written by
`tools/measure_confusions.py` from the even-numbered pairs of `benchmarks/pairs` (rendered and degraded with
Debian's ImageMagick, read with Debian's Tesseract 5.3.0, by `tools/make_pairs.py`), CC0-1.0.
`calibration.json` is fitted by `tools/calibrate.py` on the same even-numbered pairs; the odd-numbered ones are
held out for `benchmarks/bench_fix.py`. `implausibility.json` (CC0-1.0) is fitted by `tools/fit_implausibility.py`:
how implausible the letters of misread words are, on the same even-numbered pairs, and of correct unknown words, on
the reference text of `../shared/data/clean-text` (CC BY-SA 4.0) without the lines the pairs use.
"""


AZSTEMMER_NOTICE = """\
azwords.txt from PyPI azstemmer 0.1.0 (author: Nagi Nagiyev) is used in az-Latn.tsv.gz and az-Cyrl.tsv.gz.
The package states its licence only in its README: "License: MIT" (https://choosealicense.com/licenses/mit/).
It ships no licence file and names no copyright year; the same list ships in PyPI nltkaz 0.2.0 by the same
author, also declared MIT. The MIT License it refers to:

MIT License

Copyright (c) Nagi Nagiyev

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

AZ_METHOD = f"""\
#### Azerbaijani: vetting and generated forms

UniLex and the Tesseract aze list are taken as they are (with the filter above). Sources 3 to 5 only fill gaps,
and each form they add that neither of the first two has is checked first. "Known" below means a form of
UniLex, the aze list or azstemmer.

- **Tesseract aze_cyrl** is Latin-script text converted to Cyrillic letter by letter. It is converted back:
  lower-cased and decomposed (NFD), с̧ ҹ̧ ҝ̆ ы̇ → ş ç ğ i, then а б ҹ д е ә ф ҝ һ х ы и ж к г л м н о п р с т у в ј з
  → a b c d e ə f g h x ı i j k q l m n o p r s t u v y z, then NFC (which turns ӧ ӱ, decomposed to о у plus a
  diaeresis, into ö ü). Its source text had many typos and letters lost in the conversion (`iştirk`, `yzdığı`,
  `ktib`, `siyahiya`), so a new form is dropped when (a) putting one vowel back anywhere inside it gives a known
  form, or (b) swapping one letter for its look-alike (i/ı, e/ə, a/ə, s/ş, c/ç, g/ğ, o/ö, u/ü) gives a UniLex
  form, or (c) it does not split into a known stem plus a learned ending. Learned endings: for every UniLex form
  that begins with an azstemmer headword of at least {AZ_MIN_STEM} letters (or its k→y / q→ğ form: çiçəy-,
  ayağ-), the rest of the form is an ending of the headword's harmony class (last vowel a/ı, e/ə/i, o/u or ö/ü,
  and whether the stem ends in a vowel); an ending counts once UniLex shows it on at least
  {AZ_MIN_ENDING_STEMS} different headwords of that class. A stem for (c) is any UniLex form or azstemmer
  headword of at least {AZ_MIN_STEM} letters; each part of a hyphenated form is checked on its own (a known
  part passes).
- **azstemmer** headwords are dictionary words. A new one is dropped under (a) or (b), or when it is a known
  form of at least 3 letters glued to a verb stem of at least 3 letters (a headword whose infinitive in
  -maq/-mək is attested, other than the suffixes laş ləş lan lən lat lət dır dir dur dür): the package cut the
  endings off compound participles (`metalçəkən` → `metalçək`), which leaves no word.
- **Generated forms** are regular noun inflections, count 1. A UniLex form of at least {AZ_MIN_STEM} letters
  (not a personal pronoun) is a noun stem when its plural (-lar/-lər) is attested in UniLex or the aze list,
  and at least {AZ_MIN_CORE_CELLS} of its six core forms (plural, accusative, dative, locative, ablative,
  genitive) are. A form ending in a high vowel + n whose form without the n is attested is no stem (`kitabın`,
  `danışmasın`). Each stem gets these {len(AZ_NOMINAL_CELLS)} suffix chains, with vowel harmony (A = a/ə,
  I = ı/i/u/ü by the last vowel) and buffer letters after a vowel in parentheses: lAr; (n)I, (y)A, dA, dAn,
  (n)In, (y)lA, dIr; lAr + I, A, dA, dAn, In, lA, dIr; (s)I, (s)I + nI, nA, ndA, ndAn, nIn, ylA; lAr + I + nI,
  nA, ndA, ndAn, nIn. When the first suffix of a chain begins with a vowel or a buffer letter, the chain is
  made only if that first step (e.g. the accusative or the possessive) is itself attested, on one base per
  stem: the stem, its k→y / q→ğ form, or the stem without its last high vowel (ağız → ağz-), whichever has
  most of those first steps in UniLex (ties: in any source, then the plain stem). So `su` never gives `susu`,
  nor `uşaq` `uşaqı`. The suffixes that begin with a consonant (lar, da, dan, dır, la) are regular and always
  made.
"""


# --- main ----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--unilex-dir", type=Path, default=DEFAULT_UNILEX_DIR,
        help="folder with unilex-az.tsv, unilex-fa.tsv and UNILEX-LICENSE.txt (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument("--tessdata-dir", type=Path, default=DEFAULT_TESSDATA_DIR, help="default: %(default)s")
    parser.add_argument(
        "--clean-text", type=Path, default=DEFAULT_CLEAN_TEXT_DIR,
        help="reference text for the rate of list-only forms (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument("--out-dir", type=Path, default=REPO_ROOT / "lexicons", help="default: %(default)s")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build all lexicons, SOURCES.md, LICENSE-UNILEX.txt and LICENSE-AZSTEMMER.txt; return the exit code."""
    args = parse_args(argv)
    try:
        licence_path = args.unilex_dir / "UNILEX-LICENSE.txt"
        # Fail before the slow part when the one source no registry provides is missing.
        for path in (licence_path, args.unilex_dir / "unilex-az.tsv", args.unilex_dir / "unilex-fa.tsv"):
            if not path.is_file():
                raise BuildError(f"{path} not found ({UNILEX_HINT})")
        for names in REFERENCE_TEXT.values():
            for name in names:
                if not (args.clean_text / name).is_file():
                    raise BuildError(f"{args.clean_text / name} not found (reference text; pass --clean-text)")
        unilex_notice = licence_path.read_text(encoding="utf-8")
        specs = lexicon_specs(args.unilex_dir, args.tessdata_dir)
        results: list[LexiconResult] = []
        used = used_lines(PAIR_MANIFESTS)
        for code in ("ru", "en", "fa", "az-Latn"):
            print(f"building {code} ...", file=sys.stderr)
            results.append(with_listed_rate(build_lexicon(specs[code]), args.clean_text, used))
        results.append(transliterate_az(results[-1], specs["az-Cyrl"]))
    except BuildError as exc:
        print(f"build_lexicons: error: {exc}", file=sys.stderr)
        return 2

    args.out_dir.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}
    for result in results:
        data = render_lexicon(result)
        (args.out_dir / f"{result.spec.code}.tsv.gz").write_bytes(data)
        sizes[result.spec.code] = len(data)
        short = "" if len(result.counts) >= result.spec.target else f"  (below the {result.spec.target:,} goal)"
        print(f"{result.spec.code}: {len(result.counts):,} forms, {len(data):,} bytes{short}", file=sys.stderr)
    sources_md = render_sources_md(results, sizes, unilex_notice)
    (args.out_dir / "SOURCES.md").write_text(sources_md, encoding="utf-8", newline="\n")
    (args.out_dir / "LICENSE-UNILEX.txt").write_bytes(licence_path.read_bytes())
    (args.out_dir / "LICENSE-AZSTEMMER.txt").write_text(AZSTEMMER_NOTICE, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
