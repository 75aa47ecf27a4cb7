"""Small screens over the review: the key help, a yes/no question, a one-line prompt."""

from __future__ import annotations

import codecs
from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

__all__ = ["ConfirmScreen", "HelpScreen", "PromptScreen", "unescape"]


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


class HelpScreen(ModalScreen[None]):
    """Every key of the review screen, as currently mapped."""

    BINDINGS = [Binding("escape,q,?,f1,enter", "close", "Close")]

    def __init__(self, rows: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for keys, what in self.rows:
            table.add_row(keys, what)
        with Vertical(id="help-box"):
            yield Static(Text("Keys (remappable: see ocrfix review --help)", "bold"))
            yield Static(table, id="help-text")
            yield Static(Text("Every decision is written to the patch as it is made; undo works across sessions.", "italic"))

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
