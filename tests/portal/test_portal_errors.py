"""Bad portal input: each problem is reported as ``path:line: message`` with a hint."""

from __future__ import annotations

import pytest

PERSON_OK = "---\nname: Ana Quispe\n---\nBio.\n"
CASES = {
    "unknown speaker": (
        {
            "content/people/ana-quispe.md": PERSON_OK,
            "content/workshops/w.md": (
                "---\ntitle: W\ndate: 2023-01-01\npresentations:\n"
                "  - speaker: ana-quipse\n    title: Talk\n---\nBody.\n"
            ),
        },
        "content/workshops/w.md:5: error: unknown person 'ana-quipse' "
        "(hint: did you mean 'ana-quispe'?)",
    ),
    "unknown case study in a post": (
        {
            "content/case-studies/peru.md": "---\ntitle: Peru\n---\nBody.\n",
            "content/posts/p.md": (
                "---\ntitle: P\ndate: 2024-01-01\ncase_studies: [peruu]\n---\nX\n"
            ),
        },
        "content/posts/p.md:4: error: unknown case study 'peruu' (hint: did you mean 'peru'?)",
    ),
    "unknown link target": (
        {
            "content/people/ana-quispe.md": PERSON_OK,
            "content/posts/p.md": (
                "---\ntitle: P\ndate: 2024-01-01\n---\n\nSee [A]({person}ana-q).\n"
            ),
        },
        "content/posts/p.md:6: error: link to unknown person 'ana-q' "
        "(hint: did you mean 'ana-quispe'?)",
    ),
    "end date that is not a date": (
        {"content/workshops/w.md": "---\ntitle: W\ndate: 2023-01-01\nend_date: soon\n---\nB\n"},
        "content/workshops/w.md:4: error: 'end_date': 'soon' is not a date "
        "(hint: write an ISO date such as 2022-11-07)",
    ),
    "date that is not a date": (
        {"content/workshops/w.md": "---\ntitle: W\ndate: someday\n---\nB\n"},
        "content/workshops/w.md:3: error: 'date': 'someday' is not a date",
    ),
    "missing name": (
        {"content/people/x.md": "---\nrole: Researcher\n---\nBio.\n"},
        "content/people/x.md:1: error: front matter has no 'name'",
    ),
    "bad ORCID checksum": (
        {"content/people/x.md": "---\nname: X\norcid: 0000-0002-1825-0098\n---\nBio.\n"},
        "content/people/x.md:3: error: 'orcid': '0000-0002-1825-0098' is not a valid ORCID iD",
    ),
    "unknown country code": (
        {"content/case-studies/c.md": "---\ntitle: C\ncountries: [BO, XX]\n---\nB\n"},
        "content/case-studies/c.md:3: error: 'XX' is not an ISO 3166-1 alpha-2 country code",
    ),
    "presentation without speaker": (
        {
            "content/workshops/w.md": (
                "---\ntitle: W\ndate: 2023-01-01\npresentations:\n  - title: Talk\n---\nB\n"
            )
        },
        "content/workshops/w.md:5: error: presentation 1 has no 'speaker'",
    ),
    "unknown cite key": (
        {
            "bibliography/r.bib": "@book{quispe2019, author={Q, A}, title={T}, date={2019}}",
            "content/case-studies/c.md": (
                "---\ntitle: C\ntimeline:\n  - date: 2019-11\n    event: E\n"
                "    cites: [quispe2091]\n---\nB\n"
            ),
        },
        "content/case-studies/c.md:6: error: unknown citation key 'quispe2091' "
        "(hint: did you mean 'quispe2019'?)",
    ),
    "timeline date": (
        {
            "content/case-studies/c.md": (
                "---\ntitle: C\ntimeline:\n  - {date: 2019-13, event: E}\n---\nB\n"
            )
        },
        "content/case-studies/c.md:4: error: timeline date '2019-13' is not a date",
    ),
}


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_bad_portal_input_is_reported_with_path_and_line(build_site, files, expected):
    site, result = build_site(
        files, PLUGINS=["memoria.front_matter", "memoria.bibliography", "memoria.portal"]
    )
    messages = result.messages()
    assert not result.ok
    assert any(m.startswith(expected) for m in messages), messages
    assert not site.exists("index.html")  # a failed build publishes nothing


def test_build_command_reports_portal_errors_without_traceback(site):
    import subprocess
    import sys

    site.write(CASES["unknown speaker"][0])
    site.build(PLUGINS=["memoria.front_matter", "memoria.portal"])
    run = subprocess.run(
        [sys.executable, "-m", "memoria.site_build", "pelicanconf.py"],
        cwd=site.root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1
    assert "content/workshops/w.md:5: error: unknown person 'ana-quipse'" in run.stderr
    assert "Traceback" not in run.stderr
