"""Findings and scores computed in a separate process, so the interface never competes with them for the GIL.

Scoring and suggesting are CPU-bound Python; run in a thread beside the Textual event loop they slow every redraw
(the loop waits for the interpreter lock many times per frame). One long-lived process keeps its lexicons and
candidate indexes warm from one document to the next; requests go one at a time over a pair of queues. Nothing here
imports Textual: the child process imports only the core.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from ocrfix.errors import OcrfixError
from ocrfix.review import Section

__all__ = ["ComputeError", "SectionProcess"]

#: Seconds between checks that the child is still alive while waiting for an answer.
_POLL = 0.5


class ComputeError(OcrfixError):
    """The compute process failed or went away."""


def _serve(requests: Any, answers: Any, lexicon_spec: tuple[tuple[str, ...], str | None, str | None]) -> None:
    """The child process: answer requests until told to stop."""
    import importlib

    # The candidate search's numpy (about 0.1 s to import), now, while the parent still starts its interface.
    importlib.import_module("ocrfix.neighbours")
    from ocrfix.cli.common import lexicons_from_paths
    from ocrfix.review import find_sections
    from ocrfix.scoring import score_path

    lexicons = None
    running: Iterator[Section] | None = None
    running_key: str | None = None
    ahead: tuple[str, Any] | None = None  # the answer to the first "next", computed as soon as a document starts
    learned: set[tuple[str, str]] = set()
    niced = False

    def background() -> None:
        # Lower the priority once: on a busy machine the interface, not the background work, gets the processor
        # first. The first section of the first document comes before, at the caller's priority: the reviewer
        # is waiting for it, and niced it would also yield to other users' work.
        nonlocal niced
        if not niced and hasattr(os, "nice"):
            os.nice(5)
        niced = True

    while True:
        message = requests.get()
        kind = message[0]
        try:
            if lexicons is None:
                lexicons = lexicons_from_paths(*lexicon_spec)
            if kind == "stop":
                return
            if kind == "warm":
                answers.put(("ok", None))
            elif kind == "start":
                _, key, text, language, words = message
                new = [(form, 1.0, lang) for form, lang in words if (form, lang) not in learned]
                if new:
                    lexicons.add_user_words(new)
                    learned.update((form, lang) for form, _, lang in new)
                running, running_key = find_sections(text, lexicons, language=language), key
                answers.put(("ok", None))
                # The first section before it is asked for: the parent may have sent this early (see
                # SectionProcess.prepare) and still be starting its interface.
                ahead = _answer(lambda: next(running, None))
                background()
            elif kind == "next":
                if ahead is not None and running_key == message[1]:
                    answers.put(ahead)
                else:
                    section = next(running, None) if running is not None and running_key == message[1] else None
                    answers.put(("ok", section))
                ahead = None
            elif kind == "score":
                background()
                _, path, encoding, language = message
                answers.put(("ok", score_path(path, lexicons, language=language, encoding=encoding)))
            else:
                answers.put(("error", f"unknown request {kind!r}"))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which shows it; the child keeps serving
            answers.put(_failure(exc))


def _failure(exc: Exception) -> tuple[str, str]:
    """How the child reports a failed request."""
    return ("error", str(exc) if isinstance(exc, OcrfixError) else f"{exc.__class__.__name__}: {exc}")


def _answer(compute: Any) -> tuple[str, Any]:
    """The answer ``compute()`` gives, or the error it raises, as the child reports it."""
    try:
        return ("ok", compute())
    except Exception as exc:  # noqa: BLE001 - reported to the parent like any other failure of a request
        return _failure(exc)


def _context() -> Any:
    """How to start the child: ``fork`` while this process runs no other thread (as when ``ocrfix review`` starts,
    before Textual), on Linux; else ``spawn``.

    A forked child has the core imported already and starts in milliseconds, where a new interpreter takes 0.15-0.3 s
    to import it; but forking a process that runs other threads (Textual's, a queue's feeder) is not safe.
    """
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class SectionProcess:
    """A child process that computes the findings of documents section by section, and scores documents.

    The child starts when the object is made; make it early, before the caller starts any thread (see
    :func:`_context`).

    Args:
        lexicon_spec: ``(user lexicon files, their language, project lexicon or None)`` as
            :func:`ocrfix.cli.common.lexicon_args` gives; the child builds its own lexicons from it.
    """

    def __init__(self, lexicon_spec: tuple[tuple[str, ...], str | None, str | None]) -> None:
        context = _context()
        self._requests = context.Queue()
        self._answers = context.Queue()
        self._process = context.Process(
            target=_serve, args=(self._requests, self._answers, lexicon_spec), daemon=True, name="ocrfix-compute"
        )
        self.start_method = context.get_start_method()
        """``fork`` or ``spawn`` (see the class docstring)."""
        self._lock = threading.Lock()
        self._closed = False
        self._unanswered = 0  # requests sent without waiting (prepare) whose answers are still to be read
        self._prepared: tuple[str, str, str | None, tuple[tuple[str, str], ...]] | None = None
        self._process.start()  # at once, while the caller goes on (and before it starts any thread: see _context)

    def _call(self, *message: Any) -> Any:
        with self._lock:
            if self._closed:
                raise ComputeError("the compute process is closed")
            self._requests.put(message)
            early: ComputeError | None = None
            while self._unanswered:
                self._unanswered -= 1
                try:
                    self._receive()
                except ComputeError as exc:
                    early = early or exc  # reported once this request's own answer is read, to keep them in step
            value = self._receive()
            if early is not None:
                raise early
            return value

    def _receive(self) -> Any:
        while True:
            try:
                status, value = self._answers.get(timeout=_POLL)
            except queue.Empty:
                if not self._process.is_alive():
                    raise ComputeError(f"the compute process stopped (exit code {self._process.exitcode})") from None
                continue
            if status == "error":
                raise ComputeError(value)
            return value

    def warm(self) -> None:
        """Start the process and build its lexicon set (call from a worker thread)."""
        self._call("warm")

    def prepare(self, key: str, text: str, language: str | None, learned: Sequence[tuple[str, str]] = ()) -> None:
        """Have the child start on a document now, without waiting: :meth:`sections` with the same arguments then
        continues from there (``ocrfix review`` sends its document before it starts the interface)."""
        with self._lock:
            if self._closed:
                raise ComputeError("the compute process is closed")
            self._requests.put(("start", key, text, language, tuple(learned)))
            self._unanswered += 1
            self._prepared = (key, text, language, tuple(learned))

    def sections(self, key: str, text: str, language: str | None, learned: Sequence[tuple[str, str]] = ()) -> Iterator[Section]:
        """The sections of ``text`` (see :func:`ocrfix.review.find_sections`), computed in the child.

        Args:
            key: names the document; starting another document abandons this one.
            learned: ``(form, language)`` words added to the project lexicon since the process started.
        """
        with self._lock:
            prepared, self._prepared = self._prepared, None
        if prepared != (key, text, language, tuple(learned)):
            self._call("start", key, text, language, tuple(learned))
        while True:
            section = self._call("next", key)
            if section is None:
                return
            yield section

    def score(self, path: str, encoding: str | None = None, language: str | None = None) -> Any:
        """The :class:`~ocrfix.scoring.DocumentScore` of a file."""
        return self._call("score", path, encoding, language)

    def close(self) -> None:
        """Stop the child at once (a section being computed is abandoned)."""
        self._closed = True
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=2)
