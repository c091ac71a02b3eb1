"""Keep officials' contact data out of what the server publishes, unless configured in.

The loaders already leave names, phone numbers and e-mail addresses out of the graph;
this is the second line for data loaded from elsewhere: the contact properties of the
common vocabularies are removed from the store at start-up.
"""

from __future__ import annotations

CONTACT_PREDICATES = (
    "http://www.w3.org/2006/vcard/ns#hasEmail",
    "http://www.w3.org/2006/vcard/ns#email",
    "http://www.w3.org/2006/vcard/ns#hasTelephone",
    "http://www.w3.org/2006/vcard/ns#tel",
    "http://xmlns.com/foaf/0.1/mbox",
    "http://xmlns.com/foaf/0.1/mbox_sha1sum",
    "http://xmlns.com/foaf/0.1/phone",
    "http://schema.org/email",
    "http://schema.org/telephone",
    "https://schema.org/email",
    "https://schema.org/telephone",
    "http://www.w3.org/ns/org#hasContactPoint",
)


def _values() -> str:
    return " ".join(f"<{p}>" for p in CONTACT_PREDICATES)


def find_contacts() -> str:
    """Return a SELECT that finds a contact property in any named graph."""
    return f"SELECT ?s WHERE {{ VALUES ?p {{ {_values()} }} GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1"


def remove_contacts() -> str:
    """Return the SPARQL Update that deletes every contact property from the named graphs."""
    return (
        "DELETE { GRAPH ?g { ?s ?p ?o } } "
        f"WHERE {{ VALUES ?p {{ {_values()} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    )
