"""String-based constraint components (SHACL 4.4): sh:minLength, sh:maxLength, sh:pattern,
sh:languageIn, sh:uniqueLang.

https://www.w3.org/TR/shacl/#core-components-string
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from rdflib import URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from ..model import ShaclError
from .base import Component, Context, Violation, is_true, sparql_string


class _LengthComponent(Component):
    """A bound on the length of each value node's string (``STRLEN(STR(v)) OP n``)."""

    component: ClassVar[URIRef]
    operator: ClassVar[str]

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        v = c.v
        for n in c.objects(cls.parameters[0]):
            ok = f"!isBlank({v}) && STRLEN(STR({v})) {cls.operator} {int(n)}"  # type: ignore[call-overload]
            yield Violation(cls.component, c.bad(ok), v)


class MinLengthComponent(_LengthComponent):
    """4.4.1 sh:minLength: each value node's string is at least n characters long.

    https://www.w3.org/TR/shacl/#MinLengthConstraintComponent. Parameter: ``sh:minLength``.
    """

    parameters = (SH.minLength,)
    component = SH.MinLengthConstraintComponent
    operator = ">="


class MaxLengthComponent(_LengthComponent):
    """4.4.2 sh:maxLength: each value node's string is at most n characters long.

    https://www.w3.org/TR/shacl/#MaxLengthConstraintComponent. Parameter: ``sh:maxLength``.
    """

    parameters = (SH.maxLength,)
    component = SH.MaxLengthConstraintComponent
    operator = "<="


class PatternComponent(Component):
    """4.4.3 sh:pattern: each value node's string matches the regular expression.

    https://www.w3.org/TR/shacl/#PatternConstraintComponent. Parameters: ``sh:pattern``
    and, optionally, ``sh:flags``.
    """

    parameters = (SH.pattern, SH.flags)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        for regex in c.objects(SH.pattern):
            flags = c.one(SH.flags)
            args = sparql_string(str(regex)) + (f", {sparql_string(str(flags))}" if flags else "")
            ok = f"!isBlank({c.v}) && REGEX(STR({c.v}), {args})"
            yield Violation(SH.PatternConstraintComponent, c.bad(ok), c.v)


class LanguageInComponent(Component):
    """4.4.4 sh:languageIn: each value node is a literal with one of the language tags.

    https://www.w3.org/TR/shacl/#LanguageInConstraintComponent. Parameter:
    ``sh:languageIn`` (a list of language ranges, matched by ``langMatches``).
    """

    parameters = (SH.languageIn,)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        v = c.v
        for head in c.objects(SH.languageIn):
            tags = [str(t) for t in Collection(c.compiler.shapes, head)]
            tests = " || ".join(f"langMatches(LANG({v}), {sparql_string(t)})" for t in tags)
            ok = f"isLiteral({v}) && ({tests or 'false'})"
            yield Violation(SH.LanguageInConstraintComponent, c.bad(ok), v)


class UniqueLangComponent(Component):
    """4.4.5 sh:uniqueLang: no two value nodes of a focus node share a language tag.

    https://www.w3.org/TR/shacl/#UniqueLangConstraintComponent. Parameter:
    ``sh:uniqueLang`` (on only when ``true``). One result per focus node and language.

    Raises:
        ShaclError: the shape is a node shape (it has no sh:path).
    """

    parameters = (SH.uniqueLang,)

    @classmethod
    def violations(cls, c: Context) -> Iterator[Violation]:
        if c.path is None:
            raise ShaclError(f"{SH.uniqueLang} needs a property shape (sh:path): {c.shape}")
        if not is_true(c.one(SH.uniqueLang)):
            return
        f, v, path = c.f, c.v, c.sparql_path
        a, b = c.compiler.fresh(), c.compiler.fresh()
        same = (
            f"{f} {path} {a}, {b} . FILTER (!sameTerm({a}, {b}) && LANG({a}) != '' "
            f"&& LCASE(LANG({a})) = LCASE(LANG({b})))"
        )
        if c.focus is not None:
            pattern = (
                f"{{ SELECT DISTINCT {f} (LCASE(LANG({a})) AS {v}) WHERE {{ {c.focus} {same} }} }}"
            )
        else:
            pattern = same
        yield Violation(SH.UniqueLangConstraintComponent, pattern, f"||{v}")
