"""Find organisation names in Swedish text and normalise them to one key each.

The Swedish words matched here are the loaders' vocabulary for bodies; they are
kept together in this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .ids import slug
from .textrepair import collapse

# Kinds map to ontology classes in builder.ORG_CLASSES.
COUNCIL, EXECUTIVE, BOARD, COMMITTEE, ADMINISTRATION = (
    "council",
    "executive",
    "board",
    "committee",
    "administration",
)
COMPANY, COLLECTIVE, AUTHORITY, EXTERNAL = "company", "collective", "authority", "external"


@dataclass(frozen=True)
class Org:
    """A normalised organisation: ``key`` is its identity within a municipality."""

    key: str
    label: str
    kind: str
    abbreviation: str | None = None

    @property
    def is_political(self) -> bool:
        return self.kind in {COUNCIL, EXECUTIVE, BOARD, COMMITTEE}


_W = r"[a-zåäöéA-ZÅÄÖÉ]"
# "miljö- och klimatnämnden", "förskolenämnden", "nämnden för arbetsmarknad och vuxenutbildning"
# an adjective may come first: "tekniska nämnden", "sociala resursnämnden", "västra nämnden"
_ADJECTIVE = rf"(?:{_W}+(?:iska|ella|ala)|norra|södra|västra|östra|mellersta)\s"
# "nämnden för X", "nämnden för X och Y", "nämnden för X-, Y- och Z", "nämnden för äldre samt
# vård och omsorg": never cut short (a board named after "och" is a board of its own)
_FOR_WHAT = rf"{_W}+(?:-,\s{_W}+)*(?:-?\s(?:och|samt)\s(?!{_W}*(?:nämnd|styrelse)){_W}+){{0,2}}"
_BOARD = (
    # "äldre samt vård- och omsorgsnämnden" is one board
    rf"(?:{_ADJECTIVE})?(?:{_W}+\ssamt\s(?={_W}+-\s(?:och|samt)\s))?"
    rf"(?:{_W}+-\s(?:och|samt)\s)?{_W}*nämnde(?:n|rna)(?![\wåäö])"
    rf"(?:\sför\s(?:{_FOR_WHAT}))?"
)
# A company: capitalised words ending in "AB" ("Göteborgs Stads Parkerings AB", "Higab AB")
# or "AB" before its name ("AB Framtiden", "Förvaltnings AB Framtiden"); case matters.
_COMPANY_NAME = (
    r"(?-i:(?:[A-ZÅÄÖ][\w&-]*\s){0,4}AB\s[A-ZÅÄÖ][\wåäö-]+(?!\s+[A-ZÅÄÖ])"
    r"|(?:[A-ZÅÄÖ][\w&-]*\s){1,5}AB(?![\wåäö]))"
)
# "stadsledningskontoret", "miljöförvaltningen", "förvaltningen för Intraservice" (a name,
# as "nämnden för X"; "förvaltningen för att …" is no name)
_ADMINISTRATION = (
    rf"(?:{_W}+-\s(?:och|samt)\s)?{_W}*(?:förvaltningen|kontoret)(?![\wåäö])"
    rf"(?:\sför\s(?!(?:att|det|den|de|en|ett|sin|sina|sitt)\b)(?:{_FOR_WHAT}))?"
)
_COLLECTIVE = (
    r"(?:alla|samtliga|övriga|berörda|relevanta)\s+nämnder(?:\s+och\s+(?:bolags)?styrelse[rn]?)?"
)
_PATTERNS: list[tuple[str, str]] = [
    (COLLECTIVE, _COLLECTIVE),
    (EXECUTIVE, r"(?:kommun|region|landstings)styrelsen?(?:s)?(?:\s+som\s+nämnd)?"),
    (COUNCIL, r"(?:kommun|region|landstings)fullmäktige"),
    (COMMITTEE, rf"{_W}*utskott(?:et)?"),
    (COMPANY, rf"göteborgs\s+stadshus\s+ab|stadshus\s+ab|shab|{_COMPANY_NAME}"),
    (ADMINISTRATION, _ADMINISTRATION),
    (AUTHORITY, r"polismyndigheten|{_W}*myndigheten".replace("{_W}", _W)),
    (BOARD, _BOARD),
]
_ANY = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _PATTERNS), re.IGNORECASE)

_ABBREVIATIONS = {
    "kommunstyrelsen": "KS",
    "kommunfullmäktige": "KF",
    "stadsledningskontoret": "SLK",
    "personalutskottet": "PU",
    "göteborgs stadshus ab": "SHAB",
    "miljö- och klimatnämnden": "MKN",
}
_DASH_OCH = re.compile(r"(\w) [–-] ?och")
_NOT_BODIES = {"nämnden", "nämnderna", "kontoret", "förvaltningen", "myndigheten"}


def _canonical(kind: str, text: str) -> str:
    name = collapse(text).lower()
    if kind == EXECUTIVE:
        return name[: name.index("styrelse")] + "styrelsen"
    if kind == COMPANY and ("stadshus" in name or name == "shab"):
        return "göteborgs stadshus ab"
    if kind == COMPANY:
        return collapse(text)  # a company keeps its own spelling
    if kind == COLLECTIVE:
        name = name.replace("samtliga", "alla")
        name = re.sub(r"bolagsstyrelse[n]?$", "bolagsstyrelser", name)
    if kind == COMMITTEE and not name.endswith("et"):
        name += "et"
    # genitive after a compound ("nämndens") is not matched; plural kept as is
    return name


def _label(name: str) -> str:
    if name == "göteborgs stadshus ab":
        return "Göteborgs Stadshus AB"
    if name.endswith(" AB") or name.startswith("AB ") or " AB " in name:
        return name
    return name[:1].upper() + name[1:]


def make_org(kind: str, text: str) -> Org:
    """Return the normalised :class:`Org` for a matched name."""
    name = _canonical(kind, text)
    # a company is the same with or without its "AB" ("Higab AB", "Higab")
    key = slug(re.sub(r"\s+AB$", "", name)) if kind == COMPANY else slug(name)
    return Org(key=key, label=_label(name), kind=kind, abbreviation=_ABBREVIATIONS.get(name))


def find_orgs(text: str) -> list[tuple[Org, int, int]]:
    """Return every organisation named in ``text`` with its character span."""
    found: list[tuple[Org, int, int]] = []
    text = _DASH_OCH.sub(r"\1- och", text)
    for match in _ANY.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue
        name = collapse(match.group(0)).lower()
        if name in _NOT_BODIES:
            continue
        found.append((make_org(kind, match.group(0)), match.start(), match.end()))
    return found


def orgs_in(text: str) -> list[Org]:
    """Return the distinct organisations named in ``text``, in order."""
    seen: dict[str, Org] = {}
    for org, _, _ in find_orgs(text):
        seen.setdefault(org.key, org)
    return list(seen.values())


def body_from_title(title: str) -> Org | None:
    """Return the body a document is for ("Budget 2025 för kommunstyrelsen")."""
    match = re.search(r"\bför\s+(.+)$", title, re.IGNORECASE)
    if match:
        for org, start, end in find_orgs(title):  # "för" inside a name: "Nämnden för X"
            if start <= match.start() < end:
                return org
        named = orgs_in(match.group(1))
        if named:
            return named[0]
    named = orgs_in(title)
    return named[0] if named else None


# between two holders of one assignment: ", ", " och ", " samt ", ", och "
_HOLDER_GAP = re.compile(r"^(?:\s*,\s*(?:och\s+|samt\s+)?|\s+(?:och|samt)\s+)$")
# a proper name no pattern knows ("Business Region Göteborg", "Higab", "Got Event"): one to
# five capitalised words; "AB" may end it
_PROPER_NAME = re.compile(r"(?-i:[A-ZÅÄÖ][\w&-]*(?:\s+[A-ZÅÄÖ][\w&-]*){0,4})$")


def holders(text: str) -> list[Org]:
    """Return the bodies that hold an assignment, named before its "s uppdrag": the names at
    the end of ``text`` joined by "," / "och" / "samt". A capitalised name that is no known
    kind of body is a company ("Business Region Göteborg och Higab"): a holder of a
    council assignment that is not a board is one of the city's companies."""
    pieces: list[tuple[int, int, Org | None]] = [(a, z, org) for org, a, z in find_orgs(text)]
    # the stretches between the names found, split at the separators, may be names too
    out: list[Org] = []
    end = len(text.rstrip())
    position = end
    for a, z, org in reversed(pieces):
        if z < position and not _gap_or_names(text[z:position], out):
            return out
        if org is not None:
            out.insert(0, org)
        position = a
    _gap_or_names(text[:position], out, leading=True)
    return out


