"""Screenshots of the review screen at a fixed size (pytest-textual-snapshot; baselines under __snapshots__).

The findings are fixed here rather than computed, so the pictures change only when the screen does, not when the
lexicons or the ranking change. Update after looking at the report: ``pytest tests/tui/test_snapshots.py
--snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ocrfix.review import PassageInfo, ReviewSession, Section
from ocrfix.suggestions import Finding, Suggestion
from ocrfix.text import Span, passages
from ocrfix.tui.app import ReviewApp

SIZE = (110, 32)

# Seed 000, lines 148-160: Azerbaijani Cyrillic read by a Russian model.
AZERBAIJANI = """Эн шигдэг гэгээлэгтэй гавууны партид
гаринь бэ эсүүсэн энэ мэрхэзү комитетин
бэ мээсэн Тунгвэрхийн гаринь дуршил
офраксидан бэс дэ даван эдир. Бу офраксидан
башонда бахтинь иршиа олукунь санн

Бу мээшилэгтэндэн иттигэдэ эдэрк
олуар кунис арасотда хорини олан бэ
Тунгвэрхийн яхан олан адаларог бэс
бахтинь мээ мээшилэгтэндэн салмилуулар
бэ салмилуулар.
"""

# Seed 004, lines 82-86: the Persian original, with an Arabic kaf and yeh and a ZWNJ put in.
PERSIAN = """توسط دبیر اول حزب توده ایران رفیق دکتر ام
دبیر اول حزب كمونیست اتحاد جماهیر شوروی رفیق خروشچف
در ظرف چهار سال سیاسی عمده حزب توده ايران غیر ضابطت

اجازه می\u200cجویم که بگویم دیگر توجه شما را به شماره ۱۹۴۷ روزنامه (گفتنیها) جلب کنم.
"""

WRONG_MODEL = "Azerbaijani (Cyrillic) read by the 'rus' model: re-OCR with 'aze_cyrl'"


def s(replacement: str, confidence: float, rules: str, source: str) -> Suggestion:
    return Suggestion(replacement, confidence, tuple(rules.split()), source)


AZ_FINDINGS = [
    ("Эн", 0, 0.95, [s("Ән", 0.98, "э→ә", "lexicon:az-Cyrl+pack:wrong-model-rus-az-cyrl"), s("Ын", 0.01, "э→ы", "lexicon:az-Cyrl")]),
    ("гаринь", 0, 0.8, [s("гаршы", 0.97, "ин→ш ь→ы", "lexicon:az-Cyrl+pack:wrong-model-rus-az-cyrl"), s("гарин", 0.01, "-ь", "lexicon:az-Cyrl")]),
    ("бэ", 0, 0.55, [s("вә", 0.64, "б→в э→ә", "lexicon:az-Cyrl+pack:wrong-model-rus-az-cyrl"), s("бу", 0.32, "э→у", "lexicon:az-Cyrl")]),
    ("энэ", 0, 0.5, [s("ән", 0.56, "э→ә -э", "lexicon:az-Cyrl"), s("нә", 0.39, "-э э→ә", "lexicon:az-Cyrl")]),
    ("комитетин", 0, 0.35, [s("комитәсин", 0.4, "е→ә т→с", "lexicon:az-Cyrl+pack:wrong-model-rus-az-cyrl")]),
    ("Тунгвэрхийн", 0, 0.9, []),
    ("бэс", 0, 0.6, [s("вәс", 0.5, "б→в э→ә", "lexicon:az-Cyrl")]),
    ("бахтинь", 0, 0.85, [s("бахтын", 0.7, "и→ы -ь", "lexicon:az-Cyrl")]),
    ("олан", 0, 0.2, [s("олар", 0.3, "н→р", "lexicon:az-Cyrl")]),
]

FA_FINDINGS = [
    ("ام", 0, 0.4, [s("امامی", 0.3, "+ا +م +ی", "lexicon:fa")]),
    ("كمونیست", 0, 0.9, [s("کمونیست", 0.99, "persian-letters", "fixer:persian-letters")]),
    ("خروشچف", 0, 0.6, [s("خروشف", 0.2, "-چ", "lexicon:fa")]),
    ("ايران", 0, 0.9, [s("ایران", 0.99, "persian-letters", "fixer:persian-letters")]),
    ("ضابطت", 0, 0.7, [s("ضابطه", 0.6, "ت→ه", "lexicon:fa"), s("ضابط", 0.1, "-ت", "lexicon:fa")]),
]


def fixed_section(text: str, specs, language: str, label: str, diagnosis: str | None) -> Section:
    """One section with hand-made findings for ``text`` (the words located in order)."""
    ps = passages(text)
    infos = tuple(
        PassageInfo(p.index, p.span, language, label, 0.62, "wrong-ocr-model" if diagnosis else None, diagnosis) for p in ps
    )
    findings = []
    pos = 0
    for word, _, score, suggestions in specs:
        start = text.index(word, pos)
        pos = start + len(word)
        span = Span(start, pos)
        passage = next(p.index for p in ps if p.span.start <= start < p.span.end)
        line = text.count("\n", 0, start) + 1
        code = "wrong-ocr-model" if diagnosis else None
        findings.append(Finding(span, word, language, score, ("unknown-words",), tuple(suggestions), 0.02, line, passage, code))
    return Section(Span(0, len(text)), infos, tuple(findings))


def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lexicons, text: str, section: Section) -> ReviewApp:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(ReviewSession, "sections", lambda self: iter([section]))

    def open_session(p: Path) -> ReviewSession:
        return ReviewSession(p, lexicons=lexicons, reviewer="tester", clock=lambda: "2026-01-01T00:00:00Z", compute=False)

    return ReviewApp([path], open_session, lexicons=lexicons)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_first_finding_in_a_wrong_model_passage(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lexicons) -> None:
    section = fixed_section(AZERBAIJANI, AZ_FINDINGS, "az-Cyrl", "garbled", WRONG_MODEL)
    app = make_app(tmp_path, monkeypatch, lexicons, AZERBAIJANI, section)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_after_decisions_accepted_text_shows_inline(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lexicons) -> None:
    section = fixed_section(AZERBAIJANI, AZ_FINDINGS, "az-Cyrl", "garbled", WRONG_MODEL)
    app = make_app(tmp_path, monkeypatch, lexicons, AZERBAIJANI, section)
    assert snap_compare(app, press=["y", "n", "down", "y", "!", "j"], terminal_size=SIZE, run_before=settle)


def test_persian_in_reading_order_with_marks(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lexicons) -> None:
    section = fixed_section(PERSIAN, FA_FINDINGS, "fa", "noisy", None)
    app = make_app(tmp_path, monkeypatch, lexicons, PERSIAN, section)
    assert snap_compare(app, press=["j", "v"], terminal_size=SIZE, run_before=settle)
