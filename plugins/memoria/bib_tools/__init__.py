"""Tools for the people who keep the bibliography: check, format, import, export, statistics.

Each job is a module of pure functions over text and records (``check``, ``rules``,
``canonical_format``, ``importers``, ``keygen``, ``library_export``, ``stats``); ``workspace``
reads the site's settings and files, ``atomic_write`` writes them, and ``cli`` is what the
``invoke bib-*`` tasks call. The tools reuse the build's own loader
(:mod:`memoria.bibliography.bib_files`) and CSL mapping, so a finding here is a finding there.
"""
