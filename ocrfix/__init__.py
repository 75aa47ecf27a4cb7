"""ocrfix: find garbled OCR, propose OCR-aware corrections, review them, apply them as patches.

The public library API is re-exported here; every name is importable without Textual.
"""

from __future__ import annotations

__version__ = "0.1.0"

from ocrfix.documents import Document, decode_bytes, read_document
from ocrfix.errors import OcrfixError
from ocrfix.lexicon import Lexicon, LexiconSet, available_lexicons, load_lexicon
from ocrfix.patches import Decision, Patch, PatchWriter, decision_record, load_patch, new_header, undo_record
from ocrfix.patching import ApplyResult, apply_patch
from ocrfix.review import ReviewSession
from ocrfix.scoring import DocumentScore, PassageScore, score_path, score_text
from ocrfix.suggestions import Finding, Suggestion, suggest
from ocrfix.text import Line, Passage, Span, TextModel, Token, lines, passages, tokenize

__all__ = [
    "__version__",
    "ApplyResult",
    "Decision",
    "DocumentScore",
    "Patch",
    "PassageScore",
    "PatchWriter",
    "ReviewSession",
    "Finding",
    "Suggestion",
    "suggest",
    "apply_patch",
    "decision_record",
    "load_patch",
    "new_header",
    "score_path",
    "score_text",
    "undo_record",
    "Document",
    "Lexicon",
    "LexiconSet",
    "Line",
    "OcrfixError",
    "Passage",
    "Span",
    "TextModel",
    "Token",
    "available_lexicons",
    "decode_bytes",
    "lines",
    "load_lexicon",
    "passages",
    "read_document",
    "tokenize",
]
