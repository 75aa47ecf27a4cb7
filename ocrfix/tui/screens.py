"""The review screen: the document, the current finding's candidates, the status line, and the keys that decide."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from ocrfix.errors import OcrfixError
from ocrfix.patches import UNDO, Decision
from ocrfix.review import ReviewSession, Section
from ocrfix.text import Line, lines
from ocrfix.tui.dialogs import ConfirmScreen, HelpScreen, PromptScreen, unescape
from ocrfix.tui.widgets import CandidateList, DocumentView, StatusLine

if TYPE_CHECKING:
    from ocrfix.tui.app import ReviewApp

__all__ = ["DecisionMade", "DocumentFinished", "ReviewScreen"]



def _places(n: int) -> str:
    return f"{n} place" if n == 1 else f"{n} places"


class DecisionMade(Message):
    """A decision (or an undo) was appended to the patch."""

    def __init__(self, record: Decision) -> None:
        super().__init__()
        self.record = record


class DocumentFinished(Message):
    """Every finding of a document is decided (or the reviewer skipped it)."""

    def __init__(self, path: Path, skipped: bool = False) -> None:
        super().__init__()
        self.path = path
        self.skipped = skipped


class ReviewScreen(Screen[None]):
    """The review of one document: text, candidates, status line and the keys that decide."""

    BINDINGS = [
        Binding("y,enter", "accept", "Accept", tooltip="Accept the highlighted candidate", id="review.accept"),
        *(Binding(str(n), f"accept_nth({n})", f"Accept candidate {n}", show=False, id=f"review.accept_{n}") for n in range(1, 10)),
        Binding("n", "reject", "Reject", tooltip="Reject: keep the text as it is", id="review.reject"),
        Binding("e", "edit", "Edit", tooltip="Type a correction (\\uXXXX for any code point)", id="review.edit"),
        Binding(
            "a",
            "accept_alike",
            "All",
            tooltip="Accept the highlighted candidate at every alike place in this file",
            id="review.accept_alike",
        ),
        Binding("d", "reject_alike", "Keep all", tooltip="Reject at every alike place in this file", id="review.reject_alike"),
        Binding("+", "add_to_lexicon", "Lexicon", tooltip="Add the word to the project lexicon", id="review.add_to_lexicon"),
        Binding("!", "uncertain", "Unsure", tooltip="Mark uncertain or illegible (left unchanged, flagged)", id="review.uncertain"),
        Binding("j", "next", "Next", tooltip="Next finding", id="review.next"),
        Binding("k", "previous", "Prev", tooltip="Previous finding", id="review.previous"),
        Binding("J", "next_undecided", "Next undecided", show=False, id="review.next_undecided"),
        Binding("K", "previous_undecided", "Previous undecided", show=False, id="review.previous_undecided"),
        Binding("down", "highlight(1)", "Next candidate", show=False, id="review.candidate_down"),
        Binding("up", "highlight(-1)", "Previous candidate", show=False, id="review.candidate_up"),
        Binding("/", "search", "Find", tooltip="Search the findings, then the text", id="review.search"),
        Binding("u", "undo", "Undo", tooltip="Undo the last decision (an all-alike one as a whole)", id="review.undo"),
        Binding("s", "save", "Save", tooltip="Save (decisions are written as they are made)", id="review.save"),
        Binding("q", "save_quit", "Quit", tooltip="Save and quit", id="review.quit"),
        Binding("Q", "discard_quit", "Quit without saving", show=False, id="review.discard_quit"),
        Binding("v", "toggle_marks", "Show ZWNJ and look-alike letters", show=False, id="review.marks"),
        Binding(
            "b",
            "toggle_reorder",
            "Right-to-left lines in reading order (off if the terminal does bidi)",
            show=False,
            id="review.bidi",
        ),
        Binding(">", "next_document", "Next document", show=False, id="review.next_document"),
        Binding("escape", "queue", "Document list", show=False, id="review.queue"),
        Binding("?,f1", "help", "Help", tooltip="This help", id="review.help"),
    ]

    def __init__(self, path: Path, *, folder: bool = False, reorder: bool = True) -> None:
        super().__init__()
        self.path = path
        self.folder = folder
        self.reorder = reorder
        self.session: ReviewSession | None = None
        self.lines: list[Line] = []
        self.highlight = 0
        self.marks = False
        self.message = ""
        self.last_query = ""
        self._shown_index: int | None = None
        self._announced = False

    @property
    def review_app(self) -> ReviewApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield DocumentView(id="document")
        yield CandidateList(id="candidates")
        yield StatusLine(id="status")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(StatusLine).show(None, extra=f"Opening {self.path} …")
        self.run_worker(self._load, thread=True, exclusive=True, group="findings", name=f"findings of {self.path.name}")

    # -- background work -------------------------------------------------------------------------------------------

    def _load(self) -> None:
        """Open the session, then compute its findings section by section (in a worker thread)."""
        app = self.review_app
        try:
            with app.lexicon_lock:
                app.absorb_learned()
                session = app.open_session(self.path)
            rows = lines(session.text)
        except OcrfixError as exc:
            self._from_thread(self._failed, f"{self.path}: {exc}")
            return
        if not self._from_thread(self._opened, session, rows):
            return
        try:
            if app.compute is not None:
                self._feed(app.compute.sections(str(self.path), session.text, session.language, app.learned()), None)
            else:
                self._feed(session.sections(), app.lexicon_lock)
        except OcrfixError as exc:
            self._from_thread(self._compute_failed, f"finding suspicious words failed: {exc}")

    def _feed(self, sections: Iterator[Section], lock: Any) -> None:
        """Hand each computed section to the interface thread, until done or cancelled."""
        worker = get_current_worker()
        first = True
        while not worker.is_cancelled:
            if lock is not None:
                with lock:
                    section = next(sections, None)
            else:
                section = next(sections, None)
            if section is None or worker.is_cancelled:
                break
            if not self._from_thread(self._section_ready, section):
                return
            if first:
                first = False
                assert self.session is not None
                self.session.prepare_header()  # now, not when the first key decides (the reviewer reads meanwhile)
        if not worker.is_cancelled:
            self._from_thread(self._finished)

    def _from_thread(self, callback: Callable[..., Any], *args: Any) -> bool:
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:  # the app has closed
            return False
        return True

    def on_unmount(self) -> None:
        # Let the collector see what this review froze again, so a closed document's objects can be freed.
        gc.unfreeze()

    def _failed(self, message: str) -> None:
        self.message = message
        self.query_one(DocumentView).show(None, [], marks=False, message=message)
        self.query_one(StatusLine).show(None, extra=message)
        self.notify(message, severity="error", timeout=10)

    def _compute_failed(self, message: str) -> None:
        self.message = message
        self.notify(message, severity="error", timeout=10)
        self.refresh_view()

    def _opened(self, session: ReviewSession, rows: list[Line]) -> None:
        self.session = session
        self.lines = rows
        self.review_app.sessions[self.path] = session
        earlier = sum(1 for d in session.decisions if d.decision != UNDO)
        if earlier:
            self.notify(f"Resumed {session.patch_path.name}: {earlier} earlier records; u undoes them too.", timeout=4)
        self.refresh_view()
        gc.freeze()  # the text and its lines stay for the whole review (see _section_ready)

    def _section_ready(self, section: Section) -> None:
        assert self.session is not None
        shown = self.session.index
        self.session.add_section(section)
        if self.session.index != shown or self.query_one(DocumentView).draws(section.span.start, section.span.end):
            self.refresh_view()
        else:
            # Findings beyond the text on screen: only the count changes. Redrawing everything for each section
            # kept the interface thread busy 15-25 ms a time, which a key press arriving then had to wait for.
            self.query_one(StatusLine).show(self.session, extra=self.message, marks=self.marks)
        # Findings live as long as the review: keep the collector from walking them (and every earlier object)
        # again at each full collection, which took 100-250 ms on a 200-page document and stalled redraws.
        gc.freeze()

    def _finished(self) -> None:
        assert self.session is not None
        self.session.finish()
        self.refresh_view()
        if not self.session.findings:
            hidden = self.session.hidden
            self.notify(
                f"No finding at or above confidence {self.session.min_confidence:.2f} ({hidden} below it not listed)."
                if hidden
                else "No suspicious words found in this document."
            )
        self._check_done()

    # -- drawing ---------------------------------------------------------------------------------------------------

    def refresh_view(self) -> None:
        s = self.session
        if s is not None and s.index != self._shown_index:
            self._shown_index = s.index
            self.highlight = 0
        view = self.query_one(DocumentView)
        view.show(s, self.lines, marks=self.marks, reorder=self.reorder, message="Finding suspicious words…")
        self.query_one(CandidateList).show(s, self.highlight, marks=self.marks, reorder=self.reorder)
        self.query_one(StatusLine).show(s, extra=self.message, marks=self.marks)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer is the same all through a review: Textual recomposes it at each change of what check_action
        # says (12-16 ms, in the frame a key asked for, and most of the first key press after a document opens).
        # So every key is shown and always taken, and one that cannot act now says why (see _say_why_not).
        if action in ("next_document", "queue"):
            return self.folder
        return True

    def _say_why_not(self, *, candidate: bool = False) -> bool:
        """Whether the current finding can be decided on (with a candidate, if asked); if not, say why."""
        s = self.session
        f = s.current if s is not None else None
        if f is None:
            self.notify("no finding to decide on yet" if s is None or not s.complete else "no findings in this document", timeout=2)
            return False
        if candidate and not f.suggestions:
            self.notify(f"no candidate for “{f.text}”: e types a correction, n keeps it", timeout=3)
            return False
        return True

    def _run(self, call: Callable[[], Any]) -> Any:
        """Call the session; a refusal becomes a notification, never a crash."""
        try:
            result = call()
        except OcrfixError as exc:
            self.notify(str(exc), severity="warning")
            return None
        self.message = ""
        self.refresh_view()
        return result

    def _decided(self, record: Decision | None, note: str = "") -> None:
        if record is None:
            return
        self.post_message(DecisionMade(record))
        if note:
            self.notify(note, timeout=3)
        self._check_done()

    def _check_done(self) -> None:
        s = self.session
        if s is None or not s.complete or not s.findings or self._announced:
            return
        p = s.progress
        if p.decided == p.total:
            self._announced = True
            self.notify(f"All {p.total} findings of {self.path.name} decided; the patch is {s.patch_path.name}.")
            if self.folder:
                self.post_message(DocumentFinished(self.path))

    # -- actions ---------------------------------------------------------------------------------------------------

    def action_accept(self) -> None:
        s = self.session
        if s is not None and self._say_why_not(candidate=True):
            self._decided(self._run(lambda: s.accept(self.highlight)))

    def action_accept_nth(self, n: int) -> None:
        s = self.session
        if s is not None and self._say_why_not(candidate=True):
            self._decided(self._run(lambda: s.accept(n - 1)))

    def action_reject(self) -> None:
        s = self.session
        if s is not None and self._say_why_not():
            self._decided(self._run(s.reject))

    def action_uncertain(self) -> None:
        s = self.session
        if s is not None and self._say_why_not():
            self._decided(self._run(s.uncertain))

    def action_add_to_lexicon(self) -> None:
        s = self.session
        if s is None or not self._say_why_not():
            return
        word = s.current.text
        record = self._run(s.add_to_lexicon)
        self._decided(record, f"{word!r} added to {s.project_lexicon}" if record else "")

    def action_edit(self) -> None:
        s = self.session
        if s is None or not self._say_why_not():
            return
        f = s.current
        value = f.suggestions[self.highlight].replacement if f.suggestions else f.text

        def done(result: str | None) -> None:
            if result is not None and result != "":
                self._decided(self._run(lambda: s.accept_text(unescape(result))))

        self.app.push_screen(PromptScreen(f"Replace “{f.text}” with (\\uXXXX for any code point):", value), done)

    def action_accept_alike(self) -> None:
        s = self.session
        if s is None or not self._say_why_not(candidate=True):
            return
        f = s.current
        preview = s.preview_alike()
        candidate = f.suggestions[min(self.highlight, len(f.suggestions) - 1)]
        index = min(self.highlight, len(f.suggestions) - 1)
        question = f"Accept “{f.text}” → “{candidate.replacement}” at {_places(preview.places)} in this file?"

        def done(yes: bool | None) -> None:
            if yes:
                self._decided(self._run(lambda: s.accept_all_alike(index)), f"accepted at {_places(preview.places)}")

        self.app.push_screen(ConfirmScreen(question, preview.samples), done)

    def action_reject_alike(self) -> None:
        s = self.session
        if s is None or not self._say_why_not():
            return
        places = s.count_alike()
        self._decided(self._run(s.reject_all_alike), f"kept as it is at {_places(places)}")

    def action_next(self) -> None:
        s = self.session
        if s is not None and self._run(s.next) is None:
            self.notify("last finding" + ("" if s.complete else " so far; more are being found"), timeout=2)

    def action_previous(self) -> None:
        s = self.session
        if s is not None and self._run(s.previous) is None:
            self.notify("first finding", timeout=2)

    def action_next_undecided(self) -> None:
        s = self.session
        if s is not None and self._run(lambda: s.next(undecided=True)) is None:
            self.notify("no undecided finding after this one", timeout=2)

    def action_previous_undecided(self) -> None:
        s = self.session
        if s is not None and self._run(lambda: s.previous(undecided=True)) is None:
            self.notify("no undecided finding before this one", timeout=2)

    def action_highlight(self, delta: int) -> None:
        s = self.session
        f = s.current if s is not None else None
        if f is None or not f.suggestions:
            return
        self.highlight = (self.highlight + delta) % min(len(f.suggestions), 9)
        self.query_one(CandidateList).show(s, self.highlight, marks=self.marks, reorder=self.reorder)

    def action_search(self) -> None:
        s = self.session
        if s is None:
            return

        def done(query: str | None) -> None:
            if not query:
                return
            self.last_query = query
            if self._run(lambda: s.search(query)) is None:
                # While sections are still being checked, a later one may hold it.
                where = "not found" if s.complete else "not found yet (more findings are on their way; search again)"
                self.notify(f"“{query}” {where}", severity="warning", timeout=3)

        self.app.push_screen(PromptScreen("Search findings and text:", self.last_query), done)

    def action_undo(self) -> None:
        s = self.session
        if s is None:
            return
        undone = self._run(s.undo)
        if undone:
            d = undone[0]
            what = f"{d.decision} of “{d.exact}”" + (f" and {len(undone) - 1} more" if len(undone) > 1 else "")
            self._announced = False
            self.post_message(DecisionMade(s.decisions[-1]))
            self.notify(f"undone: {what}", timeout=3)

    def action_save(self) -> None:
        s = self.session
        if s is None:
            return
        r = s.save()
        if r.written:
            self.notify(f"saved: {r.in_force} decisions in force in {r.path}", timeout=3)
        else:
            self.notify("nothing decided yet: no patch written", timeout=3)

    def action_save_quit(self) -> None:
        self.review_app.finish()

    def action_discard_quit(self) -> None:
        self.review_app.action_discard_quit()

    def action_toggle_marks(self) -> None:
        self.marks = not self.marks
        self.refresh_view()

    def action_toggle_reorder(self) -> None:
        self.reorder = not self.reorder
        how = "in reading order" if self.reorder else "as stored (for terminals that do bidi)"
        self.notify(f"right-to-left lines {how}", timeout=2)
        self.refresh_view()

    def action_help(self) -> None:
        rows: dict[str, tuple[list[str], str]] = {}
        for key, active in self.active_bindings.items():
            b = active.binding
            if not (b.id or "").startswith(("review.", "app.")):
                continue
            action = "accept_nth" if b.action.startswith("accept_nth") else b.action
            text = "Accept candidate 1-9" if action == "accept_nth" else b.tooltip or b.description or b.action
            keys, _ = rows.setdefault(action, ([], text))
            keys.append(self.app.get_key_display(b.with_key(key)))
        self.app.push_screen(HelpScreen([(" ".join(keys), text) for keys, text in rows.values()]))

    def action_next_document(self) -> None:
        self.post_message(DocumentFinished(self.path, skipped=True))

    def action_queue(self) -> None:
        self.dismiss()
