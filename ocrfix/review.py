"""ReviewSession: a reviewer's walk through the findings of one document, each decision appended to its patch.

The session is the whole review state machine; the TUI only renders it and turns keys into calls on it, so the same
calls made through this API write the same patch, byte for byte (inject ``clock`` to fix the timestamps).

Invariant: everything the session knows about decisions is derived from the patch's records. Which findings are
decided, what undo takes back and where a resumed review continues are recomputed from the log after every append,
so a session reopened on the same patch is in the same state as the one that wrote it.
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import unicodedata
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import regex

from ocrfix.anchors import SearchText, capture, find_alike
from ocrfix.documents import Document, read_document, write_atomic
from ocrfix.errors import OcrfixError
from ocrfix.fixing import components_of
from ocrfix.lexicon import LexiconSet, append_to_project_lexicon
from ocrfix.normalize import lexicon_form
from ocrfix.patches import (
    CHANGING,
    Component,
    Decision,
    PatchWriter,
    decision_record,
    effective_decisions,
    new_header,
    patch_path_for,
    undo_record,
)
from ocrfix.scoring import score_document
from ocrfix.suggestions import Finding, Suggestion, suggest_document
from ocrfix.text import Span, iter_lines

__all__ = [
    "FIRST_SECTION_DIVISOR",
    "SECTION_CHARS",
    "WHOLE_LIMIT",
    "AlikePreview",
    "FindingStatus",
    "PassageInfo",
    "Progress",
    "ReviewError",
    "ReviewSession",
    "SaveReport",
    "Section",
    "find_sections",
]

#: Documents up to this many code points get their findings in one piece: exactly those of ``ocrfix suggest``.
WHOLE_LIMIT = 40_000
#: Longer documents are worked through in sections of about this many code points, cut at blank lines, so the first
#: findings are ready at once whatever the document's size (word counts that lower suspicion are then per section).
SECTION_CHARS = 6_000
#: The first section of a long document is this many times smaller, and each next one twice the one before, up to
#: ``SECTION_CHARS``: the reviewer waits only for the first, which then needs only the lexicons of the languages
#: its few passages are in (loading each is most of the wait), and the later ones still come in big pieces.
FIRST_SECTION_DIVISOR = 8


_VARIANT_CLASS = {c: "[\u064a\u0649\u06cc]" for c in "\u064a\u0649\u06cc"} | {c: "[\u0643\u06a9]" for c in "\u0643\u06a9"}


class ReviewError(OcrfixError):
    """A review action that cannot be done now (no finding, no candidate, nothing to undo, ...)."""


@dataclass(frozen=True)
class PassageInfo:
    """What the status line says about a passage."""

    index: int
    """0-based among the document's passages."""
    span: Span
    """Code points of the document's text."""
    language: str
    label: str
    """``clean``, ``noisy``, ``garbled`` or ``too-short``."""
    score: float
    """In [0, 1]; 1 = garbled."""
    diagnosis: str | None = None
    """``wrong-ocr-model`` when the scorer found the passage misread by a model for another language."""
    diagnosis_message: str | None = None


@dataclass(frozen=True)
class Section:
    """Findings of one stretch of a document, computed together (see :func:`find_sections`)."""

    span: Span
    passages: tuple[PassageInfo, ...]
    findings: tuple[Finding, ...]
    """In text order; spans, lines and passage indexes are those of the whole document."""


@dataclass(frozen=True)
class FindingStatus:
    """The decision in force on one finding."""

    decision: str
    """``accept``, ``edit``, ``reject``, ``uncertain`` or ``add-to-lexicon``."""
    replacement: str | None
    """The new text for ``accept``/``edit``; the suggestion turned down for the others."""
    record: str
    """Id of the record in force."""
    alike: bool
    """True when decided by an "all alike" record made on another occurrence."""

    @property
    def changes_text(self) -> bool:
        return self.decision in CHANGING


