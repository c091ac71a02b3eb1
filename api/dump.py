"""Dumps of the whole store, for backup, and the digest that shows a restore is exact.

A dump holds every quad the store holds: each named graph (one per source file) and the
default graph, which is their merge. It is N-Quads or TriG, gzipped or not, and comes
from a running server (``GET /api/dump``, streamed as the store is read) or from data
files (``styrgraf dump DATA --out FILE``, through the same loading and privacy filter as
``styrgraf serve``). ``styrgraf serve FILE`` restores it (:mod:`api.store.files`).

Dumps are written in the store's order, which a restore does not keep, so two dumps of
the same data are compared by their :func:`digest`: the SHA-256 of the N-Quads lines
sorted bytewise, each ending in a newline. Without blank nodes that is
``zcat FILE | LC_ALL=C sort | sha256sum``; blank nodes are first relabelled by RDFC-1.0.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import logging
import os
import re
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from . import formats
from .errors import StoreUnavailable
from .formats import NQUADS, QUAD_FORMATS, of_file
from .store import Store
from .store.files import is_gzip

LOG = logging.getLogger("styrgraf")
#: Dumps one server process writes at once; each reads the whole store on a thread.
DUMPS_AT_ONCE = 2
#: Bytes handed to the client at a time.
CHUNK = 256 * 1024
#: Seconds a dump waits for a client that reads nothing before it gives up.
STALLED = 120.0
_running = threading.BoundedSemaphore(DUMPS_AT_ONCE)
#: A blank node in an N-Quads line (or " _:" in a literal: such a line is relabelled too,
#: and comes out the same).
_BLANK = re.compile(rb"(?:^| )_:")
_END = object()


def dump_format(path: Path) -> str:
    """Return the dump format its file name asks for: ``nquads`` or ``trig``.

    Raises:
        ValueError: the name ends in neither ``.nq`` nor ``.trig`` (gzipped or not).
    """
    fmt = of_file(path, QUAD_FORMATS)
    if fmt is not None:
        return fmt.name
    raise ValueError(f"{path.name}: a dump is .nq, .nq.gz, .trig or .trig.gz")


class _Chunks:
    """A binary file that hands what is written to ``put`` in chunks of :data:`CHUNK`."""

    def __init__(self, put: Callable[[bytes], None]) -> None:
        self.put = put
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.put(bytes(self.buffer))
            self.buffer.clear()
        return len(data)

    def flush(self) -> None:
        """Keep the buffer: pyoxigraph and gzip flush often, the network wants chunks."""

    def finish(self) -> None:
        if self.buffer:
            self.put(bytes(self.buffer))
            self.buffer.clear()


def start_dump(store: Store, fmt: str, gzipped: bool) -> AsyncIterator[bytes]:
    """Start writing the store as ``fmt`` on a thread of its own; return its chunks.

    The thread reads the store and serialises (pyoxigraph's iterators stay on the thread
    that made them); the event loop only passes the chunks on. A client that stops
    reading holds the thread back (the queue is short) and, after :data:`STALLED`
    seconds, loses the dump.

    Raises:
        StoreUnavailable: :data:`DUMPS_AT_ONCE` dumps are already being written.
    """
    if not _running.acquire(blocking=False):
        raise StoreUnavailable(
            f"{DUMPS_AT_ONCE} dumps are being written already", hint="try again in a minute"
        )
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[object] = asyncio.Queue()
    room = threading.Semaphore(4)  # chunks on their way: the queue's bound
    gone = threading.Event()

    def put(chunk: bytes) -> None:
        waited = 0
        while not room.acquire(timeout=1.0):
            waited += 1
            if gone.is_set() or waited >= STALLED:
                break
        if gone.is_set() or waited >= STALLED:
            raise BrokenPipeError("the client stopped reading the dump")
        loop.call_soon_threadsafe(queue.put_nowait, chunk)

    def produce() -> None:
        last: object = _END
        try:
            chunks = _Chunks(put)
            if gzipped:
                with gzip.GzipFile(fileobj=chunks, mode="wb", mtime=0, compresslevel=6) as out:
                    store.dump(fmt, out)  # type: ignore[arg-type]
            else:
                store.dump(fmt, chunks)  # type: ignore[arg-type]
            chunks.finish()
        except BaseException as exc:  # carried to the response, which fails visibly
            last = exc
        finally:
            _running.release()
        if not gone.is_set():
            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(queue.put_nowait, last)

    threading.Thread(target=produce, name="styrgraf-dump", daemon=True).start()

    async def chunks() -> AsyncIterator[bytes]:
        try:
            while True:
                item = await queue.get()
                if item is _END:
                    return
                if isinstance(item, BaseException):
                    raise item
                assert isinstance(item, bytes)
                room.release()
                yield item
        finally:
            gone.set()
            room.release()  # wake the thread if it waits for room: it stops

    return chunks()


# --- files -----------------------------------------------------------------------------------
@dataclass
class Written:
    """What a dump file holds, read back after writing it."""

    path: Path
    quads: int
    graphs: int
    digest: str
    size: int
    seconds: float

    def summary(self) -> str:
        return (
            f"wrote {self.path}: {self.quads} quads in {self.graphs} named graphs and the "
            f"default graph, {self.size} bytes, {self.seconds:.1f} s; sorted N-Quads "
            f"SHA-256 {self.digest}"
        )


def digest(path: Path, named: Path | None = None) -> tuple[int, int, str]:
    """Return a dump's quads, named graphs and sorted N-Quads SHA-256 (see the module).

    ``named`` is the name that tells the format, when ``path`` is a temporary file. Only
    the quads with blank nodes go through RDFC-1.0, which labels a blank node by the
    quads that mention it (a million quads: seconds, not the minute of the whole set).

    Raises:
        SyntaxError, OSError, ValueError, EOFError: the file does not parse.
    """
    name = named or path
    fmt = formats.named(dump_format(name)).oxigraph
    data = gzip.decompress(path.read_bytes()) if is_gzip(name) else path.read_bytes()
    graphs: set[object] = set()

    def counted() -> Iterator[ox.Quad]:
        for quad in ox.parse(data, format=fmt):
            graphs.add(quad.graph_name)
            yield quad

    lines = set((ox.serialize(counted(), format=NQUADS.oxigraph) or b"").splitlines())
    blank = {line for line in lines if _BLANK.search(line)}
    if blank:
        dataset = ox.Dataset(ox.parse(b"\n".join(blank), format=NQUADS.oxigraph))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        relabelled = ox.serialize(dataset, format=NQUADS.oxigraph) or b""
        lines = (lines - blank) | set(relabelled.splitlines())
    sha = hashlib.sha256()
    for line in sorted(lines):
        sha.update(line + b"\n")
    graphs.discard(ox.DefaultGraph())
    return len(lines), len(graphs), sha.hexdigest()


def _write_atomic(out: Path, write: Callable[[BinaryIO], None]) -> Written:
    """Write ``out`` through a temporary file and a rename, then read it back."""
    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.chmod(tmp, 0o644)
        quads, graphs, sha = digest(Path(tmp), out)  # read back before replacing
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Written(out, quads, graphs, sha, out.stat().st_size, time.perf_counter() - started)


def dump_store(store: Store, out: Path) -> Written:
    """Write ``store`` to ``out`` (its name gives the format), atomically."""
    fmt = dump_format(out)

    def write(handle: BinaryIO) -> None:
        if is_gzip(out):
            with gzip.GzipFile(fileobj=handle, mode="wb", mtime=0, compresslevel=6) as packed:
                store.dump(fmt, packed)  # type: ignore[arg-type]
        else:
            store.dump(fmt, handle)

    return _write_atomic(out, write)


def dump_files(files: Sequence[Path], out: Path, include_personal: bool = False) -> Written:
    """Load ``files`` as ``styrgraf serve`` does (privacy filter included); dump them.

    Raises:
        LoadError: a file does not load.
    """
    from .privacy import scrub
    from .store.embedded import EmbeddedStore

    store = EmbeddedStore(None, workers=1, timeout=600.0)
    try:
        for file in files:
            store.load(file)
        if not include_personal:
            removed = scrub(store)
            if removed.changed:
                LOG.warning("%s", removed.summary())
        return dump_store(store, out)
    finally:
        store.close()


def dump_url(base: str, out: Path, timeout: float = 60.0) -> Written:
    """Download a running server's dump (``GET base/api/dump.<ext>``) to ``out``.

    Raises:
        OSError: the server cannot be reached or does not answer 200.
    """
    ext = formats.named(dump_format(out)).extension + (".gz" if is_gzip(out) else "")
    url = urllib.parse.urljoin(base.rstrip("/") + "/", f"api/dump{ext}")

    def write(handle: BinaryIO) -> None:
        request = urllib.request.Request(url, headers={"User-Agent": "styrgraf-dump"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                while block := response.read(CHUNK):
                    handle.write(block)
        except urllib.error.HTTPError as exc:
            raise OSError(f"{url} answered {exc.code}: {exc.read()[:300]!r}") from exc
        except urllib.error.URLError as exc:
            raise OSError(f"cannot reach {url}: {exc.reason}") from exc

    return _write_atomic(out, write)
