"""Batches of files: walking folders, and mapping a pure per-document function over worker processes.

Results come back in input order as they are ready, with a bounded number of documents in flight, so memory stays
flat however many files there are. Nothing here prints; progress goes to a callback.
"""

from __future__ import annotations

import fnmatch
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ocrfix.errors import InputError, OcrfixError

__all__ = ["Outcome", "iter_files", "map_documents"]

#: Names never worth opening: our own patches, VCS folders, caches.
_ALWAYS_SKIPPED_DIRS = {".git", ".hg", ".svn", "__pycache__", ".venv", "node_modules"}
_ALWAYS_SKIPPED_SUFFIXES = (".ocrfix.jsonl", ".rej.jsonl")


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: a result, or a one-line error."""

    path: str
    result: Any = None
    error: str | None = None
    explicit: bool = False
    """True when the path was named on the command line (not found by walking a folder)."""
    size: int = 0
    """Bytes read."""


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    name = os.path.basename(rel)
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


#: What a folder walk picks up when no ``--include`` is given.
DEFAULT_INCLUDE = ("*.txt",)


def iter_files(paths: Iterable[str], include: list[str] | None = None, exclude: list[str] | None = None) -> Iterator[tuple[str, bool]]:
    """Yield ``(path, explicit)`` for every file named or found under the folders named, in a stable order.

    Folders are walked recursively in sorted order; ``include``/``exclude`` are glob patterns matched against the
    path relative to the folder and against the file name (``include`` defaults to :data:`DEFAULT_INCLUDE`).
    Files named directly are always yielded.

    Raises:
        InputError: a named path does not exist.
    """
    include = list(include or DEFAULT_INCLUDE)
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for folder, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in _ALWAYS_SKIPPED_DIRS)
                for name in sorted(files):
                    full = os.path.join(folder, name)
                    rel = os.path.relpath(full, p)
                    if name.endswith(_ALWAYS_SKIPPED_SUFFIXES) or name.startswith("."):
                        continue
                    if include and not _matches(rel, include):
                        continue
                    if exclude and _matches(rel, exclude):
                        continue
                    yield full, False
        elif p.exists():
            yield str(p), True
        else:
            raise InputError(f"{raw}: no such file or folder")


_worker_state: dict[str, Any] = {}


def _no_context() -> None:
    return None


def _init_worker(setup: Callable[[], Any]) -> None:
    _worker_state["context"] = setup()


def _run_one(func: Callable[[str, Any], Any], path: str, explicit: bool) -> Outcome:
    try:
        size = os.path.getsize(path)
    except OSError:
        size = 0
    try:
        return Outcome(path, func(path, _worker_state.get("context")), None, explicit, size)
    except OcrfixError as exc:
        return Outcome(path, None, str(exc), explicit, size)
    except (OSError, UnicodeError) as exc:
        return Outcome(path, None, f"{exc.__class__.__name__}: {exc}", explicit, size)


def _run_some(func: Callable[[str, Any], Any], items: list[tuple[str, bool]]) -> list[Outcome]:
    return [_run_one(func, path, explicit) for path, explicit in items]


#: Files sent to a worker at a time: a task per file costs the collecting process about half a millisecond, as much
#: as a tenth of scoring a small file; a few files per task keep the workers' loads even at the end of a batch.
CHUNK_FILES = 8
#: ... and no more bytes than this per task (a large file goes alone), so a few big files still spread over workers.
CHUNK_BYTES = 64 * 1024


def _chunks(files: Iterable[tuple[str, bool]], count: int, limit: int) -> Iterator[list[tuple[str, bool]]]:
    items: list[tuple[str, bool]] = []
    size = 0
    for item in files:
        items.append(item)
        try:
            size += os.path.getsize(item[0])
        except OSError:
            pass  # the worker reports it
        if len(items) >= count or size >= limit:
            yield items
            items, size = [], 0
    if items:
        yield items


def map_documents(
    func: Callable[[str, Any], Any],
    files: Iterable[tuple[str, bool]],
    *,
    setup: Callable[[], Any] = _no_context,
    workers: int = 1,
    on_done: Callable[[Outcome], None] | None = None,
    chunk: int = CHUNK_FILES,
) -> Iterator[Outcome]:
    """Apply ``func(path, context)`` to every file and yield the outcomes in input order.

    Args:
        func: a picklable, pure function of one document (module-level); its :class:`OcrfixError` becomes the
            outcome's ``error``.
        files: ``(path, explicit)`` pairs, e.g. from :func:`iter_files`.
        setup: builds the per-worker context (e.g. the lexicons) once in each worker; module-level (picklable).
        workers: processes to use; 1 runs everything in this process.
        on_done: called with each outcome as it is yielded (progress).
        chunk: with several workers, most files handed to a worker at a time (fewer when they hold more than
            :data:`CHUNK_BYTES`); at most ``4 * workers * chunk`` files are in flight.
    """
    if workers <= 1:
        _init_worker(setup)
        for path, explicit in files:
            outcome = _run_one(func, path, explicit)
            if on_done:
                on_done(outcome)
            yield outcome
        return
    window = workers * 4
    pending: deque[Future[list[Outcome]]] = deque()
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(setup,)) as pool:
        chunks = _chunks(files, max(1, chunk), CHUNK_BYTES)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                items = next(chunks, None)
                if items is None:
                    exhausted = True
                    break
                pending.append(pool.submit(_run_some, func, items))
            if pending:
                for outcome in pending.popleft().result():
                    if on_done:
                        on_done(outcome)
                    yield outcome
