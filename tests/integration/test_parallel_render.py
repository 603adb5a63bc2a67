"""A cold build renders in worker processes when there is much to render; the pages are the same.

The threshold is forced down (BIBLIOGRAPHY_RENDER_PARALLEL_MIN = 1) so that a tiny library takes
the parallel path, and every output file is compared with a serial build's, byte for byte.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import pytest

from memoria.bibliography import generator
from memoria.csl import render as csl_render
from memoria.csl import workers

BIB = """
@report{amnesty2023a,
  author = {{Amnesty International}},
  title = {Deadly Repression in {Peru}},
  date = {2023-02},
  institution = {Amnesty International},
}
@report{amnesty2023b,
  author = {{Amnesty International}},
  title = {Lethal Racism},
  date = {2023-05},
  institution = {Amnesty International},
}
@book{farthing2021coup,
  author = {Farthing, Linda and Becker, Thomas},
  title = {Coup: A Story of Violence and Resistance in {Bolivia}},
  publisher = {Haymarket Books},
  date = {2021},
}
@collection{vargas2019,
  editor = {Vargas, Rosa and Quispe, Mario},
  title = {Memorias del conflicto},
  publisher = {IEP},
  location = {Lima},
  date = {2019},
}
@book{smith2020,
  author = {Smith, Alice},
  title = {First},
  publisher = {X},
  date = {2020},
}
@book{smith2021,
  author = {Smith, Bob},
  title = {Second},
  publisher = {X},
  date = {2021},
}
@online{anon2020,
  title = {Testimonios de {Senkata}},
  url = {https://example.org/senkata},
  urldate = {2024-01-15},
  date = {2020},
}
@article{mouly2018,
  author = {Mouly, Cécile and Bernasconi, Oriana},
  title = {Human rights and the ``long'' transition},
  journaltitle = {Revista de Memoria},
  volume = {12},
  pages = {101--130},
  date = {2018},
}
"""
POST = """---
title: P
date: 2024-01-01
---
Reports [@amnesty2023a; @amnesty2023b, p. 4] and [see @farthing2021coup, pp. 101-103].
@vargas2019 edited it; [-@mouly2018, chap. 2] and [@anon2020]; [@smith2020; @smith2021].
"""
POST_ES = """---
title: Q
date: 2024-01-02
lang: es
---
Como se muestra [@farthing2021coup, p. 4] y [@amnesty2023b].
"""
FILES = {"bibliography/a.bib": BIB, "content/posts/p.md": POST, "content/posts/q.md": POST_ES}
PARALLEL = {"BIBLIOGRAPHY_RENDER_PROCESSES": 2, "BIBLIOGRAPHY_RENDER_PARALLEL_MIN": 1}
SERIAL = {"BIBLIOGRAPHY_RENDER_PROCESSES": 1}


def tree(output: Path) -> dict[str, bytes]:
    return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*") if p.is_file()}


@pytest.fixture
def renders_here(monkeypatch) -> list[str]:
    """Cache keys rendered in the build's own process (worker processes have their own list)."""
    calls: list[str] = []
    original = csl_render.CslProcessor.run_task
    monkeypatch.setattr(
        csl_render.CslProcessor,
        "run_task",
        lambda self, task: calls.append(task.cache_key) or original(self, task),
    )
    return calls


def build_both(site, renders_here: list[str], **settings):
    """(serial output, parallel output, cache keys rendered in this process by the parallel one)."""
    results = []
    for name, mode in (("serial", SERIAL), ("parallel", PARALLEL)):
        site = type(site)(site.root / name)
        site.write(FILES)
        renders_here.clear()
        assert site.build(**mode, **settings).ok
        results.append(tree(site.root / "output"))
    return results[0], results[1], list(renders_here)


@pytest.fixture
def writers(monkeypatch) -> list[int]:
    """How many processes wrote the bibliography's pages, per build."""
    counts: list[int] = []
    original = generator.run_jobs

    def counted(jobs, processes):
        counts.append(processes)
        original(jobs, processes)

    monkeypatch.setattr(generator, "run_jobs", counted)
    return counts


def test_parallel_build_writes_the_same_files(site, renders_here, writers):
    serial, parallel, rendered_here = build_both(site, renders_here, CSL_LOCALES={"es": "es-ES"})
    assert writers == [1, 2]  # the pages and downloads were written by two processes
    # Every citation and reference was rendered by the workers (another plugin's receivers, still
    # connected from an earlier test, may render a citation of their own later).
    assert not [key for key in rendered_here if key.startswith(("bare:", "ref:"))]
    assert serial.keys() == parallel.keys()
    for name in serial:
        assert serial[name] == parallel[name], name
    page = parallel["posts/p/index.html"].decode()
    assert "Amnesty International 2023a" in page  # year suffixes come through the workers
    assert ">2023b, 4</a>" in page  # collapsed after the same author
    assert ">A. Smith 2020</a>; " in page  # names set apart, through the workers too


def test_a_background_render_that_fails_is_done_again_here(site, renders_here, monkeypatch):
    def broken(self):
        raise RuntimeError("the child process ran out of memory")

    # Forked after the patch, the child that renders the library fails at its very end.
    monkeypatch.setattr(csl_render.CslProcessor, "library_state", broken)
    serial, parallel, rendered_here = build_both(site, renders_here)
    assert serial == parallel
    assert not [key for key in rendered_here if key.startswith("ref:")]  # this process's pool


def test_pages_a_writing_child_failed_to_write_are_written_here(site, renders_here, monkeypatch):
    here = os.getpid()
    original = generator.BibliographyGenerator._write_exports

    def failing_in_children(self, stem, keys):
        if os.getpid() != here:
            raise OSError("the child's disk is full")
        return original(self, stem, keys)

    monkeypatch.setattr(generator.BibliographyGenerator, "_write_exports", failing_in_children)
    monkeypatch.setattr(generator, "run_jobs", partial(workers.run_jobs, chunk=1))
    serial, parallel, _ = build_both(site, renders_here)
    assert serial == parallel  # written again here, through Pelican's writer, without a clash


@pytest.mark.parametrize(
    "settings",
    [{"CSL_STYLE": "apa"}, {"CSL_LOCALE": "es-ES"}, {"CSL_STYLE": "modern-language-association"}],
)
def test_parallel_build_is_the_same_in_other_styles_and_locales(site, renders_here, settings):
    serial, parallel, _ = build_both(site, renders_here, **settings)
    assert serial == parallel


def test_parallel_build_rerenders_after_an_edit_a_style_or_a_locale(site, renders_here):
    site.write(FILES)
    assert site.build(**PARALLEL).ok
    assert "<i>Coup: A Story" in site.read("bibliography/farthing2021coup/index.html")

    renders_here.clear()
    assert site.build(**PARALLEL).ok  # warm: nothing rendered anywhere, nothing forked
    assert renders_here == []

    site.write({"bibliography/a.bib": BIB.replace("{Coup: A Story", "{Coup: The Story")})
    assert site.build(**PARALLEL).ok
    for page in ("bibliography/farthing2021coup/index.html", "posts/p/index.html"):
        html = site.read(page)
        assert "<i>Coup: The Story" in html, page
        assert "<i>Coup: A Story" not in html, page

    assert site.build(CSL_LOCALE="es-ES", **PARALLEL).ok
    assert "Farthing y Becker 2021" in site.read("posts/p/index.html")
    assert site.build(CSL_STYLE="apa", **PARALLEL).ok
    assert "Farthing &amp; Becker, 2021" in site.read("posts/p/index.html")
    assert site.build(**PARALLEL).ok
    assert "Farthing and Becker 2021" in site.read("posts/p/index.html")
    # chicago and APA, each in en-US and in es-ES (the Spanish post's locale)
    assert len(list((site.root / "cache" / "memoria").glob("render-*.json"))) == 4


def test_renders_below_the_threshold_stay_in_this_process(site, renders_here):
    site.write(FILES)
    assert site.build(BIBLIOGRAPHY_RENDER_PROCESSES=2, BIBLIOGRAPHY_RENDER_PARALLEL_MIN=10_000).ok
    assert renders_here  # no pool for a handful of renderings


@pytest.mark.parametrize(
    ("name", "value"),
    [("BIBLIOGRAPHY_RENDER_PROCESSES", 0), ("BIBLIOGRAPHY_RENDER_PARALLEL_MIN", "many")],
)
def test_bad_parallel_settings_are_reported(site, name, value):
    site.write(FILES)
    result = site.build(**{name: value})
    assert any(name in message for message in result.messages())
