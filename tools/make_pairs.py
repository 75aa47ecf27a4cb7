#!/usr/bin/env python3
"""Make OCR/ground-truth test pairs: render clean text as a typed page, degrade it, read it with Tesseract.

Each *sample* is a run of consecutive sentences from one file of shared/data/clean-text, wrapped into lines
like a typed page, rendered with ImageMagick's ``pango:`` coder, degraded at one level, and read by one or
more Tesseract models.  A sample becomes one pair per condition of its stream:

  ru  -> ru/rus                  en -> en/eng
  fa  -> fa/fas, fa/ara          (the same image read by the Persian and by the Arabic model)
  az  -> az-Latn/aze, az-Cyrl/rus, az-Cyrl/aze_cyrl
        (the same sentences rendered in Latin and, transliterated, in 1958-91 Cyrillic; the Cyrillic image
        is read by the wrong model, rus, and by the right one, aze_cyrl)

Output: ``OUT/ocr/NAME.txt`` (Tesseract's text), ``OUT/gt/NAME.txt`` (exactly the rendered text, same line
breaks; both end with one newline) and ``OUT/manifest.jsonl`` (one object per pair, sorted by name).
CER = Levenshtein distance on code points (NFC, final newline dropped) / length of the ground truth.

Every random choice comes from ``random.Random(f"{seed}:{stream}:{index}")`` and ImageMagick's ``-seed``,
so a run is reproducible given the same ImageMagick, fonts and Tesseract, whatever ``--jobs`` is.

Requires: Python 3.11 (stdlib; rapidfuzz is used for the distance if importable), ImageMagick 6 with pango
(``/usr/bin/convert``), Tesseract 5 with rus, eng, fas, ara, aze, aze_cyrl, and the Debian fonts
fonts-urw-base35, fonts-noto-core, fonts-dejavu-core.

The two sets in the repository were made, from the repository root, with:
  python3 tools/make_pairs.py --out corpus/generated --samples 2 --seed 1954 --jobs 2
  python3 tools/make_pairs.py --out benchmarks/pairs --samples 30 --jobs 2 \
      --exclude corpus/generated/manifest.jsonl
"""

from __future__ import annotations

import argparse
import concurrent.futures
import html
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA = Path("/work/shared/data/clean-text")
LEVELS = ("clean", "light", "medium", "heavy")

# The real ImageMagick: /usr/local/bin/convert on the project machines is a stand-in.
CONVERT_CANDIDATES = ("/usr/bin/convert", "/usr/bin/convert-im6.q16", "magick")

_PUNCT = " .,;:!?-–—()\"'«»/%"
_DIGITS = "0123456789"
_AZ_LATN = "abcçdeəfgğhxıijkqlmnoöprsştuüvyzABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ"
_RU = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
_EN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_FA = (
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآأإؤئءة"  # letters
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0654"  # tanvin, short vowels, tashdid, hamza above
    "\u200c"  # ZWNJ: part of Persian spelling (می‌شود), kept in the ground truth
    "۰۱۲۳۴۵۶۷۸۹،؛؟«»"
)

# Characters a sentence may contain, per stream; a sentence with anything else (wiki markup, emoji, HTML
# entities, stress marks, foreign scripts) is skipped and its line number recorded in the manifest.
ALLOWED = {
    "ru": set(_RU + _EN + _DIGITS + _PUNCT + "…№"),
    "en": set(_EN + _DIGITS + _PUNCT + "$&’“”"),
    "fa": set(_FA + _DIGITS + _PUNCT + "…"),
    "az": set(_AZ_LATN + _DIGITS + _PUNCT),
}

