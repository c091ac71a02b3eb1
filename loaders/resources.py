"""Where styrgraf's own files are: the one locator for every file the code ships and reads.

The ontology (``ontology/``), the SHACL shapes (``shapes/``), the named queries
(``queries/``) and the publication defaults (``publish.toml``) are top-level folders and files
of the repository. The ``loaders`` package carries them through the symlinks in
``loaders/bundled/``, which setuptools follows when it builds the wheel (pyproject.toml's
package data), so :func:`importlib.resources.files` finds them at the same place in a
checkout, an editable install and an installed wheel, from any working folder. The server's
CSS and JavaScript are ``api``'s package data (``api/static/``); this module names the
package, it does not import it (``api`` has, whenever it asks).

Every function returns a path on the file system, or raises :class:`ResourceMissing`
naming what is missing and how to get it back: styrgraf never goes on without its
ontology, shapes or queries.

The browser code of the query editor (YASGUI) and of the API documentation (Swagger UI at
``/docs``, ReDoc at ``/redoc``) comes from npm (``npm ci`` into ``node_modules/``, versions
pinned in package.json) and is not part of the wheel: :func:`browser_code` finds it beside a
checkout, and is None elsewhere (the pages then say so and what to run).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from .errors import LoaderError

DISTRIBUTION = "styrgraf"
#: The files ``npm ci`` installs for the query editor (package.json pins the version).
YASGUI_BUILD = ("node_modules", "@zazuko", "yasgui", "build")
YASGUI_FILES = ("yasgui.min.js", "yasgui.min.css")


@dataclass(frozen=True)
class BrowserCode:
    """One npm package's files that the server hands to browsers, and only those."""

    folder: tuple[str, ...]
    files: frozenset[str]


#: Every npm package whose files the server serves, by the name under ``/static/``.
BROWSER_CODE = {
    "yasgui": BrowserCode(YASGUI_BUILD, frozenset({*YASGUI_FILES, "yasgui.min.js.map"})),
    "swagger-ui": BrowserCode(
        ("node_modules", "swagger-ui-dist"),
        frozenset({"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"}),
    ),
    "redoc": BrowserCode(("node_modules", "redoc", "bundles"), frozenset({"redoc.standalone.js"})),
}


class ResourceMissing(LoaderError):
    """A file styrgraf ships is not where the package should have it."""


@dataclass(frozen=True)
class Resource:
    """One shipped folder or file: the package that carries it and its path inside."""

    package: str
    path: str
    #: What it is, for the error message.
    what: str
    #: Where it lives in the repository (for the hint).
    source: str
    folder: bool = True


#: Every resource styrgraf reads from its own files, by name.
RESOURCES: dict[str, Resource] = {
    "ontology": Resource("loaders", "bundled/ontology", "the ontology", "ontology/"),
    "shapes": Resource("loaders", "bundled/shapes", "the SHACL shapes", "shapes/"),
    "queries": Resource("loaders", "bundled/queries", "the named queries", "queries/"),
    "publish": Resource(
        "loaders", "bundled/publish.toml", "the publication settings", "publish.toml", False
    ),
    "static": Resource("api", "static", "the pages' CSS and JavaScript", "api/static/"),
}


def locate(name: str) -> Path:
    """Return the path of the resource ``name`` (a key of :data:`RESOURCES`).

    Raises:
        ResourceMissing: it is not there (a broken install or checkout), or the package
            runs from an archive rather than from files.
    """
    resource = RESOURCES[name]
    found = resources.files(resource.package).joinpath(resource.path)
    if not isinstance(found, Path):
        raise ResourceMissing(
            f"{resource.what} cannot be read from {found} (styrgraf runs from an archive)",
            hint="install styrgraf with pip, which unpacks it into files",
        )
    if found.is_dir() if resource.folder else found.is_file():
        return found
    raise ResourceMissing(
        f"styrgraf's {resource.source} is missing ({resource.what})",
        path=found,
        hint=f"reinstall styrgraf (pip install --force-reinstall styrgraf); in a checkout, "
        f"restore {resource.source} and the symlink {resource.package}/{resource.path} "
        f"(git checkout -- {resource.source.rstrip('/')} {resource.package}/{resource.path})",
    )


def ontology_dir() -> Path:
    """Return the folder of the ontology (``styr.ttl``) and the code lists (``kod.ttl``)."""
    return locate("ontology")


def ontology_file(name: str) -> Path:
    """Return the ontology's file ``name`` (``styr.ttl`` or ``kod.ttl``).

    Raises:
        ResourceMissing: the folder or the file is missing.
    """
    path = ontology_dir() / name
    if not path.is_file():
        raise ResourceMissing(
            f"the ontology's file {name} is missing",
            path=path,
            hint=f"reinstall styrgraf; in a checkout, git checkout -- ontology/{name}",
        )
    return path


def shapes_dir() -> Path:
    """Return the folder of SHACL shapes ``styrgraf validate`` uses by default."""
    return locate("shapes")


def queries_dir() -> Path:
    """Return the folder of named queries (``*.rq``) the server offers by default."""
    return locate("queries")


def publish_settings() -> Path:
    """Return the project's publication settings (``publish.toml``)."""
    return locate("publish")


def static_dir() -> Path:
    """Return the folder of the pages' CSS and JavaScript."""
    return locate("static")


def checkout_root() -> Path | None:
    """Return the repository when styrgraf runs from a checkout (or an editable install of
    one), else None."""
    package = resources.files("loaders")
    if not isinstance(package, Path):
        return None
    root = package.parent
    return root if (root / "pyproject.toml").is_file() else None


def yasgui_dir() -> Path | None:
    """Return YASGUI's built files as ``npm ci`` installs them beside a checkout, or None
    (npm not run, or styrgraf installed from a wheel, which does not carry them)."""
    root = checkout_root()
    if root is None:
        return None
    folder = root.joinpath(*YASGUI_BUILD)
    return folder if all((folder / name).is_file() for name in YASGUI_FILES) else None


def browser_code(name: str) -> Path | None:
    """Return the folder of the npm package served as ``/static/{name}/``, if ``npm ci`` has
    installed every file of it beside a checkout, else None (also for an unknown name)."""
    code, root = BROWSER_CODE.get(name), checkout_root()
    if code is None or root is None:
        return None
    folder = root.joinpath(*code.folder)
    needed = (file for file in code.files if not file.endswith(".map"))
    return folder if all((folder / file).is_file() for file in needed) else None


def version() -> str:
    """Return styrgraf's version: the installed distribution's (pyproject.toml's, as built),
    else a checkout's pyproject.toml, else ``0+unknown``."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    root = checkout_root()
    if root is not None:
        try:
            project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
            return str(project["project"]["version"])
        except (OSError, tomllib.TOMLDecodeError, KeyError):
            pass
    return "0+unknown"
