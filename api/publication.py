"""What the publisher configures: who publishes the dataset and how it is presented.

:class:`Publication` is checked when made (absolute IRIs, the vocabularies DCAT-AP-SE
asks for, a function mailbox as contact point); :func:`load_publication` reads it from a
TOML file (the project's defaults are in ``publish.toml``). :mod:`api.dataset_description`
turns it into the VoID and DCAT record.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from loaders.resources import publish_settings

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
EU = "http://publications.europa.eu/resource/authority/"
DATA_THEME = EU + "data-theme"
GOVE = DATA_THEME + "/GOVE"
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"


class PublicationError(ValueError):
    """A publication setting is missing or wrong; the message names the file and the key."""

    def __init__(self, message: str, *, file: Path | None = None, key: str | None = None) -> None:
        where = ": ".join(str(part) for part in (file, key) if part is not None)
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
        self.file = file
        self.key = key


@dataclass(frozen=True)
class Publication:
    """Who publishes the dataset and how it is presented; checked when made.

    Raises:
        PublicationError: a value is empty, not an absolute IRI where one is needed, not
            from the vocabulary DCAT-AP-SE asks for, or the contact address looks like a
            person's rather than a function mailbox (``key`` names the field).
    """

    #: The site root; entity IRIs are ``base + "id/…"``, the data files ``base + "data/…"``.
    base: str
    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    publisher_name: str
    #: The publisher's IRI, best the one the data itself uses for the organisation.
    publisher_iri: str
    #: A term of the ADMS publisher-type vocabulary (http://purl.org/adms/publishertype/…).
    publisher_type: str
    contact_name: str
    #: A function mailbox (``mailto:…``), never a person's address.
    contact_email: str
    license: str = CC0
    #: Terms of the EU data-theme authority table.
    themes: tuple[str, ...] = (GOVE,)
    keywords_sv: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()
    landing_page: str | None = None
    sparql_endpoint: str | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            values = value if isinstance(value, tuple) else (value,)
            for item in values:
                if item is None:
                    continue
                if not isinstance(item, str) or not item.strip():
                    raise PublicationError("must be a non-empty string", key=f.name)
                if f.name in _IRI_KEYS and not _ABSOLUTE_IRI.fullmatch(item):
                    raise PublicationError(f"{item!r} is not an absolute IRI", key=f.name)
        if not re.fullmatch(r"https?://\S+/", self.base):
            raise PublicationError(
                f"{self.base!r} must be an http(s) IRI ending in '/', e.g. "
                "'https://w3id.org/styrgraf/'",
                key="base",
            )
        if not self.publisher_type.startswith(PUBLISHER_TYPE):
            raise PublicationError(
                f"{self.publisher_type!r} is not an ADMS publisher type ({PUBLISHER_TYPE}…), "
                f"e.g. {PUBLISHER_TYPE}LocalAuthority",
                key="publisher_type",
            )
        if not self.themes:
            raise PublicationError("give at least one EU data theme", key="themes")
        for theme in self.themes:
            if not theme.startswith(DATA_THEME + "/"):
                raise PublicationError(
                    f"{theme!r} is not a term of the EU data-theme table ({DATA_THEME}/…)",
                    key="themes",
                )
        problem = _contact_problem(self.contact_email)
        if problem:
            raise PublicationError(problem, key="contact_email")


#: What each setting is, for the message when it is missing.
_KEY_HELP = {
    "base": "the site root, e.g. 'https://w3id.org/styrgraf/'",
    "title_sv": "the dataset's title in Swedish",
    "title_en": "the dataset's title in English",
    "description_sv": "the dataset's description in Swedish",
    "description_en": "the dataset's description in English",
    "publisher_name": "the publishing organisation's name",
    "publisher_iri": "the publishing organisation's IRI",
    "publisher_type": f"an ADMS publisher type, e.g. '{PUBLISHER_TYPE}LocalAuthority'",
    "contact_name": "the name of the contact point (an organisation or unit)",
    "contact_email": "a function mailbox, e.g. 'mailto:registrator@example.se'",
}
_IRI_KEYS = {"base", "publisher_iri", "publisher_type", "license", "themes", "landing_page",
             "sparql_endpoint"}  # fmt: skip
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
_MAILTO = re.compile(r"mailto:([^@\s/?]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
#: Words that make a mailbox's local part a function, not a person ("goteborgs.stad").
_FUNCTION_WORDS = {
    "admin", "data", "dataportal", "diarium", "epost", "info", "kansli", "kommun",
    "kontakt", "contact", "ks", "mail", "namnd", "nämnd", "office", "open", "opendata",
    "oppnadata", "öppnadata", "post", "press", "registrator", "registratur", "service",
    "stad", "staden", "stads", "support", "team", "webb", "web",
}  # fmt: skip
#: Stems that mark a function wherever they occur in the local part ("stadsledningskontoret").
_FUNCTION_STEMS = ("kommun", "registr", "diari", "kontakt", "contact", "forvaltning",
                   "förvaltning", "kontor", "support", "service", "kundcenter")  # fmt: skip


def _contact_problem(email: str) -> str | None:
    """Return why ``email`` is not a usable function mailbox, or None.

    A contact point in a public catalogue record is read by anyone and outlives staff
    changes, so DCAT-AP-SE wants an organisation's mailbox. A person's address cannot be
    told apart with certainty; this catches the common ``given.family@`` form: a local part
    of two or more words of letters, none of them a function word. Single words
    (``registrator@``, ``info@``) pass.
    """
    match = _MAILTO.fullmatch(email)
    if not match:
        return f"{email!r} must be a mailto: IRI of a function mailbox, e.g. 'mailto:info@…'"
    local = match.group(1).lower()
    words = [w for w in re.split(r"[._+-]", local) if w]
    if any(w in _FUNCTION_WORDS for w in words) or any(s in local for s in _FUNCTION_STEMS):
        return None
    if len(words) >= 2 and all(w.isalpha() for w in words):
        return (
            f"{email!r} looks like a person's address; give the organisation's function "
            "mailbox (e.g. registrator@…, info@…), which stays valid when staff change"
        )
    return None


def load_publication(path: Path | None) -> Publication:
    """Read the publication settings from the TOML file ``path`` (None: ``publish.toml``).

    The keys are :class:`Publication`'s fields, at the top level of the file.

    Raises:
        PublicationError: the file cannot be read or is not TOML, a required key is missing,
            a key is unknown, or a value has the wrong type or is not acceptable; the
            message names the file and the key.
    """
    file = (path or publish_settings()).resolve()
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PublicationError(f"cannot read the file: {exc.strerror or exc}", file=file) from exc
    except tomllib.TOMLDecodeError as exc:
        raise PublicationError(f"not valid TOML: {exc}", file=file) from exc
    known = {f.name: f for f in fields(Publication)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise PublicationError(
            f"unknown key (known: {', '.join(known)})", file=file, key=unknown[0]
        )
    values: dict[str, Any] = {}
    for name in known:
        if name not in raw:
            if name in _KEY_HELP:
                raise PublicationError(f"missing: {_KEY_HELP[name]}", file=file, key=name)
            continue
        values[name] = _typed(raw[name], name, file)
    try:
        return Publication(**values)
    except PublicationError as exc:
        raise PublicationError(exc.message, file=file, key=exc.key) from None


def _typed(value: object, name: str, file: Path) -> str | tuple[str, ...]:
    """Return ``value`` as the field ``name`` holds it: a string, or a tuple of strings."""
    if name in {"themes", "keywords_sv", "keywords_en"}:
        if not isinstance(value, list):
            raise PublicationError(
                f"must be an array of strings, not {_toml_type(value)}", file=file, key=name
            )
        for number, item in enumerate(value, 1):
            if not isinstance(item, str):
                raise PublicationError(
                    f"must be an array of strings; item {number} is {_toml_type(item)}",
                    file=file,
                    key=name,
                )
        return tuple(value)
    if not isinstance(value, str):
        raise PublicationError(f"must be a string, not {_toml_type(value)}", file=file, key=name)
    return value


def _toml_type(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", list: "an array",
             dict: "a table", str: "a string"}  # fmt: skip
    return names.get(type(value), type(value).__name__)