LATN_TO_CYRL = {
    "a": "а", "b": "б", "c": "ҹ", "ç": "ч", "d": "д", "e": "е", "ə": "ә", "f": "ф", "g": "ҝ", "ğ": "ғ",
    "h": "һ", "x": "х", "ı": "ы", "i": "и", "j": "ж", "k": "к", "q": "г", "l": "л", "m": "м", "n": "н",
    "o": "о", "ö": "ө", "p": "п", "r": "р", "s": "с", "ş": "ш", "t": "т", "u": "у", "ü": "ү", "v": "в",
    "y": "ј", "z": "з",
    "A": "А", "B": "Б", "C": "Ҹ", "Ç": "Ч", "D": "Д", "E": "Е", "Ə": "Ә", "F": "Ф", "G": "Ҝ", "Ğ": "Ғ",
    "H": "Һ", "X": "Х", "I": "Ы", "İ": "И", "J": "Ж", "K": "К", "Q": "Г", "L": "Л", "M": "М", "N": "Н",
    "O": "О", "Ö": "Ө", "P": "П", "R": "Р", "S": "С", "Ş": "Ш", "T": "Т", "U": "У", "Ü": "Ү", "V": "В",
    "Y": "Ј", "Z": "З",
}


@dataclass(frozen=True)
class Rendering:
    """How one script of a stream is rendered and which Tesseract models read it."""

    language: str
    """Language tag of the pair (ru, en, fa, az-Latn, az-Cyrl)."""
    models: tuple[str, ...]
    """Tesseract language models that read the image, one pair each."""
    fonts: tuple[str, ...]
    """Pango families to choose from; each must cover every letter of the script (checked at start)."""
    pointsize: tuple[float, float]
    """Range of the font size in points, rendered at 300 dpi."""
    transliterate: bool = False
    """Transliterate Azerbaijani Latin to the 1958-91 Cyrillic alphabet before rendering."""


@dataclass(frozen=True)
class Stream:
    """A source of sentences and the renderings made from each sample of it."""

    name: str
    files: tuple[str, ...]
    renderings: tuple[Rendering, ...]


# Nimbus Mono PS (URW's Courier) is the typewriter face, but it has no Latin ə and its lower-case Cyrillic ө
# is drawn like ц, so Azerbaijani uses Noto Sans Mono, the one monospace font here with every letter right;
# DejaVu Sans Mono lacks ҹ and ҝ.
STREAMS = {
    "ru": Stream("ru", ("ru-gsd-dev.txt", "ru-taiga-dev.txt"),
                 (Rendering("ru", ("rus",), ("Nimbus Mono PS", "DejaVu Sans Mono"), (11.0, 12.5)),)),
    "en": Stream("en", ("en-ewt-dev.txt",),
                 (Rendering("en", ("eng",), ("Nimbus Mono PS", "DejaVu Sans Mono"), (11.0, 12.5)),)),
    "fa": Stream("fa", ("fa-seraji-dev.txt", "fa-perdt-dev.txt"),
                 (Rendering("fa", ("fas", "ara"), ("Noto Naskh Arabic", "Noto Sans Arabic"), (13.0, 14.0)),)),
    "az": Stream("az", ("az-latn-wiki.txt", "az-latn-tuecl.txt"),
                 (Rendering("az-Latn", ("aze",), ("Noto Sans Mono",), (11.0, 12.5)),
                  Rendering("az-Cyrl", ("rus", "aze_cyrl"), ("Noto Sans Mono",), (11.0, 12.5), True))),
}


@dataclass
class Sample:
    """One run of sentences, its degradation and the pairs made from it."""

    stream: str
    index: int
    level: str
    source: str
    first_line: int
    """1-based line of the first sentence in the source file."""
    last_line: int
    """1-based line of the last sentence in the source file (inclusive)."""
    sentences: list[str]
    skipped_lines: list[int] = field(default_factory=list)
    """Lines inside [first_line, last_line] left out because they are not clean sentences."""


# ---------------------------------------------------------------------------------------------- text


def transliterate_az(text: str) -> str:
    """Azerbaijani Latin -> 1958-91 Cyrillic, letter by letter (Turkish-style I/ı, İ/i casing).

    >>> transliterate_az("Azərbaycan İqtisadiyyatı")
    'Азәрбајҹан Игтисадијјаты'
    """
    return "".join(LATN_TO_CYRL.get(ch, ch) for ch in text)


