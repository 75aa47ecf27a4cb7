"""The text model: spans, tokens, lines and passages of a decoded document.

Offsets are code points into the decoded text exactly as read (newlines, BOM-less, not normalised); ranges are
half-open ``[start, end)``. Comparison happens in NFC (``Token.norm``) while spans keep pointing into the original,
so NFD input is matched like NFC input and written back untouched.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

import regex

from ocrfix.normalize import nfc
from ocrfix.scripts import char_script, dominant_script

__all__ = [
    "Line",
    "Passage",
    "Span",
    "Token",
    "TextModel",
    "iter_lines",
    "lines",
    "nfc_view",
    "passages",
    "raw_tokens",
    "token_script",
    "tokenize",
]


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of code points in a document's decoded text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def slice(self, text: str) -> str:
        """Return the part of ``text`` this span covers."""
        return text[self.start : self.end]


@dataclass(frozen=True)
class Token:
    """A word, number or mark of a document."""

    span: Span
    text: str
    """The original code points (``span.slice(document_text)``)."""
    kind: str
    """``word`` (letters, possibly with OCR debris such as ``]`` or ``|`` inside), ``alnum`` (letters and digits),
    ``number``, ``marker`` (page numbers like ``-2-``), ``punct``, ``symbol``, ``markup`` (``<sup>``) or ``url``."""
    line: int
    """1-based number of the line the token starts on."""
    hyphen_break: bool = False
    """True when the word ends a line with a hyphen and continues on the next line (``слу-`` / ``жит``)."""

    @cached_property
    def norm(self) -> str:
        """The token in NFC, the form used for every comparison."""
        return nfc(self.text)

    @property
    def is_word(self) -> bool:
        return self.kind in ("word", "alnum")

    @cached_property
    def script(self) -> str | None:
        """Dominant script of the token's letters, or None when it has none."""
        return token_script(self.text)


@dataclass(frozen=True)
class Line:
    """One line of a document, without its terminator."""

    number: int
    """1-based."""
    span: Span
    terminator: str
    """``\\n``, ``\\r\\n``, ``\\r``, ``\\u2028``, ... or ``""`` for a last line without one."""


@dataclass(frozen=True)
class Passage:
    """A block of lines between blank lines, split again where the script changes."""

    index: int
    """0-based position among the document's passages."""
    span: Span
    first_line: int
    """1-based, inclusive."""
    last_line: int
    """1-based, inclusive."""
    script: str | None
    """Dominant script of its letters (ISO 15924), None when it has no letters."""


_LINE_BREAK = regex.compile(r"\r\n|[\n\r\u2028\u2029\x85\x0b\x0c]")
_DEBRIS = r"\]\[|{}¦"
# A piece of a word: letters, marks, digits, joiners, OCR debris, and apostrophes between letters; written as
# (char | apostrophe) char* (apostrophe char*)*, which matches what (char | apostrophe)+ does, with less backtracking.
_WORD_CHAR = rf"[\p{{L}}\p{{M}}\p{{N}}\u200c\u200d{_DEBRIS}]"
_APOSTROPHE = r"(?<=\p{L})['’ʼ](?=\p{L})"
_PIECE = rf"(?:{_WORD_CHAR}|{_APOSTROPHE}){_WORD_CHAR}*(?:{_APOSTROPHE}{_WORD_CHAR}*)*"
_TOKEN = regex.compile(
    r"(?P<url>(?:https?|ftp)://[^\s<>\"]+)"
    r"|(?P<markup></?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>\n]{0,80})?/?>)"
    # The hyphen first, then the look back past it: only a hyphen starts the (costlier) test.
    r"|(?P<marker>-(?<![\p{L}\p{N}-]-)\s?\p{Nd}{1,4}\s?-(?![\p{L}\p{N}-]))"
    r"|(?P<number>\p{Nd}+(?:[.,:/]\p{Nd}+)*(?![\p{L}\p{M}\p{Nd}]))"
    rf"|(?P<word>{_PIECE}(?:[-‐‑](?=[\p{{L}}\p{{N}}{_DEBRIS}]){_PIECE})*)"
    r"|(?P<punct>\p{P}+)"
    r"|(?P<symbol>[^\s\p{L}\p{M}\p{N}\p{P}]+)"
)
# Brackets that pair up on one line are punctuation, not OCR debris inside a word.
_BRACKET_PAIR = regex.compile(r"\[[^\[\]\n]{0,200}\]|\{[^{}\n]{0,200}\}")
# A closing parenthesis or a plus sign between two letters, or a closing parenthesis that starts a word, is what a
# model reading another alphabet makes of a letter it lacks (the Russian model writes ) and + for Azerbaijani ј and ғ:
# па)тахты, )ени, ота+ы); in text read correctly neither occurs there. Such a mark is taken as debris inside the word.
# So is a closing parenthesis next to other debris inside a word (``о)]унчулары``, ``муэ])эн``: ј read as ``)]``).
_MARK_DEBRIS = regex.compile(
    r"(?<=\p{L})\+(?=\p{L})|(?<=\p{L}[\]\[|{}¦)]*)\)(?=[\]\[|{}¦)]*\p{L})|(?<!\S)\)(?=[\]\[|{}¦)]*\p{L})"
)
_HYPHEN_END = regex.compile(r"[-‐¬]\p{Zs}*(?:\r\n|[\n\r\u2028])\p{Zs}*(?=\p{Ll})")
_HAS_LETTER = regex.compile(r"\p{L}")
_FIRST_LETTER = regex.compile(r"\p{L}")
# A token whose letters all belong to one script (the usual case) is classified without counting.
_SINGLE_SCRIPT = {
    "Cyrl": regex.compile(r"[\p{Script=Cyrillic}\P{L}]+"),
    "Latn": regex.compile(r"[\p{Script=Latin}\P{L}]+"),
    "Arab": regex.compile(r"[\p{Script=Arabic}\P{L}]+"),
}
_HAS_DIGIT = regex.compile(r"\p{N}")


