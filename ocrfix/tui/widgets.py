"""The review screen's widgets: the document around the current finding, its candidates, and the status line.

Each widget paints the state of a :class:`~ocrfix.review.ReviewSession` and nothing else: they hold no decisions.
Only the rows on screen are built, so a redraw costs the same on a page and on a 200-page document.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from ocrfix.review import FindingStatus, ReviewSession
from ocrfix.suggestions import Finding
from ocrfix.text import Line
from ocrfix.tui.display import (
    ZWNJ,
    ZWNJ_MARK,
    base_direction,
    clusters,
    codepoints,
    is_rtl,
    layout,
    lookalikes,
    mirror,
    visual_text,
)

__all__ = ["CandidateList", "DocumentView", "StatusLine", "severity"]


def severity(score: float) -> str:
    """``high``, ``medium`` or ``low``: how a finding's score in [0, 1] (1 = surely wrong) is coloured."""
    return "high" if score >= 0.7 else "medium" if score >= 0.4 else "low"


@dataclass
class _Piece:
    text: str
    style: Style


_DECISION_CLASS = {
    "accept": "accepted",
    "edit": "accepted",
    "reject": "rejected",
    "uncertain": "uncertain",
    "add-to-lexicon": "known",
}


class DocumentView(Widget):
    """The text around the current finding, centred on it, suspicious tokens coloured by severity or decision.

    Lines outside the current finding's passage are dimmed. Accepted and edited places show their new text.
    Right-to-left lines are drawn in reading order (see :mod:`ocrfix.tui.display`).
    """

    COMPONENT_CLASSES = {
        "document-view--high",
        "document-view--medium",
        "document-view--low",
        "document-view--current",
        "document-view--accepted",
        "document-view--rejected",
        "document-view--uncertain",
        "document-view--known",
        "document-view--mark",
        "document-view--lookalike",
        "document-view--gutter",
        "document-view--gutter-current",
        "document-view--outside",
    }

    DEFAULT_CSS = """
    DocumentView {
        height: 1fr;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session: ReviewSession | None = None
        self.lines: list[Line] = []
        self.marks = False
        self.reorder = True
        self.message = "Opening…"
        self._drawn: tuple[int, int] | None = None  # code points of the lines the last frame looked at

    def show(
        self, session: ReviewSession | None, lines: list[Line], *, marks: bool, reorder: bool = True, message: str = ""
    ) -> None:
        """Paint ``session`` (``lines`` are its text's lines); ``reorder`` draws right-to-left lines in reading order."""
        self.session, self.lines, self.marks, self.reorder, self.message = session, lines, marks, reorder, message
        self.refresh()

    def draws(self, start: int, end: int) -> bool:
        """Whether findings in code points ``[start, end)`` could change what is drawn (True before any frame)."""
        return self._drawn is None or (start < self._drawn[1] and end > self._drawn[0])

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"document-view--{name}", partial=True)

    def render(self) -> Text:
        width, height = self.content_region.width, self.content_region.height
        session = self.session
        if session is None or not self.lines or width < 8 or height < 1:
            self._drawn = None
            return Text(self.message, style="italic")
        finding = session.current
        gutter = max(4, len(str(len(self.lines))) + 1)
        text_width = max(4, width - gutter - 1)
        if finding is None:
            focus_line = 0
            passage_span = None
        else:
            focus_line = min(len(self.lines) - 1, max(0, finding.line - 1))
            passage = session.passage_of(finding)
            passage_span = passage.span if passage else None
        first = max(0, focus_line - height // 2 - 1)
        last = min(len(self.lines), focus_line + height + 1)
        rows: list[Text] = []
        focus_row = 0
        number = first
        for number in range(first, last):
            line_rows, hit = self._line_rows(number, text_width, gutter, finding, passage_span)
            if number == focus_line:
                focus_row = len(rows) + hit
            rows.extend(line_rows)
            if number > focus_line and len(rows) - focus_row > height:
                break
        # Findings are looked up from 64 code points before a line (see _line_rows).
        self._drawn = (max(0, self.lines[first].span.start - 64), self.lines[number].span.end) if last > first else None
        start = max(0, min(focus_row - (height - 1) // 2, len(rows) - height))
        return Text("\n").join(rows[start : start + height])

    def _line_rows(
        self, number: int, width: int, gutter: int, finding: Finding | None, passage_span
    ) -> tuple[list[Text], int]:
        """The display rows of line ``number`` (0-based) and which of them holds the current finding."""
        assert self.session is not None
        session = self.session
        line = self.lines[number]
        text = session.text
        start, end = line.span.start, line.span.end
        logical = text[start:end]
        outside = passage_span is not None and (end <= passage_span.start or start >= passage_span.end)
        base = self._style("outside") if outside else Style()
        styles: list[Style] = [base] * len(logical)
        replaced: dict[int, tuple[int, str, Style]] = {}
        current_offset = -1
        for i in session.findings_between(max(0, start - 64), end):
            f = session.findings[i]
            if f.span.end <= start or f.span.start >= end:
                continue
            status = session.status(i)
            is_current = finding is not None and i == session.index
            style = base + self._finding_style(f, status, is_current)
            a, b = max(f.span.start, start) - start, min(f.span.end, end) - start
            for k in range(a, b):
                styles[k] = style
            if is_current:
                current_offset = a
            if status is not None and status.changes_text and status.replacement is not None:
                if f.span.start >= start and f.span.end <= end:
                    replaced[a] = (b, status.replacement, style)
        marks = self.marks
        look = lookalikes(logical, finding.language if finding else None) if marks else set()
        pieces: list[_Piece] = []
        current_piece = 0
        pos = 0
        for m_start, cluster in _clusters_with_offsets(logical):
            if m_start < pos:
                continue
            if m_start in replaced:
                stop, new, style = replaced[m_start]
                if m_start == current_offset:
                    current_piece = len(pieces)
                pieces.extend(_Piece(c, style) for c in clusters(new))
                pos = stop
                continue
            if m_start == current_offset:
                current_piece = len(pieces)
            style = styles[m_start] if m_start < len(styles) else base
            if marks and ZWNJ in cluster:
                cluster = cluster.replace(ZWNJ, ZWNJ_MARK)
                style = style + self._style("mark")
            elif marks and m_start in look:
                style = style + self._style("lookalike")
            pieces.append(_Piece(cluster, style))
            pos = m_start + len(cluster)
        rows_pieces = _wrap(pieces, width)
        rtl = self.reorder and is_rtl(logical)
        direction = base_direction(logical) if rtl else "ltr"
        out: list[Text] = []
        hit = 0
        seen = 0
        for r, row in enumerate(rows_pieces):
            if seen <= current_piece < seen + len(row):
                hit = r
            seen += len(row)
            gutter_style = self._style("gutter-current" if finding is not None and number == finding.line - 1 else "gutter")
            label = str(line.number) if r == 0 else ""
            t = Text()
            t.append(label.rjust(gutter - 1) + " ", gutter_style)
            if rtl:
                order, levels = layout([p.text for p in row], direction)
                drawn = [(mirror(row[i].text) if levels[i] % 2 else row[i].text, row[i].style) for i in order]
            else:
                drawn = [(p.text, p.style) for p in row]
            used = sum(cell_len(c) for c, _ in drawn)
            if direction == "rtl" and used < width:
                t.append(" " * (width - used))
            for c, s in drawn:
                t.append(c, s)
            out.append(t)
        if not out:
            out.append(Text(str(line.number).rjust(gutter - 1) + " ", self._style("gutter")))
        return out, hit

    def _finding_style(self, f: Finding, status: FindingStatus | None, current: bool) -> Style:
        if current:
            return self._style("current")
        if status is not None:
            return self._style(_DECISION_CLASS.get(status.decision, "rejected"))
        return self._style(severity(f.score))


def _clusters_with_offsets(text: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for c in clusters(text):
        out.append((pos, c))
        pos += len(c)
    return out


def _wrap(pieces: list[_Piece], width: int) -> list[list[_Piece]]:
    """Break a line's pieces into rows of at most ``width`` cells, after a space when there is one."""
    rows: list[list[_Piece]] = []
    row: list[_Piece] = []
    used = 0
    last_space = -1
    for p in pieces:
        w = cell_len(p.text)
        if used + w > width and row:
            if 0 <= last_space < len(row) - 1:
                rows.append(row[: last_space + 1])
                row = row[last_space + 1 :]
            else:
                rows.append(row)
                row = []
            used = sum(cell_len(q.text) for q in row)
            last_space = max((i for i, q in enumerate(row) if q.text.isspace()), default=-1)
        row.append(p)
        used += w
        if p.text.isspace():
            last_space = len(row) - 1
    if row or not rows:
        rows.append(row)
    # Spaces at a break are not drawn: a row of nothing but them is dropped.
    return [r for i, r in enumerate(rows) if i == 0 or not all(p.text.isspace() for p in r)]


class CandidateList(Widget):
    """The current finding and its candidates, each with its confidence, the rules that explain it and its source."""

    COMPONENT_CLASSES = {
        "candidate-list--title",
        "candidate-list--highlight",
        "candidate-list--rule",
        "candidate-list--dim",
        "candidate-list--decided",
    }

    DEFAULT_CSS = """
    CandidateList {
        height: 9;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session: ReviewSession | None = None
        self.highlight = 0
        self.marks = False
        self.reorder = True

    def show(self, session: ReviewSession | None, highlight: int, *, marks: bool, reorder: bool = True) -> None:
        self.session, self.highlight, self.marks, self.reorder = session, highlight, marks, reorder
        self.refresh()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"candidate-list--{name}", partial=True)

    def render(self) -> Text:
        session = self.session
        f = session.current if session is not None else None
        if session is None or f is None:
            return Text("")
        title = Text()
        shown = _shown if self.reorder else _one_row
        title.append(" " + shown(f.text) + " ", self._style("title"))
        facts = f"  {f.language} · suspicion {f.score:.2f} · keep {f.keep_confidence:.0%}"
        if f.reasons:
            facts += " · " + ", ".join(f.reasons[:3])
        title.append(facts, self._style("dim"))
        lines = [title]
        status = session.status(session.index) if session.index is not None else None
        if status is not None:
            what = {
                "accept": "accepted",
                "edit": "edited",
                "reject": "rejected",
                "uncertain": "marked uncertain",
                "add-to-lexicon": "added to the lexicon",
            }[status.decision]
            decided = f"  ✓ {what}"
            if status.changes_text and status.replacement is not None:
                decided += f" → {shown(status.replacement)}"
            decided += f"  ({status.record}{', all alike' if status.alike else ''})"
            lines.append(Text(decided, self._style("decided")))
        if self.marks:
            lines.append(Text("  " + codepoints(f.text), self._style("dim")))
        if not f.suggestions:
            lines.append(Text("  no candidate: n keeps it, e types a correction, + adds it to the lexicon", self._style("dim")))
        name_width = max((cell_len(shown(s.replacement)) for s in f.suggestions), default=0)
        name_width = min(max(name_width, 8), 28)
        for i, s in enumerate(f.suggestions[:9]):
            marker = "▶" if i == self.highlight else " "
            row = Text(f" {marker} {i + 1}  ")
            text = shown(s.replacement)
            row.append(text + " " * max(1, name_width - cell_len(text) + 1))
            row.append(f"{s.confidence:>5.0%}  ")
            row.append(" ".join(s.rules)[:30].ljust(30), self._style("rule"))
            # The source on what is left of the row: a long list of packs is cut, never wrapped.
            room = (self.size.width or 110) - cell_len(row.plain) - 3
            source = s.source if cell_len(s.source) <= room else s.source[: max(room - 1, 0)] + "…"
            row.append("  " + source, self._style("dim"))
            if i == self.highlight:
                row.stylize(self._style("highlight"))
            lines.append(row)
        return Text("\n").join(lines)


def _one_row(text: str) -> str:
    return text.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")


def _shown(text: str) -> str:
    """A finding or candidate for one display row: newlines visible, right-to-left text in reading order."""
    one = _one_row(text)
    return visual_text(one) if is_rtl(one) else one


class StatusLine(Widget):
    """Progress (decided / total), where the current finding is, its passage's language and label, the diagnosis."""

    DEFAULT_CSS = """
    StatusLine {
        height: 2;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session: ReviewSession | None = None
        self.extra = ""
        self.marks = False

    def show(self, session: ReviewSession | None, *, extra: str = "", marks: bool = False) -> None:
        self.session, self.extra, self.marks = session, extra, marks
        self.refresh()

    def render(self) -> Text:
        session = self.session
        if session is None:
            return Text(self.extra)
        p = session.progress
        total = f"{p.total}" if p.complete else f"{p.total}+"
        share = f" ({p.decided / p.total:.0%})" if p.total else ""
        first = Text()
        first.append(f"{session.path.name}  ", "bold")
        first.append(f"decided {p.decided}/{total}{share}")
        if p.hidden:
            first.append(f" · {p.hidden} below {session.min_confidence:.2f} not listed", "dim")
        f = session.current
        second = Text()
        if f is not None and session.index is not None:
            first.append(f" · finding {session.index + 1} · line {f.line}")
            passage = session.passage_of(f)
            if passage is not None:
                first.append(f" · passage {passage.index + 1}: {passage.language}, {passage.label} ({passage.score:.2f})")
                if passage.diagnosis:
                    second.append(f"{passage.diagnosis}: ", "bold yellow")
                    second.append(passage.diagnosis_message or "")
        if not p.complete:
            first.append(" · finding more…", "italic")
        if self.marks:
            if second.plain:
                second.append(" · ")
            second.append(f"marks shown: ZWNJ as {ZWNJ_MARK}, look-alike letters on purple", "italic")
        if self.extra:
            if second.plain:
                second.append(" · ")
            second.append(self.extra, "italic")
        return Text("\n").join([first, second])
