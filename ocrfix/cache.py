"""Derived data kept in the user's cache folder beside the lexicon cache, so a new process need not rebuild it.

A cache file is named by a digest of everything its value derives from (the caller's key parts, this module's
format version and the Python version, since ``marshal`` data is only valid for the Python that wrote it) and holds
a digest of its payload, so a stale file is never found and a damaged one is noticed. Reading never raises: a
missing, damaged or mismatched file is a miss and the caller rebuilds; writing is atomic and best effort (a
read-only cache folder only costs speed).

Stale files (of an older lexicon, pack, ocrfix or Python) would pile up, a few hundred megabytes a time, so a hit
marks its file as used (its modification time) and each write keeps only the most recently used files of its kind
(:func:`prune`).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from ocrfix.documents import write_atomic

__all__ = ["FORMAT", "KEEP_PER_KIND", "cache_dir", "cached_path", "mark_used", "prune", "read_blobs", "read_cached", "write_blobs", "write_cached"]

#: Version of the file layout (bump it when the header changes).
FORMAT = "1"
_MAGIC = b"ocrfix-cache\n"
_DIGEST_BYTES = 16
#: Files of one kind kept by :func:`prune`: the shipped lexicons and readings make 7 of each, so this leaves room for
#: a second installation with other data, or user lexicons, without rebuilding on every switch.
KEEP_PER_KIND = 12
#: A file used this recently (seconds) is never pruned: another process of the same run may be about to read it.
RECENT = 3600.0
#: A temporary file of an interrupted write is removed once it is this old (seconds).
ABANDONED = 3600.0


def cache_dir() -> Path:
    """The user's cache folder for ocrfix (``$XDG_CACHE_HOME/ocrfix`` or ``~/.cache/ocrfix``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ocrfix"


def mark_used(path: Path) -> None:
    """Record that ``path`` was just used (its modification time), so :func:`prune` keeps it; never raises."""
    try:
        os.utime(path)
    except OSError:
        pass


def prune(folder: Path, keep: int = KEEP_PER_KIND, *, now: float | None = None) -> list[Path]:
    """Delete all but the ``keep`` most recently used files of ``folder`` (sparing any used in the last
    :data:`RECENT` seconds), and temporary files older than :data:`ABANDONED`; return what was deleted. Never raises.
    """
    now = time.time() if now is None else now
    entries: list[tuple[float, Path]] = []
    deleted: list[Path] = []
    try:
        with os.scandir(folder) as it:
            for entry in it:
                try:
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    mtime = entry.stat(follow_symlinks=False).st_mtime
                except OSError:
                    continue
                if entry.name.startswith("."):
                    if entry.name.endswith(".tmp") and now - mtime > ABANDONED:
                        deleted.append(Path(entry.path))
                    continue
                entries.append((mtime, Path(entry.path)))
    except OSError:
        return []
    entries.sort(key=lambda e: (-e[0], e[1].name))
    deleted += [path for mtime, path in entries[keep:] if now - mtime > RECENT]
    gone = []
    for path in deleted:
        try:
            path.unlink()
            gone.append(path)
        except OSError:
            pass
    return gone


def cached_path(kind: str, *parts: str, suffix: str = ".marshal") -> Path:
    """The cache file of the value of ``kind`` derived from ``parts`` (strings that identify every input);
    ``suffix`` ``.blobs`` for :func:`write_blobs` files."""
    name = hashlib.sha256("\0".join((FORMAT, sys.version, kind, *parts)).encode("utf-8")).hexdigest()[:32]
    return cache_dir() / kind / f"{name}{suffix}"


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
    if not valid(value):
        return None
    mark_used(path)
    return value


def write_cached(path: Path, value: object) -> None:
    """Store ``value`` (plain dicts, lists, tuples, strings and numbers) at ``path``, atomically; never raises OSError."""
    payload = marshal.dumps(value)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, _MAGIC + _digest(payload) + payload)
    except OSError:
        return  # a read-only or full cache folder only costs speed
    prune(path.parent)


_BLOB_MAGIC = b"ocrfix-blobs\n"
_ALIGN = 16


def write_blobs(path: Path, meta: object, blobs: list[bytes]) -> None:
    """Store large binary arrays (``blobs``) with a small marshal-able ``meta`` value at ``path``, atomically; never
    raises OSError. Checked by CRC-32 rather than a cryptographic digest: tens of megabytes are read back in a few
    hundredths of a second, and a damaged file is still noticed."""
    head = marshal.dumps((meta, [len(b) for b in blobs]))
    # Each blob starts at a multiple of 16 bytes in the file, so arrays viewed in the bytes read back are aligned
    # (numpy copies an unaligned array on every search).
    parts = [struct.pack("<Q", len(head)), head]
    at = len(_BLOB_MAGIC) + 4 + 8 + len(head)
    for blob in blobs:
        pad = -at % _ALIGN
        parts += [b"\0" * pad, blob]
        at += pad + len(blob)
    body = b"".join(parts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, _BLOB_MAGIC + struct.pack("<I", zlib.crc32(body)) + body)
    except OSError:
        return  # a read-only or full cache folder only costs speed
    prune(path.parent)


def read_blobs(path: Path, valid: Callable[[object], bool]) -> tuple[object, list[memoryview]] | None:
    """``(meta, blobs)`` stored at ``path`` by :func:`write_blobs` (the blobs as views of one buffer, no copies), or
    None when the file is missing, damaged or ``valid`` rejects ``meta``."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    start = len(_BLOB_MAGIC) + 4
    if not data.startswith(_BLOB_MAGIC) or len(data) < start + 8:
        return None
    view = memoryview(data)
    if struct.unpack_from("<I", data, len(_BLOB_MAGIC))[0] != zlib.crc32(view[start:]):
        return None
    (size,) = struct.unpack_from("<Q", data, start)
    try:
        meta, lengths = marshal.loads(view[start + 8 : start + 8 + size])
    except (ValueError, EOFError, TypeError):
        return None
    offset = start + 8 + size
    if not isinstance(lengths, list) or not valid(meta):
        return None
    blobs = []
    for n in lengths:
        offset += -offset % _ALIGN
        if not isinstance(n, int) or offset + n > len(data):
            return None
        blobs.append(view[offset : offset + n])
        offset += n
    if offset != len(data):
        return None
    mark_used(path)
    return meta, blobs
