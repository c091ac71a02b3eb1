"""Repair the defects that PDF text extraction leaves in Swedish documents.

Each function works on one line or one joined block and is pure.
"""

from __future__ import annotations

import re
import unicodedata

# "in\ufffdlytande" -> "inflytande": the replacement character stands for the
# "f" of a lost fi/fl ligature, so it is only repaired before an i or an l.
_LIGATURE = re.compile("\ufffd(?=[il])")
# "AÅ terrapportering" -> "Återrapportering": the extractor emits the base letter,
# then the composed letter and a space. Limited to a capital pair before lower case.
_SPLIT_CAPITAL = re.compile(r"(?<![\w])[AO]([ÅÄÖ]) ?(?=[a-zåäö])")
# "SLK-\n2023-01044": a hyphen at the end of a line that continues with digits.
_HYPHEN_DIGITS = re.compile(r"(?<=[A-Za-zÅÄÖåäö0-9])- (?=\d)")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (one seed file is NFD)."""
    return unicodedata.normalize("NFC", text)


def repair_line(raw: str) -> str:
    """Return a repaired, NFC, right-stripped copy of one source line.

    The leading single space that marks a page break in extracted text is
    removed; the rest of the indentation is kept.
    """
    text = nfc(raw).rstrip()
    if text.startswith(" ") and not text.startswith("  "):
        text = text[1:]
    text = _LIGATURE.sub("f", text)
    return _SPLIT_CAPITAL.sub(r"\1", text)


def join_lines(lines: list[str]) -> str:
    """Join repaired lines of one paragraph into one string with single spaces."""
    joined = " ".join(part.strip() for part in lines if part.strip())
    joined = _HYPHEN_DIGITS.sub("-", joined)
    return _SPACES.sub(" ", joined).strip()


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return _SPACES.sub(" ", text).strip()


def normalise_for_match(text: str) -> str:
    """Return a loose key for fuzzy matching: lower case, letters and digits only."""
    text = nfc(text).lower()
    text = re.sub(r"[^0-9a-zåäöéü]+", " ", text)
    return collapse(text)
