"""One function per kind of finding of ``bib-check``: pure, over already-read files and content.

Each rule takes a :class:`CheckInput` and returns diagnostics; :data:`RULES` lists them in the
order they run. Rules that the build also enforces (parse errors, duplicate keys, crossref to
nothing, dates that are not dates) reuse the build's own loader and CSL mapping, so ``bib-check``
and ``invoke build`` never disagree. Severity follows one principle: an error is something that
breaks the build or publishes something wrong; a warning is something a person should look at
(Biber, too, only warns about missing required fields).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bibtexparser.middlewares.names import split_multiple_persons_names

from memoria.bib_tools.bib_source import SourceBlock, regions
from memoria.bib_tools.content_scan import ContentIndex, PersonProfile
from memoria.bib_tools.identity import WorkIndex, fold
from memoria.bibliography.csl_json import entry_problems, to_csl_item
from memoria.bibliography.entries import BibEntry
from memoria.bibliography.links import safe_url
from memoria.bibliography.names import split_names
from memoria.diagnostics import Diagnostic, Severity, did_you_mean
from memoria.portal.pseudonyms import (
    AUTHOR_CODE,
    Identity,
    author_warning,
    identity,
    names_in_entry,
)


@dataclass(frozen=True)
class SourceFile:
    """One .bib file as read from disk."""

    path: str  # relative to the site root, as reported
    text: str  # the file's text
    blocks: tuple[SourceBlock, ...]  # its blocks, as written


@dataclass(frozen=True)
class CheckInput:
    """Everything the rules look at."""

    files: tuple[SourceFile, ...]  # every .bib file, in BIBLIOGRAPHY_PATHS order
    entries: tuple[BibEntry, ...]  # the entries the build would load (crossref resolved)
    load_problems: tuple[Diagnostic, ...]  # what the build's loader reported
    content: ContentIndex | None  # what the content cites; None when there is no content folder
    unparsed_keys: frozenset[str] = frozenset()  # keys of entries that failed to parse

    def source_entry(self, entry: BibEntry) -> SourceBlock | None:
        """The block ``entry`` was read from (for field line numbers)."""
        for file in self.files:
            if file.path == entry.path:
                for block in file.blocks:
                    if (
                        block.kind == "entry"
                        and block.key == entry.key
                        and block.line == entry.line
                    ):
                        return block
        return None


def _finding(
    entry: BibEntry, message: str, hint: str, code: str, severity: Severity, line: int = 0
) -> Diagnostic:
    return Diagnostic(entry.path, line or entry.line, message, hint, severity, code)


def _field_line(inp: CheckInput, entry: BibEntry, name: str) -> int:
    block = inp.source_entry(entry)
    if block is not None:
        for field in block.fields:
            if field.name.lower() == name:
                return field.line
    return entry.line


# --- rules the build enforces too -----------------------------------------------------------


def loader_findings(inp: CheckInput) -> list[Diagnostic]:
    """Parse failures, duplicate keys (also across files), duplicate fields, undefined macros,
    crossref/xdata to nothing; then what the CSL mapping cannot carry (dates that are not dates,
    names that cannot be split, URLs that are not http/https/mailto)."""
    found = list(inp.load_problems)
    for entry in inp.entries:
        found += entry_problems(entry)
    return found


# --- keys and duplicates --------------------------------------------------------------------


def key_case(inp: CheckInput) -> list[Diagnostic]:
    """Keys that differ only in case: one page folder and one mistyped citation apart."""
    first: dict[str, BibEntry] = {}
    found = []
    for entry in sorted(inp.entries, key=lambda e: (e.path, e.line)):
        other = first.setdefault(entry.key.lower(), entry)
        if other is not entry and other.key != entry.key:
            found.append(
                _finding(
                    entry,
                    f"key '{entry.key}' differs from '{other.key}' ({other.path}:{other.line}) "
                    "only in case",
                    "rename one: citations that differ only in case are easy to confuse, and "
                    "their pages would share a folder on case-insensitive file systems",
                    "bibtex.key_case",
                    "error",
                )
            )
    return found


def likely_duplicates(inp: CheckInput) -> list[Diagnostic]:
    """Two entries with the same DOI, or the same title and year: probably one work twice."""
    index = WorkIndex()
    found = []
    for entry in sorted(inp.entries, key=lambda e: (e.path, e.line)):
        duplicate = index.duplicate_of(entry)
        if duplicate is not None:
            other, why = duplicate
            found.append(
                _finding(
                    entry,
                    f"entry '{entry.key}' has {why} as '{other.key}' ({other.path}:{other.line})",
                    "merge the two if they are one work; if not, tell them apart "
                    "(a subtitle, an edition)",
                    "bibtex.likely_duplicate",
                    "warning",
                )
            )
        index.add(entry)
    return found


# --- fields -----------------------------------------------------------------------------------

#: BibLaTeX's required fields per entry type (manual, section 2.1.1); a tuple means "one of".
#: ``@report`` and ``@thesis`` require ``type`` there; we do not, because the CSL styles the
#: build renders with do not need it. BibTeX's own types are included with their BibTeX names.
_DATE = ("date", "year")
_WHO = ("author", "editor")
REQUIRED_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (("author",), ("title",), ("journaltitle", "journal"), _DATE),
    "book": (("author",), ("title",), _DATE),
    "mvbook": (("author",), ("title",), _DATE),
    "inbook": (("author",), ("title",), ("booktitle",), _DATE),
    "bookinbook": (("author",), ("title",), ("booktitle",), _DATE),
    "suppbook": (("author",), ("title",), ("booktitle",), _DATE),
    "booklet": (_WHO, ("title",), _DATE),
    "collection": (("editor",), ("title",), _DATE),
    "mvcollection": (("editor",), ("title",), _DATE),
    "incollection": (("author",), ("title",), ("booktitle",), _DATE),
    "suppcollection": (("author",), ("title",), ("booktitle",), _DATE),
    "dataset": (_WHO, ("title",), _DATE),
    "manual": (_WHO, ("title",), _DATE),
    "misc": (_WHO, ("title",), _DATE),
    "online": (_WHO, ("title",), _DATE, ("url", "doi", "eprint")),
    "patent": (("author",), ("title",), ("number",), _DATE),
    "periodical": (("editor",), ("title",), _DATE),
    "proceedings": (("title",), _DATE),
    "mvproceedings": (("title",), _DATE),
    "inproceedings": (("author",), ("title",), ("booktitle",), _DATE),
    "reference": (("editor",), ("title",), _DATE),
    "mvreference": (("editor",), ("title",), _DATE),
    "inreference": (("author",), ("title",), ("booktitle",), _DATE),
    "report": (("author",), ("title",), ("institution",), _DATE),
    "software": (_WHO, ("title",), _DATE),
    "thesis": (("author",), ("title",), ("institution", "school"), _DATE),
    "unpublished": (("author",), ("title",), _DATE),
    "techreport": (("author",), ("title",), ("institution",), _DATE),
    "phdthesis": (("author",), ("title",), ("school", "institution"), _DATE),
    "mastersthesis": (("author",), ("title",), ("school", "institution"), _DATE),
    "conference": (("author",), ("title",), ("booktitle",), _DATE),
}


def missing_required(inp: CheckInput) -> list[Diagnostic]:
    """Fields BibLaTeX requires for the entry type (inherited ones count)."""
    found = []
    for entry in inp.entries:
        for options in REQUIRED_FIELDS.get(entry.entry_type, ()):
            if not any(entry.get(name).strip() for name in options):
                quoted = [f"'{n}'" for n in options]
                wanted = " or ".join(
                    [", ".join(quoted[:-1]), quoted[-1]] if len(quoted) > 2 else quoted
                )
                found.append(
                    _finding(
                        entry,
                        f"@{entry.entry_type} '{entry.key}' has no {wanted}",
                        f"add {options[0]} = {{...}}; BibLaTeX requires it for @{entry.entry_type}",
                        "bibtex.required",
                        "warning",
                    )
                )
    return found


def file_fields(inp: CheckInput) -> list[Diagnostic]:
    """A ``file`` field holds a path on someone's computer: it must not be published."""
    found = []
    for file in inp.files:
        for block in file.blocks:
            for field in block.fields:
                if field.name.lower() == "file":
                    found.append(
                        Diagnostic(
                            file.path,
                            field.line,
                            f"entry '{block.key}' has a 'file' field (a local path that must not "
                            "be published)",
                            "delete the field; in Zotero's Better BibTeX, add 'file' to "
                            "'Fields to omit from export'",
                            "error",
                            "bibtex.file_field",
                        )
                    )
    return found


