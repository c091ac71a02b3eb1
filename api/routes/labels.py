"""Labels of the IRIs a resource answer names, and the paths of their pages.

A :class:`Labels` collects the labels a query's rows carry, by IRI and language, and falls
back on the labels of the code lists and the ontology (:func:`vocabulary`), which are not
part of the served data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal
from rdflib.term import Node

from loaders.ontology import ontology


def vocabulary() -> Mapping[str, Mapping[str, str]]:
    """Return the labels (by language) of the code lists' concepts and the ontology's terms.

    The code lists (``ontology/kod.ttl``) are not part of the served data, so codes are
    labelled from the files, which :func:`loaders.ontology.ontology` reads once.
    """
    return ontology().labels


def page_of(iri: str, base: str) -> str | None:
    """Return the path of an entity's page: the IRI with the base replaced by ``/id/``."""
    return "/id/" + iri[len(base) :] if iri.startswith(base) and len(iri) > len(base) else None


@dataclass
class Labels:
    """Labels seen in the rows, by IRI and language."""

    base: str
    by_iri: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )

    def add(self, iri: str, label: Node) -> None:
        if isinstance(label, Literal):
            self.by_iri[iri][(label.language or "").lower()].add(str(label))

    def get(self, iri: str, lang: str) -> str | None:
        """Return the label in ``lang`` (Swedish also takes an untagged label), else the
        code lists' or the ontology's label, else None."""
        seen = self.by_iri.get(iri, {})
        keys = [k for k in seen if k == lang or k.startswith(lang + "-")]
        if not keys and lang == "sv" and "" in seen:
            keys = [""]
        texts = {text for key in keys for text in seen[key]}
        if texts:
            return min(texts)
        return vocabulary().get(iri, {}).get(lang)

    def merge(self, other: Labels) -> None:
        for iri, by_lang in other.by_iri.items():
            for lang, texts in by_lang.items():
                self.by_iri[iri][lang] |= texts

    def ref(self, iri: str) -> dict[str, Any]:
        """Return ``{iri, label, label_en, page}`` for an entity."""
        return {
            "iri": iri,
            "label": self.get(iri, "sv"),
            "label_en": self.get(iri, "en"),
            "page": page_of(iri, self.base),
        }

    def code(self, iri: str) -> dict[str, Any]:
        """Return a code-list concept as ``{iri, code, label, label_en}``."""
        return {
            "iri": iri,
            "code": iri.rstrip("/").rsplit("/", 1)[-1],
            "label": self.get(iri, "sv"),
            "label_en": self.get(iri, "en"),
        }
