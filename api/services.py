"""What the application keeps: its settings, store, query catalogue and caches, typed.

:func:`api.app.create_app` builds one :class:`Services` and keeps it on the app; routes
declare what they use as parameters (``store: StoreDep``, ``settings: SettingsDep`` …), and
helpers that receive the request call :func:`services`. Nothing else reads ``app.state``.

The caches live as long as the app and are keyed by the store's version, which every load
and update advances, so none outlives the data it was built from.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Generic, TypeVar

from fastapi import Depends, Request
from rdflib import Graph
from starlette.applications import Starlette

from .catalogue import NamedQuery
from .settings import Settings
from .store import Store

if TYPE_CHECKING:  # api.graph loads networkx, a second's work: only when an app is made
    from .graph import GraphCache
    from .search import SearchIndex

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """At most ``size`` values; the least recently used goes first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        """Return the value kept for ``key`` (now the most recently used), or None."""
        value = self._values.get(key)
        if value is not None:
            self._values.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` for ``key``, dropping the least recently used beyond ``size``."""
        self._values[key] = value
        while len(self._values) > self.size:
            self._values.popitem(last=False)


class Versioned(Generic[V]):
    """One value, kept for the data version it was made from."""

    def __init__(self) -> None:
        self._kept: tuple[int, V] | None = None

    def get(self, version: int) -> V | None:
        """Return the value made from ``version`` of the data, or None."""
        kept = self._kept
        return kept[1] if kept is not None and kept[0] == version else None

    def put(self, version: int, value: V) -> None:
        self._kept = (version, value)


class SearchIndexCache:
    """The full-text index of the store's current data, built once per data version.

    Searches that arrive while it is built wait for that build (one event loop, so one
    :class:`asyncio.Lock`) instead of starting their own.
    """

    def __init__(self) -> None:
        self._index: SearchIndex | None = None
        self._lock = asyncio.Lock()

    async def get(self, store: Store, build: Callable[[], Awaitable[SearchIndex]]) -> SearchIndex:
        """Return the index of the store's current data, made by ``build`` if not kept."""
        index = self._index
        if index is not None and index.version == store.version:
            return index
        async with self._lock:
            index = self._index
            if index is None or index.version != store.version:
                fresh = await build()
                if index is not None:
                    index.close()
                self._index = index = fresh
        return index


def _graph_cache() -> GraphCache:
    from .graph import GraphCache

    return GraphCache()


#: How many nested facet results :attr:`Services.resources` keeps.
RESOURCE_CACHE_SIZE = 64


@dataclass(frozen=True)
class Services:
    """What the application keeps, built once by :func:`api.app.create_app`."""

    settings: Settings
    store: Store
    #: The named queries (``queries/*.rq``) by name, read at start-up.
    catalogue: Mapping[str, NamedQuery]
    #: The resource routes' nested facet results (:func:`api.routes.facts.facts`), keyed
    #: by store version, base, query and bindings.
    resources: LruCache[tuple[object, ...], object] = field(
        default_factory=lambda: LruCache(RESOURCE_CACHE_SIZE)
    )
    #: The dataset's VoID and DCAT description (``/.well-known/void``).
    void: Versioned[Graph] = field(default_factory=Versioned)
    #: The traversal routes' graph view (:mod:`api.graph`).
    graphs: GraphCache = field(default_factory=_graph_cache)
    #: The full-text search index (:mod:`api.search`).
    search: SearchIndexCache = field(default_factory=SearchIndexCache)


def of_app(app: Starlette) -> Services:
    """Return the services :func:`api.app.create_app` kept on ``app``."""
    kept = app.state.services
    if not isinstance(kept, Services):  # pragma: no cover - create_app always sets it
        raise TypeError("the app was not made by api.app.create_app")
    return kept


def services(request: Request) -> Services:
    """Return the services of the app that serves ``request``."""
    return of_app(request.app)


# The dependencies are coroutines so that FastAPI calls them on the event loop: a plain
# function would be sent to the thread pool on every request.
async def _services(request: Request) -> Services:
    return of_app(request.app)


async def _settings(request: Request) -> Settings:
    return of_app(request.app).settings


async def _store(request: Request) -> Store:
    return of_app(request.app).store


async def _catalogue(request: Request) -> Mapping[str, NamedQuery]:
    return of_app(request.app).catalogue


ServicesDep = Annotated[Services, Depends(_services)]
SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[Store, Depends(_store)]
CatalogueDep = Annotated[Mapping[str, NamedQuery], Depends(_catalogue)]
