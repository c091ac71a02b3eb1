"""Run a validation with a hard time limit: in a forked child that is killed when it runs out."""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable
from typing import TypeVar

from .model import ShaclError, ValidationTimeout

T = TypeVar("T")


def _child(fn: Callable[[], object], conn: object) -> None:
    try:
        payload: tuple[str, object] = ("ok", fn())
    except Exception as exc:  # carried to the parent and raised there
        payload = ("error", exc)
    try:
        data = pickle.dumps(payload)
    except Exception as exc:  # an unpicklable error still reaches the parent as text
        data = pickle.dumps(("error", ShaclError(f"{type(exc).__name__}: {exc}")))
    conn.send_bytes(data)  # type: ignore[attr-defined]
    conn.close()  # type: ignore[attr-defined]


def with_time_limit(fn: Callable[[], T], seconds: float | None) -> T:
    """Return ``fn()``, run in a forked child when ``seconds`` is set.

    Raises:
        ValidationTimeout: the child did not finish within ``seconds`` (it is killed).
        ShaclError: the child died without an answer.
    """
    if seconds is None:
        return fn()
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(fn, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            child.kill()
            raise ValidationTimeout(
                f"validation did not finish within {seconds:g} s; raise --time-limit or "
                "validate less data at a time"
            )
        try:
            status, value = pickle.loads(receive.recv_bytes())
        except EOFError as exc:
            raise ShaclError(f"the validation process died (exit code {child.exitcode})") from exc
    finally:
        receive.close()
        child.join(5)
        if child.is_alive():
            child.kill()
    if status == "error":
        raise value
    return value  # type: ignore[no-any-return]
