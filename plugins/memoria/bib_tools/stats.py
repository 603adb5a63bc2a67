"""``bib-stats``: what the library holds, by type, year, language and case study, and how much
of it the content cites."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from memoria.bib_tools.identity import year
from memoria.bibliography.csl_json import language
from memoria.bibliography.entries import BibEntry
from memoria.bibliography.latex_text import strip_protection


@dataclass(frozen=True)
class LibraryStats:
    """Counts over the whole library; every mapping is sorted by its key."""

    entries: int  # how many entries
    by_type: dict[str, int]  # entry type -> count
    by_year: dict[str, int]  # year (or "no date") -> count
    by_language: dict[str, int]  # BCP 47 language tag (or "unknown") -> count
    by_case_study: dict[str, int]  # case-study slug named in keywords (or "none") -> count
    cited: int  # entries the content cites
    uncited: int  # entries it does not cite

    def as_json(self) -> str:
        return json.dumps(self.__dict__, indent=2, ensure_ascii=False) + "\n"

    def as_text(self) -> str:
        lines = [f"entries: {self.entries} ({self.cited} cited, {self.uncited} not cited)"]
        for title, counts in (
            ("by type", self.by_type),
            ("by year", self.by_year),
            ("by language", self.by_language),
            ("by case study", self.by_case_study),
        ):
            lines.append(f"{title}:")
            width = max((len(k) for k in counts), default=0)
            lines += [f"  {name:<{width}}  {count:>5}" for name, count in counts.items()]
        return "\n".join(lines) + "\n"


def _keywords(entry: BibEntry) -> set[str]:
    return {k.strip().lower() for k in strip_protection(entry.get("keywords")).split(",")}


def library_stats(
    entries: Sequence[BibEntry], cited: Collection[str], case_studies: Collection[str]
) -> LibraryStats:
    """Count ``entries``; ``cited`` keys are those the content cites; ``case_studies`` slugs."""
    types = Counter(entry.entry_type for entry in entries)
    years = Counter(str(y) if (y := year(entry)) is not None else "no date" for entry in entries)
    languages = Counter(
        language(entry.get("langid") or entry.get("language")) or "unknown" for entry in entries
    )
    studies: Counter[str] = Counter()
    slugs = {slug.lower(): slug for slug in case_studies}
    for entry in entries:
        named = [slugs[k] for k in sorted(_keywords(entry)) if k in slugs]
        studies.update(named or ["none"])
    cited_count = sum(entry.key in cited for entry in entries)
    return LibraryStats(
        entries=len(entries),
        by_type=dict(sorted(types.items())),
        by_year=dict(sorted(years.items())),
        by_language=dict(sorted(languages.items())),
        by_case_study=dict(sorted(studies.items())),
        cited=cited_count,
        uncited=len(entries) - cited_count,
    )
