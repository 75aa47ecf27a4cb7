"""The one exception hierarchy of ocrfix and the exit codes the CLI maps it to."""

from __future__ import annotations

__all__ = [
    "EXIT_OK",
    "EXIT_FINDINGS",
    "EXIT_USAGE",
    "OcrfixError",
    "InputError",
    "BinaryFileError",
    "DecodingError",
    "LexiconError",
    "PatchError",
]

EXIT_OK = 0
#: Findings over a threshold (``--fail-above``) or conflicts while applying a patch.
EXIT_FINDINGS = 1
#: Usage or input error.
EXIT_USAGE = 2


class OcrfixError(Exception):
    """Base of every error ocrfix raises on purpose; its message is one line meant for a person."""

    exit_code = EXIT_USAGE


class InputError(OcrfixError):
    """A file or argument cannot be used as given."""


class BinaryFileError(InputError):
    """A file is not text."""


class DecodingError(InputError):
    """A file's bytes do not decode in the encoding given or detected."""


class LexiconError(OcrfixError):
    """A lexicon file is missing or malformed."""


class PatchError(OcrfixError):
    """A patch file is malformed or cannot be used."""
