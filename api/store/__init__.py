"""Stores behind one small interface: embedded Oxigraph, or any SPARQL 1.1 endpoint."""

from __future__ import annotations

from ..settings import Settings
from .base import Formats, Raw, Rows, Store, graph_iri

__all__ = [
    "Formats",
    "Raw",
    "Rows",
    "Store",
    "graph_iri",
    "open_store",
]


def open_store(settings: Settings) -> Store:
    """Return the store the settings name: remote when an endpoint is set, else embedded."""
    if settings.endpoint:
        from .remote import RemoteStore

        return RemoteStore(
            settings.endpoint,
            settings.graph_store,
            settings.query_timeout,
            settings.update_endpoint,
            settings.store_user,
            settings.store_password,
        )
    from .embedded import EmbeddedStore

    return EmbeddedStore(settings.store_dir, settings.workers, settings.query_timeout)
