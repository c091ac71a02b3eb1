"""Reading SPARQL text without parsing it: tokens that skip strings, IRIs and comments."""

from __future__ import annotations

import re

#: Strings (all four quotings), IRIs, comments, braces, and runs of anything else.
TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*|[{}]|[^\"'<#{}]+|."
)


def where_start(query: str) -> int | None:
    """Return the index just after the opening brace of the query's WHERE group, or None."""
    for match in TOKENS.finditer(query):
        if match.group() == "{":
            return match.end()
    return None


def code_only(query: str) -> str:
    """Return the query with strings and comments blanked (IRIs and keywords kept)."""
    return "".join(
        " " * len(m.group()) if m.group().startswith(("#", '"', "'")) else m.group()
        for m in TOKENS.finditer(query)
    )
