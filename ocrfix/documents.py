"""Documents as bytes on disk: decoding with the facts needed to write them back exactly, and atomic writes.

A :class:`Document` keeps the decoded text with its newlines untouched (``\\r\\n`` stays two code points), so
``encode_text(doc.text, doc.encoding, doc.bom)`` gives back the source bytes. Every offset in ocrfix is a
code point index into ``Document.text``.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ocrfix.errors import BinaryFileError, DecodingError, InputError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Document",
    "decode_bytes",
    "encode_text",
    "newline_style",
    "read_document",
    "write_atomic",
]

#: Files larger than this are refused unless the caller raises the limit (bytes).
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_OF = {name: bom for bom, name in _BOMS}

# C0 controls that never appear in text files (tab, LF, VT, FF, CR and ESC excluded).
_CONTROL = {c for c in range(32) if c not in (9, 10, 11, 12, 13, 27)} | {127}
_CONTROL_BYTES = bytes(sorted(_CONTROL))
_CONTROL_CHARS = re.compile("[" + "".join(f"\\x{c:02x}" for c in sorted(_CONTROL)) + "]")


@dataclass(frozen=True)
class Document:
    """A decoded text file and what is needed to write it back byte for byte."""

    text: str
    """The decoded text, newlines as in the source; offsets everywhere are code points into it."""
    encoding: str
    """Python codec name (``utf-8``, ``utf-16-le``, ``cp1251``, ``koi8-r``, ...)."""
    bom: bool
    """Whether the source starts with a byte order mark (not part of ``text``)."""
    newline: str
    """Newline style of the source: ``LF``, ``CRLF``, ``CR``, ``mixed`` or ``none``."""
    normalization: str
    """``NFC``, ``NFD`` or ``mixed`` (neither); kept as is, never rewritten."""
    sha256: str
    """Hex digest of the source bytes."""
    path: str | None = None
    """Where it was read from, if from a file."""

    def encode(self, text: str | None = None) -> bytes:
        """Return ``text`` (default: this document's text) encoded as the source was."""
        return encode_text(self.text if text is None else text, self.encoding, self.bom)


def newline_style(text: str) -> str:
    """Return ``LF``, ``CRLF``, ``CR``, ``mixed`` or ``none`` for the line terminators in ``text``."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, n in (("LF", lf), ("CRLF", crlf), ("CR", cr)) if n]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"


def _normalization(text: str) -> str:
    if unicodedata.is_normalized("NFC", text):
        return "NFC"
    if unicodedata.is_normalized("NFD", text):
        return "NFD"
    return "mixed"


def encode_text(text: str, encoding: str, bom: bool) -> bytes:
    """Encode ``text`` with ``encoding``, prefixed by the encoding's byte order mark when ``bom``."""
    prefix = _BOM_OF.get(encoding, b"") if bom else b""
    return prefix + text.encode(encoding)


def _canonical_codec(name: str) -> str:
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise InputError(f"unknown encoding {name!r}") from None
    aliases = {"utf-16": "utf-16", "utf-32": "utf-32"}
    return aliases.get(info.name, info.name)


def _control_ratio(data: bytes) -> float:
    sample = data[:65536]
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


def _looks_utf16_without_bom(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _utf8_multibyte_runs(data: bytes) -> int:
    """Count well-formed UTF-8 multi-byte sequences (a sign of UTF-8 inside a legacy-encoded file)."""
    count, i, n = 0, 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            i += 1
            continue
        width = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
        if width and i + width <= n and all(0x80 <= c <= 0xBF for c in data[i + 1 : i + width]):
            count += 1
            i += width
        else:
            i += 1
    return count


def _guess_legacy_cyrillic(data: bytes) -> str | None:
    """Tell cp1251 from koi8-r by where the (mostly lower-case) Cyrillic letters fall, or None."""
    upper_half = sum(1 for b in data if b >= 0xE0)
    lower_half = sum(1 for b in data if 0xC0 <= b < 0xE0)
    if upper_half + lower_half < 0.5 * sum(1 for b in data if b >= 0x80):
        return None
    return "cp1251" if upper_half >= lower_half else "koi8-r"


def _first_bad_byte(data: bytes, encoding: str) -> int:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def decode_bytes(data: bytes, encoding: str | None = None, *, path: str | None = None) -> Document:
    """Decode a file's bytes, detecting the encoding unless one is named.

    Detected: UTF-8 (with or without BOM), UTF-16 and UTF-32 with BOM, UTF-16 without BOM, and legacy
    Cyrillic cp1251 / koi8-r. Binary data, empty files and files mixing UTF-8 with a legacy encoding are
    refused.

    Args:
        data: the file's bytes.
        encoding: a Python codec name to use instead of detection.
        path: where the bytes came from, kept on the document and used in messages.

    Returns:
        The decoded :class:`Document`.

    Raises:
        InputError: empty input or an unknown encoding name.
        BinaryFileError: the bytes are not text.
        DecodingError: the bytes do not decode.
    """
    if not data:
        raise InputError("empty file")
    digest = hashlib.sha256(data).hexdigest()
    bom = False
    body = data
    if encoding is not None:
        codec = _canonical_codec(encoding)
        if codec in ("utf-16", "utf-32"):
            detected = next((name for b, name in _BOMS if data.startswith(b) and name.startswith(codec)), None)
            if detected is None:
                raise DecodingError(f"{codec} needs a byte order mark; name utf-16-le or utf-16-be instead")
            codec = detected
        if codec in _BOM_OF and data.startswith(_BOM_OF[codec]):
            bom, body = True, data[len(_BOM_OF[codec]) :]
    else:
        codec = None
        for mark, name in _BOMS:
            if data.startswith(mark):
                codec, bom, body = name, True, data[len(mark) :]
                break
        if codec is None and b"\x00" in data[:65536]:
            codec = _looks_utf16_without_bom(data)
            if codec is None:
                raise BinaryFileError("binary file (contains NUL bytes)")
        if codec is None:
            if _control_ratio(data) > 0.02:
                raise BinaryFileError("binary file (control characters)")
            try:
                text = data.decode("utf-8")
                codec = "utf-8"
            except UnicodeDecodeError as exc:
                bad = exc.start
                if _utf8_multibyte_runs(data) >= 3:
                    raise DecodingError(
                        f"mixed encodings: valid UTF-8 in places but not at byte {bad}; "
                        "convert the file to one encoding first"
                    ) from None
                codec = _guess_legacy_cyrillic(data)
                if codec is None:
                    raise DecodingError(
                        f"not UTF-8 (byte {bad}) and not recognisably cp1251 or koi8-r; name it with --encoding"
                    ) from None
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        raise DecodingError(f"bytes at offset {exc.start + (len(data) - len(body))} are not valid {codec}") from None
    if text.startswith("\ufeff") and codec.startswith("utf"):
        raise DecodingError("more than one byte order mark at the start")
    if len(_CONTROL_CHARS.findall(text, 0, 65536)) > 0.02 * min(len(text), 65536):
        raise BinaryFileError(f"binary file (control characters after decoding as {codec})")
    return Document(
        text=text,
        encoding=codec,
        bom=bom,
        newline=newline_style(text),
        normalization=_normalization(text),
        sha256=digest,
        path=path,
    )


def read_document(path: str | os.PathLike[str], encoding: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and decode a text file (see :func:`decode_bytes`).

    Raises:
        InputError: the path is missing, a folder, unreadable or larger than ``max_bytes``.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise InputError(f"{p}: is a folder")
        if size > max_bytes:
            raise InputError(f"file too large ({size / 2**20:.1f} MiB; the limit is {max_bytes / 2**20:.0f} MiB)")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except IsADirectoryError:
        raise InputError("is a folder") from None
    return decode_bytes(data, encoding, path=str(p))


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A crash leaves either the old file or the new one, never a mix. An existing file's permission bits are kept.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            # mkstemp creates 0600; a new file gets the permissions any other new file would (0666 less umask).
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