def archive_url_scheme(inp: CheckInput) -> list[Diagnostic]:
    """An ``archiveurl`` that is not an http(s) link is dropped from the entry's page."""
    found = []
    for entry in inp.entries:
        value = entry.get("archiveurl").strip()
        if value and not safe_url(value):
            found.append(
                _finding(
                    entry,
                    f"archiveurl '{value}' is not an absolute http or https link; it is left out",
                    "write the full address of the archived copy, e.g. https://web.archive.org/web/...",
                    "bibtex.url",
                    "warning",
                    _field_line(inp, entry, "archiveurl"),
                )
            )
    return found


def web_sources(inp: CheckInput) -> list[Diagnostic]:
    """A web source without ``urldate``; a report online without an archived copy."""
    found = []
    for entry in inp.entries:
        if not entry.get("url").strip():
            continue
        if not entry.get("urldate").strip():
            found.append(
                _finding(
                    entry,
                    f"entry '{entry.key}' has a url but no urldate",
                    "add urldate = {YYYY-MM-DD}, the day the page was last seen",
                    "bibtex.urldate",
                    "warning",
                )
            )
        if entry.entry_type in ("report", "techreport") and not entry.get("archiveurl").strip():
            found.append(
                _finding(
                    entry,
                    f"report '{entry.key}' has a url but no archived copy (archiveurl)",
                    "save the page in the Wayback Machine (https://web.archive.org/save) and add "
                    "archiveurl = {https://web.archive.org/web/...}",
                    "bibtex.archiveurl",
                    "warning",
                )
            )
    return found


