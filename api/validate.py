"""Validate RDF data against the SHACL shapes in ``shapes/`` (reference engine: pySHACL)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from loaders.errors import LoaderError

RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig"}


def load_data(paths: list[Path]) -> Graph:
    """Parse RDF files (or every RDF file in a folder) into one graph.

    Raises:
        LoaderError: a path is missing or a file does not parse.
    """
    graph = Graph()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in RDF_SUFFIXES)
        elif path.exists():
            files.append(path)
        else:
            raise LoaderError("no such file or folder", path=path, hint="check the path")
    for file in files:
        try:
            graph.parse(file, format=RDF_SUFFIXES.get(file.suffix, "turtle"))
        except Exception as exc:  # rdflib raises many parser types
            raise LoaderError(
                f"the RDF does not parse: {exc}", path=file, hint="check the file's syntax"
            ) from exc
    return graph


def validate_paths(data: list[Path], shapes_dir: Path) -> tuple[bool, str]:
    """Return whether ``data`` conforms to the shapes, and pySHACL's text report."""
    from pyshacl import validate

    graph = load_data(data)
    shapes = load_data([shapes_dir])
    conforms, _, text = validate(
        graph, shacl_graph=shapes, allow_warnings=True, advanced=True, inference="none"
    )
    return bool(conforms), str(text)
