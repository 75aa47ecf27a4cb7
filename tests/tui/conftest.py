"""Fixtures of the TUI tests: small documents from the seeds' error kinds, and apps wired to a reproducible clock."""

from __future__ import annotations

import asyncio
import inspect
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from ocrfix.review import ReviewSession

#: A Latin o inside a Russian word (twice), and Azerbaijani Cyrillic read by a Russian model (twice).
LETTER = (
    "Через некоторое время мне сказали, что в новом доме мне будет предоставлена кoмната.\n"
    "В этом доме нет воды и отопления, а кoмната далеко от центра города.\n"
    "\n"
    "Азэрба]чан Республикасы вә Азэрба]чан халгы.\n"
)
SIZE = (110, 32)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin needed for ``App.run_test``)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    kwargs = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True


def fixed_clock() -> Callable[[], str]:
    counter = itertools.count()
    return lambda: f"2026-01-01T00:00:{next(counter):02d}Z"


@pytest.fixture()
def letter_text() -> str:
    return LETTER


@pytest.fixture()
def clock_factory() -> Callable[[], Callable[[], str]]:
    """Makes clocks for reproducible patches: each call of a clock is one second later."""
    return fixed_clock


@pytest.fixture()
def letter(tmp_path: Path) -> Path:
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    return path


@pytest.fixture()
def project_lexicon(tmp_path: Path) -> Path:
    return tmp_path / "project-lexicon.tsv"


@pytest.fixture()
def opener(lexicons, project_lexicon: Path) -> Callable[..., Callable[[Path], ReviewSession]]:
    """``opener(**kw)`` makes the session factory an app is given (findings computed in a worker thread)."""

    def make(**kw) -> Callable[[Path], ReviewSession]:
        clock = kw.pop("clock", None) or fixed_clock()

        def open_session(path: Path) -> ReviewSession:
            return ReviewSession(
                path, lexicons=lexicons, project_lexicon=project_lexicon, reviewer="tester", clock=clock, compute=False, **kw
            )

        return open_session

    return make


async def _ready(app, pilot) -> ReviewSession:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    session = app.screen.session
    assert session is not None and session.complete
    return session


@pytest.fixture()
def ready():
    """``await ready(app, pilot)``: wait until the review screen's findings are all in; returns its session."""
    return _ready
