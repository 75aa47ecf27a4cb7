"""Screens of the review app: the review itself, the document queue of a folder, help, confirmation and prompts."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from ocrfix.errors import OcrfixError
from ocrfix.patches import Decision
from ocrfix.review import ReviewSession, Section
from ocrfix.text import Line, lines
from ocrfix.tui.widgets import CandidateList, DocumentView, StatusLine

if TYPE_CHECKING:
    from ocrfix.tui.app import ReviewApp

__all__ = [
    "ConfirmScreen",
    "DecisionMade",
    "DocumentFinished",
    "HelpScreen",
    "PromptScreen",
    "QueueScreen",
    "ReviewScreen",
    "unescape",
]

#: Actions that decide on the current finding (disabled while there is none).
_DECIDING = {"accept", "accept_nth", "reject", "edit", "accept_alike", "reject_alike", "add_to_lexicon", "uncertain"}
_NEEDS_CANDIDATE = {"accept", "accept_nth", "accept_alike"}


def unescape(text: str) -> str:
    r"""Decode ``\uXXXX`` (and ``\n``, ``\\``) escapes typed in a replacement, so any code point can be entered.

    >>> unescape(r"ми\u200cروم")
    'ми\u200cروم'
    """
    if "\\" not in text:
        return text
    try:
        return codecs.decode(text.encode("utf-8"), "unicode_escape").encode("latin-1").decode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError):
        out, i = [], 0
        while i < len(text):
            if text.startswith("\\u", i) and len(text) >= i + 6:
                try:
                    out.append(chr(int(text[i + 2 : i + 6], 16)))
                    i += 6
                    continue
                except ValueError:
                    pass
            out.append(text[i])
            i += 1
        return "".join(out)


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
        Binding("y,enter", "accept", "Accept", id="review.accept"),
        *(Binding(str(n), f"accept_nth({n})", f"Accept candidate {n}", show=False, id=f"review.accept_{n}") for n in range(1, 10)),
        Binding("n", "reject", "Reject", id="review.reject"),
        Binding("e", "edit", "Edit", id="review.edit"),
        Binding("a", "accept_alike", "All alike", id="review.accept_alike"),
        Binding("d", "reject_alike", "Reject alike", id="review.reject_alike"),
        Binding("+", "add_to_lexicon", "Lexicon", id="review.add_to_lexicon"),
        Binding("!", "uncertain", "Unsure", id="review.uncertain"),
        Binding("j", "next", "Next", id="review.next"),
        Binding("k", "previous", "Prev", id="review.previous"),
        Binding("J", "next_undecided", "Next undecided", show=False, id="review.next_undecided"),
        Binding("K", "previous_undecided", "Previous undecided", show=False, id="review.previous_undecided"),
        Binding("down", "highlight(1)", "Next candidate", show=False, id="review.candidate_down"),
        Binding("up", "highlight(-1)", "Previous candidate", show=False, id="review.candidate_up"),
        Binding("/", "search", "Search", id="review.search"),
        Binding("u", "undo", "Undo", id="review.undo"),
        Binding("s", "save", "Save", id="review.save"),
        Binding("q", "save_quit", "Quit", id="review.quit"),
        Binding("Q", "discard_quit", "Quit without saving", show=False, id="review.discard_quit"),
        Binding("v", "toggle_marks", "Show ZWNJ and look-alike letters", show=False, id="review.marks"),
        Binding(">", "next_document", "Next document", show=False, id="review.next_document"),
        Binding("escape", "queue", "Document list", show=False, id="review.queue"),
        Binding("?,f1", "help", "Help", id="review.help"),
    ]

    def __init__(self, path: Path, *, folder: bool = False) -> None:
        super().__init__()
        self.path = path
        self.folder = folder
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
        worker = get_current_worker()
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
        sections = session.sections()
        while not worker.is_cancelled:
            with app.lexicon_lock:
                section = next(sections, None)
            if section is None or worker.is_cancelled:
                break
            if not self._from_thread(self._section_ready, section):
                return
        if not worker.is_cancelled:
            self._from_thread(self._finished)

    def _from_thread(self, callback: Callable[..., Any], *args: Any) -> bool:
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:  # the app has closed
            return False
        return True

    def _failed(self, message: str) -> None:
        self.message = message
        self.query_one(DocumentView).show(None, [], marks=False, message=message)
        self.query_one(StatusLine).show(None, extra=message)
        self.notify(message, severity="error", timeout=10)

    def _opened(self, session: ReviewSession, rows: list[Line]) -> None:
        self.session = session
        self.lines = rows
        self.review_app.sessions[self.path] = session
        resumed = sum(1 for d in session.decisions if d.decision != "undo")
        self.message = f"resumed {session.patch_path.name}: {resumed} earlier decisions" if resumed else ""
        self.refresh_view()

    def _section_ready(self, section: Section) -> None:
        assert self.session is not None
        self.session.add_section(section)
        self.refresh_view()

    def _finished(self) -> None:
        assert self.session is not None
        self.session.finish()
        self.refresh_view()
        if not self.session.findings:
            self.notify("No suspicious words found in this document.")
        self._check_done()

    # -- drawing ---------------------------------------------------------------------------------------------------

    def refresh_view(self) -> None:
        s = self.session
        if s is not None and s.index != self._shown_index:
            self._shown_index = s.index
            self.highlight = 0
        self.query_one(DocumentView).show(s, self.lines, marks=self.marks, message="Finding suspicious words…")
        self.query_one(CandidateList).show(s, self.highlight, marks=self.marks)
        self.query_one(StatusLine).show(s, extra=self.message, marks=self.marks)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_document", "queue"):
            return self.folder
        s = self.session
        f = s.current if s is not None else None
        if action in _DECIDING:
            if f is None:
                return None
            if action in _NEEDS_CANDIDATE:
                n = int(parameters[0]) if action == "accept_nth" and parameters else 1  # type: ignore[call-overload]
                return True if len(f.suggestions) >= n else None
            return True
        if action == "undo":
            return True if s is not None and s.can_undo else None
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
        if s is not None:
            self._decided(self._run(lambda: s.accept(self.highlight)))

    def action_accept_nth(self, n: int) -> None:
        s = self.session
        if s is not None:
            self._decided(self._run(lambda: s.accept(n - 1)))

    def action_reject(self) -> None:
        s = self.session
        if s is not None:
            self._decided(self._run(s.reject))

    def action_uncertain(self) -> None:
        s = self.session
        if s is not None:
            self._decided(self._run(s.uncertain))

    def action_add_to_lexicon(self) -> None:
        s = self.session
        if s is None or s.current is None:
            return
        word = s.current.text
        record = self._run(s.add_to_lexicon)
        self._decided(record, f"{word!r} added to {s.project_lexicon}" if record else "")

    def action_edit(self) -> None:
        s = self.session
        f = s.current if s is not None else None
        if s is None or f is None:
            return
        value = f.suggestions[self.highlight].replacement if f.suggestions else f.text

        def done(result: str | None) -> None:
            if result is not None and result != "":
                self._decided(self._run(lambda: s.accept_text(unescape(result))))

        self.app.push_screen(PromptScreen(f"Replace “{f.text}” with (\\uXXXX for any code point):", value), done)

    def action_accept_alike(self) -> None:
        s = self.session
        f = s.current if s is not None else None
        if s is None or f is None or not f.suggestions:
            return
        preview = s.preview_alike()
        candidate = f.suggestions[min(self.highlight, len(f.suggestions) - 1)]
        index = min(self.highlight, len(f.suggestions) - 1)
        question = f"Accept “{f.text}” → “{candidate.replacement}” at {preview.places} place{'s' if preview.places != 1 else ''} in this file?"

        def done(yes: bool | None) -> None:
            if yes:
                self._decided(self._run(lambda: s.accept_all_alike(index)), f"accepted at {preview.places} places")

        self.app.push_screen(ConfirmScreen(question, preview.samples), done)

    def action_reject_alike(self) -> None:
        s = self.session
        if s is None or s.current is None:
            return
        places = s.count_alike()
        self._decided(self._run(s.reject_all_alike), f"kept as it is at {places} place{'s' if places != 1 else ''}")

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
        self.query_one(CandidateList).show(s, self.highlight, marks=self.marks)

    def action_search(self) -> None:
        s = self.session
        if s is None:
            return

        def done(query: str | None) -> None:
            if not query:
                return
            self.last_query = query
            if self._run(lambda: s.search(query)) is None:
                self.notify(f"“{query}” not found", severity="warning", timeout=3)

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

    def action_help(self) -> None:
        rows: dict[str, tuple[list[str], str]] = {}
        for key, active in self.active_bindings.items():
            b = active.binding
            keys, _ = rows.setdefault(b.action, ([], b.description or b.action))
            keys.append(self.app.get_key_display(b.with_key(key)))
        self.app.push_screen(HelpScreen([(" ".join(keys), text) for keys, text in rows.values()]))

    def action_next_document(self) -> None:
        self.post_message(DocumentFinished(self.path, skipped=True))

    def action_queue(self) -> None:
        self.dismiss()


class HelpScreen(ModalScreen[None]):
    """Every key of the review screen, as currently mapped."""

    BINDINGS = [Binding("escape,q,?,f1,enter", "close", "Close")]

    def __init__(self, rows: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.rows), default=4)
        text = Text()
        text.append("Keys (remap them in the keymap file; see ocrfix review --help)\n\n", "bold")
        for keys, what in self.rows:
            text.append(keys.ljust(width + 2), "bold cyan")
            text.append(what + "\n")
        text.append("\nEvery decision is written to the patch as it is made; undo works across sessions.", "italic")
        with Vertical(id="help-box"):
            yield Static(text, id="help-text")

    def action_close(self) -> None:
        self.dismiss()


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question, with a few sample lines."""

    BINDINGS = [Binding("y,enter", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str, samples: Sequence[str] = ()) -> None:
        super().__init__()
        self.question = question
        self.samples = samples

    def compose(self) -> ComposeResult:
        text = Text(self.question + "\n", "bold")
        for s in self.samples:
            text.append("  " + s + "\n", "dim")
        text.append("\ny yes · n no")
        with Vertical(id="confirm-box"):
            yield Static(text)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class PromptScreen(ModalScreen[str | None]):
    """One line of input (a replacement, a search); Enter submits, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, value: str = "") -> None:
        super().__init__()
        self.prompt = prompt
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(self.prompt)
            yield Input(self.value, id="prompt-input")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class QueueScreen(Screen[None]):
    """The documents of a folder, worst first, as they are scored; Enter opens one."""

    BINDINGS = [
        Binding("enter", "open", "Review", id="queue.open"),
        Binding("q", "quit_app", "Quit", id="queue.quit"),
    ]

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__()
        self.paths = list(paths)
        self.scores: dict[Path, float] = {}
        self.order: list[Path] = []
        self.scored = 0

    @property
    def review_app(self) -> ReviewApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(f"Scoring {len(self.paths)} documents…", id="queue-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="queue")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("score", "label", "language", "document")
        self.run_worker(self._score, thread=True, group="scoring", name="scoring the folder")

    def _score(self) -> None:
        worker = get_current_worker()
        app = self.review_app
        for path in self.paths:
            if worker.is_cancelled:
                return
            try:
                with app.lexicon_lock:
                    result = app.score(path)
                row = (result.score, result.label, result.language)
            except OcrfixError as exc:
                row = (-1.0, "error", str(exc))
            try:
                self.app.call_from_thread(self._scored, path, row)
            except RuntimeError:
                return

    def _scored(self, path: Path, row: tuple[float, str, str]) -> None:
        self.scored += 1
        self.scores[path] = row[0]
        table = self.query_one(DataTable)
        current = self.order[table.cursor_row] if self.order and 0 <= table.cursor_row < len(self.order) else None
        table.add_row(f"{row[0]:.3f}" if row[0] >= 0 else "-", row[1], row[2], str(path), key=str(path))
        # Worst first: the order the review walks the documents in.
        self.order = sorted(self.scores, key=lambda p: (-self.scores[p], str(p)))
        table.sort(key=lambda row: -float(row[0]) if row[0] != "-" else 1.0, columns=("score",)) if False else None
        table.clear()
        for p in self.order:
            sc = self.scores[p]
            table.add_row(f"{sc:.3f}" if sc >= 0 else "-", *self._facts(p), str(p), key=str(p))
        if current is not None:
            table.move_cursor(row=self.order.index(current))
        done = self.scored == len(self.paths)
        title = f"{len(self.paths)} documents, worst first" if done else f"Scoring {self.scored}/{len(self.paths)} documents…"
        self.query_one("#queue-title", Static).update(title + " · Enter reviews the highlighted one")
        self._facts_cache[path] = row[1:]

    _facts_cache: dict[Path, tuple[str, str]] = {}

    def _facts(self, path: Path) -> tuple[str, str]:
        return self._facts_cache.get(path, ("", ""))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if self.order and 0 <= table.cursor_row < len(self.order):
            self.review_app.open_document(self.order[table.cursor_row])

    @on(DataTable.RowSelected)
    def selected(self, event: DataTable.RowSelected) -> None:
        self.review_app.open_document(Path(str(event.row_key.value)))

    def action_quit_app(self) -> None:
        self.review_app.finish()