def script_of(text: str) -> str | None:
    """Dominant script of the letters of ``text`` (ISO 15924), or None when it has none; fast when it has one."""
    m = _FIRST_LETTER.search(text)
    if m is None:
        return None
    first = char_script(m.group())
    single = _SINGLE_SCRIPT.get(first)
    if single is not None and single.fullmatch(text):
        return first
    return dominant_script(text)


#: :func:`script_of` remembered for tokens (short strings that repeat).
token_script = lru_cache(maxsize=65536)(script_of)


def lines(text: str) -> list[Line]:
    """Split ``text`` into lines at ``\\r\\n``, ``\\n``, ``\\r``, U+2028, U+2029, U+0085, VT and FF."""
    return list(iter_lines(text))


def iter_lines(text: str) -> Iterator[Line]:
    """The lines of :func:`lines`, found as they are asked for."""
    pos = 0
    number = 1
    for m in _LINE_BREAK.finditer(text):
        yield Line(number, Span(pos, m.start()), m.group())
        pos = m.end()
        number += 1
    if pos < len(text) or number == 1:
        yield Line(number, Span(pos, len(text)), "")


def _tokenizer_view(text: str) -> str:
    """What the tokenizer matches on: paired brackets turned into parentheses, and marks that stand for a letter
    (see ``_MARK_DEBRIS``) into debris; the same length as ``text``, so every offset stays."""
    brackets = "[" in text or "{" in text
    marks = [m.start() for m in _MARK_DEBRIS.finditer(text)] if ")" in text or "+" in text else []
    if not brackets and not marks:
        return text
    chars = list(text)
    for i in marks:
        chars[i] = "]"
    if brackets:
        for m in _BRACKET_PAIR.finditer(text):
            chars[m.start()] = "("
            chars[m.end() - 1] = ")"
    return "".join(chars)


def _line_starts(text: str) -> list[int]:
    return [line.span.start for line in lines(text)]


def _kind_of_word(piece: str) -> str:
    if piece.isalpha():
        return "word"  # the usual case, decided in C
    if not _HAS_LETTER.search(piece):
        if _HAS_DIGIT.search(piece) and piece.strip("]|[{}¦"):
            return "number" if piece.isdigit() else "alnum"
        return "symbol"
    return "alnum" if _HAS_DIGIT.search(piece) else "word"


