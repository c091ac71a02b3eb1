"""Agenda 2030: a reference to one of the UN's Sustainable Development Goals is a link.

Plans and reports of every municipality and region name the global goals ("mål 11 i
Agenda 2030", "Globala målen 3, 5 och 10", "SDG 8", "Mål 4: God utbildning för alla").
They are the UN's goals, never the body's: a goal read with the title of a global goal is
dropped (:func:`is_sdg_goal`), and each reference becomes a link, ``styr:relatesToSdg``,
from the section it stands in and from every node whose evidence holds its line, to the
goal's concept in the UN's own vocabulary (``http://metadata.un.org/sdg/N``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Literal, URIRef

from .builder import Builder, sv
from .source import SourceText
from .textrepair import normalise_for_match
from .vocab import RDF, SKOS, STYR

#: The UN's vocabulary of the goals: ``{SDG_BASE}{n}`` is goal n.
SDG_BASE = "http://metadata.un.org/sdg/"
#: The goals' Swedish titles (Svenska FN-förbundet, Regeringskansliet).
TITLES = {
    1: "Ingen fattigdom",
    2: "Ingen hunger",
    3: "Hälsa och välbefinnande",
    4: "God utbildning för alla",
    5: "Jämställdhet",
    6: "Rent vatten och sanitet för alla",
    7: "Hållbar energi för alla",
    8: "Anständiga arbetsvillkor och ekonomisk tillväxt",
    9: "Hållbar industri, innovationer och infrastruktur",
    10: "Minskad ojämlikhet",
    11: "Hållbara städer och samhällen",
    12: "Hållbar konsumtion och produktion",
    13: "Bekämpa klimatförändringarna",
    14: "Hav och marina resurser",
    15: "Ekosystem och biologisk mångfald",
    16: "Fredliga och inkluderande samhällen",
    17: "Genomförande och globalt partnerskap",
}
_KEYS = {normalise_for_match(title): n for n, title in TITLES.items()}
_NUMBERS = r"\d{1,2}(?:\s*(?:,|och|samt|–|-)\s*(?:mål\s+)?\d{1,2})*"
# "mål 11 i Agenda 2030", "målen 3 och 5 i Agenda 2030"
_AFTER = re.compile(rf"\bmål(?:en|et)?\s+(?:nr\.?\s*)?(?P<n>{_NUMBERS})\s+i\s+agenda\s*2030", re.I)
# "Agenda 2030-mål 10", "globala målen 3, 5 och 10", "globalt mål 4", "SDG 8", "hållbarhetsmål 16"
_BEFORE = re.compile(
    rf"\b(?:agenda\s*2030[-\s]?mål(?:en|et)?|globala?\s+mål(?:en|et)?|globalt\s+mål"
    rf"|sdg|hållbarhetsmål(?:en|et)?)\s*(?:nr\.?\s*)?(?P<n>{_NUMBERS})\b",
    re.I,
)
_RANGE = re.compile(r"(\d{1,2})\s*[–-]\s*(\d{1,2})")
# "Mål 4: God utbildning för alla", "Globalt mål 11 – Hållbara städer och samhällen"
_TITLED = re.compile(r"^(?:globalt\s+)?mål\s+(?:nr\.?\s*)?\d{1,2}\s*[:.–-]\s*", re.I)


def sdg_iri(number: int) -> URIRef:
    return URIRef(f"{SDG_BASE}{number}")


def _numbers(text: str) -> Iterator[int]:
    for low, high in _RANGE.findall(text):
        yield from range(int(low), int(high) + 1)
    for number in re.findall(r"\d{1,2}", _RANGE.sub(" ", text)):
        yield int(number)


def references(text: str) -> list[int]:
    """Return the global goals ``text`` refers to, in order, each once."""
    found: list[int] = []
    for pattern in (_AFTER, _BEFORE):
        for match in pattern.finditer(text):
            found += [n for n in _numbers(match.group("n")) if 1 <= n <= 17]
    title = is_sdg_goal(text)
    if title and _TITLED.match(text.strip()):  # "Mål 4: God utbildning för alla"
        found.append(title)
    return list(dict.fromkeys(found))


def is_sdg_goal(text: str) -> int | None:
    """Return n when ``text`` is the title of global goal n ("Mål 11: Hållbara städer och
    samhällen", or a title of three words or more alone), else None. A title of one or two
    words alone ("Jämställdhet") may be a body's own heading."""
    text = text.strip()
    titled = _TITLED.match(text)
    rest = text[titled.end() :] if titled else text
    if not titled and len(rest.split()) < 3:
        return None
    return _KEYS.get(normalise_for_match(rest))


def link(b: Builder, src: SourceText) -> None:
    """Link the sections and nodes of ``b``'s source to the global goals their lines name."""
    lines: dict[int, list[int]] = {}
    for ln in src.lines:
        if "mål" in ln.text.lower() or "sdg" in ln.text.lower() or "2030" in ln.text:
            goals = references(ln.text)
            if goals:
                lines[ln.no] = goals
    if not lines:
        return
    written: set[int] = set()
    for no, goals in sorted(lines.items()):
        holders = [s.iri for s in b.sections if s.start <= no <= s.end]
        holders += [e for e, a, z in b.located if a <= no <= z and e not in b.mentioned]
        for holder in dict.fromkeys(holders):
            for n in goals:
                b.add(holder, STYR.relatesToSdg, sdg_iri(n))
        written.update(goals)
    for n in sorted(written):
        concept = sdg_iri(n)
        b.add(concept, RDF.type, SKOS.Concept)
        b.add(concept, SKOS.prefLabel, sv(TITLES[n]))
        b.add(concept, SKOS.notation, Literal(str(n)))
