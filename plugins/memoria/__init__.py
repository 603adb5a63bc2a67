"""Memoria: a Pelican toolkit for research-project and workshop portals.

The package holds Pelican plugins (``memoria.front_matter``, ``memoria.bibliography``), the
bibliography domain they share, and the build wrapper used by ``invoke build``. The theme lives in
``theme/`` and is installed as ``memoria.theme``.
"""

__version__ = "0.1.0"
