"""Derived data kept in the user's cache folder beside the lexicon cache, so a new process need not rebuild it.

A cache file is named by a digest of everything its value derives from (the caller's key parts, this module's
format version and the Python version, since ``marshal`` data is only valid for the Python that wrote it) and holds
a digest of its payload, so a stale file is never found and a damaged one is noticed. Reading never raises: a
missing, damaged or mismatched file is a miss and the caller rebuilds; writing is atomic and best effort (a
read-only cache folder only costs speed).
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Callable
from pathlib import Path

from ocrfix.documents import write_atomic
from ocrfix.lexicon import cache_dir

__all__ = ["FORMAT", "cached_path", "read_cached", "write_cached"]

#: Version of the file layout (bump it when the header changes).
FORMAT = "1"
_MAGIC = b"ocrfix-cache\n"
_DIGEST_BYTES = 16


def cached_path(kind: str, *parts: str) -> Path:
    """The cache file of the value of ``kind`` derived from ``parts`` (strings that identify every input)."""
    name = hashlib.sha256("\0".join((FORMAT, sys.version, kind, *parts)).encode("utf-8")).hexdigest()[:32]
    return cache_dir() / kind / f"{name}.marshal"


def _digest(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_DIGEST_BYTES).digest()


def read_cached(path: Path, valid: Callable[[object], bool]) -> object | None:
    """The value stored at ``path``, or None when the file is missing, damaged or ``valid`` rejects its value."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + _DIGEST_BYTES
    payload = data[head:]
    if not data.startswith(_MAGIC) or data[len(_MAGIC) : head] != _digest(payload):
        return None
    try:
        value = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return value if valid(value) else None


def write_cached(path: Path, value: object) -> None:
    """Store ``value`` (plain dicts, lists, tuples, strings and numbers) at ``path``, atomically; never raises OSError."""
    payload = marshal.dumps(value)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, _MAGIC + _digest(payload) + payload)
    except OSError:
        pass  # a read-only or full cache folder only costs speed
