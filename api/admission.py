"""Fair admission to the work that costs: a bounded queue, a share per client, a deadline.

The server has as many query workers as it has slots here. Without admission, two
expensive queries from one client took both workers and everybody else waited for the
time limit; three hundred connections queued without end. Now:

- Each request that can reach the store takes a slot (health, static files and the API
  documentation do not). A client holds at most ``per_client`` slots at once (by default
  one fewer than the slots, so one client alone never takes them all), and waits for the
  rest in its own line.
- Waiting requests are admitted round-robin between clients, so a client that sends many
  requests does not push back one that sends a few.
- The queue is bounded: beyond ``queue`` waiting requests the server answers 503, and a
  client with more than ``per_client_queue`` waiting gets 429; both carry ``Retry-After``.
- A request has one deadline, set when it arrives: the time limit. Time spent waiting
  counts against it (:func:`time_left` tells the store how much remains), so no request
  takes longer than the time limit plus the time to write its answer.

A client is the address uvicorn gives (the peer's, or ``X-Forwarded-For`` from a proxy
that ``--forwarded-allow-ips`` trusts).
"""

from __future__ import annotations

import asyncio
import contextvars
import math
import time
from collections import OrderedDict, deque
from dataclasses import dataclass

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import ApiError, Overloaded, TooManyRequests

#: Paths that never reach the query workers: always admitted. A dump reads the store in a
#: thread of its own and has its own limit (api/dump.py).
FREE_PREFIXES = (
    "/health",
    "/static/",
    "/docs",
    "/redoc",
    "/openapi.json",
    "/favicon.ico",
    "/api/dump",
)
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "styrgraf_deadline", default=None
)


def time_left(limit: float) -> float:
    """Return the seconds the current request may still use (``limit`` outside one)."""
    deadline = _deadline.get()
    if deadline is None:
        return limit
    return max(0.0, min(limit, deadline - time.monotonic()))


@dataclass
class Limits:
    """How much work the server takes on at once."""

    slots: int
    per_client: int
    queue: int
    per_client_queue: int
    wait: float

    @classmethod
    def for_workers(cls, workers: int, wait: float, queue: int | None = None) -> Limits:
        """Slots = workers; a client runs on all but one and waits in half the queue."""
        slots = max(1, workers)
        per_client = max(1, slots - 1)
        queue = 32 * slots if queue is None else queue
        return cls(slots, per_client, queue, max(1, queue // 2), wait)


class Admission:
    """The slots, who holds them, and who waits (on one event loop)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.active: dict[str, int] = {}
        self.busy = 0
        self.waiting: OrderedDict[str, deque[asyncio.Future[None]]] = OrderedDict()
        self.queued = 0

    def _may_run(self, client: str) -> bool:
        return self.busy < self.limits.slots and self.active.get(client, 0) < self.limits.per_client

    def _grant(self, client: str) -> None:
        self.busy += 1
        self.active[client] = self.active.get(client, 0) + 1

    async def enter(self, client: str, deadline: float) -> None:
        """Take a slot for ``client``, waiting in line until ``deadline`` at most.

        Raises:
            TooManyRequests: the client's own line is full.
            Overloaded: the server's queue is full, or the wait ran past the deadline.
        """
        if self._may_run(client) and not self.waiting.get(client):
            self._grant(client)
            return
        retry = str(max(1, math.ceil(self.limits.wait / 2)))
        line = self.waiting.get(client)
        if line is not None and len(line) >= self.limits.per_client_queue:
            raise TooManyRequests(
                "you have too many requests running and waiting",
                hint=f"wait for your answers, or retry after {retry} s",
                retry_after=retry,
            )
        if self.queued >= self.limits.queue:
            raise Overloaded("the server is busy", hint=f"retry after {retry} s", retry_after=retry)
        ticket: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(client, deque()).append(ticket)
        self.queued += 1
        try:
            await asyncio.wait_for(
                asyncio.shield(ticket), timeout=max(0.0, deadline - time.monotonic())
            )
        except (TimeoutError, asyncio.CancelledError) as exc:
            if ticket.done() and not ticket.cancelled():  # granted as we gave up
                self.leave(client)
            else:
                ticket.cancel()
                self._forget(client, ticket)
            if isinstance(exc, asyncio.CancelledError):
                raise
            raise Overloaded(
                "the server stayed busy for the whole time limit",
                hint=f"retry after {retry} s",
                retry_after=retry,
            ) from None

    def _forget(self, client: str, ticket: asyncio.Future[None]) -> None:
        line = self.waiting.get(client)
        if line is not None and ticket in line:
            line.remove(ticket)
            self.queued -= 1
            if not line:
                del self.waiting[client]

    def leave(self, client: str) -> None:
        """Give back a slot and admit whoever is next, round-robin between clients."""
        self.busy -= 1
        self.active[client] -= 1
        if not self.active[client]:
            del self.active[client]
        for waiting_client in list(self.waiting):
            if not self._may_run(waiting_client):
                continue
            line = self.waiting.pop(waiting_client)
            ticket = line.popleft()
            self.queued -= 1
            if line:  # to the back of the round
                self.waiting[waiting_client] = line
            if ticket.done():  # its request gave up (it leaves the line itself too)
                continue
            self._grant(waiting_client)
            ticket.set_result(None)
            if self.busy >= self.limits.slots:
                break


class AdmissionControl:
    """ASGI middleware: every request that can reach the store passes :class:`Admission`."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.admission = Admission(limits)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(FREE_PREFIXES):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        deadline = time.monotonic() + self.admission.limits.wait
        try:
            await self.admission.enter(client, deadline)
        except ApiError as refused:
            response = JSONResponse(refused.to_json(), refused.status, headers=refused.headers())
            await response(scope, receive, send)
            return
        token = _deadline.set(deadline)
        try:
            await self.app(scope, receive, send)
        finally:
            _deadline.reset(token)
            self.admission.leave(client)
