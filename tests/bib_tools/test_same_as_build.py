"""The tools read the settings the build reads: bib-export writes what the build publishes."""

from __future__ import annotations

import io

import pytest

from memoria.bib_tools.cli import check_command, export_command

BIB = """\
@report{hrw2020justice,
  author = {{Human Rights Watch}},
  title = {Justice for the Victims of {Sacaba} and {Senkata}},
  institution = {Human Rights Watch},
  date = {2020-11},
  url = {https://www.hrw.org/report/2020/11/justice},
}

@book{becker2021coup,
  author = {Becker, Thomas and Farthing, Linda},
  title = {The Coup in Bolivia},
  date = {2021},
  langid = {spanish},
}
"""


@pytest.mark.parametrize(("fmt", "published"), [("biblatex", "all.bib"), ("ris", "all.ris"),
                                                 ("csljson", "all.json")])  # fmt: skip
def test_bib_export_equals_the_build_s_all_files(site, fmt, published):
    site.write(
        {
            "refs/library.bib": BIB,
            "content/posts/p.md": "---\ntitle: P\ndate: 2024-01-01\n---\n[@becker2021coup]\n",
        }
    )
    result = site.build(BIBLIOGRAPHY_PATHS=["refs"], CSL_LOCALE="es-ES")
    assert result.ok, result.messages()
    out = io.StringIO()
    assert export_command(site.root / "pelicanconf.py", fmt, out=out) == 0
    assert out.getvalue() == site.read(f"bibliography/{published}")


def test_bib_check_sees_the_bibliography_the_build_reads(site):
    site.write({"refs/library.bib": BIB})
    site.build(BIBLIOGRAPHY_PATHS=["refs"])
    out = io.StringIO()
    assert check_command(site.root / "pelicanconf.py", out=out) == 0
    assert (
        out.getvalue().splitlines()[-1] == "bib-check: 0 errors, 4 warnings in 2 entries of 1 file"
    )