# --- braces -----------------------------------------------------------------------------------


#: A line that starts a field: where a still-open value brace shows that a "}" is missing.
_FIELD_START = re.compile(r"\n[ \t]*(?P<name>[A-Za-z_][\w:.+\-]*)[ \t]*=")


def brace_problem(text: str, fields_inside: bool = False) -> tuple[int, str] | None:
    """(0-based offset, what) of the first unbalanced brace in ``text``; None when balanced.

    A ``}`` with nothing open is reported where it is. With ``fields_inside`` (a whole entry), a
    value brace still open where the next ``name =`` line starts is the culprit; otherwise an
    unclosed ``{`` is the innermost one still open at the end.
    """
    opened: list[int] = []
    starts = (
        {m.start(): m.group("name") for m in _FIELD_START.finditer(text)} if fields_inside else {}
    )
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2  # \{ and \} are literal braces
            continue
        if char == "{":
            opened.append(index)
        elif char == "}":
            if not opened:
                return index, "'}' closes nothing"
            opened.pop()
        elif index in starts and len(opened) >= 2:
            return opened[-1], f"'{{' is never closed (field '{starts[index]}' starts inside it)"
        index += 1
    if opened:
        return opened[-1], "'{' is never closed"
    return None


def unbalanced_braces(inp: CheckInput) -> list[Diagnostic]:
    """Unbalanced braces in a field value, a broken block or text between entries, reported at
    the line of the culprit."""
    found = []
    hint = "every '{' needs its '}'; write \\{ or \\} for a literal brace"
    for file in inp.files:
        for region in regions(file.text, file.blocks):
            block = region.block
            first_line = file.text.count("\n", 0, region.start) + 1
            if block.kind == "entry":
                parts = [(f.value, f.line) for f in block.fields]
            else:
                parts = [(region.text, first_line)]
            for text, line in parts:
                problem = brace_problem(text, fields_inside=block.kind == "failed")
                if problem is None:
                    continue
                offset, what = problem
                where = {"entry": f"entry '{block.key}'", "comment": "text between entries"}
                found.append(
                    Diagnostic(
                        file.path,
                        line + text.count("\n", 0, offset),
                        f"unbalanced braces in {where.get(block.kind, 'this entry')}: {what}",
                        hint,
                        "error",
                        "bibtex.braces",
                    )
                )
    return found