@dataclass(frozen=True)
class Progress:
    decided: int
    total: int
    """Findings known so far."""
    complete: bool
    """False while findings of later sections are still being computed."""
    hidden: int = 0
    """Findings left out because their best suggestion is below the session's ``min_confidence``."""


@dataclass(frozen=True)
class AlikePreview:
    """What an "all alike" decision on the current finding would cover."""

    text: str
    places: int
    """Places it decides: this one plus the alike occurrences no decision of their own covers."""
    samples: tuple[str, ...]
    """A few of those places with some context, one line each."""


@dataclass(frozen=True)
class SaveReport:
    path: str
    records: int
    """Records in the patch (undo records included)."""
    in_force: int
    """Decisions in force."""
    written: bool
    """False when nothing was decided yet, so no patch file exists."""


def _utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _passage_infos(passages: Sequence, offset: int, first_index: int) -> list[PassageInfo]:
    out = []
    for i, p in enumerate(passages):
        d = p.diagnoses[0] if p.diagnoses else None
        out.append(
            PassageInfo(
                first_index + i,
                Span(p.start + offset, p.end + offset),
                p.language,
                p.label,
                p.score,
                d.code if d else None,
                d.message if d else None,
            )
        )
    return out


def _section_bounds(text: str, whole_limit: int, section_chars: int) -> Iterator[Span]:
    """Cut ``text`` into sections at blank lines (at line ends when a passage runs on for too long), the first
    ``FIRST_SECTION_DIVISOR`` times smaller than ``section_chars`` and each next one twice as big, up to it.

    Found as they are asked for: the first section of a long document is not kept waiting for the last's bounds.
    """
    if len(text) <= whole_limit:
        yield Span(0, len(text))
        return
    target = max(1, section_chars // FIRST_SECTION_DIVISOR)
    start = 0
    blank = False
    last_line_end = None
    for line in iter_lines(text):
        end = line.span.end + len(line.terminator)
        is_blank = not line.span.slice(text).strip()
        size = line.span.start - start
        # Cut before the first non-blank line after a blank one once the section is big enough.
        if size >= target and not is_blank and (blank or size >= 4 * target):
            yield Span(start, line.span.start)
            start = line.span.start
            target = min(section_chars, 2 * target)
        blank = is_blank
        last_line_end = end
    if last_line_end is None or start < len(text):
        yield Span(start, len(text))


def find_sections(
    text: str,
    lexicons: LexiconSet,
    *,
    language: str | None = None,
    whole_limit: int = WHOLE_LIMIT,
    section_chars: int = SECTION_CHARS,
) -> Iterator[Section]:
    """Score ``text`` and find its suspicious tokens, one section at a time, in text order.

    A text of up to ``whole_limit`` code points is one section whose findings are exactly those of
    :func:`ocrfix.suggestions.suggest`. Longer texts are cut at blank lines into sections of about
    ``section_chars`` code points (the first ones smaller, see :func:`_section_bounds`), each scored and searched on
    its own, so the time to the first findings does not grow with the document. Pure: safe to run in a worker thread while the lexicons are not changed.

    Args:
        text: the document's decoded text.
        lexicons: the lexicons of the run.
        language: force a language, as ``ocrfix score --lang``.
        whole_limit: largest text handled in one piece (code points).
        section_chars: target section size for longer texts (code points).
    """
    passages_before = 0
    lines_before = 0
    for span in _section_bounds(text, whole_limit, section_chars):
        piece = span.slice(text)
        scored = score_document(piece, lexicons, language=language)
        found = suggest_document(piece, scored, lexicons)
        if span.start:
            found = [
                dataclasses.replace(
                    f,
                    span=Span(f.span.start + span.start, f.span.end + span.start),
                    line=f.line + lines_before,
                    passage=f.passage + passages_before,
                )
                for f in found
            ]
        yield Section(span, tuple(_passage_infos(scored.passages, span.start, passages_before)), tuple(found))
        passages_before += len(scored.passages)
        lines_before += piece.count("\n") + piece.count("\r") - piece.count("\r\n")


# Header components hash every shipped lexicon file: once per lexicon set is enough.
_COMPONENTS: weakref.WeakKeyDictionary[LexiconSet, tuple[list[Component], list[Component]]] = weakref.WeakKeyDictionary()


def _components(lexicons: LexiconSet) -> tuple[list[Component], list[Component]]:
    found = _COMPONENTS.get(lexicons)
    if found is None:
        found = _COMPONENTS[lexicons] = components_of(lexicons)
    return found


def _remove_from_project_lexicon(path: Path, form: str, language: str) -> None:
    """Take back the last line :func:`append_to_project_lexicon` wrote for ``form``, if it is still there."""
    if not path.exists():
        return
    entries = path.read_bytes().decode("utf-8").split("\n")
    wanted = f"{form}\t1\t{language}"
    for i in range(len(entries) - 1, -1, -1):
        if entries[i].rstrip("\r") == wanted:
            del entries[i]
            write_atomic(path, "\n".join(entries).encode("utf-8"))
            return


def _one_line(text: str) -> str:
    return text.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")


class ReviewSession:
    """The review of one document: its findings, where the reviewer is, and the decisions logged in its patch.

    Every decision method appends one record to the patch at once (nothing is kept only in memory), then moves on
    to the next undecided finding. Deciding a finding again replaces its earlier decision (``supersedes``), and
    :meth:`undo` takes back the latest decision in force, an "all alike" or a batch of records as one.

    Findings can come all at once (``compute=True``) or section by section: create the session with
    ``compute=False``, run :meth:`sections` (e.g. in a worker thread), hand each section to :meth:`add_section`
    and call :meth:`finish` at the end.

    Args:
        document_path: the text file to review.
        patch_path: its patch (default ``<document>.ocrfix.jsonl`` beside it); an existing one is resumed.
        lexicons: the lexicons of the run (default: the shipped ones).
        project_lexicon: the file :meth:`add_to_lexicon` appends to.
        reviewer: name recorded with each decision.
        clock: returns the UTC time to record, ISO 8601 (inject it for reproducible patches).
        language: force a language, as ``ocrfix score --lang``.
        encoding: decode the document with this encoding instead of detecting it.
        compute: find the suspicious tokens now (else feed sections, see above).
        min_confidence: list only the findings whose best suggestion has at least this confidence (and those the
            patch already decides), so that a long document can be walked from its most certain corrections; the
            others are counted in :attr:`progress` and left as they are.

    Raises:
        InputError: the document cannot be read.
        PatchError: the existing patch is malformed or was made for another version of the document.
    """

    def __init__(
        self,
        document_path: str | os.PathLike[str],
        *,
        patch_path: str | os.PathLike[str] | None = None,
        lexicons: LexiconSet | None = None,
        project_lexicon: str | os.PathLike[str] | None = None,
        reviewer: str | None = None,
        clock: Callable[[], str] | None = None,
        language: str | None = None,
        encoding: str | None = None,
        compute: bool = True,
        min_confidence: float = 0.0,
    ) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise ReviewError(f"min_confidence must be between 0 and 1, not {min_confidence}")
        self.path = Path(document_path)
        self.min_confidence = min_confidence
        self.hidden = 0
        """Findings left out below :attr:`min_confidence` so far."""
        self.document: Document = read_document(self.path, encoding)
        self.text = self.document.text
        self.patch_path = Path(patch_path) if patch_path is not None else patch_path_for(self.path)
        self.lexicons = lexicons if lexicons is not None else LexiconSet()
        self.project_lexicon = Path(project_lexicon) if project_lexicon is not None else None
        self.reviewer = reviewer
        self.clock = clock or _utc_now
        self.language = language
        self.findings: list[Finding] = []
        """Findings known so far, in text order (append-only: an index stays valid)."""
        self.passages: list[PassageInfo] = []
        self.index: int | None = None
        """The current finding, or None before the first findings arrive."""
        self.complete = False
        self._starts: list[int] = []
        self._by_span: dict[Span, list[int]] = {}
        self._waiting = True  # move to the first undecided finding as soon as there is one
        self._writer: PatchWriter | None = None
        self._records: list[Decision] = []
        self._sitting: list[str] = []  # ids appended by this session
        self._created_patch = False
        if self.patch_path.exists() and self.patch_path.stat().st_size:
            self._writer = PatchWriter(self.patch_path, self._header(created=None))
            self._records = list(self._writer.decisions)
        self._status: dict[Span, FindingStatus] = {}
        self._index: SearchText | None = None  # the text's NFC view, built when "all alike" is first asked about
        self._refresh()
        if compute:
            for section in self.sections():
                self.add_section(section)
            self.finish()

    # -- findings --------------------------------------------------------------------------------------------------

    def sections(self) -> Iterator[Section]:
        """Compute the findings section by section (see :func:`find_sections`); does not change the session."""
        return find_sections(self.text, self.lexicons, language=self.language)

    def add_section(self, section: Section) -> None:
        """Add the findings of a computed section (sections must come in text order)."""
        first = len(self.findings)
        for f in section.findings:
            if self.min_confidence and (f.best is None or f.best.confidence < self.min_confidence) and f.span not in self._status:
                self.hidden += 1
                continue
            self._by_span.setdefault(f.span, []).append(len(self.findings))
            self.findings.append(f)
            self._starts.append(f.span.start)
        self.passages.extend(section.passages)
        if self._waiting:
            nxt = self._undecided_from(first)
            if nxt is not None:
                self.index = nxt
                self._waiting = False
            elif self.index is None and self.findings:
                self.index = first

    def finish(self) -> None:
        """Mark the findings complete."""
        self.complete = True
        self._waiting = False
        if self.index is None and self.findings:
            nxt = self._undecided_from(0)
            self.index = nxt if nxt is not None else 0

    @property
    def current(self) -> Finding | None:
        return self.findings[self.index] if self.index is not None else None

    def passage_of(self, finding: Finding) -> PassageInfo | None:
        """The passage a finding is in (None if its section has not arrived)."""
        if 0 <= finding.passage < len(self.passages):
            return self.passages[finding.passage]
        return None

    def findings_between(self, start: int, end: int) -> range:
        """Indexes of the findings starting in code points ``[start, end)``."""
        return range(bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end))

    # -- state derived from the log --------------------------------------------------------------------------------

    def _refresh(self) -> None:
        self._live = effective_decisions(self._records)
        own: dict[Span, FindingStatus] = {}
        alike: dict[Span, FindingStatus] = {}
        for d in self._live:
            if d.span is None:
                continue
            own[d.span] = FindingStatus(d.decision, d.replacement, d.id, False)
            for a in d.alike:
                alike[a.span] = FindingStatus(d.decision, d.replacement, d.id, True)
        # A decision on a place itself wins over an "all alike" made elsewhere, whatever their order (as in apply).
        alike.update(own)
        self._status = alike
        self._own = own

    def status(self, index: int) -> FindingStatus | None:
        """The decision in force on finding ``index``, or None when it is undecided."""
        return self._status.get(self.findings[index].span)

    def is_decided(self, index: int) -> bool:
        return self.findings[index].span in self._status

    @property
    def progress(self) -> Progress:
        # Walks the decisions, not the findings: the status line asks on every redraw, and hashing thousands of
        # spans there took milliseconds of each frame on a long document.
        decided = sum(len(self._by_span.get(span, ())) for span in self._status)
        return Progress(decided, len(self.findings), self.complete, self.hidden)

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """Every record of the patch, in order (undo records included)."""
        return tuple(self._records)

    @property
    def can_undo(self) -> bool:
        return bool(self._last_action())

    @property
    def learned(self) -> tuple[tuple[str, str], ...]:
        """``(form, language)`` of the words this sitting added to the project lexicon and did not take back.

        The session never changes :attr:`lexicons` (a worker may be reading them); whoever opens the next document
        adds these with :meth:`LexiconSet.add_user_words`.
        """
        mine = set(self._sitting)
        return tuple(
            (unicodedata.normalize("NFC", d.exact), d.lang or "")
            for d in self._live
            if d.id in mine and d.decision == "add-to-lexicon"
        )

    @property
    def sitting(self) -> tuple[str, ...]:
        """Ids of the records this session appended."""
        return tuple(self._sitting)

    # -- moving ----------------------------------------------------------------------------------------------------

    def _undecided_from(self, start: int) -> int | None:
        for i in range(start, len(self.findings)):
            if not self.is_decided(i):
                return i
        return None

    def goto(self, index: int) -> Finding:
        """Make finding ``index`` current.

        Raises:
            ReviewError: there is no such finding (yet).
        """
        if not 0 <= index < len(self.findings):
            raise ReviewError(f"no finding {index + 1} (there are {len(self.findings)})")
        self.index = index
        self._waiting = False
        return self.findings[index]

    def next(self, *, undecided: bool = False) -> Finding | None:
        """Move to the next finding (the next undecided one with ``undecided``); None at the end."""
        start = 0 if self.index is None else self.index + 1
        for i in range(start, len(self.findings)):
            if not undecided or not self.is_decided(i):
                return self.goto(i)
        return None

    def previous(self, *, undecided: bool = False) -> Finding | None:
        """Move to the previous finding (the previous undecided one with ``undecided``); None at the start."""
        if self.index is None:
            return None
        for i in range(self.index - 1, -1, -1):
            if not undecided or not self.is_decided(i):
                return self.goto(i)
        return None

    def search(self, query: str) -> int | None:
        """Go to the next finding (after the current one, wrapping) whose text or a candidate contains ``query``.

        Comparison is case-insensitive in NFC, Persian letter variants alike. When no finding matches, the document
        text is searched and the first finding at or after the match is taken.

        Returns:
            The index of the finding found (now current), or None.
        """
        needle = lexicon_form(query)
        if not needle or not self.findings:
            return None
        n = len(self.findings)
        start = 0 if self.index is None else self.index + 1
        for k in range(n):
            i = (start + k) % n
            f = self.findings[i]
            if any(needle in lexicon_form(t) for t in [f.text] + [s.replacement for s in f.suggestions]):
                self.goto(i)
                return i
        origin = self.findings[self.index].span.end if self.index is not None else 0
        hit = self._find_in_text(query, origin)
        if hit is None:
            hit = self._find_in_text(query, 0)
        if hit is None:
            return None
        after = self.findings_between(hit, len(self.text) + 1)
        if after.start >= n:
            return None
        self.goto(after.start)
        return after.start

    def _find_in_text(self, query: str, pos: int) -> int | None:
        best = None
        for form in {unicodedata.normalize("NFC", query), unicodedata.normalize("NFD", query)}:
            # Persian letter variants match each other, as in lexicon lookups (ي ى ی; ك ک).
            pattern = "".join(_VARIANT_CLASS.get(c, regex.escape(c)) for c in form)
            m = regex.compile(pattern, regex.IGNORECASE | regex.V1).search(self.text, pos)
            if m is not None and (best is None or m.start() < best):
                best = m.start()
        return best

    def _advance(self) -> None:
        """After a decision: the next undecided finding, else the first undecided one, else stay (and wait)."""
        start = 0 if self.index is None else self.index + 1
        nxt = self._undecided_from(start)
        if nxt is None:
            nxt = self._undecided_from(0)
        if nxt is not None:
            self.index = nxt
        else:
            self._waiting = not self.complete

    # -- deciding --------------------------------------------------------------------------------------------------

    def _require(self) -> Finding:
        f = self.current
        if f is None:
            raise ReviewError("no finding to decide on yet")
        return f

    def prepare_header(self) -> None:
        """Hash the shipped lexicons and packs the patch header names, ahead of the first decision (which otherwise
        waits 20-40 ms for it). Safe in a worker thread; hashing lets the interface thread run meanwhile."""
        _components(self.lexicons)

    def _header(self, created: str | None):
        lex, packs = _components(self.lexicons)
        return new_header(self.document, self.path, self.patch_path, lexicons=lex, packs=packs, created=created)

    def _append(self, build: Callable[[str], Decision]) -> Decision:
        if self._writer is None:
            self._writer = PatchWriter(self.patch_path, self._header(created=self.clock()))
            self._created_patch = True
        record = self._writer.append(build(self._writer.next_id()))
        self._records.append(record)
        self._sitting.append(record.id)
        self._refresh()
        return record

    def _decide(
        self, decision: str, *, replacement: str | None, suggestion: Suggestion | None, scope: str = "occurrence"
    ) -> Decision:
        f = self._require()
        previous = self._own.get(f.span)
        scores = {"confidence": suggestion.confidence, "score": f.score} if suggestion else {"score": f.score}
        record = self._append(
            lambda rid: decision_record(
                self.text,
                f.span,
                decision,
                id=rid,
                replacement=replacement,
                scope=scope,
                rule=" ".join(suggestion.rules) if suggestion else None,
                scores=scores,
                lang=f.language,
                reviewer=self.reviewer,
                ts=self.clock(),
                supersedes=(previous.record,) if previous else (),
            )
        )
        self._advance()
        return record

    def _candidate(self, candidate_index: int) -> Suggestion:
        f = self._require()
        if not 0 <= candidate_index < len(f.suggestions):
            raise ReviewError(f"no candidate {candidate_index + 1} for {f.text!r} ({len(f.suggestions)} candidates)")
        return f.suggestions[candidate_index]

    def accept(self, candidate_index: int = 0) -> Decision:
        """Accept candidate ``candidate_index`` (0 = the best) for the current finding.

        Raises:
            ReviewError: no current finding, or no such candidate.
        """
        s = self._candidate(candidate_index)
        return self._decide("accept", replacement=s.replacement, suggestion=s)

    def accept_text(self, replacement: str) -> Decision:
        """Replace the current finding by the reviewer's own text (an ``edit``).

        A replacement equal to a candidate is still an edit: the reviewer typed it. Equal to the original text, it is
        a :meth:`reject`.
        """
        f = self._require()
        if replacement == f.text:
            return self.reject()
        return self._decide("edit", replacement=replacement, suggestion=None)

    def reject(self) -> Decision:
        """Keep the OCR text of the current finding (the best candidate is recorded as the one turned down)."""
        f = self._require()
        return self._decide("reject", replacement=f.best.replacement if f.best else None, suggestion=f.best)

    def uncertain(self) -> Decision:
        """Flag the current finding as uncertain or illegible: left unchanged, but marked in the patch."""
        f = self._require()
        return self._decide("uncertain", replacement=f.best.replacement if f.best else None, suggestion=f.best)

    def add_to_lexicon(self) -> Decision:
        """Add the current finding's word to the project lexicon and keep it, here and at every alike place.

        Raises:
            ReviewError: no project lexicon was given, or the finding is not one word.
        """
        f = self._require()
        if self.project_lexicon is None:
            raise ReviewError("no project lexicon to add words to")
        form = unicodedata.normalize("NFC", f.text)
        if not form or any(c.isspace() for c in form):
            raise ReviewError(f"only a single word can be added to the lexicon, not {_one_line(f.text)!r}")
        append_to_project_lexicon(self.project_lexicon, form, f.language)
        turned_down = f.best.replacement if f.best else None
        record = self._decide("add-to-lexicon", replacement=turned_down, suggestion=f.best, scope="all")
        return record

    def _alike_places(self, f: Finding) -> list[Span]:
        if self._index is None:
            self._index = SearchText(self.text)
        return [a.span for a in find_alike(self.text, f.span, index=self._index) if a.span not in self._own]

    def count_alike(self) -> int:
        """How many places an "all alike" decision on the current finding would decide, this one included."""
        return len(self._alike_places(self._require())) + 1

    def preview_alike(self, limit: int = 3) -> AlikePreview:
        """The count of :meth:`count_alike` with a few of the places in context."""
        f = self._require()
        spans = [f.span] + self._alike_places(f)
        samples = []
        for span in spans[:limit]:
            a = capture(self.text, span, 30)
            before = regex.split(r"[\r\n]", a.prefix)[-1]
            after = regex.split(r"[\r\n]", a.suffix)[0]
            samples.append(f"{before}[{_one_line(span.slice(self.text))}]{after}")
        return AlikePreview(f.text, len(spans), tuple(samples))

    def accept_all_alike(self, candidate_index: int = 0) -> Decision:
        """Accept candidate ``candidate_index`` here and at every alike place in this file (``scope="all"``).

        Places that have a decision of their own keep it. See :meth:`count_alike` for how many places it covers.
        """
        s = self._candidate(candidate_index)
        return self._decide("accept", replacement=s.replacement, suggestion=s, scope="all")

    def reject_all_alike(self) -> Decision:
        """Keep the OCR text here and at every alike place in this file (``scope="all"``)."""
        f = self._require()
        return self._decide("reject", replacement=f.best.replacement if f.best else None, suggestion=f.best, scope="all")

    # -- undo ------------------------------------------------------------------------------------------------------

    def _last_action(self) -> list[Decision]:
        """The latest decision in force, with the other records in force of its batch."""
        live = self._live
        if not live:
            return []
        last = live[-1]
        if last.batch is None:
            return [last]
        return [d for d in live if d.batch == last.batch]

    def undo(self) -> tuple[Decision, ...]:
        """Take back the latest decision in force (a whole batch as one) by appending an undo record.

        What it had replaced is in force again; its finding becomes current. An undone ``add-to-lexicon`` also
        takes its line out of the project lexicon.

        Returns:
            The records taken back.

        Raises:
            ReviewError: nothing to undo.
        """
        targets = self._last_action()
        if not targets:
            raise ReviewError("nothing to undo")
        self._append(lambda rid: undo_record(targets, id=rid, reviewer=self.reviewer, ts=self.clock()))
        for d in targets:
            if d.decision == "add-to-lexicon" and self.project_lexicon is not None:
                _remove_from_project_lexicon(self.project_lexicon, unicodedata.normalize("NFC", d.exact), d.lang or "")
        first = targets[0]
        where = self._by_span.get(first.span) if first.span is not None else None
        if where:
            self.goto(where[0])
        return tuple(targets)

    def discard(self) -> int:
        """Take back every decision of this sitting: for "quit without saving".

        A patch this session created is removed; an existing one gets one undo record naming this sitting's
        decisions still in force, so the log stays append-only and the earlier state is in force again.

        Returns:
            How many decisions were taken back.
        """
        mine = set(self._sitting)
        live = [d for d in effective_decisions(self._records) if d.id in mine]
        for d in live:
            if d.decision == "add-to-lexicon" and self.project_lexicon is not None:
                _remove_from_project_lexicon(self.project_lexicon, unicodedata.normalize("NFC", d.exact), d.lang or "")
        if self._created_patch and self._writer is not None:
            self.patch_path.unlink(missing_ok=True)
            self._writer = None
            self._records = []
            self._created_patch = False
        elif live:
            self._append(lambda rid: undo_record(live, id=rid, reviewer=self.reviewer, ts=self.clock()))
        self._sitting.clear()
        self._refresh()
        return len(live)

    def save(self) -> SaveReport:
        """Report what the patch holds; every decision is already on disk (appended and fsynced when made)."""
        return SaveReport(
            str(self.patch_path),
            len(self._records),
            len(self._live),
            self._writer is not None,
        )