def is_clean_sentence(line: str, stream: str) -> bool:
    """True if a source line can be typed as it is: only the stream's letters, digits and punctuation."""
    s = line.strip()
    if len(s) < 3 or not any(ch.isalpha() for ch in s):
        return False
    if "()" in s:  # a wiki template or link removed from the sentence left an empty pair behind
        return False
    return set(s) <= ALLOWED[stream]


def load_lines(data: Path, name: str) -> list[str]:
    """The lines of a clean-text file, NFC, without line ends (index 0 is line 1)."""
    with open(data / name, encoding="utf-8") as fh:
        return [unicodedata.normalize("NFC", ln.rstrip("\r\n")) for ln in fh]


def used_lines(manifests: list[Path]) -> dict[str, set[int]]:
    """Source lines already used by the pairs of earlier manifests, per source file."""
    used: dict[str, set[int]] = {}
    for path in manifests:
        with open(path, encoding="utf-8") as fh:
            for raw in fh:
                if raw.strip():
                    rec = json.loads(raw)
                    used.setdefault(rec["source"], set()).update(
                        range(rec["first_line"], rec["last_line"] + 1))
    return used


def plan_samples(stream: Stream, count: int, level_offset: int, seed: int, data: Path,
                 min_chars: int, max_chars: int, excluded: dict[str, set[int]]) -> list[Sample]:
    """Cut ``count`` disjoint runs of sentences from the stream's files, taking the files in turn.

    A run never contains an excluded line (used by an earlier manifest) nor a line already taken in this run
    of the script; lines that are not clean sentences are skipped inside a run and recorded.
    """
    texts = {name: load_lines(data, name) for name in stream.files}
    cursors = {name: 0 for name in stream.files}
    samples: list[Sample] = []
    file_turn = 0
    exhausted: set[str] = set()
    while len(samples) < count:
        if len(exhausted) == len(stream.files):
            raise SystemExit(f"make_pairs: not enough clean text in {stream.files} for {count} samples")
        name = stream.files[file_turn % len(stream.files)]
        file_turn += 1
        if name in exhausted:
            continue
        index = len(samples)
        rng = random.Random(f"{seed}:{stream.name}:{index}:length")
        target = rng.randint(min_chars, max_chars)
        lines, banned = texts[name], excluded.get(name, set())
        picked: list[int] = []
        skipped: list[int] = []
        length = 0
        i = cursors[name]
        while i < len(lines) and length < target:
            lineno = i + 1
            if lineno in banned:
                if length >= min_chars:
                    break
                picked, skipped, length = [], [], 0  # restart after a used line: runs stay consecutive
            elif not is_clean_sentence(lines[i], stream.name):
                if picked:
                    skipped.append(lineno)
            else:
                s = lines[i].strip()
                if length + len(s) + 1 > max_chars:
                    if length >= min_chars:
                        break
                    if len(s) + 1 > max_chars:  # a single over-long sentence: drop it, keep the run going
                        if picked:
                            skipped.append(lineno)
                        i += 1
                        continue
                    picked, skipped, length = [], [], 0
                picked.append(lineno)
                length += len(s) + 1
            i += 1
        cursors[name] = i
        if length < min_chars:
            exhausted.add(name)
            continue
        skipped = [n for n in skipped if n < picked[-1]]
        samples.append(Sample(
            stream=stream.name, index=index, level=LEVELS[(index + level_offset) % len(LEVELS)],
            source=name, first_line=picked[0], last_line=picked[-1],
            sentences=[lines[n - 1].strip() for n in picked], skipped_lines=skipped))
    return samples


# ---------------------------------------------------------------------------------------- image tools


def find_convert() -> str:
    """Path of the real ImageMagick ``convert`` (with the pango coder)."""
    for cand in CONVERT_CANDIDATES:
        path = shutil.which(cand) if "/" not in cand else (cand if os.access(cand, os.X_OK) else None)
        if path:
            probe = subprocess.run([path, "-list", "format"], capture_output=True, text=True)
            if probe.returncode == 0 and "PANGO" in probe.stdout.upper():
                return path
    raise SystemExit("make_pairs: no ImageMagick convert with the pango coder (apt-get install imagemagick)")


