"""Lint of the shipped data: every lexicon and character model well-formed, documented and big enough."""

from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path

import pytest

from ocrfix.charmodel import READINGS
from ocrfix.lexicon import lexicon_dir
from ocrfix.normalize import lexicon_form

LEXICONS = sorted(lexicon_dir().glob("*.tsv.gz"))
#: Distinct lower-cased forms each shipped lexicon must have (issue #2).
MIN_FORMS = {"ru": 500_000, "az-Cyrl": 240_000, "az-Latn": 240_000, "fa": 60_000, "en": 250_000}
HEADER = ["language", "script", "name", "forms", "source", "licence", "listed-rate", "built-by"]


def test_every_language_is_shipped() -> None:
    assert sorted(p.name.removesuffix(".tsv.gz") for p in LEXICONS) == sorted(MIN_FORMS)


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: p.name)
def test_lexicon_file_is_well_formed(path: Path) -> None:
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
    assert lines[-1] == "", "file ends with a newline"
    header = [ln for ln in lines if ln.startswith("# ")]
    keys = [ln[2:].split(":", 1)[0] for ln in header]
    assert keys == HEADER
    meta = {ln[2:].split(":", 1)[0]: ln.split(":", 1)[1].strip() for ln in header}
    assert meta["language"] == path.name.removesuffix(".tsv.gz")
    entries = [ln.split("\t") for ln in lines[len(header) : -1]]
    assert all(len(e) == 2 for e in entries)
    forms = [e[0] for e in entries]
    counts = [int(e[1]) for e in entries]
    assert int(meta["forms"]) == len(forms) >= MIN_FORMS[meta["language"]]
    assert len(set(forms)) == len(forms), "no duplicates"
    bad = [f for f in forms if not f or f != f.strip() or any(c.isspace() for c in f) or not unicodedata.is_normalized("NFC", f)]
    assert bad == []
    assert [f for f in forms[:: max(1, len(forms) // 5000)] if lexicon_form(f) != f and not meta["language"].startswith("az")] == []
    assert all(c >= 1 for c in counts)
    # The forms that only word lists know all carry the estimated listed rate (tools/build_lexicons.py).
    listed_rate = int(meta["listed-rate"])
    assert listed_rate >= 1 and counts.count(listed_rate) >= 1000
    order = list(zip((-c for c in counts), forms))
    assert order == sorted(order), "sorted by count descending, then form"


def test_sources_document_every_lexicon() -> None:
    sources = (lexicon_dir() / "SOURCES.md").read_text("utf-8")
    for path in LEXICONS:
        assert path.name in sources
    for licence in ("CC BY-SA 4.0", "Apache", "Unicode"):
        assert licence in sources


@pytest.mark.parametrize("code", sorted(READINGS))
def test_character_model_is_well_formed(code: str) -> None:
    data = json.loads(gzip.decompress((lexicon_dir() / "models" / f"{code}.json.gz").read_bytes()))
    assert data["reading"] == code and data["language"] == READINGS[code].language
    assert data["quantiles"] == sorted(data["quantiles"]) and len(data["quantiles"]) >= 100
    assert all(v <= 0 for v in data["tri"].values())
    assert all(0 < v <= 1 for v in data["bi"].values())
    assert abs(sum(data["uni"].values()) - 1) < 1e-3
    # A wrong-model reading never contains the letters its OCR model cannot produce.
    lost = set(READINGS[code].confusions) - set(READINGS[code].confusions.values())
    assert not lost & set(data["uni"])


PACKS = sorted((lexicon_dir() / "confusions").glob("*.tsv"))


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_confusion_pack_is_well_formed(path: Path) -> None:
    from ocrfix.confusions import load_pack

    pack = load_pack(path)  # raises on a malformed rule, a rule mapping a string to itself, or a missing header
    assert pack.id == path.stem and pack.rules
    assert set(pack.applies_to) <= set(MIN_FORMS)
    assert pack.when == "always" or pack.when.startswith("wrong-ocr-model ")
    assert pack.source and pack.licence
    assert all(unicodedata.is_normalized("NFC", r.ocr) and unicodedata.is_normalized("NFC", r.truth) for r in pack.rules)
    assert len({(r.ocr, r.truth) for r in pack.rules}) == len(pack.rules), "no duplicate rules"


def test_calibration_matches_the_features() -> None:
    from ocrfix.calibration import FEATURES, load_calibrator

    data = json.loads((lexicon_dir() / "calibration.json").read_text("utf-8"))
    assert tuple(data["features"]) == FEATURES and len(data["coefficients"]) == len(FEATURES)
    assert load_calibrator() is not None


def test_implausibility_shapes_cover_every_reading() -> None:
    data = json.loads((lexicon_dir() / "implausibility.json").read_text("utf-8"))
    assert data["built_by"] == "tools/fit_implausibility.py" and data["licence"] and data["source"]
    assert sorted(data["readings"]) == sorted(READINGS)
    for row in data["readings"].values():
        assert 0 <= row["k_error"] < 20 and 0 <= row["k_correct"] < 20
        # Enough words to fit a one-parameter shape on (its standard error is about (k+1)/sqrt(n)).
        assert row["errors"] >= 100 and row["correct_unknown_words"] >= 50