# --- names ------------------------------------------------------------------------------------

#: Words that make an unbraced author look like an organisation (matched as whole words).
ORGANISATION_WORDS = frozenset(
    [
        "international", "watch", "commission", "committee", "comision", "comite", "institute",
        "instituto", "foundation", "fundacion", "association", "asociacion", "organization",
        "organisation", "organizacion", "council", "consejo", "ministry", "ministerio",
        "department", "departamento", "office", "oficina", "group", "grupo", "center", "centre",
        "centro", "university", "universidad", "agency", "agencia", "network", "society",
        "sociedad", "bank", "banco", "nations", "union", "court", "corte", "tribunal",
        "federation", "federacion", "alliance", "coalition", "coalicion", "programme", "program",
        "service", "servicio", "secretariat", "secretaria", "government", "gobierno", "amnesty",
        "embassy", "embajada", "defensoria", "fiscalia", "coordinadora", "movement", "movimiento",
        "project", "proyecto", "observatory", "observatorio", "congress", "congreso",
        "parliament", "assembly", "asamblea", "police", "policia", "army", "ejercito", "forces",
        "fuerzas", "church", "iglesia", "party", "partido", "authority", "bureau", "board", "inc",
        "ltd", "press", "rights", "derechos",
    ]
)  # fmt: skip


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z]+", fold(name))


def looks_like_organisation(name: str) -> bool:
    """Whether an unbraced, comma-less name holds a word organisations have and people do not."""
    text = name.strip()
    if not text or "," in text or (text.startswith("{") and text.endswith("}")):
        return False
    return any(word in ORGANISATION_WORDS for word in _words(text))


def _inverted(name: str) -> str:
    parts = split_names(name)
    if not parts or "literal" in parts[0]:
        return name
    given, family = parts[0].get("given", ""), parts[0].get("family", "")
    return f"{family}, {given}" if given else family


def organisation_authors(inp: CheckInput) -> list[Diagnostic]:
    """``author = {Human Rights Watch}`` renders as "Watch, Human Rights": it needs ``{{...}}``."""
    found = []
    for entry in inp.entries:
        for field in ("author", "editor"):
            value = entry.get(field)
            for name in split_multiple_persons_names(value) if value.strip() else []:
                if looks_like_organisation(name):
                    text = " ".join(name.split())
                    found.append(
                        _finding(
                            entry,
                            f"{field} '{text}' looks like an organisation but is not in double "
                            f"braces; it renders as '{_inverted(text)}'",
                            f"write {field} = {{{{{text}}}}}",
                            "bibtex.organisation",
                            "warning",
                            _field_line(inp, entry, field),
                        )
                    )
    return found


def _spellings(text: str) -> list[tuple[str, str]]:
    """(family, given) of a person's name written "Given Family" or "Family, Given"."""
    return [
        (n.get("family", ""), n.get("given", "")) for n in split_names(text) if "literal" not in n
    ]


def _display_name(family: str, given: str) -> str:
    return f"{given} {family}".strip()


def person_spellings(inp: CheckInput) -> list[Diagnostic]:
    """An author who matches a person profile (same family name and initial, accents and case
    aside) but is spelled unlike the profile's name and every alias."""
    if inp.content is None or not inp.content.people:
        return []
    known: dict[tuple[str, str], list] = {}
    # A pseudonymous person is never matched to authors (the build keeps her real name apart
    # from her, and :func:`pseudonym_authors` reports it): spelling advice would name her.
    for person in (p for p in inp.content.people if not p.pseudonym):
        spellings = [s for text in (person.name, *person.aliases) for s in _spellings(text)]
        exact = {_display_name(f, g) for f, g in spellings}
        for family, given in spellings:
            if given:
                known.setdefault((fold(family), fold(given)[:1]), []).append((person, exact))
    found = []
    for entry in inp.entries:
        for field in ("author", "editor", "translator", "bookauthor"):
            for family, given in _spellings(entry.get(field)):
                written = _display_name(family, given)
                for person, exact in known.get((fold(family), fold(given)[:1]), []):
                    if written in exact:
                        continue
                    found.append(
                        _finding(
                            entry,
                            f"{field} '{family}, {given}' matches the person profile "
                            f"'{person.name}' ({person.path}) but is spelled differently",
                            f"write it as in the profile, or add '{family}, {given}' to its "
                            "aliases",
                            "bibtex.person_spelling",
                            "warning",
                            _field_line(inp, entry, field),
                        )
                    )
                    break
    return found