def raw_tokens(text: str, start: int = 0, end: int | None = None, *, masked: str | None = None) -> list[tuple[str, str, int, int]]:
    """Tokens of ``text[start:end]`` as plain ``(kind, text, start, end)`` tuples: the fast path of :func:`tokenize`.

    Args:
        masked: ``text`` as the tokenizer sees it (paired brackets and letter-standing marks masked), when the caller
            already has it (see :class:`TextModel`).
    """
    masked = _tokenizer_view(text) if masked is None else masked
    end = len(text) if end is None else end
    out: list[tuple[str, str, int, int]] = []
    append = out.append
    for m in _TOKEN.finditer(masked, start, end):
        kind = m.lastgroup or "symbol"
        a, b = m.span()
        piece = text[a:b]
        if kind == "word" and not piece.isalpha():  # letters only: a word, decided without a call
            kind = _kind_of_word(piece)
        append((kind, piece, a, b))
    return out


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens (whitespace is not a token).

    >>> [(t.text, t.kind) for t in tokenize("Азэрба]чан 5X -2- 17105")]
    [('Азэрба]чан', 'word'), ('5X', 'alnum'), ('-2-', 'marker'), ('17105', 'number')]
    """
    starts = _line_starts(text)
    hyphen_ends = {m.start() for m in _HYPHEN_END.finditer(text)}
    return [
        Token(Span(a, b), piece, kind, bisect.bisect_right(starts, a), kind == "word" and b in hyphen_ends)
        for kind, piece, a, b in raw_tokens(text)
    ]


def _is_blank(text: str, line: Line) -> bool:
    return not line.span.slice(text).strip()


def passages(text: str, line_list: list[Line] | None = None) -> list[Passage]:
    """Group lines into passages: blocks between blank lines, split again where the dominant script changes.

    A line without letters (a page number, a stamp of digits) stays with the passage it is in.
    """
    line_list = lines(text) if line_list is None else line_list
    groups: list[list[tuple[Line, str | None]]] = []
    current: list[tuple[Line, str | None]] = []
    current_script: str | None = None
    for line in line_list:
        if _is_blank(text, line):
            if current:
                groups.append(current)
            current, current_script = [], None
            continue
        script = script_of(line.span.slice(text))
        if current and script is not None and current_script is not None and script != current_script:
            groups.append(current)
            current = []
        current.append((line, script))
        if script is not None:
            current_script = script
    if current:
        groups.append(current)
    out: list[Passage] = []
    for group in groups:
        first, last = group[0][0], group[-1][0]
        script = script_of(text[first.span.start : last.span.end])
        out.append(Passage(len(out), Span(first.span.start, last.span.end), first.number, last.number, script))
    return out


def nfc_view(text: str) -> tuple[str, list[int]]:
    """Return ``text`` in NFC and, for each NFC code point (plus one past the end), its offset in ``text``.

    Normalisation is done per grapheme cluster, so an NFC offset maps to the start of the original cluster it
    came from. For text already in NFC the map is the identity.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    out: list[str] = []
    offsets: list[int] = []
    for m in regex.finditer(r"\X", text):
        piece = unicodedata.normalize("NFC", m.group())
        out.append(piece)
        offsets.extend([m.start()] * len(piece))
    offsets.append(len(text))
    return "".join(out), offsets


@dataclass(frozen=True)
class TextModel:
    """Lines, tokens and passages of one text, computed once."""

    text: str

    @cached_property
    def lines(self) -> list[Line]:
        return lines(self.text)

    @cached_property
    def tokens(self) -> list[Token]:
        return tokenize(self.text)

    @cached_property
    def passages(self) -> list[Passage]:
        return passages(self.text, self.lines)

    @cached_property
    def masked(self) -> str:
        """The text as the tokenizer matches on it (see ``_tokenizer_view``)."""
        return _tokenizer_view(self.text)

    @cached_property
    def is_nfc(self) -> bool:
        """Whether the whole text is in NFC (then every token's NFC form is its text)."""
        return unicodedata.is_normalized("NFC", self.text)

    @cached_property
    def raw(self) -> list[tuple[str, str, int, int]]:
        """``(kind, text, start, end)`` of every token, tokenized once (see :func:`raw_tokens`)."""
        return raw_tokens(self.text, masked=self.masked)

    @cached_property
    def _raw_starts(self) -> list[int]:
        return [t[2] for t in self.raw]

    def raw_tokens_in(self, span: Span) -> list[tuple[str, str, int, int]]:
        """``(kind, text, start, end)`` of the tokens that start inside ``span``."""
        starts = self._raw_starts
        return self.raw[bisect.bisect_left(starts, span.start) : bisect.bisect_left(starts, span.end)]

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.span.start for t in self.tokens]

    @cached_property
    def _line_starts(self) -> list[int]:
        return [line.span.start for line in self.lines]

    def tokens_in(self, span: Span) -> list[Token]:
        """Tokens that start inside ``span``."""
        starts = self._token_starts
        return self.tokens[bisect.bisect_left(starts, span.start) : bisect.bisect_left(starts, span.end)]

    def line_of(self, offset: int) -> int:
        """1-based number of the line holding code point ``offset``."""
        return bisect.bisect_right(self._line_starts, offset)
