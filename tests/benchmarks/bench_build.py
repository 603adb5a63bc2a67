"""Benchmark: a synthetic portal built by Memoria against plain Pelican, in the same run.

The floor is plain Pelican (same theme, and only the i18n plugin its templates need) writing the
same pages: the posts with their citations left as text, plus one plain Markdown page per
bibliography entry. Memoria's cold build starts with empty caches; its warm build rebuilds with
nothing changed. Prints JSON with the median seconds of each and the ratios to the floor (the
median of each run's ratio: a run's three builds follow one another). Goals (issue 2): cold <=
2.0x, warm <= 0.8x.

    python tests/benchmarks/bench_build.py --posts 1000 --entries 5000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WORDS = [
    "memory",
    "truth",
    "justice",
    "archive",
    "testimony",
    "protest",
    "commission",
    "report",
    "violence",
    "community",
    "resistance",
    "documentation",
    "accountability",
    "impunity",
    "evidence",
    "victims",
    "rights",
    "state",
    "region",
]
TYPES = ("report", "book", "article", "incollection", "online", "misc", "thesis")
FAMILIES = ("García", "Becker", "Farthing", "Mouly", "Serrano", "Bernasconi", "Quispe", "Mamani")
GIVENS = ("Ana", "Thomas", "Linda", "Cécile", "Mónica", "Oriana", "Jemima", "Luis")

COMMON_SETTINGS = {
    "SITENAME": "Benchmark portal",
    "SITEURL": "",
    "PATH": "content",
    "ARTICLE_PATHS": ["posts"],
    "PAGE_PATHS": ["pages"],
    "SLUGIFY_SOURCE": "basename",
    "ARTICLE_URL": "posts/{slug}/",
    "ARTICLE_SAVE_AS": "posts/{slug}/index.html",
    "PAGE_URL": "{slug}/",
    "PAGE_SAVE_AS": "{slug}/index.html",
    "TIMEZONE": "UTC",
    "THEME": str(REPO / "theme"),
    "FEED_ALL_ATOM": None,
    "CATEGORY_FEED_ATOM": None,
    "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "CACHE_PATH": "cache",
    "DISPLAY_PAGES_ON_MENU": False,  # 5,000 entry pages in every page's menu would time the menu
}


def synthetic_entry(index: int, rng: random.Random) -> str:
    kind = TYPES[index % len(TYPES)]
    year = 1980 + index % 45
    family, given = rng.choice(FAMILIES), rng.choice(GIVENS)
    title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
    fields = {
        "author": f"{family}, {given} and {rng.choice(FAMILIES)}, {rng.choice(GIVENS)}",
        "title": f"{title} in {{Latin America}}",
        "date": f"{year}-{1 + index % 12:02d}",
        "publisher": "Universidad de los Andes",
        "location": "Bogot{\\'a}",
        "institution": "Comisi{\\'o}n de la Verdad",
        "journaltitle": "Revista de Memoria",
        "booktitle": "Handbook of Memory",
        "url": f"https://example.org/doc/{index}?q=a%20b",
        "urldate": "2024-01-15",
        "langid": "spanish",
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{entry{index},\n{body}\n}}\n"


def post_text(index: int, keys: list[str], rng: random.Random, cite: bool) -> str:
    paragraphs = []
    for paragraph in range(8):
        words = [rng.choice(WORDS) for _ in range(95)]
        if paragraph < len(keys):
            words.append(f"[@{keys[paragraph]}]" if cite else f"({keys[paragraph]})")
        paragraphs.append(" ".join(words).capitalize() + ".")
    header = f"Title: Post {index}\nDate: 2024-01-01 {index // 60 % 24:02d}:{index % 60:02d}\n"
    return header + "Category: Notes\n\n" + "\n\n".join(paragraphs) + "\n"


def make_sites(root: Path, posts: int, entries: int) -> tuple[Path, Path]:
    rng = random.Random(20261122)
    memoria, floor = root / "memoria", root / "floor"
    for site in (memoria, floor):
        (site / "content" / "posts").mkdir(parents=True)
    (memoria / "bibliography").mkdir()
    bib = "".join(synthetic_entry(i, rng) for i in range(entries))
    (memoria / "bibliography" / "synthetic.bib").write_text(bib, encoding="utf-8")
    (floor / "content" / "pages").mkdir()
    for i in range(entries):
        page = f"Title: Entry {i}\n\nA plain page standing for bibliography entry {i}.\n"
        (floor / "content" / "pages" / f"entry{i}.md").write_text(page, encoding="utf-8")
    for i in range(posts):
        keys = [f"entry{rng.randrange(entries)}" for _ in range(3)]
        for site, cite in ((memoria, True), (floor, False)):
            text = post_text(i, keys, random.Random(i), cite)
            (site / "content" / "posts" / f"post{i}.md").write_text(text, encoding="utf-8")
    write_settings(
        memoria,
        {
            **COMMON_SETTINGS,
            "PLUGIN_PATHS": [str(REPO / "plugins")],
            "PLUGINS": ["memoria.front_matter", "memoria.bibliography"],
            # Pelican's content cache, as a site that rebuilds often keeps it: read back on a
            # warm build, and not gzipped (compressing it costs a second per build here).
            "CACHE_CONTENT": True,
            "LOAD_CONTENT_CACHE": True,
            "GZIP_CACHE": False,
        },
    )
    # The theme's templates translate their words (``_()``): the floor needs the i18n plugin too.
    floor_plugins = {"PLUGIN_PATHS": [str(REPO / "plugins")], "PLUGINS": ["memoria.i18n"]}
    write_settings(floor, {**COMMON_SETTINGS, **floor_plugins})
    return memoria, floor


def write_settings(site: Path, settings: dict) -> None:
    lines = [f"{name} = {value!r}" for name, value in settings.items()]
    (site / "pelicanconf.py").write_text("\n".join(lines) + "\n", encoding="utf-8")


def settle(site: Path) -> None:
    """Wait until the disk is idle: the folder a Memoria build replaced is deleted in the
    background (``output.old-*``), and the last build's files are still being flushed. Either
    would slow whichever build is timed next, the floor's included.

    On a disk mounted with online discard (this project's VMs), creating files right after
    deleting thousands is several times slower for a while; runs after the first can show it.
    """
    deadline = time.monotonic() + 120
    while any(site.glob("output.old-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    os.sync()


def timed(command: list[str], cwd: Path) -> float:
    settle(cwd)
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    start = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"benchmark build failed in {cwd}:\n{run.stderr[-3000:]}")
    return elapsed


def clear(site: Path, trash: Path) -> None:
    """Empty caches and output for a cold build. Moved aside, not deleted: deleting thousands of
    files just before a timed build slows its own file creation (see :func:`settle`)."""
    for name in ("output", "cache"):
        if (site / name).exists():
            (site / name).rename(trash / f"{site.name}-{name}-{len(list(trash.iterdir()))}")


def default_folder() -> Path:
    """RAM-backed storage when the system has it: both builds then time their own work, not the
    state of a virtual disk (on this project's VMs the floor alone varied from 13 to 19 s on
    disk). ``--dir`` times another place, e.g. the disk the site will be built on."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return shm
    return Path(tempfile.gettempdir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each build; medians reported")
    parser.add_argument(
        "--dir",
        type=Path,
        default=default_folder(),
        help="where the synthetic sites are built (default: /dev/shm when there is one)",
    )
    args = parser.parse_args(argv)

    memoria_build = [sys.executable, "-m", "memoria.site_build", "pelicanconf.py"]
    pelican_build = [sys.executable, "-m", "pelican", "-q", "-s", "pelicanconf.py"]
    with tempfile.TemporaryDirectory(prefix="memoria-bench-", dir=args.dir) as tmp:
        memoria, floor = make_sites(Path(tmp), args.posts, args.entries)
        trash = Path(tmp) / "trash"
        trash.mkdir()
        floor_s, cold_s, warm_s = [], [], []
        for _ in range(args.runs):
            # Interleaved, so a drift in machine speed affects all three alike.
            clear(floor, trash)
            floor_s.append(timed(pelican_build, floor))
            clear(memoria, trash)
            cold_s.append(timed(memoria_build, memoria))
            warm_s.append(timed(memoria_build, memoria))
    floor_t, cold_t, warm_t = (statistics.median(x) for x in (floor_s, cold_s, warm_s))
    # Each run's builds follow one another: their ratio is what a drift in machine speed (other
    # tenants of a VM) affects least. The ratios reported are the medians of these.
    cold_r = statistics.median(c / f for c, f in zip(cold_s, floor_s, strict=True))
    warm_r = statistics.median(w / f for w, f in zip(warm_s, floor_s, strict=True))
    print(
        json.dumps(
            {
                "posts": args.posts,
                "entries": args.entries,
                "runs": args.runs,
                "built_in": str(args.dir),
                "floor_plain_pelican_s": round(floor_t, 2),
                "memoria_cold_s": round(cold_t, 2),
                "memoria_warm_s": round(warm_t, 2),
                "cold_ratio": round(cold_r, 2),
                "warm_ratio": round(warm_r, 2),
                "targets": {"cold_ratio": 2.0, "warm_ratio": 0.8},
                "all_runs_s": {"floor": floor_s, "cold": cold_s, "warm": warm_s},
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
