"""Each boundary's errors and what they become (:mod:`api.error_table`).

The exit codes are the README's (0 ok, 1 does not conform, 2 bad input or usage, 3
internal error); the server answers an error of another boundary with a 500 in its one
JSON shape.
"""

from __future__ import annotations

import ast
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.atomic_folder import FolderError
from api.catalogue import CatalogueError
from api.error_table import UsageError, exit_code, message, shows_traceback
from api.errors import ApiError, BadRequest, StoreUnavailable
from api.publication import PublicationError
from api.publish import ForeignFolderError
from api.rdf_input import RefusedInputError
from api.settings import Settings
from api.shacl import ShaclError, ValidationTimeout
from api.site_writer import PublishError
from api.store.base import LoadError
from loaders.errors import LoaderError, StrictModeError
from tests.conftest import LiveServer

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (LoaderError("x"), 2),
        (StrictModeError("x"), 2),
        (LoadError("x", path="a.ttl"), 2),
        (RefusedInputError("x"), 2),
        (UsageError("x"), 2),
        (CatalogueError(Path("q.rq"), "x"), 2),
        (PublicationError("x"), 2),
        (PublishError("x"), 2),
        (ForeignFolderError("x"), 2),
        (FolderError("x"), 2),
        (StoreUnavailable("x"), 2),
        (BadRequest("x"), 2),
        (ApiError("x"), 3),  # the server's own fault
        (ShaclError("x"), 3),
        (ValidationTimeout("x"), 3),
        (RuntimeError("x"), 3),
    ],
)
def test_exit_codes(error: Exception, code: int) -> None:
    assert exit_code(error) == code


def test_only_bugs_show_a_traceback() -> None:
    assert shows_traceback(RuntimeError("x"))
    assert shows_traceback(ApiError("x"))
    assert not shows_traceback(ValidationTimeout("x"))
    assert not shows_traceback(LoadError("x"))


def test_messages_carry_the_hint() -> None:
    assert message(UsageError("x", hint="do y")) == "error: x\n  hint: do y"
    assert "--time-limit" in message(ValidationTimeout("out of time"))
    loaded = message(LoadError("does not load", path="a.ttl", line=3, hint="fix it"))
    assert loaded == "error: a.ttl:3: does not load\n  hint: fix it"


def test_input_errors_are_not_http_errors() -> None:
    assert not issubclass(LoadError, ApiError)
    assert not issubclass(PublishError, ApiError)
    assert issubclass(LoadError, LoaderError)


def test_loaders_never_import_api() -> None:
    for file in (ROOT / "loaders").glob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("api"), file.name
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("api") for a in node.names), file.name


def test_a_loader_error_while_serving_is_a_500() -> None:
    app = create_app(Settings(data=()))

    @app.get("/broken-shapes")
    def broken() -> None:
        raise LoaderError("the shapes do not parse", path="shapes/x.ttl")

    server = LiveServer(app)
    try:
        answer = httpx.get(f"{server.url}/broken-shapes", timeout=30)
    finally:
        server.stop()
    assert answer.status_code == 500
    assert answer.json()["error"]["code"] == "internal-error"
    assert "shapes" not in answer.text  # the detail stays in the log