def _pseudonymous(profiles: Iterable[PersonProfile]) -> list[Identity]:
    """The real identity of each pseudonymous person, as the build gathers it: the names and
    aliases of every version of her file (``rosa.md``, ``rosa.es.md``), placed at the original's
    ``name`` line; she is pseudonymous when her original file says so."""
    versions: dict[str, list[PersonProfile]] = {}
    for profile in profiles:
        versions.setdefault(Path(profile.path).stem.partition(".")[0], []).append(profile)
    people = []
    for slug, files in sorted(versions.items()):
        original = next((f for f in files if Path(f.path).stem == slug), None)
        if original is None or not original.pseudonym:
            continue
        written = [text for f in files for text in (f.name, *f.aliases)]
        person = identity(slug, original.path, original.line, written, original.pseudonym)
        if person is not None:
            people.append(person)
    return people


def pseudonym_authors(inp: CheckInput) -> list[Diagnostic]:
    """An entry that names a pseudonymous person's real name or an alias (as an author, editor
    or any other name, or in its title): the build's warning, found by the build's own test on
    the entry's CSL item, in the same words (which name neither of her names)."""
    if inp.content is None:
        return []
    people = _pseudonymous(inp.content.people)
    if not people:
        return []
    found = []
    for entry in inp.entries:
        item = to_csl_item(entry)
        for person in people:
            if names_in_entry(item, person):
                message, hint = author_warning(entry.key, person)
                found.append(_finding(entry, message, hint, AUTHOR_CODE, "warning"))
    return found


# --- citations --------------------------------------------------------------------------------

#: Fields through which one entry uses another: a parent used by a cited child is used too.
LINK_FIELDS = ("crossref", "xdata", "entryset", "xref")


def citations(inp: CheckInput) -> list[Diagnostic]:
    """Keys cited in content but missing from the bibliography; entries cited nowhere."""
    if inp.content is None:
        return []
    keys = {entry.key for entry in inp.entries}
    found = [
        Diagnostic(
            cited.path,
            cited.line,
            f"unknown citation key '{cited.key}'",
            did_you_mean(cited.key, keys) or "add the entry to the bibliography or fix the key",
            "error",
            "citation.unknown_key",
        )
        for cited in inp.content.citations
        # a key whose entry failed to parse: the parse error is reported, once
        if cited.key not in keys and cited.key not in inp.unparsed_keys
    ]
    used = set(inp.content.cited_keys)
    for entry in inp.entries:
        for field in LINK_FIELDS:
            used.update(k.strip() for k in entry.source_fields.get(field, "").split(",") if k)
    found += [
        _finding(
            entry,
            f"entry '{entry.key}' is cited nowhere in the content",
            "cite it, or delete it if it does not belong in the bibliography",
            "citation.uncited",
            "warning",
        )
        for entry in inp.entries
        if entry.key not in used
    ]
    return found


#: Every rule, in the order they run.
RULES: tuple[Callable[[CheckInput], list[Diagnostic]], ...] = (
    loader_findings,
    key_case,
    likely_duplicates,
    missing_required,
    file_fields,
    archive_url_scheme,
    web_sources,
    unbalanced_braces,
    organisation_authors,
    person_spellings,
    pseudonym_authors,
    citations,
)


def run_rules(inp: CheckInput, rules: Iterable[Callable] = RULES) -> list[Diagnostic]:
    """Every finding of every rule, each once, sorted by path and line."""
    found: dict[Diagnostic, None] = {}
    for rule in rules:
        found.update(dict.fromkeys(rule(inp)))
    return sorted(found)


def counts(findings: Iterable[Diagnostic]) -> Mapping[str, int]:
    findings = list(findings)
    return {
        "errors": sum(d.severity == "error" for d in findings),
        "warnings": sum(d.severity == "warning" for d in findings),
    }
