"""Decoding keeps every byte: encodings, BOMs, newline styles and normalisation forms round-trip exactly."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocrfix.documents import decode_bytes, encode_text, newline_style, read_document, write_atomic
from ocrfix.errors import BinaryFileError, DecodingError, InputError

SAMPLE = "Азэрба]чан сиктеа|\r\nкоината\rслу-\nжит\u2028می\u200cخواهم ə\n"


@pytest.mark.parametrize(
    ("name", "data", "encoding", "bom"),
    [
        ("utf8", SAMPLE.encode("utf-8"), "utf-8", False),
        ("utf8-bom", codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8", True),
        ("utf16le-bom", codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le", True),
        ("utf16be-bom", codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be", True),
        ("utf16le-nobom", "Привет, мир. Hello world.\n".encode("utf-16-le"), "utf-16-le", False),
        ("cp1251", "Уважаемый товарищ Хрущев, первое письмо я написал Вам.\r\n".encode("cp1251"), "cp1251", False),
        ("koi8r", "Уважаемый товарищ Хрущев, первое письмо я написал Вам.\n".encode("koi8-r"), "koi8-r", False),
    ],
)
def test_detects_encoding_and_round_trips(name: str, data: bytes, encoding: str, bom: bool) -> None:
    doc = decode_bytes(data)
    assert (doc.encoding, doc.bom) == (encoding, bom)
    assert doc.encode() == data


@pytest.mark.parametrize(
    ("text", "style"),
    [("a\nb\n", "LF"), ("a\r\nb\r\n", "CRLF"), ("a\rb\r", "CR"), ("a\r\nb\nc", "mixed"), ("abc", "none"), ("a\u2028b", "none")],
)
def test_newline_style(text: str, style: str) -> None:
    assert newline_style(text) == style
    assert decode_bytes(text.encode()).newline == style


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("empty", b"", InputError),
        ("nul-bytes", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00", BinaryFileError),
        ("controls", bytes(range(1, 9)) * 20, BinaryFileError),
        ("mixed-utf8-cp1251", "Привет мир, ".encode() + "товарищ".encode("cp1251"), DecodingError),
    ],
)
def test_refuses_bad_input(name: str, data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        decode_bytes(data)


def test_named_encoding_wins_and_bad_names_are_errors() -> None:
    data = "Уважаемый".encode("cp1251")
    assert decode_bytes(data, "cp1251").text == "Уважаемый"
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes(data, "no-such-codec")
    with pytest.raises(DecodingError, match="not valid utf-8"):
        decode_bytes(data, "utf-8")


def test_normalisation_form_is_reported_and_kept() -> None:
    nfd = unicodedata.normalize("NFD", "Ёлка café")
    doc = decode_bytes(nfd.encode())
    assert doc.normalization == "NFD"
    assert doc.text == nfd and doc.encode() == nfd.encode()


def test_read_document_limits_and_errors(tmp_path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    with pytest.raises(InputError, match="too large"):
        read_document(big, max_bytes=1000)
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="folder"):
        read_document(tmp_path)


def test_write_atomic_replaces_and_keeps_mode(tmp_path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


_TEXT = st.text(
    alphabet=st.sampled_from(list("аәбвгҹјһө]|-Aaé\u0301 ی\u200cك\r\n\u2028\t.5")),
    min_size=1,
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(text=_TEXT, encoding=st.sampled_from(["utf-8", "utf-16-le", "utf-16-be"]), bom=st.booleans())
def test_round_trip_property(text: str, encoding: str, bom: bool) -> None:
    if encoding != "utf-8" and not bom and not text.isascii():
        bom = True  # UTF-16 without BOM is only guessed for mostly-Latin text
    data = encode_text(text, encoding, bom)
    try:
        doc = decode_bytes(data, None if bom or encoding == "utf-8" else encoding)
    except BinaryFileError:
        return  # a text of tabs and controls only may honestly look binary
    assert doc.text == text
    assert doc.encode() == data


def test_write_atomic_new_file_follows_umask(tmp_path) -> None:
    import os

    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
