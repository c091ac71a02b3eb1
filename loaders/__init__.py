"""Loaders: read governance documents and build an rdflib graph plus a load report.

This package is pure: a document goes in, a graph and a report come out. It never
imports ``api`` and does no network or store work.
"""

from .resources import version

#: pyproject.toml's version, as installed (:func:`loaders.resources.version`).
__version__ = version()
