"""The expected facts of real corpus documents, as a person read them.

Each ``tests/fixtures/corpus/<stem>.yaml`` lists what a reader finds in
``../shared/corpus/goteborg/<stem>.txt`` (see ``tests/fixtures/corpus/README.md``).
These tests check the fixtures themselves: every fact has the keys its type needs,
with the right types, and its ``quote`` occurs on its ``line`` of the corpus file,
lines counted as ``grep -n`` counts them (form feeds do not end a line).
Comparing the loaders' graph with these facts is another test's work.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
CORPUS = ROOT.parent / "shared" / "corpus" / "goteborg"
FILES = sorted(FIXTURES.glob("*.yaml"))

MIN_DOCUMENTS = 14
MIN_KINDS = 7
MIN_FACTS = 300
MAX_QUOTE = 120

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SNAKE = re.compile(r"[a-z][a-z0-9_]*")
PARTIES = {"S", "V", "MP", "M", "L", "C", "KD", "SD", "D"}
STATUSES = {"fulfilled", "ongoing", "not_started", "closed", "not_fulfilled"}
ASSESSMENTS = {"likely", "possible", "unlikely"}
ACTS = {
    "yrkande",
    "återremissyrkande",
    "tilläggsyrkande",
    "ändringsyrkande",
    "reservation",
    "yttrande",
    "särskilt yttrande",
    "protokollsanteckning",
    "skiljaktig mening",
    "motion",
    "interpellation",
    "votering",
}
UNITS = {"mnkr", "tkr", "kr", "mdkr", "%", "procentenheter", "antal", "dagar", "m2"}

STR = (str,)
INT = (int,)
STR_OR_INT = (str, int)
LIST = (list,)
STR_OR_LIST = (str, list)

# type -> (required keys, optional keys), each key with the Python types it may take.
COMMON_OPTIONAL: dict[str, tuple[type, ...]] = {"note": STR}
SCHEMA: dict[str, tuple[dict[str, tuple[type, ...]], dict[str, tuple[type, ...]]]] = {
    "goal": ({"text": STR}, {"number": STR_OR_INT, "period": STR, "area": STR}),
    "goal_assessment": ({"goal": STR, "assessment": STR}, {"assessment_sv": STR, "by": STR}),
    "goal_responsibility": (
        {"goal": STR, "main_responsible": LIST, "responsible": LIST},
        {"goal_number": STR_OR_INT},
    ),
    "assignment": (
        {"to": STR_OR_LIST, "text": STR},
        {
            "given_by": STR,
            "given_on": STR,
            "paragraph": STR,
            "due": STR,
            "case_number": STR,
            "origin": STR,
            "with": LIST,
        },
    ),
    "assignment_status": (
        {"to": STR_OR_LIST, "text": STR, "status": STR},
        {
            "date": STR,
            "comment": STR,
            "given_by": STR,
            "given_on": STR,
            "paragraph": STR,
            "case_number": STR,
            "origin": STR,
            "decided_by": STR,
        },
    ),
    "proposed_assignment": (
        {"parties": LIST, "to": STR_OR_LIST, "text": STR},
        {"date": STR, "due": STR},
    ),
    "party_position": (
        {"parties": LIST, "act": STR},
        {"date": STR, "about": STR, "stance": STR},
    ),
    "table_cell": (
        {"table": STR, "row": STR, "column": STR, "value": STR, "unit": STR},
        {},
    ),
    "amount_in_prose": (
        {"subject": STR, "value": STR, "unit": STR},
        {"year": STR_OR_INT, "printed": STR},
    ),
    "indicator": (
        {"name": STR},
        {
            "target": STR,
            "baseline": STR,
            "outcome": STR,
            "unit": STR,
            "year": STR_OR_INT,
            "goal": STR,
        },
    ),
    "risk": ({"text": STR}, {"consequence": STR, "assessment": STR, "area": STR}),
    "control": ({"text": STR}, {"risk": STR, "method": STR, "frequency": STR}),
    "date": ({"date": STR, "what": STR}, {}),
}
DOC_REQUIRED: dict[str, tuple[type, ...]] = {
    "file": STR,
    "kind": STR,
    "kind_sv": STR,
    "body": STR,
    "year": INT,
    "facts": LIST,
}
DOC_OPTIONAL: dict[str, tuple[type, ...]] = {
    "title": STR,
    "case_number": STR,
    "meeting": STR,
    "paragraph": STR,
    "note": STR,
    "absent": LIST,
}


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: the top level must be a mapping"
    return data


def _corpus() -> Path:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CORPUS} is missing, and CI must not skip")
        pytest.skip("../shared/corpus is absent (corpus fact fixtures not checked against it)")
    return CORPUS


def _grep_lines(path: Path) -> list[str]:
    """Split a text into lines as ``grep -n`` numbers them: only ``\\n`` ends a line."""
    return path.read_bytes().decode("utf-8").split("\n")


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_keys(
    where: str,
    item: dict[str, Any],
    required: dict[str, tuple[type, ...]],
    optional: dict[str, tuple[type, ...]],
) -> list[str]:
    errors = [f"{where}: missing key {k!r}" for k in required if k not in item]
    allowed = required | optional
    for key, value in item.items():
        if key not in allowed:
            errors.append(f"{where}: unknown key {key!r}")
        elif not isinstance(value, allowed[key]) or isinstance(value, bool):
            errors.append(f"{where}: {key!r} is {type(value).__name__}, not {allowed[key]}")
        elif isinstance(value, str) and not value.strip():
            errors.append(f"{where}: {key!r} is empty")
        elif key != "facts" and isinstance(value, list) and not all(_text(v) for v in value):
            errors.append(f"{where}: {key!r} must be a list of non-empty strings")
    return errors


def _fact_errors(where: str, fact: dict[str, Any]) -> list[str]:
    kind = fact.get("type")
    if kind not in SCHEMA:
        return [f"{where}: unknown type {kind!r}"]
    required, optional = SCHEMA[kind]
    base = {"type": STR, "line": INT, "quote": STR}
    errors = _check_keys(where, fact, base | required, COMMON_OPTIONAL | optional)
    if errors:
        return errors
    if fact["line"] < 1:
        errors.append(f"{where}: line must be 1-based")
    if len(fact["quote"]) > MAX_QUOTE:
        errors.append(f"{where}: quote is longer than {MAX_QUOTE} characters")
    iso_keys = ["given_on"] if kind == "date" else ["given_on", "date"]
    for key in iso_keys:
        if key in fact and not ISO_DATE.fullmatch(fact[key]):
            errors.append(f"{where}: {key} {fact[key]!r} is not YYYY-MM-DD")
    if kind == "assignment_status" and fact["status"] not in STATUSES:
        errors.append(f"{where}: status {fact['status']!r} not in {sorted(STATUSES)}")
    if kind == "goal_assessment" and fact["assessment"] not in ASSESSMENTS:
        errors.append(f"{where}: assessment {fact['assessment']!r} not in {sorted(ASSESSMENTS)}")
    if "parties" in fact:
        unknown = set(fact["parties"]) - PARTIES
        if unknown or not fact["parties"]:
            errors.append(f"{where}: parties {sorted(unknown)} not in {sorted(PARTIES)}")
    if kind == "party_position" and fact["act"] not in ACTS:
        errors.append(f"{where}: act {fact['act']!r} not in {sorted(ACTS)}")
    if kind == "goal_responsibility" and not fact["main_responsible"]:
        errors.append(f"{where}: a goal needs at least one main responsible body")
    if kind in {"table_cell", "amount_in_prose"} and fact["unit"] not in UNITS:
        errors.append(f"{where}: unit {fact['unit']!r} not in {sorted(UNITS)}")
    if "paragraph" in fact and not fact["paragraph"].startswith("§"):
        errors.append(f"{where}: paragraph {fact['paragraph']!r} must read '§ N'")
    return errors


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_schema(path: Path) -> None:
    doc = _load(path)
    errors = _check_keys(path.name, doc, DOC_REQUIRED, DOC_OPTIONAL)
    if not errors:
        if doc["file"] != path.stem + ".txt":
            errors.append(f"{path.name}: file {doc['file']!r} is not {path.stem}.txt")
        if "meeting" in doc and not ISO_DATE.fullmatch(doc["meeting"]):
            errors.append(f"{path.name}: meeting {doc['meeting']!r} is not YYYY-MM-DD")
        if not SNAKE.fullmatch(doc["kind"]):
            errors.append(f"{path.name}: kind {doc['kind']!r} is not snake_case")
        for i, fact in enumerate(doc["facts"]):
            where = f"{path.name} fact {i + 1}"
            if not isinstance(fact, dict):
                errors.append(f"{where}: not a mapping")
                continue
            errors.extend(_fact_errors(where, fact))
        types = {f.get("type") for f in doc["facts"] if isinstance(f, dict)}
        for kind in doc.get("absent", []):
            if kind not in SCHEMA:
                errors.append(f"{path.name}: absent names unknown type {kind!r}")
            elif kind in types:
                errors.append(f"{path.name}: {kind!r} is both absent and listed")
        seen = Counter(yaml.safe_dump(f, sort_keys=True) for f in doc["facts"])
        errors += [f"{path.name}: fact {k} is listed {n} times" for k, n in seen.items() if n > 1]
    assert not errors, "\n".join(errors)


@pytest.mark.shared
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_quotes_are_on_their_lines(path: Path) -> None:
    doc = _load(path)
    source = _corpus() / doc["file"]
    assert source.is_file(), f"{path.name}: {source} does not exist"
    lines = _grep_lines(source)
    errors = []
    for i, fact in enumerate(doc["facts"]):
        line, quote = fact["line"], fact["quote"]
        where = f"{path.name} fact {i + 1} ({fact['type']}, line {line})"
        if not 1 <= line <= len(lines):
            errors.append(f"{where}: the file has {len(lines)} lines")
        elif quote not in lines[line - 1]:
            found = [n for n, text in enumerate(lines, 1) if quote in text]
            errors.append(f"{where}: {quote!r} is not on that line (found on {found[:5]})")
        elif "value" in fact and fact.get("printed", fact["value"]) not in lines[line - 1]:
            errors.append(f"{where}: the value {fact['value']!r} is not printed on that line")
    assert not errors, "\n".join(errors)


@pytest.mark.shared
def test_every_fixture_names_a_listed_document() -> None:
    index = _corpus() / "index.tsv"
    listed = {row.split("\t", 1)[0] for row in index.read_text(encoding="utf-8").splitlines()}
    missing = [p.name for p in FILES if _load(p)["file"] not in listed]
    assert not missing, f"not in index.tsv: {missing}"


def test_the_collection_is_broad_enough() -> None:
    docs = [_load(p) for p in FILES]
    kinds = {d["kind"] for d in docs}
    facts = sum(len(d["facts"]) for d in docs)
    assert len(docs) >= MIN_DOCUMENTS, f"{len(docs)} documents, want {MIN_DOCUMENTS}"
    assert len(kinds) >= MIN_KINDS, f"kinds {sorted(kinds)}, want {MIN_KINDS}"
    assert facts >= MIN_FACTS, f"{facts} facts, want {MIN_FACTS}"
