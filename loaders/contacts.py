"""Officials' contact details in quoted text: found by their shape, and taken out.

A letterhead ("Handläggare … Telefon: 031-368 02 33 E-post: …@stadshuset.goteborg.se") is
quoted when a document's evidence starts on it. Unless personal data is asked for
(``--include-personal``), every quote and stated text the builder writes has its e-mail
addresses and phone numbers replaced by :data:`REDACTED`; names are left to the readers,
which never write them as nodes. The API applies the same pattern to all public output
(:mod:`api.privacy`), for data built by others.
"""

from __future__ import annotations

import re

REDACTED = "[kontaktuppgift borttagen]"
#: An e-mail address, or a Swedish or international phone number (031-368 01 10,
#: 0522-69 70 00, +46 31 368 01 10, 08-123 456 78).
CONTACT_TEXT = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w-])(?:\+46[ -]?|0)\d{1,3}[ -]?\d{2,3}(?:[ -]?\d{2,3}){1,3}(?![\w-])"
)


def redact(text: str) -> str:
    """Return ``text`` with its e-mail addresses and phone numbers replaced."""
    if "@" not in text and not any(ch.isdigit() for ch in text):
        return text
    return CONTACT_TEXT.sub(REDACTED, text)
