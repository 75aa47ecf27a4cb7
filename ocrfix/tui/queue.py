"""The document queue of ``ocrfix review FOLDER``: every document scored, worst first; Enter reviews one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import get_current_worker

from ocrfix.errors import OcrfixError

if TYPE_CHECKING:
    from ocrfix.tui.app import ReviewApp

__all__ = ["QueueScreen"]


class QueueScreen(Screen[None]):
    """The documents of a folder, worst first, as they are scored; Enter opens one."""

    BINDINGS = [
        Binding("enter", "open", "Review", id="queue.open"),
        Binding("q", "quit_app", "Quit", id="queue.quit"),
    ]

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__()
        self.paths = list(paths)
        self.results: dict[Path, tuple[float, str, str]] = {}
        self.order: list[Path] = []
        """Scored documents, worst first."""
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
        self.results[path] = row
        table = self.query_one(DataTable)
        # Worst first: the order the review walks the documents in.
        self.order = sorted(self.results, key=lambda p: (-self.results[p][0], str(p)))
        table.clear()
        for p in self.order:
            score, label, language = self.results[p]
            table.add_row(f"{score:.3f}" if score >= 0 else "-", label, language, str(p), key=str(p))
        table.move_cursor(row=0)  # the worst, where the walk starts
        done = self.scored == len(self.paths)
        title = f"{len(self.paths)} documents, worst first" if done else f"Scoring {self.scored}/{len(self.paths)} documents…"
        self.query_one("#queue-title", Static).update(title + " · Enter reviews the highlighted one")

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if self.order and 0 <= table.cursor_row < len(self.order):
            self.review_app.open_document(self.order[table.cursor_row])

    @on(DataTable.RowSelected)
    def selected(self, event: DataTable.RowSelected) -> None:
        self.review_app.open_document(Path(str(event.row_key.value)))

    def action_quit_app(self) -> None:
        self.review_app.finish()
