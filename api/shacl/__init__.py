"""SHACL validation: a fast engine on Oxigraph and pySHACL as the reference engine.

Both engines return the same :class:`~api.shacl.model.Report`, so a run can be
compared result by result and rendered the same way.

- :mod:`.fast_engine`: the fast engine's run (targets, checks on worker threads, the
  pySHACL fallback, the report);
- :mod:`.compiler`: shapes to SPARQL patterns (terms, paths, nested shapes), with
  :mod:`.components`, one class per SHACL constraint component and their registry;
- :mod:`.reference`: the pySHACL engine; :mod:`.model`: findings and reports;
  :mod:`.store`: terms, graphs and results between rdflib and pyoxigraph;
  :mod:`.limits`: a hard time limit.
"""

from .model import Finding, Report, ShaclError, ValidationTimeout

__all__ = ["Finding", "Report", "ShaclError", "ValidationTimeout"]
