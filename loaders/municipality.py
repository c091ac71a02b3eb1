"""Which municipality or region a source file belongs to: the one it names most.

"Göteborgs Stad", "Uddevalla kommun", "Lilla Edets kommun", "Göteborgs
kommunfullmäktige", "Region Halland": the place's name is read from its genitive
(:func:`_nominative`), and the source's municipality is the one named most
(:func:`municipality_of`).
"""

from __future__ import annotations

import re
from collections import Counter

from .ids import slug
from .source import SourceText

# --- Swedish words matched in the source -------------------------------------------------
# "Göteborgs Stad", "Uddevalla kommun", "Lilla Edets kommun"; "Göteborgs kommunfullmäktige"
_CITY = re.compile(
    r"\b((?:Lilla|Stora|Övre|Upplands)[\s-])?([A-ZÅÄÖ][a-zåäö]+)\s+"
    r"([Ss]tad|kommun(?:fullmäktige|styrelse)?)s?\b"
)
#: Capitalised words that stand before "kommun" or "stad" in prose without naming one
#: ("En kommun", "Hållbar stad", "Varje kommun").
_NOT_PLACES = frozenset(
    [
        "en",
        "ett",
        "den",
        "det",
        "denna",
        "detta",
        "varje",
        "annan",
        "annat",
        "hela",
        "samma",
        "egen",
        "ny",
        "nya",
        "hållbar",
        "grön",
        "trygg",
        "levande",
        "jämlik",
        "attraktiv",
        "öppen",
        "god",
        "vår",
        "sin",
        "större",
        "mindre",
        "vilken",
        "min",
        "din",
    ]
)
#: The 21 regions, by the names they use ("Västra Götalandsregionen" is one word with its
#: name, the others "Region X").
REGIONS = (
    "Region Stockholm", "Region Uppsala", "Region Sörmland", "Region Östergötland",
    "Region Jönköpings län", "Region Kronoberg", "Region Kalmar län", "Region Gotland",
    "Region Blekinge", "Region Skåne", "Region Halland", "Västra Götalandsregionen",
    "Region Värmland", "Region Örebro län", "Region Västmanland", "Region Dalarna",
    "Region Gävleborg", "Region Västernorrland", "Region Jämtland Härjedalen",
    "Region Västerbotten", "Region Norrbotten",
)  # fmt: skip
_REGION = re.compile(r"(?<!Business )\b(" + "|".join(map(re.escape, REGIONS)) + r")\b")


def municipality_of(src: SourceText) -> tuple[str, str]:
    """Return the slug and name of the municipality or region the source belongs to: the
    one it names most ("Göteborgs Stad", "Uddevalla kommun", "Region Halland")."""
    text = " ".join(ln.text for ln in src.lines)
    names = Counter(
        (m.group(1) or "") + m.group(2)
        for m in _CITY.finditer(text)
        if m.group(2).lower() not in _NOT_PLACES
        and (m.group(2).endswith("s") or m.group(3).lower() in {"stad", "kommun"})
    )
    regions = Counter(m.group(1) for m in _REGION.finditer(text))
    if regions and (not names or regions.most_common(1)[0][1] > names.most_common(1)[0][1]):
        region = regions.most_common(1)[0][0]
        return slug(region), region
    if not names:
        return "okand-kommun", "Okänd kommun"
    name = names.most_common(1)[0][0]
    base = _nominative(name, text)
    suffix = "Stad" if re.search(rf"\b{re.escape(name)}\s+Stad", text) else "kommun"
    return slug(base), f"{name} {suffix}"


def _nominative(name: str, text: str) -> str:
    """Return the place's own name from its genitive before "kommun" or "Stad" ("Göteborgs"
    → "Göteborg", "Eds" → "Ed"), keeping an s that is the name's ("Borås", "Hofors"): the
    name ending a clause after "i" ("i Hofors.") keeps it, the name without it standing as a
    word drops it; failing both, an s after a consonant is the genitive's, and one after a
    vowel the name's."""
    if not name.endswith("s"):
        return name
    base = name[:-1]
    if re.search(rf"\b[Ii]\s+{re.escape(name)}[.,;:!?]", text):
        return name  # "i Hofors." ends a clause: the s is the name's
    if re.search(rf"\b{re.escape(base)}(?![\wåäöÅÄÖ])", text):
        return base
    return base if base[-1:].lower() not in "aeiouyåäö" else name
