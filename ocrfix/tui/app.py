"""The ``ocrfix review`` app: one document, or a folder's documents worst first, each reviewed on a ReviewScreen."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from textual import on
from textual.app import App
from textual.binding import Binding

from ocrfix.lexicon import LexiconSet
from ocrfix.review import ReviewSession, SaveReport
from ocrfix.scoring import DocumentScore, score_path
from ocrfix.tui.compute import SectionProcess
from ocrfix.tui.dialogs import ConfirmScreen
from ocrfix.tui.queue import QueueScreen
from ocrfix.tui.screens import DocumentFinished, ReviewScreen

__all__ = ["ReviewApp"]


class ReviewApp(App[list[SaveReport]]):
    """Review documents; the result (``App.run()``'s return value) reports the patch of each document opened.

    Args:
        documents: the files to review; more than one (or ``folder=True``) starts with the folder's queue.
        open_session: makes the session of a document, with ``compute=False`` (findings come from a worker).
        lexicons: the lexicons ``open_session`` uses; words added to the project lexicon join them before the
            next document opens.
        folder: show the queue even for one document.
        keymap: binding id -> keys (``{"review.accept": "y,space"}``), see :meth:`App.set_keymap`.
        score: how to score a document for the queue (default :func:`ocrfix.scoring.score_path`).
        reorder: draw right-to-left lines in reading order (off for terminals that do bidi themselves).
        compute: a process to compute findings in (else a thread of this process, with ``open_session``'s lexicons;
            simpler, but the interface then shares the interpreter lock with the computation). The caller closes it.
    """

    CSS_PATH = "review.tcss"
    TITLE = "ocrfix review"
    BINDINGS = [
        Binding("ctrl+q", "discard_quit", "Quit without saving", show=False, priority=True, id="app.discard_quit"),
    ]

    def __init__(
        self,
        documents: Sequence[Path],
        open_session: Callable[[Path], ReviewSession],
        *,
        lexicons: LexiconSet | None = None,
        folder: bool = False,
        keymap: Mapping[str, str] | None = None,
        score: Callable[[Path], DocumentScore] | None = None,
        reorder: bool = True,
        compute: SectionProcess | None = None,
    ) -> None:
        super().__init__()
        self.documents = [Path(d) for d in documents]
        self.open_session = open_session
        self.lexicons = lexicons
        self.folder = folder or len(self.documents) > 1
        self.keymap = dict(keymap or {})
        self.score = score or (lambda p: score_path(str(p), lexicons))
        self.sessions: dict[Path, ReviewSession] = {}
        """Every session opened, by document."""
        self.lexicon_lock = threading.Lock()
        """Held by workers while they read the lexicons, and while words are added to them."""
        self.finished: set[Path] = set()
        self._learned: set[tuple[str, str]] = set()
        self.queue: QueueScreen | None = None
        self.reorder = reorder
        self.compute = compute

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        if self.compute is not None:
            self.run_worker(self.compute.warm, thread=True, group="compute", name="starting the compute process")
        if self.folder:
            self.queue = QueueScreen(self.documents)
            self.push_screen(self.queue)
        else:
            self.push_screen(ReviewScreen(self.documents[0], reorder=self.reorder))

    # -- documents -------------------------------------------------------------------------------------------------

    @property
    def review(self) -> ReviewScreen | None:
        """The review screen on top, if any."""
        return self.screen if isinstance(self.screen, ReviewScreen) else None

    def learned(self) -> list[tuple[str, str]]:
        """``(form, language)`` of every word the sessions added to the project lexicon (and did not take back)."""
        return sorted({word for session in self.sessions.values() for word in session.learned})

    def absorb_learned(self) -> None:
        """Add the words earlier documents put in the project lexicon (call holding :attr:`lexicon_lock`)."""
        if self.lexicons is None:
            return
        new = []
        for word in self.learned():
            if word not in self._learned:
                self._learned.add(word)
                new.append((word[0], 1.0, word[1]))
        if new:
            self.lexicons.add_user_words(new)

    def open_document(self, path: Path) -> None:
        """Review ``path``, in place of the document being reviewed."""
        if self.review is not None:
            self.pop_screen()
        self.push_screen(ReviewScreen(path, folder=self.folder, reorder=self.reorder))

    def next_document(self, after: Path) -> Path | None:
        """The next document to review: worst first among those not finished, after ``after`` in queue order."""
        order = list(self.queue.order) if self.queue is not None else []
        order += [p for p in self.documents if p not in order]
        if after in order:
            i = order.index(after)
            order = order[i + 1 :] + order[: i + 1]
        return next((p for p in order if p not in self.finished and p != after), None)

    @on(DocumentFinished)
    def document_finished(self, event: DocumentFinished) -> None:
        if not event.skipped:
            self.finished.add(event.path)
        nxt = self.next_document(event.path)
        if nxt is None:
            self.notify("Every document of the folder is decided.")
            return
        self.open_document(nxt)

    # -- quitting --------------------------------------------------------------------------------------------------

    def reports(self) -> list[SaveReport]:
        return [s.save() for s in self.sessions.values()]

    def finish(self) -> None:
        """Save and quit (every decision is on disk already)."""
        self.exit(self.reports())

    def action_discard_quit(self) -> None:
        """Quit without saving: after confirmation, take back this sitting's decisions."""
        mine = sum(len(s.sitting) for s in self.sessions.values())
        if not mine:
            self.exit(self.reports())
            return

        def done(yes: bool | None) -> None:
            if yes:
                for s in self.sessions.values():
                    s.discard()
                self.exit(self.reports())

        self.push_screen(
            ConfirmScreen(
                f"Quit without saving? The decisions of this sitting ({mine} records) are taken back.",
                ("Earlier sessions' decisions are kept.",),
            ),
            done,
        )
