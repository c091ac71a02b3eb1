"""SHACL validation: a fast engine on Oxigraph and pySHACL as the reference engine.

Both engines return the same :class:`~api.shacl.model.Report`, so a run can be
compared result by result and rendered the same way.
"""

from .model import Finding, Report, ShaclError, ValidationTimeout

__all__ = ["Finding", "Report", "ShaclError", "ValidationTimeout"]
