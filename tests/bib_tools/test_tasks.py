"""The invoke tasks as a person runs them: a tiny site in tmp_path, a subprocess, its output and
exit status. Never a traceback on bad input."""

from __future__ import annotations

import json

GOOD = """\
@book{becker2021coup,
  author = {Becker, Thomas},
  title = {Coup},
  date = {2021},
}
"""

POST = """\
---
title: P
date: 2024-01-01
---
See [@becker2021coup] and [@missing2020].
"""

MESSY = """\
% Kept: a comment before everything.
@STRING{hrw = {{Human Rights Watch}}}
@preamble{"\\newcommand{\\noop}[1]{}"}

@Report{ hrw2020,
    Title={Justice},   author = hrw,
  institution = hrw, date = {2020}
}
@book{broken title = {x}}
@book{becker2021coup, title = {Coup}, author = {Becker, Thomas}, date = 2021}
"""


def test_bib_check_prints_findings_and_a_summary_and_fails_on_errors(task_site):
    task_site.write({"bibliography/a.bib": GOOD, "content/posts/p.md": POST})
    result = task_site.run("bib-check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/posts/p.md:5: error: unknown citation key 'missing2020' "
        "(hint: add the entry to the bibliography or fix the key)",
        "bib-check: 1 error, 0 warnings in 1 entry of 1 file",
    ]
    assert "Traceback" not in result.stderr


def test_bib_check_passes_with_only_warnings_and_json_has_the_same_findings(task_site):
    task_site.write(
        {"bibliography/a.bib": GOOD + "\n@book{other, author={A, B}, title={T}, date={2020}}\n"}
    )
    (task_site.root / "content" / "posts").mkdir()
    (task_site.root / "content" / "posts" / "p.md").write_text(
        POST.replace(" and [@missing2020]", "")
    )
    text = task_site.run("bib-check")
    assert text.returncode == 0, text.stdout + text.stderr
    assert text.stdout.splitlines()[-1] == "bib-check: 0 errors, 1 warning in 2 entries of 1 file"
    data = json.loads(task_site.run("bib-check", "--format", "json").stdout)
    assert data["errors"] == 0 and data["warnings"] == 1
    assert data["findings"] == [
        {
            "path": "bibliography/a.bib",
            "line": 7,
            "severity": "warning",
            "code": "citation.uncited",
            "message": "entry 'other' is cited nowhere in the content",
            "hint": "cite it, or delete it if it does not belong in the bibliography",
        }
    ]


def test_bad_options_and_settings_are_one_line_each_not_a_traceback(task_site):
    task_site.write({"bibliography/a.bib": GOOD}, BIBTEX_FORMAT_KEY_ORDER="random")
    result = task_site.run("bib-check", "--format", "xml")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "bib-check: error: --format 'xml' is not one of text, json (hint: write e.g. --format text)"
    ]
    result = task_site.run("bib-format")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "pelicanconf.py:0: error: BIBTEX_FORMAT_KEY_ORDER must be one of 'keep', 'key', 'type' "
        "(hint: the default is 'keep')",
        "bib-format: cannot start; fix the settings above",
    ]


def test_a_bibliography_path_that_does_not_exist_is_named(task_site):
    task_site.write({}, BIBLIOGRAPHY_PATHS=["refs"])
    result = task_site.run("bib-check")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "refs:0: error: this bibliography path does not exist "
        "(hint: fix BIBLIOGRAPHY_PATHS in pelicanconf.py or create the folder)"
    )


def test_bib_format_rewrites_keeps_everything_and_is_idempotent(task_site):
    task_site.write(
        {"refs/a.bib": MESSY}, BIBLIOGRAPHY_PATHS=["refs"], BIBTEX_FORMAT_KEY_ORDER="key"
    )
    check = task_site.run("bib-format", "--check")
    assert check.returncode == 1
    assert "refs/a.bib: would be reformatted" in check.stdout
    assert task_site.read("refs/a.bib") == MESSY  # --check writes nothing

    first = task_site.run("bib-format")
    assert first.returncode == 1  # the unparsable block is reported as an error
    assert first.stdout.splitlines() == [
        "refs/a.bib:9: error: could not parse this block; it is left as written: Expected comma "
        "after entry key, but found = (hint: run `invoke bib-check` for the details)",
        "refs/a.bib: reformatted",
        "bib-format: 1 file reformatted, 0 already formatted; 1 block could not be parsed and "
        "were left as written",
    ]
    assert task_site.read("refs/a.bib") == (
        "% Kept: a comment before everything.\n\n"
        "@string{hrw = {{Human Rights Watch}}}\n\n"
        '@preamble{"\\newcommand{\\noop}[1]{}"}\n\n'
        "@book{becker2021coup,\n"
        "  author = {Becker, Thomas},\n"
        "  title  = {Coup},\n"
        "  date   = 2021,\n"
        "}\n\n"
        "@book{broken title = {x}}\n\n"
        "@report{hrw2020,\n"
        "  author      = hrw,\n"
        "  title       = {Justice},\n"
        "  institution = hrw,\n"
        "  date        = {2020},\n"
        "}\n"
    )
    formatted = task_site.read("refs/a.bib")
    assert (
        task_site.run("bib-format")
        .stdout.splitlines()[-1]
        .startswith("bib-format: 0 files reformatted, 1 already formatted")
    )
    assert task_site.read("refs/a.bib") == formatted
    assert "a.bib: would be reformatted" not in task_site.run("bib-format", "--check").stdout
    assert not list(task_site.root.glob("refs/.*.tmp"))  # no temporary file left behind


def test_bib_format_check_passes_on_a_formatted_library(task_site):
    task_site.write({"bibliography/a.bib": GOOD})
    result = task_site.run("bib-format", "--check")
    assert result.returncode == 1  # "title" and "date" are not aligned with "author" yet
    assert task_site.run("bib-format").returncode == 0
    result = task_site.run("bib-format", "--check")
    assert result.returncode == 0
    assert result.stdout == "bib-format: 0 files would be reformatted, 1 already formatted\n"


def test_a_file_that_is_not_utf8_is_named_with_its_line(task_site):
    task_site.write({})
    (task_site.root / "bibliography").mkdir()
    (task_site.root / "bibliography" / "a.bib").write_bytes(
        GOOD.encode() + "@book{b, title={Comisi\u00f3n}}\n".encode("latin-1")
    )
    result = task_site.run("bib-check")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "bibliography/a.bib:6: error: this file is not UTF-8 text (hint: save it as UTF-8 (in "
        "Zotero's export dialog, choose the Unicode (UTF-8) encoding))"
    )
