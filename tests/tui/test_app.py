"""The review app driven by key presses (Textual Pilot): each key's effect on the session and on the saved patch."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from ocrfix.documents import read_document
from ocrfix.patches import effective_decisions, load_patch
from ocrfix.patching import apply_patch
from ocrfix.review import ReviewSession, find_sections
from ocrfix.tui.app import ReviewApp
from ocrfix.tui.dialogs import ConfirmScreen, HelpScreen, PromptScreen
from ocrfix.tui.queue import QueueScreen
from ocrfix.tui.screens import ReviewScreen
from ocrfix.tui.widgets import CandidateList, DocumentView, StatusLine

SIZE = (110, 32)
ROOM, FIXED_ROOM = "кoмната", "комната"
AZ, FIXED_AZ = "Азэрба]чан", "Азәрбајҹан"


def app_for(path: Path, opener, **kw) -> ReviewApp:
    return ReviewApp([path], opener(), **kw)


def decisions(session: ReviewSession) -> list[tuple[str, str, str | None]]:
    return [(d.decision, d.exact, d.replacement) for d in effective_decisions(load_patch(session.patch_path))]


def fixed_text(session: ReviewSession) -> str:
    return apply_patch(load_patch(session.patch_path), read_document(session.path)).text


# -- opening -------------------------------------------------------------------------------------------------------


async def test_opens_with_first_finding_candidates_and_status(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert session.current.text == ROOM
        candidates = app.screen.query_one(CandidateList).render().plain
        assert FIXED_ROOM in candidates and "homoglyph" in candidates and "%" in candidates
        status = app.screen.query_one(StatusLine).render().plain
        assert "decided 0/4" in status and "ru" in status and "passage 1" in status
        view = app.screen.query_one(DocumentView).render().plain
        assert "предоставлена кoмната" in view


async def test_min_confidence_lists_the_surer_findings_and_says_how_many_are_not(letter: Path, opener, ready) -> None:
    # The homoglyph fixes of the Russian passage are a little less sure than the Azerbaijani one (0.98 and 0.998).
    app = ReviewApp([letter], opener(min_confidence=0.99))
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        assert [f.text for f in session.findings] == [AZ, AZ] and session.current.text == AZ
        status = app.screen.query_one(StatusLine).render().plain
        assert "decided 0/2" in status and "2 below 0.99 not listed" in status


# -- deciding keys -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["y", "enter"])
async def test_accept_highlighted(letter: Path, opener, ready, key: str) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press(key)
        assert decisions(session) == [("accept", ROOM, FIXED_ROOM)]
        assert session.index == 1


async def test_arrow_keys_move_the_highlight_that_y_accepts(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        session.goto(2)
        app.screen.refresh_view()
        second = session.current.suggestions[1].replacement
        await pilot.press("down")
        assert "▶ 2" in app.screen.query_one(CandidateList).render().plain
        await pilot.press("down", "up", "y")
        assert decisions(session) == [("accept", AZ, second)]


async def test_number_accepts_that_candidate(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("j", "j")
        third = session.current.suggestions[2].replacement
        await pilot.press("3")
        assert decisions(session) == [("accept", AZ, third)]
        await pilot.press("9")  # no ninth candidate: nothing happens
        assert len(decisions(session)) == 1


@pytest.mark.parametrize(("key", "decision"), [("n", "reject"), ("!", "uncertain")])
async def test_reject_and_uncertain(letter: Path, opener, ready, key: str, decision: str) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press(key)
        assert decisions(session) == [(decision, ROOM, FIXED_ROOM)]


async def test_edit_types_a_replacement_with_escapes(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("e")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("ctrl+u", *"ком", "\\", "u", "0", "4", "3", "D", *"ата", "enter")
        assert decisions(session) == [("edit", ROOM, "комната")]
        await pilot.press("e", "escape")  # cancelled: nothing written
        assert len(load_patch(session.patch_path).decisions) == 1


async def test_accept_all_alike_asks_with_the_count(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("a")
        assert isinstance(app.screen, ConfirmScreen)
        assert "at 2 places" in app.screen.question
        await pilot.press("n")
        assert not session.patch_path.exists()
        await pilot.press("a", "y")
        (record,) = effective_decisions(load_patch(session.patch_path))
        assert (record.decision, record.scope, len(record.alike)) == ("accept", "all", 1)
        assert session.progress.decided == 2 and session.current.text == AZ
        assert fixed_text(session).count(FIXED_ROOM) == 2


async def test_reject_all_alike(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("j", "j", "d")
        (record,) = effective_decisions(load_patch(session.patch_path))
        assert (record.decision, record.scope, record.exact) == ("reject", "all", AZ)
        assert session.progress.decided == 2


async def test_plus_adds_to_the_project_lexicon(letter: Path, opener, ready, project_lexicon: Path) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("j", "j", "+")
        assert decisions(session) == [("add-to-lexicon", AZ, FIXED_AZ)]
        assert f"{AZ}\t1\taz-Cyrl" in project_lexicon.read_text(encoding="utf-8")
        await pilot.press("u")
        assert AZ not in project_lexicon.read_text(encoding="utf-8")


# -- moving --------------------------------------------------------------------------------------------------------


async def test_j_k_and_undecided_moves(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("j")
        assert session.index == 1
        await pilot.press("j", "j", "j")
        assert session.index == 3  # stays on the last
        await pilot.press("k")
        assert session.index == 2
        await pilot.press("n")  # decides 2, moves on to 3
        await pilot.press("K")
        assert session.index == 1  # skips nothing: 1 is undecided
        await pilot.press("k", "J")
        assert session.index == 1
        await pilot.press("J")
        assert session.index == 3  # 2 is decided
        assert "finding 4" in app.screen.query_one(StatusLine).render().plain


async def test_search(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("/")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"азэрба", "enter")
        assert session.index == 2
        await pilot.press("/", "enter")  # the last query again: the next hit
        assert session.index == 3
        await pilot.press("/", "ctrl+u", *"ничего", "enter")
        assert session.index == 3
        assert "“ничего” not found" in [n.message for n in app._notifications]


async def test_search_while_findings_are_loading_says_not_yet(
    letter: Path, opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ReviewScreen, "_feed", lambda self, sections, lock: None)  # no findings arrive
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.session is not None and not app.screen.session.complete
        await pilot.press("/", *"азэрба", "enter")
        await pilot.pause()
        (message,) = [n.message for n in app._notifications if "азэрба" in n.message]
        assert message.startswith("“азэрба” not found yet")


# -- undo, save, quit -----------------------------------------------------------------------------------------------


async def test_undo_one_decision_and_a_batch(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("y", "J", "a", "y")
        assert session.progress.decided == 3 and session.index == 1
        await pilot.press("u")
        assert session.progress.decided == 1 and session.index == 2  # the all-alike decision as one
        await pilot.press("u")
        assert session.progress.decided == 0 and session.index == 0
        assert decisions(session) == []
        kinds = [d.decision for d in load_patch(session.patch_path).decisions]
        assert kinds == ["accept", "accept", "undo", "undo"]


async def test_undo_survives_reopening(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("y", "y", "q")
    again = app_for(letter, opener)
    async with again.run_test(size=SIZE) as pilot:
        session = await ready(again, pilot)
        assert session.progress.decided == 2 and session.index == 2  # resumed at the first undecided
        await pilot.press("u")
        assert session.progress.decided == 1 and session.index == 1


async def test_s_reports_and_q_saves_and_quits(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("s")
        assert not session.patch_path.exists()
        await pilot.press("y", "s")
        await pilot.press("q")
    assert app.return_value is not None
    (report,) = app.return_value
    assert report.written and report.in_force == 1 and report.path == str(session.patch_path)


@pytest.mark.parametrize("key", ["Q", "ctrl+q"])
async def test_quit_without_saving_asks_then_takes_back(letter: Path, opener, ready, key: str) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("y", key)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: keep working
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press(key, "y")
    assert not session.patch_path.exists()  # it was made in this sitting only


async def test_quit_without_saving_keeps_earlier_sessions(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("y", "q")
    again = app_for(letter, opener)
    async with again.run_test(size=SIZE) as pilot:
        session = await ready(again, pilot)
        await pilot.press("n", "n", "ctrl+q", "y")
    assert [d.exact for d in effective_decisions(load_patch(session.patch_path))] == [ROOM]


# -- help, display toggles, keymap ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_every_key(letter: Path, opener, ready, key: str) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press(key)
        assert isinstance(app.screen, HelpScreen)
        listed = dict(app.screen.rows)
        for keys in ("y ⏎", "n", "e", "a", "d", "+", "!", "j", "k", "/", "u", "s", "q", "v", "b"):
            assert keys in listed, keys
        assert any("1" in k and "9" in k for k in listed)
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_marks_and_bidi_toggles(tmp_path: Path, opener, ready) -> None:
    path = tmp_path / "fa.txt"
    path.write_text("این كتاب را می\u200cخواهم و آن كتاب را هم.\n", encoding="utf-8")
    app = app_for(path, opener)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        view = app.screen.query_one(DocumentView)
        shown = view.render().plain
        assert "مهاوخ\u200cیم" in shown or "مهاوخ\u200cیم".replace("\u200c", "") in shown.replace("\u200c", "")
        await pilot.press("v")
        assert "¦" in view.render().plain
        assert "ZWNJ" in app.screen.query_one(StatusLine).render().plain
        await pilot.press("b")
        assert "این" in view.render().plain  # stored order now
        await pilot.press("v", "b")
        assert "¦" not in view.render().plain


async def test_keymap_remaps_by_binding_id(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener, keymap={"review.accept": "space", "review.reject": "x"})
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("y")  # no longer bound
        assert not session.patch_path.exists()
        await pilot.press("space", "x")
        assert [d[0] for d in decisions(session)] == ["accept", "reject"]


# -- the core decides: the same decisions through the API give the same bytes ----------------------------------------


async def test_pilot_and_api_write_byte_identical_patches(
    tmp_path: Path, opener, ready, lexicons, project_lexicon: Path, letter_text: str, clock_factory
) -> None:
    ui, api = tmp_path / "ui", tmp_path / "api"
    for folder in (ui, api):
        folder.mkdir()
        (folder / "letter.txt").write_text(letter_text, encoding="utf-8")
    app = ReviewApp([ui / "letter.txt"], opener(clock=clock_factory()))
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("down", "y", "e", "ctrl+u", *"хата", "enter", "u", "n", "a", "y", "u", "!", "j", "+", "q")
    session = ReviewSession(
        api / "letter.txt", lexicons=lexicons, project_lexicon=project_lexicon, reviewer="tester", clock=clock_factory()
    )
    highlighted = min(1, len(session.current.suggestions) - 1)
    session.accept(highlighted)
    session.accept_text("хата")
    session.undo()
    session.reject()
    session.accept_all_alike()
    session.undo()
    session.uncertain()
    session.next()
    session.add_to_lexicon()
    ui_bytes = (ui / "letter.txt.ocrfix.jsonl").read_bytes()
    assert ui_bytes == session.patch_path.read_bytes()
    assert len(ui_bytes.splitlines()) == 9


# -- folders -------------------------------------------------------------------------------------------------------


async def test_folder_queue_worst_first_and_next_document(tmp_path: Path, opener, ready, letter_text: str) -> None:
    folder = tmp_path / "vol"
    folder.mkdir()
    clean = "Через некоторое время мне сказали, что в новом доме нет воды.\n"
    (folder / "a-clean.txt").write_text(clean, encoding="utf-8")
    (folder / "b-letter.txt").write_text(letter_text, encoding="utf-8")
    app = ReviewApp(sorted(folder.iterdir()), opener())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        queue = app.screen
        assert queue.order[0].name == "b-letter.txt"  # the worst first
        await pilot.press("enter")
        session = await ready(app, pilot)
        assert session.path.name == "b-letter.txt"
        await pilot.press("greater_than_sign")
        await ready(app, pilot)
        assert app.screen.path.name == "a-clean.txt"
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_finishing_a_document_opens_the_next(tmp_path: Path, opener, ready, letter_text: str) -> None:
    folder = tmp_path / "vol"
    folder.mkdir()
    for name in ("one.txt", "two.txt"):
        (folder / name).write_text(letter_text, encoding="utf-8")
    app = ReviewApp(sorted(folder.iterdir()), opener(), folder=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        first = await ready(app, pilot)
        await pilot.press("a", "y", "a", "y")
        assert first.progress.decided == 4
        second = await ready(app, pilot)
        assert second.path != first.path


async def test_each_arriving_section_leaves_the_screen_as_a_full_redraw_would(
    tmp_path: Path, opener, lexicons, monkeypatch: pytest.MonkeyPatch, letter_text: str
) -> None:
    """Sections whose findings are off screen only update the status line; the screen is still what a full redraw
    shows, section after section (small sections, so some arrive on screen and some beyond it)."""
    text = "\n\n".join([letter_text] * 12)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(ReviewScreen, "_feed", lambda self, sections, lock: None)  # the test feeds the sections
    app = app_for(path, opener)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        full = 0
        original = screen.refresh_view

        def counted() -> None:
            nonlocal full
            full += 1
            original()

        screen.refresh_view = counted
        sections = list(find_sections(text, lexicons, whole_limit=0, section_chars=150))
        for section in sections:
            before = full
            screen._section_ready(section)
            await pilot.pause()
            shown = app.export_screenshot()
            if full == before:  # the short way: compare with everything redrawn
                original()
                for widget in (DocumentView, CandidateList, StatusLine):
                    screen.query_one(widget).refresh()
                await pilot.pause()
                assert app.export_screenshot() == shown
        assert 0 < full < len(sections) - 3  # both ways were taken
        assert screen.session.progress.total == sum(len(s.findings) for s in sections)


async def test_deciding_keys_before_any_finding_say_why_and_write_nothing(
    letter: Path, opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The footer shows every key all the time; a key that cannot act yet explains itself and records nothing."""
    monkeypatch.setattr(ReviewScreen, "_feed", lambda self, sections, lock: None)  # no findings arrive
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        session = app.screen.session
        assert session is not None and session.current is None
        for key in ["y", "1", "n", "exclamation_mark", "plus", "d", "a", "e"]:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)  # no dialog was opened for nothing
        messages = [n.message for n in app._notifications]
        assert messages.count("no finding to decide on yet") == 8
        assert not session.patch_path.exists() or not effective_decisions(load_patch(session.patch_path))


async def test_accepting_a_finding_without_candidates_says_what_to_do(letter: Path, opener, ready) -> None:
    app = app_for(letter, opener)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        finding = dataclasses.replace(session.current, suggestions=())  # the first finding, without candidates
        session.findings[session.index] = finding
        app.screen.refresh_view()
        for key in ["y", "1", "a"]:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
        messages = [n.message for n in app._notifications]
        assert sum("no candidate for" in m for m in messages) == 3
        assert not session.patch_path.exists()
        await pilot.press("n")  # keeping it is still possible
        assert decisions(session) == [("reject", finding.text, None)]