def _gap_or_names(stretch: str, out: list[Org], leading: bool = False) -> bool:
    """Read ``stretch`` (text between or before the bodies found) as separators and proper
    names, putting the names in front of ``out``; False when it is anything else."""
    parts = re.split(r"(\s*,\s*(?:och\s+|samt\s+)?|\s+(?:och|samt)\s+)", stretch)
    names: list[Org] = []
    for i, part in enumerate(parts):
        if i % 2 == 1 or not part.strip():
            continue
        if _PROPER_NAME.fullmatch(part.strip()):
            names.append(make_org(COMPANY, part.strip()))
        elif leading and i == 0:
            continue  # words before the first name ("Nedanstående uppdrag: …") are not names
        else:
            return False
    out[:0] = names
    return True


# "Lokalnämnden, numera stadsfastighetsnämnden", "Fastighetsnämnden (numera …)",
# "Fastighetsnämnden (stadsfastighetsnämnden)": a body and the one that now answers for it
_NOW_CALLED = re.compile(r"^\s*(?:,\s*numera|\(\s*(?:numera\s+)?)\s*$", re.IGNORECASE)


def renamed_in(text: str) -> list[tuple[Org, Org]]:
    """Return the bodies ``text`` names with the body that has taken their place."""
    found = find_orgs(text)
    pairs: list[tuple[Org, Org]] = []
    for (old, _, end), (new, start, _) in pairwise(found):
        if old.kind == new.kind and old.key != new.key and _NOW_CALLED.match(text[end:start]):
            pairs.append((old, new))
    return pairs
