"""Query workers: processes that can be stopped when a query runs out of time.

A thread cannot be stopped, so each query runs in a worker process. For the in-memory
store the workers are forked from the server once the data is loaded, so the store is
shared copy-on-write. A persistent store is opened read-only by each worker, and those
workers come from a fork server (a clean, single-threaded process): a worker forked
from the server would inherit RocksDB's mutexes as its background threads held them,
and about one open in twenty-five hung for good. A worker that overruns is killed and
replaced, and the other workers keep answering, so a cheap query stays fast while an
expensive one runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from ..errors import ApiError, QueryTimeout, StoreUnavailable

Handler = Callable[[Any], Any]
_DIED = object()  # a worker that died mid-request


class PoolRetired(StoreUnavailable):
    """The pool was replaced by a newer one (the data changed): ask the store again."""


def _close_inherited(keep: int) -> None:
    """Close the descriptors a forked worker inherited (listening sockets, other pipes).

    A worker holding the server's socket or a test driver's pipe keeps them open after
    their owner closes them; the worker needs only its own pipe and standard streams.
    """
    try:
        fds = [int(fd) for fd in os.listdir("/proc/self/fd")]
    except OSError:  # not Linux: leave them
        return
    for fd in fds:
        if fd > 2 and fd != keep:
            with contextlib.suppress(OSError):
                os.close(fd)


def _main(conn: Connection, make_handler: Callable[[], Handler], sandbox: bool) -> None:
    _close_inherited(conn.fileno())
    if sandbox:  # strangers' queries run here: no route out, whatever the engine tries
        from ..sandbox import deny_network

        deny_network()
    handler = make_handler()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            response: tuple[str, Any] = ("ok", handler(request))
        except ApiError as exc:  # refused by the policy: the server answers it as it is
            response = ("refused", exc)
        except SyntaxError as exc:
            response = ("syntax", str(exc))
        except Exception as exc:  # carried to the server, which decides the status
            response = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(response)
        except Exception as exc:  # an unpicklable answer still gets an answer
            conn.send(("error", f"cannot send the result: {exc}"))


class WorkerPool:
    """A fixed number of worker processes, each answering one request at a time.

    With ``sandbox`` each worker gives up the network before it reads a request
    (:mod:`api.sandbox`). A pool is retired when the data changes: requests in flight
    finish on the old data, and then its workers stop.
    """

    def __init__(
        self,
        make_handler: Callable[[], Handler],
        size: int,
        sandbox: bool = True,
        start: str = "fork",
        preload: str | None = None,
    ) -> None:
        """``start`` is the multiprocessing start method. With ``"forkserver"``,
        ``make_handler`` must pickle, and ``preload`` names a module the fork server
        imports once, so that each worker starts with it loaded."""
        self._make_handler = make_handler
        self._sandbox = sandbox
        self._size = max(1, size)
        self._retired = False
        self._context: Any = multiprocessing.get_context(start)
        if preload is not None and start == "forkserver":
            self._context.set_forkserver_preload([preload])
        # last in, first out: the worker that answered last is warm (caches, CPU); sequential
        # requests handed round-robin ran a 67-row query at half the speed
        self._idle: queue.LifoQueue[tuple[Any, Connection] | None] = queue.LifoQueue()
        self._all: set[Any] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, size)):
            self._idle.put(self._spawn())

    def _spawn(self) -> tuple[Any, Connection]:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_main, args=(theirs, self._make_handler, self._sandbox)
        )
        process.daemon = True
        process.start()
        theirs.close()
        with self._lock:
            self._all.add(process)
        return process, ours

    def _stop_worker(self, process: Any, conn: Connection) -> None:
        process.kill()
        process.join(5)
        conn.close()
        with self._lock:
            self._all.discard(process)

    def call(self, request: Any, timeout: float) -> Any:
        """Send ``request`` to an idle worker and return its answer.

        Raises:
            QueryTimeout: no worker answered within ``timeout`` seconds (the busy one is
                killed and replaced).
            StoreUnavailable: the pool is closed or a worker died.
            SyntaxError: the engine rejected the query.
            RuntimeError: the engine failed (the message says why).
        """
        started = time.monotonic()
        process, conn = self._take(timeout)
        left = max(0.0, timeout - (time.monotonic() - started))
        try:
            conn.send(request)
            answer = conn.recv() if conn.poll(left) else None
        except (EOFError, OSError):
            answer = _DIED
        return self._finish(process, conn, answer, timeout)

    async def call_async(self, request: Any, timeout: float) -> Any:
        """:meth:`call` for the event loop: wait for the answer without holding a thread.

        When every worker is busy it waits for one in a thread, as :meth:`call` does.
        """
        try:
            taken = self._idle.get_nowait()
        except queue.Empty:
            from starlette.concurrency import run_in_threadpool

            return await run_in_threadpool(self.call, request, timeout)
        if taken is None or self._retired:
            self._idle.put(taken)
            raise PoolRetired("the data changed", hint="ask again")
        process, conn = taken
        if self._closed:
            self._idle.put((process, conn))
            raise StoreUnavailable("the store is closed", hint="restart the server")
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[bool] = loop.create_future()
        fd = conn.fileno()

        def wake(ready: bool) -> None:
            if not readable.done():
                readable.set_result(ready)

        try:
            conn.send(request)
            timer = loop.call_later(timeout, wake, False)
            loop.add_reader(fd, wake, True)
            try:
                ready = await readable
            finally:
                timer.cancel()
                loop.remove_reader(fd)
                os.set_blocking(fd, True)  # uvloop leaves a watched descriptor non-blocking
            # woken by the timer: the answer may have come at the same moment
            answer = conn.recv() if ready or conn.poll() else None
        except (EOFError, OSError):
            answer = _DIED
        except BaseException:  # cancelled: the worker's answer would reach the next caller
            self._replace(process, conn)
            raise
        return self._finish(process, conn, answer, timeout)

    def _take(self, timeout: float) -> tuple[Any, Connection]:
        if self._closed:
            raise StoreUnavailable("the store is closed", hint="restart the server")
        try:
            taken = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(
                f"every query worker stayed busy for {timeout:g} s",
                hint="try again later, or run expensive queries on your own copy of the data",
            ) from None
        if taken is None or self._retired:
            self._idle.put(taken)  # wake the next waiter too
            raise PoolRetired("the data changed", hint="ask again")
        return taken

    def _replace(self, process: Any, conn: Connection) -> None:
        self._stop_worker(process, conn)
        if not self._closed and not self._retired:
            self._idle.put(self._spawn())

    def _finish(self, process: Any, conn: Connection, answer: Any, timeout: float) -> Any:
        """Return the worker to the pool (or replace it) and unpack its answer."""
        if answer is _DIED:
            self._replace(process, conn)
            raise StoreUnavailable("a query worker died", hint="try again")
        if answer is None:
            self._replace(process, conn)
            raise QueryTimeout(
                f"the query ran longer than {timeout:g} s and was stopped",
                hint="narrow the query (fewer OPTIONALs, selective patterns first) or add LIMIT",
            )
        if self._retired:  # the data changed while it ran: its answer stands, it goes
            self._stop_worker(process, conn)
        else:
            self._idle.put((process, conn))
        status, value = answer
        if status == "refused":
            raise value
        if status == "syntax":
            raise SyntaxError(value)
        if status == "error":
            raise RuntimeError(value)
        return value

    def retire(self) -> None:
        """Stop taking requests: idle workers stop now, busy ones when they have answered."""
        self._retired = True
        while True:
            try:
                taken = self._idle.get_nowait()
            except queue.Empty:
                break
            if taken is not None:
                self._stop_worker(*taken)
        for _ in range(self._size):  # wake whoever waits for a worker
            self._idle.put(None)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            processes = list(self._all)
        for process in processes:
            process.kill()
            process.join(5)
