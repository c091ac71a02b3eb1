"""Settings for serving: where the data is, which store, and the public endpoint's limits.

Every setting has a safe default for a public endpoint and can be set from the
environment (``STYRGRAF_*``) or the ``styrgraf serve`` options.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from loaders.resources import queries_dir


@dataclass(frozen=True)
class Settings:
    """What the server serves and how it protects itself."""

    #: RDF files or folders loaded at start-up, one named graph per file.
    data: tuple[Path, ...] = (Path("data"),)
    #: A folder for a persistent embedded store; None keeps the store in memory.
    store_dir: Path | None = None
    #: A remote SPARQL 1.1 query endpoint; when set, the embedded store is not used.
    endpoint: str | None = None
    #: The remote Graph Store Protocol URL for loads (for `oxigraph serve`: .../store).
    graph_store: str | None = None
    #: The remote SPARQL Update URL, used after loads to rebuild the default graph.
    update_endpoint: str | None = None
    #: The user name for the remote store's writable endpoints (HTTP basic or digest).
    store_user: str | None = None
    #: Its password: from STYRGRAF_STORE_PASSWORD or --password, never shown or logged.
    store_password: str | None = field(default=None, repr=False)
    #: Seconds a query may run before it is stopped and the client gets 503.
    query_timeout: float = 10.0
    #: Rows a SELECT returns at most; a cut result is flagged.
    row_limit: int = 10_000
    #: Largest request body accepted, in bytes.
    max_request_bytes: int = 1_000_000
    #: Processes that evaluate queries side by side (and requests served at once).
    workers: int = 2
    #: Requests that may wait for a worker; beyond them the server answers 503
    #: (None: 32 per worker). See api/admission.py.
    queue_limit: int | None = None
    #: Largest request line plus headers, in bytes (431 beyond; api/http_server.py).
    max_header_bytes: int = 65_536
    #: SPARQL Update on /sparql: off unless a token is set.
    update_token: str | None = None
    #: Base of the entity IRIs the pages resolve.
    base_iri: str = "https://w3id.org/styrgraf/id/"
    #: Publish officials' contact data (e-mail, phone) if the data has any; off by default.
    include_personal: bool = False
    #: The folder of named queries (``*.rq``); the shipped ``queries/`` by default.
    queries: Path = field(default_factory=queries_dir)
    #: The publication settings (TOML) for the dataset's VoID and DCAT description; None
    #: reads the project's publish.toml.
    publication: Path | None = None
    #: Extra prefixes for the query editor and named queries.
    prefixes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Return settings from ``STYRGRAF_<NAME>`` variables, then ``overrides``."""
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(f"STYRGRAF_{f.name.upper()}")
            if raw is None or f.name == "prefixes":
                continue
            if f.name == "data":
                values[f.name] = tuple(Path(p) for p in raw.split(os.pathsep) if p)
            elif f.name in {"store_dir", "queries", "publication"}:
                values[f.name] = Path(raw)
            elif f.name in {"query_timeout"}:
                values[f.name] = float(raw)
            elif f.name in {
                "row_limit",
                "max_request_bytes",
                "workers",
                "queue_limit",
                "max_header_bytes",
            }:
                values[f.name] = int(raw)
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
