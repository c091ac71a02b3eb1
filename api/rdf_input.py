"""Check an RDF file before any parser reads it, and refuse what would make a parser fetch,
expand or recurse without bound.

Every RDF file styrgraf reads goes through :func:`check_rdf_file` (validation: data and
shapes) or :func:`check_store_file` (the store's loads, so ``serve``, ``publish`` and
``dump``) first. The decision is taken on parsed structure, never by searching the text:

* **RDF/XML** (``.rdf``, ``.owl``, ``.xml``, ``.trix``) is read through expat to its end,
  and a document type declaration (``<!DOCTYPE …>``), an entity declaration or an
  external entity is refused. Entities are how a 1 KB file becomes gigabytes ("billion
  laughs", quadratic blow-up) or makes a parser read another file or URL. Measured on this
  machine: Oxigraph's RDF/XML parser expands them with no limit (a 1 KB file took 2.7 GB
  before the allocator gave up, even with the declaration placed inside the root element,
  which Oxigraph accepts), and rdflib's handler joins the expanded text piece by piece, so
  it spins on the CPU long before expat's amplification limit trips. RDF/XML needs no
  DTD: a file that uses entities as namespace abbreviations is refused too and has to be
  expanded first (for example by converting it to Turtle). The file must be UTF-8 (or
  ASCII), so that expat sees the same structure as a parser that reads UTF-8 only.
* **JSON-LD** (``.jsonld``, ``.json``) is parsed with Python's ``json`` and every
  ``@context`` anywhere in the document (at the top, in a node, in a list of contexts, in
  a term definition's scoped context) must be an object or ``null``: a context named by
  an IRI (remote, ``file:`` or relative) is refused, and so is ``@import``. rdflib's
  JSON-LD parser fetches such contexts over the network or reads them from disk. We
  refuse every reference, our own ``/context.jsonld`` included, rather than map some to
  local copies: styrgraf writes its context inline in every JSON-LD it produces, so a
  reference only comes from elsewhere; inline the context to load such a file. JSON too
  deeply nested for Python's reader, JSON that does not parse, JSON that is not UTF-8,
  and JSON-LD over :data:`MAX_JSON_BYTES` (read whole to be checked; convert a larger
  file to N-Triples, which streams) are refused as well.
* Turtle, N-Triples, N-Quads, TriG and N3 have nothing to fetch or expand: they pass.
  Deep nesting in them is a parse error (rdflib's parser raises ``RecursionError``,
  Oxigraph's parsers do not recurse).

A name ending in ``.gz`` is checked through gzip, as the stores read it.

``owl:imports`` is never followed: neither rdflib's parsers nor Oxigraph read it, and
pySHACL runs with ``do_owl_imports=False`` (:mod:`api.shacl.reference`).
"""

from __future__ import annotations

import codecs
import gzip
import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, NoReturn, cast
from xml.parsers import expat

from loaders.errors import LoaderError

XML_SUFFIXES = {".rdf", ".owl", ".xml", ".trix"}
JSON_SUFFIXES = {".jsonld", ".json"}
#: JSON-LD is read whole to be checked; a larger file is refused (N-Triples streams).
MAX_JSON_BYTES = 128 * 2**20
CHUNK = 2**20
_READ_ERRORS = (OSError, EOFError, zlib.error)


class RefusedInputError(LoaderError):
    """The file is refused before parsing: reading it could fetch, expand or recurse."""


class _Refused(Exception):
    """Raised inside a parser's callback; becomes :class:`RefusedInputError`."""


def check_rdf_file(path: Path) -> None:
    """Refuse ``path`` if reading it could fetch something or grow without bound.

    Raises:
        RefusedInputError: the file is RDF/XML with a DTD or entities, or not well-formed
            or not UTF-8; or JSON-LD with a context or ``@import`` by reference, nested
            too deeply, too large, or not JSON; or it cannot be read.
    """
    name = path.name.lower().removesuffix(".gz")
    suffix = Path(name).suffix
    if suffix not in XML_SUFFIXES | JSON_SUFFIXES:
        return
    check = _check_xml if suffix in XML_SUFFIXES else _check_json
    try:
        with _open(path) as stream:
            check(path, stream)
    except _READ_ERRORS as exc:
        raise RefusedInputError(
            f"cannot read the file: {exc}", path=path, hint="check the path and the file"
        ) from exc