def check_fonts(renderings: list[Rendering], samples_text: dict[str, str]) -> None:
    """Fail early if a font lacks a glyph for a letter it will be asked to draw (fontconfig charset)."""
    for r in renderings:
        letters = sorted({ch for ch in samples_text.get(r.language, "") if ch.isalpha()})
        if not letters:
            continue
        charset = " ".join(f"{ord(ch):x}" for ch in letters)
        for font in r.fonts:
            out = subprocess.run(["fc-list", f"{font}:charset={charset}", "family"],
                                 capture_output=True, text=True).stdout
            if not out.strip():
                missing = [ch for ch in letters if not subprocess.run(
                    ["fc-list", f"{font}:charset={ord(ch):x}", "family"],
                    capture_output=True, text=True).stdout.strip()]
                raise SystemExit(
                    f"make_pairs: font {font!r} has no glyph for {''.join(missing)!r} ({r.language})")


# Reduction (percent of the 300-dpi page) at which Tesseract's right model misreads about 10 % of the
# characters under this module's noise, per font at the given point size; measured on ru, en, az-Latn and fa
# pages. Thin strokes (Nimbus Mono PS, Naskh) break up sooner than the heavier sans faces.
FONT_REDUCTION = {
    "Nimbus Mono PS": (30.0, 12.0),
    "DejaVu Sans Mono": (21.5, 12.0),
    "Noto Sans Mono": (22.5, 12.0),
    "Noto Naskh Arabic": (29.0, 13.0),
    "Noto Sans Arabic": (26.0, 13.0),
}

# Per level: factor on the font's reduction, largest rotation in degrees.
LEVEL_SHAPE = {"light": (1.2, 0.25), "medium": (1.0, 0.5), "heavy": (0.88, 0.8)}


def degrade_args(level: str, rng: random.Random, font: str, pointsize: float) -> list[str]:
    """ImageMagick operators that age a 300-dpi page at one level; the values are drawn from ``rng``.

    The page is rotated slightly, shrunk, given Gaussian noise at the small size (so that it comes back as
    blotches, as on a scan of a carbon copy), enlarged back, blurred and thresholded, which breaks thin
    strokes and fills counters. How far it is shrunk depends on the font and its size (FONT_REDUCTION) so
    that a level means about the same error rate whatever the font: clean none, light a few percent,
    medium about 10 %, heavy 15-40 % with the right model.
    """
    if level == "clean":
        return []
    if level not in LEVEL_SHAPE:
        raise ValueError(f"unknown degradation level {level!r}")
    factor, max_rot = LEVEL_SHAPE[level]
    reference, ref_size = FONT_REDUCTION[font]
    scale = reference * factor * ref_size / pointsize * rng.uniform(0.97, 1.03)
    rotation = rng.uniform(-max_rot, max_rot)
    noise = rng.uniform(2.3, 2.7)
    threshold = rng.uniform(53.0, 55.0)
    return ["-rotate", f"{rotation:.2f}", "-resize", f"{scale:.1f}%",
            "-attenuate", f"{noise:.2f}", "+noise", "Gaussian",
            "-resize", f"{100 * 100 / scale:.1f}%", "-blur", "0x1",
            "-threshold", f"{threshold:.1f}%"]


def pango_markup(text: str, font: str, pointsize: float) -> str:
    """Pango markup for ``text``, escaped for both Pango and ImageMagick's own %/backslash escapes."""
    # ImageMagick decodes entities once before Pango parses the markup, so escape twice.
    body = html.escape(html.escape(text, quote=False), quote=False)
    body = body.replace("\\", "\\\\").replace("%", "%%")
    return f'<span font_family="{font}" size="{pointsize:.1f}pt">{body}</span>'


