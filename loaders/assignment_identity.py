"""When two documents speak of one assignment, and the words its IRI is made from.

Two records are one assignment when they share a case number; else when they name the
same decision (if both name one), share a responsible body (if both name one, a renamed
body counted as the one it is now) and have nearly the same words (:func:`same_assignment`).
:class:`AssignmentGroups` groups records this way while comparing each only with the
groups that share its case number or some of its less common words. An assignment's IRI
is made from words that do not change when another document restates it
(:func:`key_text`).
"""

from __future__ import annotations

import re

from rdflib import URIRef

from .assignment_records import AssignmentRecord
from .merging import normalised, similar_at_least
from .orgs import find_orgs

ASSIGNMENT_MATCH = 0.8
#: Given by one decision to one body, a restatement may be reworded more.
SAME_DECISION_MATCH = 0.6


def core(text: str) -> str:
    """Return the part of an assignment text that identifies it."""
    lowered = text
    for marker in ("i uppdrag att ", "i uppdrag "):
        pos = lowered.find(marker)
        if pos >= 0:
            lowered = lowered[pos + len(marker) :]
            break
    return lowered.split(". ")[0]


_PARTNER = re.compile(r"^(?:i\s+samverkan|tillsammans|i\s+dialog)\s+med\s+", re.IGNORECASE)
_JOINER = re.compile(r"^(?:,\s*|(?:och|samt)\s+)", re.IGNORECASE)
_CITY_NAME = re.compile(r"\b\w+s\s+(?:stad|kommun)s?\b", re.IGNORECASE)


def key_text(text: str) -> str:
    """Return the words an assignment's IRI is made from.

    The key must not change when another document restates the assignment with
    small differences, so it leaves out what documents vary most: the partners
    ("i samverkan med förskolenämnden och …") and the city's name in its forms
    ("Göteborgs Stad", "Göteborgs Stads").
    """
    words = core(text).strip()
    partner = _PARTNER.match(words)
    if partner:
        rest = words[partner.end() :]
        while True:
            found = find_orgs(rest)
            joiner = _JOINER.match(rest)
            if found and found[0][1] == 0:
                rest = rest[found[0][2] :].lstrip()
            elif joiner:
                rest = rest[joiner.end() :]
            else:
                break
        words = rest
    return _CITY_NAME.sub(" ", words)


#: A body renamed or replaced, by (municipality, old key): the key of the one now.
Renamed = dict[tuple[str, str], str]


def _keys(rec: AssignmentRecord, renamed: Renamed) -> set[str]:
    """The keys of ``rec``'s responsible bodies, each as the body is called now."""
    out = set()
    for org in rec.responsible:
        key, seen = org.key, set()
        while (rec.municipality, key) in renamed and key not in seen:  # a chain of renames
            seen.add(key)
            key = renamed[(rec.municipality, key)]
        out.add(key)
    return out


def same_assignment(
    a: AssignmentRecord, b: AssignmentRecord, renamed: Renamed | None = None
) -> bool:
    """Whether two documents speak of one assignment: the same case number; else the same
    decision (when both name one), a responsible body in common (when both name one), and
    nearly the same words (:data:`ASSIGNMENT_MATCH`; :data:`SAME_DECISION_MATCH` when both
    name the decision that gave it to the same body)."""
    if a.case_number and b.case_number:
        return a.case_number == b.case_number
    if a.given_on and b.given_on and a.given_on != b.given_on:
        return False
    keys_a = _keys(a, renamed or {})
    keys_b = _keys(b, renamed or {})
    if keys_a and keys_b and not keys_a & keys_b:
        return False
    one_decision = bool(a.given_on and a.given_on == b.given_on and keys_a & keys_b)
    threshold = SAME_DECISION_MATCH if one_decision else ASSIGNMENT_MATCH
    return similar_at_least(core(a.text), core(b.text), threshold)


#: A word shared by more groups than this says little about which group a record is in; it
#: is not looked up (the cost of matching stays linear in the number of assignments).
COMMON_WORD = 48
_WORD = re.compile(r"\w{4,}")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(normalised(core(text))))


class AssignmentGroups:
    """Records of one assignment each, grouped as they are added.

    A record joins the first group (in the order they were made) whose first record
    :func:`same_assignment` finds the same assignment, and of no document already in it. Only
    groups sharing its case number or some of its less common words are compared: two
    texts alike to :data:`ASSIGNMENT_MATCH` share most of their words.
    """

    def __init__(self, renamed: Renamed | None = None) -> None:
        self.renamed: Renamed = renamed or {}
        self.groups: list[list[AssignmentRecord]] = []
        self._docs: list[set[tuple[str, URIRef]]] = []
        self._by_case: dict[tuple[str, str], list[int]] = {}
        self._by_word: dict[tuple[str, str], list[int]] = {}
        self._by_place: dict[str, list[int]] = {}
        #: How many pairs were compared (:func:`same_assignment`): the benchmark's measure of scale.
        self.comparisons = 0

    def add(self, rec: AssignmentRecord) -> None:
        index = self._find(rec)
        if index is not None:
            self.groups[index].append(rec)
            self._docs[index].add((rec.source, rec.doc_iri))
            return
        index = len(self.groups)
        self.groups.append([rec])
        self._docs.append({(rec.source, rec.doc_iri)})
        self._by_place.setdefault(rec.municipality, []).append(index)
        if rec.case_number:
            self._by_case.setdefault((rec.municipality, rec.case_number), []).append(index)
        for word in _words(rec.text):
            self._by_word.setdefault((rec.municipality, word), []).append(index)

    def _candidates(self, rec: AssignmentRecord) -> list[int]:
        place = rec.municipality
        found: dict[int, int] = {}
        for index in self._by_case.get((place, rec.case_number or ""), []):
            found[index] = 1_000
        words = _words(rec.text)
        looked = 0
        for word in words:
            posting = self._by_word.get((place, word), [])
            if len(posting) > COMMON_WORD:
                continue
            looked += 1
            for index in posting:
                found[index] = found.get(index, 0) + 1
        if words and not looked:  # only common words: compare with every group of the place
            return self._by_place.get(place, [])
        least = max(1, looked // 3)
        return sorted(i for i, hits in found.items() if hits >= least)

    def _find(self, rec: AssignmentRecord) -> int | None:
        for index in self._candidates(rec):
            if (rec.source, rec.doc_iri) in self._docs[index]:
                continue
            self.comparisons += 1
            if same_assignment(self.groups[index][0], rec, self.renamed):
                return index
        return None