def check_store_file(path: Path) -> None:
    """:func:`check_rdf_file` for the store's loads: the store's error type.

    Raises:
        LoadError: as :func:`check_rdf_file` refuses (the store is unchanged).
    """
    from .store.base import LoadError

    try:
        check_rdf_file(path)
    except RefusedInputError as exc:
        raise LoadError(exc.message, path=path, line=exc.line, hint=exc.hint) from exc


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


# --- RDF/XML ---------------------------------------------------------------------------------
def _refuse(what: str) -> Callable[..., NoReturn]:
    def handler(*_: Any) -> NoReturn:
        raise _Refused(what)

    return handler


def _check_xml(path: Path, stream: IO[bytes]) -> None:
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse("a document type declaration (<!DOCTYPE …>)")
    parser.EntityDeclHandler = _refuse("an entity declaration (<!ENTITY …>)")
    parser.ExternalEntityRefHandler = _refuse("a reference to an external entity")
    decoder = codecs.getincrementaldecoder("utf-8")()
    hint = "expand the entities and drop the DOCTYPE (e.g. convert the file to Turtle)"
    try:
        while chunk := stream.read(CHUNK):
            parser.Parse(decoder.decode(chunk), False)
        parser.Parse(decoder.decode(b"", True), True)
    except _Refused as refused:
        raise RefusedInputError(
            f"refused before parsing: the RDF/XML holds {refused}; entities can expand a "
            "small file into gigabytes or read other files, so styrgraf reads no DTD",
            path=path,
            line=parser.CurrentLineNumber,
            hint=hint,
        ) from None
    except expat.ExpatError as exc:
        raise RefusedInputError(
            f"the RDF/XML is not well-formed XML: {expat.ErrorString(exc.code)}",
            path=path,
            line=exc.lineno,
            hint="check the file's syntax",
        ) from None
    except UnicodeDecodeError as exc:
        raise RefusedInputError(
            f"the RDF/XML is not UTF-8 (byte {exc.start} of a block of the file)",
            path=path,
            hint="save the file as UTF-8",
        ) from None


# --- JSON-LD ---------------------------------------------------------------------------------
_CHECKED = object()  # what an object becomes once its keys are checked: nothing is kept


def _check_context(value: object) -> None:
    """Refuse a context value that names a context (a string, also inside a list)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            raise _Refused(f'a context named by reference ("@context": "{item[:200]}")')
        if isinstance(item, list):
            stack.extend(item)
        # objects were checked when they were parsed (_check_pairs); null is allowed


def _check_pairs(pairs: list[tuple[str, Any]]) -> object:
    """Check one JSON object's keys as it is parsed (every object, at any depth).

    Duplicate keys are all checked: a parser may act on any of them.
    """
    for key, value in pairs:
        if key == "@context":
            _check_context(value)
        elif key == "@import":
            shown = value[:200] if isinstance(value, str) else value
            raise _Refused(f'a context to import ("@import": {json.dumps(shown)})')
    return _CHECKED


def _check_json(path: Path, stream: IO[bytes]) -> None:
    data = stream.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        raise RefusedInputError(
            f"the JSON-LD is larger than {MAX_JSON_BYTES // 2**20} MiB, the most styrgraf "
            "reads whole to check it",
            path=path,
            hint="convert it to N-Triples or N-Quads, which are read as a stream",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RefusedInputError(
            "the JSON-LD is not UTF-8",
            path=path,
            line=data[: exc.start].count(b"\n") + 1,
            hint="save the file as UTF-8 (JSON is UTF-8)",
        ) from None
    del data
    try:
        json.loads(text, object_pairs_hook=_check_pairs)
    except _Refused as refused:
        raise RefusedInputError(
            f"refused before parsing: the JSON-LD holds {refused}; contexts are never "
            "fetched or read from disk",
            path=path,
            hint="put the context in the file (an object under @context), e.g. the one "
            "styrgraf serves at /context.jsonld",
        ) from None
    except RecursionError:
        raise RefusedInputError(
            "the JSON is nested too deeply to read",
            path=path,
            hint="a JSON-LD document is a few levels deep; this file is not one",
        ) from None
    except json.JSONDecodeError as exc:
        raise RefusedInputError(
            f"the JSON-LD is not JSON: {exc.msg}",
            path=path,
            line=exc.lineno,
            hint="check the file's syntax",
        ) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise RefusedInputError(
            f"the JSON-LD cannot be read: {exc}", path=path, hint="check the file's syntax"
        ) from None