def render(convert: str, text: str, font: str, pointsize: float, degrade: list[str], seed: int,
           out_png: Path) -> None:
    """Render ``text`` as a typed page at 300 dpi, degrade it, and write a greyscale PNG."""
    cmd = [convert, "-seed", str(seed), "-density", "300", "-background", "white",
           "pango:" + pango_markup(text, font, pointsize),
           "-bordercolor", "white", "-border", "150", "-colorspace", "Gray",
           *degrade, "+repage", "-colorspace", "Gray", "-depth", "8", str(out_png)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0 or not out_png.exists():
        raise RuntimeError(f"convert failed: {proc.stderr.strip()[:500]}")


def ocr(png: Path, model: str) -> str:
    """Tesseract's reading of ``png`` with ``model`` and --psm 6, one block of text."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # --jobs gives the parallelism; keep each process single
    proc = subprocess.run(["tesseract", str(png), "-", "-l", model, "--psm", "6"],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"tesseract -l {model} failed: {proc.stderr.strip()[:500]}")
    lines = [ln.rstrip() for ln in proc.stdout.replace("\f", "").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def tesseract_version() -> str:
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    return (out.stdout or out.stderr).splitlines()[0].strip()


# ------------------------------------------------------------------------------------------ measures


def levenshtein(a: str, b: str) -> int:
    """Edit distance on code points (insert, delete, substitute: cost 1)."""
    try:
        from rapidfuzz.distance import Levenshtein
        return Levenshtein.distance(a, b)
    except ImportError:
        pass
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(ocr_text: str, gt_text: str) -> float:
    """Character error rate: Levenshtein(ocr, gt) / len(gt), both NFC; 0 is perfect, can exceed 1."""
    a = unicodedata.normalize("NFC", ocr_text)
    b = unicodedata.normalize("NFC", gt_text)
    return levenshtein(a, b) / max(1, len(b))


# -------------------------------------------------------------------------------------------- driver


def make_sample_pairs(sample: Sample, convert: str, seed: int, tmp: Path, keep_images: Path | None,
                      excluded_from: list[str]) -> list[tuple[dict, str, str]]:
    """Render, degrade and read one sample; return (manifest record, ocr text, gt text) per pair."""
    stream = STREAMS[sample.stream]
    rng = random.Random(f"{seed}:{sample.stream}:{sample.index}")
    width = rng.randint(60, 70)
    paragraph = " ".join(sample.sentences)
    latin_lines = textwrap.wrap(paragraph, width=width, break_long_words=False, break_on_hyphens=False)
    im_seed = rng.randrange(1, 2**31)
    # One draw for font, size and degradation, shared by the renderings of a sample (az: Latin and Cyrillic).
    font_pick, size_pick, degrade_seed = rng.random(), rng.random(), rng.random()
    results = []
    for rend in stream.renderings:
        font = rend.fonts[int(font_pick * len(rend.fonts))]
        lo, hi = rend.pointsize
        size = round((lo + size_pick * (hi - lo)) * 2) / 2
        degrade = degrade_args(sample.level, random.Random(degrade_seed), font, size)
        # Wrap once and transliterate line by line: the Latin and Cyrillic pages break at the same words.
        lines = [transliterate_az(ln) for ln in latin_lines] if rend.transliterate else latin_lines
        gt = "\n".join(lines)
        tag = rend.language
        png = tmp / f"{tag}_{sample.index:03d}.png"
        try:
            render(convert, gt, font, size, degrade, im_seed, png)
        except RuntimeError as exc:
            where = f"{tag} sample {sample.index} ({sample.source}:{sample.first_line})"
            raise RuntimeError(f"{where}: {exc}") from exc
        if keep_images is not None:
            shutil.copy(png, keep_images / f"{tag}_{sample.level}_{sample.index:03d}.png")
        for model in rend.models:
            text = ocr(png, model)
            name = f"{tag}_{model}_{sample.level}_{sample.index:03d}"
            record = {
                "name": name,
                "language": tag,
                "model": model,
                "degradation": sample.level,
                "cer": round(cer(text, gt), 4),
                "chars": len(gt),
                "lines": len(lines),
                "source": sample.source,
                "first_line": sample.first_line,
                "last_line": sample.last_line,
                "sentences": len(sample.sentences),
                "skipped_lines": sample.skipped_lines,
                "transliterated": "az-Latn -> az-Cyrl (1958-91)" if rend.transliterate else None,
                "sample": f"{sample.stream}-{sample.index:03d}",
                "font": font,
                "pointsize": size,
                "wrap": width,
                "degrade_args": degrade,
                "im_seed": im_seed,
                "psm": 6,
                "disjoint_from": excluded_from,
            }
            results.append((record, text, gt))
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, type=Path, help="output folder (gets ocr/, gt/, manifest.jsonl)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the clean-text folder")
    ap.add_argument("--samples", type=int, default=30,
                    help="samples per stream (ru, en, fa, az); each gives one pair per condition")
    ap.add_argument("--streams", default="ru,en,fa,az", help="comma-separated subset of ru,en,fa,az")
    ap.add_argument("--seed", type=int, default=1955, help="seed of every random choice (default 1955)")
    ap.add_argument("--min-chars", type=int, default=800, help="shortest sample in characters (default 800)")
    ap.add_argument("--max-chars", type=int, default=2000, help="longest sample in characters (default 2000)")
    ap.add_argument("--exclude", type=Path, action="append", default=[],
                    help="a manifest.jsonl whose source lines must not be used again (repeatable)")
    ap.add_argument("--jobs", type=int, default=2, help="samples processed in parallel")
    ap.add_argument("--keep-images", type=Path, help="also save the degraded PNGs here")
    ap.add_argument("--force", action="store_true", help="replace an existing manifest and its pairs")
    args = ap.parse_args(argv)

    out: Path = args.out
    if (out / "manifest.jsonl").exists() and not args.force:
        raise SystemExit(f"make_pairs: {out}/manifest.jsonl exists (use --force to replace it)")
    convert = find_convert()
    excluded = used_lines(args.exclude)
    excluded_from = [str(p) for p in args.exclude]
    stream_names = [s for s in args.streams.split(",") if s]
    samples: list[Sample] = []
    for k, sname in enumerate(stream_names):
        # Offset the level cycle per stream so small runs still see every level.
        samples += plan_samples(STREAMS[sname], args.samples, k, args.seed, args.data,
                                args.min_chars, args.max_chars, excluded)

    text_by_lang: dict[str, str] = {}
    for s in samples:
        for rend in STREAMS[s.stream].renderings:
            body = " ".join(s.sentences)
            text_by_lang[rend.language] = text_by_lang.get(rend.language, "") + (
                transliterate_az(body) if rend.transliterate else body)
    check_fonts([r for n in stream_names for r in STREAMS[n].renderings], text_by_lang)

    if args.keep_images:
        args.keep_images.mkdir(parents=True, exist_ok=True)
    for sub in ("ocr", "gt"):
        (out / sub).mkdir(parents=True, exist_ok=True)
        if args.force:
            for old in (out / sub).glob("*.txt"):
                old.unlink()

    started = time.monotonic()
    records: list[tuple[dict, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="make_pairs-") as tmpdir, \
            concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(make_sample_pairs, s, convert, args.seed, Path(tmpdir), args.keep_images,
                               excluded_from) for s in samples]
        for n, fut in enumerate(concurrent.futures.as_completed(futures), 1):
            try:
                batch = fut.result()
            except Exception:
                pool.shutdown(cancel_futures=True)  # fail fast instead of finishing the queue first
                raise
            records += batch
            for rec, _, _ in batch:
                print(f"[{n}/{len(samples)}] {rec['name']}: CER {rec['cer']:.3f}", file=sys.stderr)

    version = tesseract_version()
    records.sort(key=lambda r: r[0]["name"])
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as man:
        for rec, text, gt in records:
            rec["tesseract"] = version
            (out / "ocr" / f"{rec['name']}.txt").write_text(text + "\n", encoding="utf-8")
            (out / "gt" / f"{rec['name']}.txt").write_text(gt + "\n", encoding="utf-8")
            man.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elapsed = time.monotonic() - started
    print(f"make_pairs: {len(records)} pairs from {len(samples)} samples in {elapsed:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
