"""One index of every relation between people, workshops, case studies, organisations, series,
posts and bibliography entries, computed once after all content is read and before any page is
written. Templates only read it.

Each relation is stored at both ends: a presentation appears on its speaker's profile, its
workshop's page and its case study's page; a link ``{person}slug`` in a post puts the post in the
person's "linked from" list. Front-matter slugs and cite keys that name nothing are reported here
with their line, because only here is every file known.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from memoria.diagnostics import Diagnostic, did_you_mean
from memoria.portal.fields import Presentation, SlugRef
from memoria.portal.name_matching import csl_name_forms, fold, names_of, publisher_forms
from memoria.portal.pseudonyms import AUTHOR_CODE, Identity, author_warning, names_in_entry


@dataclass(frozen=True)
class EntryRef:
    """A bibliography entry as a page shows it in a list."""

    key: str  # entry key
    url: str  # site-relative URL of the entry's page
    html: Any  # formatted reference (Markup), safe to print
    year: str  # year of publication, "" when unknown
    cite: Any = ""  # short in-text citation ("(GIEI 2021)") linked to the entry page (Markup)


@dataclass(frozen=True)
class Talk:
    """A presentation with everything it points to resolved."""

    workshop: Any  # the Workshop it was given at
    presentation: Presentation  # the talk as written in the workshop's front matter
    speaker: Any  # the Person who gave it, None when unknown
    case_studies: tuple[Any, ...]  # CaseStudy objects it speaks to
    cites: tuple[EntryRef, ...]  # entries it draws on

    @property
    def url(self) -> str:
        return f"{self.workshop.url}#{self.presentation.anchor}"


@dataclass
class Related:
    """What one page lists besides its own content; unused lists stay empty."""

    talks: list[Talk] = field(default_factory=list)  # presentations given by/at/on it
    posts: list[Any] = field(default_factory=list)  # blog posts written by / about it
    workshops: list[Any] = field(default_factory=list)  # workshops on it / it organised
    people: list[Any] = field(default_factory=list)  # speakers, members, authors
    case_studies: list[Any] = field(default_factory=list)  # case studies it concerns
    organisations: list[Any] = field(default_factory=list)  # affiliation, organisers
    organisers: list[Any] = field(default_factory=list)  # a workshop's organisations and people
    entries: list[EntryRef] = field(default_factory=list)  # bibliography entries
    linked_from: list[Any] = field(default_factory=list)  # pages that link to it
    timeline: list[tuple[Any, tuple[EntryRef, ...]]] = field(default_factory=list)  # (event, refs)
    series: Any = None  # the series it belongs to
    previous: Any = None  # previous member of its series
    next: Any = None  # next member of its series
    members: list[Any] = field(default_factory=list)  # a series' posts and workshops, in order

    def localised(self, convert: Callable[[EntryRef], EntryRef]) -> Related:
        """A copy whose bibliography entries are rendered anew (for a page in another language)."""
        refs = lambda items: tuple(convert(r) for r in items)  # noqa: E731
        return replace(
            self,
            entries=list(refs(self.entries)),
            talks=[replace(t, cites=refs(t.cites)) for t in self.talks],
            timeline=[(event, refs(cited)) for event, cited in self.timeline],
        )


@dataclass(frozen=True)
class BodyLink:
    """A ``{kind}slug`` link found in a page's body."""

    kind: str  # kind name, e.g. "person"
    slug: str  # file slug of the target


@dataclass
class PortalIndex:
    """The relations of a whole site."""

    people: dict[str, Any]  # file slug -> Person, sorted by slug
    workshops: dict[str, Any]  # file slug -> Workshop
    case_studies: dict[str, Any]  # file slug -> CaseStudy
    organisations: dict[str, Any]  # file slug -> Organisation
    series: dict[str, Any]  # slug -> Series
    entries: dict[str, Related] = field(default_factory=dict)  # bib key -> related pages
    #: Pages whose text names a pseudonymous person's real identity (or cites a work that does),
    #: by source path: kept apart from her pages, and left out of the site's lists and feeds.
    kept_apart: list[Any] = field(default_factory=list)
    #: The real identities of pseudonymous people, for exports that must not hold them.
    identities: tuple[Identity, ...] = ()

    def has_content(self) -> bool:
        """Whether the site has any portal page at all (a blog alone gets no portal.json)."""
        pools = (self.people, self.workshops, self.case_studies, self.organisations, self.series)
        return any(pools)

    def for_entry(self, key: str) -> Related:
        """What a bibliography entry's page lists besides "Cited in"."""
        return self.entries.get(key) or Related()


@dataclass(frozen=True)
class Bibliography:
    """The little the index needs to know about the bibliography."""

    items: Mapping[str, Mapping[str, Any]]  # key -> CSL-JSON item
    ref: Callable[..., EntryRef]  # (key, lang=None) -> how lists show a known entry
    locations: Mapping[str, tuple[str, int]] = field(default_factory=dict)  # key -> (path, line)


@dataclass(frozen=True)
class Mention:
    """A page whose own text names a pseudonymous person: by her real name or an alias, or (when
    ``pseudonym``) by the pseudonym, which makes it a page that shows her."""

    content: Any  # the page (a translation stands for its original in every list)
    person: Identity  # whom it names
    path: str  # its file, as reports name it
    line: int  # the first line that names her
    pseudonym: bool = False  # whether it writes her pseudonym rather than her real identity


def _date_key(content: Any) -> str:
    return str(getattr(content, "date", "") or "")


def _add(target: list, value: Any) -> None:
    if value is not None and value not in target:
        target.append(value)


class _Builder:
    def __init__(
        self,
        index: PortalIndex,
        posts: Sequence[Any],
        bibliography: Bibliography,
        display_path: Callable[[str], str],
        identities: Sequence[Identity] = (),
        mentions: Sequence[Mention] = (),
    ):
        self.index, self.posts, self.bib = index, posts, bibliography
        self.display_path = display_path
        self.identities, self.mentions = identities, mentions
        self.problems: list[Diagnostic] = []
        self.related: dict[int, Related] = {}
        self.owners: dict[int, Any] = {}  # id -> the page whose Related it is

    def of(self, content: Any) -> Related:
        if id(content) not in self.related:
            self.related[id(content)] = Related()
            self.owners[id(content)] = content
        return self.related[id(content)]

    # --- resolving what front matter names -------------------------------------------------
    def resolve(self, owner: Any, ref: SlugRef | None, kinds: Iterable[str]) -> Any:
        if ref is None:
            return None
        pools = [(kind, getattr(self.index, _POOLS[kind])) for kind in kinds]
        for _kind, pool in pools:
            if ref.slug in pool:
                return pool[ref.slug]
        candidates = [slug for _kind, pool in pools for slug in pool]
        folders = " or ".join(_FOLDERS[kind] for kind, _pool in pools)
        self.problems.append(
            Diagnostic(
                self.display_path(owner.source_path),
                ref.line,
                f"unknown {' or '.join(k.replace('_', ' ') for k in kinds)} '{ref.slug}'",
                hint=did_you_mean(ref.slug, candidates)
                or f"the slug is a file name (without .md) under the {folders} folder",
                code="portal.unknown_slug",
            )
        )
        return None

    def cite(self, owner: Any, refs: Iterable[SlugRef]) -> tuple[EntryRef, ...]:
        out = []
        for ref in refs:
            if ref.slug in self.bib.items:
                out.append(self.bib.ref(ref.slug))
                continue
            self.problems.append(
                Diagnostic(
                    self.display_path(owner.source_path),
                    ref.line,
                    f"unknown citation key '{ref.slug}'",
                    hint=did_you_mean(ref.slug, self.bib.items)
                    or "add the entry to a .bib file under BIBLIOGRAPHY_PATHS",
                    code="citation.unknown_key",
                )
            )
        return tuple(out)

    # --- the relations ------------------------------------------------------------------------
    def build(self) -> None:
        index = self.index
        for workshop in index.workshops.values():
            self.workshop(workshop)
        for case in index.case_studies.values():
            related = self.of(case)
            for event in case.timeline:
                related.timeline.append((event, self.cite(case, event.cites)))
                for ref in related.timeline[-1][1]:
                    _add(related.entries, ref)
        for person in index.people.values():
            self.affiliation(person)
        for post in self.posts:
            self.post(post)
        self.series()
        self.citations()
        self.bibliography_names()
        self.body_links()
        for person in self.identities:
            self.keep_apart(person)
        self.sort()

    def workshop(self, workshop: Any) -> None:
        related = self.of(workshop)
        for ref in workshop.case_study_refs:
            case = self.resolve(workshop, ref, ["case_study"])
            if case is not None:
                _add(related.case_studies, case)
                _add(self.of(case).workshops, workshop)
        for ref in workshop.organisers:
            organiser = self.resolve(workshop, ref, ["organisation", "person"])
            if organiser is not None:
                _add(related.organisers, organiser)
                if organiser.kind_name == "organisation":
                    _add(related.organisations, organiser)
                _add(self.of(organiser).workshops, workshop)
        for presentation in workshop.presentations:
            self.talk(workshop, presentation)
        if workshop.series_ref is not None:
            related.series = self.resolve(workshop, workshop.series_ref, ["series"])

    def talk(self, workshop: Any, presentation: Presentation) -> None:
        related = self.of(workshop)
        speaker = self.resolve(workshop, presentation.speaker, ["person"])
        cases = [self.resolve(workshop, r, ["case_study"]) for r in presentation.case_studies]
        talk = Talk(
            workshop=workshop,
            presentation=presentation,
            speaker=speaker,
            case_studies=tuple(c for c in cases if c is not None),
            cites=self.cite(workshop, presentation.cites),
        )
        related.talks.append(talk)
        for ref in talk.cites:
            _add(related.entries, ref)
            _add(self.entry(ref.key).workshops, workshop)
            _add(self.entry(ref.key).people, speaker)
        if speaker is not None:
            _add(related.people, speaker)
            self.of(speaker).talks.append(talk)
        # A talk speaks to the case studies it names, or else to its workshop's.
        for case in talk.case_studies or tuple(related.case_studies):
            case_related = self.of(case)
            _add(case_related.talks, talk)
            _add(case_related.workshops, workshop)
            _add(case_related.people, speaker)
            for ref in talk.cites:
                _add(case_related.entries, ref)
            if speaker is not None:
                _add(self.of(speaker).case_studies, case)

    def affiliation(self, person: Any) -> None:
        if not person.affiliation:
            return
        organisation = self.index.organisations.get(person.affiliation)
        if organisation is None:
            wanted = fold(person.affiliation)
            organisation = next(
                (o for o in self.index.organisations.values() if wanted in _org_forms(o)), None
            )
        if organisation is not None:
            _add(self.of(person).organisations, organisation)
            _add(self.of(organisation).people, person)

    def post(self, post: Any) -> None:
        related = self.of(post)
        for ref in getattr(post, "author_refs", ()):
            person = self.resolve(post, ref, ["person"])
            if person is not None:
                _add(related.people, person)
                _add(self.of(person).posts, post)
        for ref in getattr(post, "case_study_refs", ()):
            case = self.resolve(post, ref, ["case_study"])
            if case is not None:
                _add(related.case_studies, case)
                _add(self.of(case).posts, post)
        if getattr(post, "series_ref", None) is not None:
            related.series = self.resolve(post, post.series_ref, ["series"])

    def series(self) -> None:
        members: dict[int, list[Any]] = defaultdict(list)
        for content in [*self.index.workshops.values(), *self.posts]:
            series = self.of(content).series
            if series is not None:
                members[id(series)].append(content)
        for series in self.index.series.values():
            ordered = sorted(members.get(id(series), []), key=lambda c: (_date_key(c), c.title))
            self.of(series).members = ordered
            for before, after in pairwise(ordered):
                self.of(before).next = after
                self.of(after).previous = before

    def citations(self) -> None:
        """Entries cited in bodies: on the citing page's lists and, for case studies, theirs."""
        for content in self.all_contents():
            keys = [
                item.key
                for citation in (content.metadata.get("citations") or [])
                for item in citation.items
                if item.key in self.bib.items
            ]
            related = self.of(content)
            for key in sorted(set(keys), key=keys.index):
                ref = self.bib.ref(key)
                _add(related.entries, ref)
                if content.__class__.__name__ == "Workshop":
                    _add(self.entry(key).workshops, content)
                for case in related.case_studies:
                    _add(self.of(case).entries, ref)
        for key, item in self.bib.items.items():
            keywords = {fold(k) for k in str(item.get("keyword", "")).split(",") if k.strip()}
            for slug, case in self.index.case_studies.items():
                if fold(slug) in keywords or fold(case.title) in keywords:
                    _add(self.of(case).entries, self.bib.ref(key))
                    _add(self.entry(key).case_studies, case)
        for case in self.index.case_studies.values():
            for ref in self.of(case).entries:
                _add(self.entry(ref.key).case_studies, case)

    def bibliography_names(self) -> None:
        """Entries authored or edited by a person, and reports by an organisation."""
        people: dict[str, Any] = {}
        for person in self.index.people.values():
            if person.pseudonym:
                continue  # matching would tie the pseudonym to a real name in the bibliography
            for form in {fold(person.name), *(fold(a) for a in person.aliases)}:
                people.setdefault(form, person)
        organisations = {
            form: org for org in self.index.organisations.values() for form in _org_forms(org)
        }
        for key, item in self.bib.items.items():
            for name in names_of(item):
                for form in csl_name_forms(name):
                    if form in people:
                        _add(self.of(people[form]).entries, self.bib.ref(key))
                        _add(self.entry(key).people, people[form])
                    if form in organisations:
                        _add(self.of(organisations[form]).entries, self.bib.ref(key))
                        _add(self.entry(key).organisations, organisations[form])
            for form in publisher_forms(item):
                if form in organisations:
                    _add(self.of(organisations[form]).entries, self.bib.ref(key))
                    _add(self.entry(key).organisations, organisations[form])

    def body_links(self) -> None:
        for content in self.all_contents():
            for link in getattr(content, "memoria_links", ()):
                target = getattr(self.index, _POOLS[link.kind]).get(link.slug)
                if target is not None and target is not content:
                    _add(self.of(target).linked_from, content)

    # --- pseudonyms ---------------------------------------------------------------------------
    def keep_apart(self, identity: Identity) -> None:
        """No page that shows a pseudonymous person lists, or is listed by, a work or page that
        names her real identity: the two names never share a page or a link the index makes.

        Lists the index derives (an organisation's reports, an entry's people, a case study's
        works) simply lose the item. Citations the editor wrote in front matter (a talk's or a
        timeline event's ``cites``) are left out with a warning; a citation in a body cannot be,
        so it is only reported.
        """
        person = self.index.people.get(identity.slug)
        if person is None:
            return
        keys = {key for key, item in self.bib.items.items() if names_in_entry(item, identity)}
        for key in sorted(keys):
            path, line = self.bib.locations.get(key, ("bibliography", 0))
            message, hint = author_warning(key, identity)
            self.problems.append(self.pseudonym_warning(path, line, message, hint, AUTHOR_CODE))
        mine = [m for m in self.mentions if m.person == identity]
        for mention in mine:
            self.of(mention.content)  # every page met here has its lists
        named = {id(m.content) for m in mine if not m.pseudonym}
        for mention in mine:
            if not mention.pseudonym:
                self.problems.append(
                    self.pseudonym_warning(
                        mention.path,
                        mention.line,
                        f"the text names a pseudonymous person by her real name or an alias "
                        f"({identity.where})",
                        "write her pseudonym instead; this page is kept apart from hers, and "
                        "left out of the home page, archives and feeds",
                        "portal.pseudonym_text",
                    )
                )
        shows = self.showing(person) | {id(m.content) for m in mine if m.pseudonym}
        self.citing(identity, keys, named, shows)
        talks: dict[int, Talk] = {}
        for owner_id in shows:
            related = self.related[owner_id]
            for talk in related.talks:
                talks.setdefault(id(talk), self.without_cites(talk, keys, identity))
            owner = self.owners[owner_id]
            for event, refs in related.timeline:
                for ref in refs:
                    if ref.key in keys:
                        self.warn_cite(owner, event.cites, ref.key, identity)
            related.timeline = [
                (event, tuple(r for r in refs if r.key not in keys))
                for event, refs in related.timeline
            ]
            for citation in owner.metadata.get("citations") or []:
                for item in citation.items:
                    if item.key in keys:
                        self.warn_cite(owner, (), item.key, identity)
        # The same talk object is listed on several pages: replace it on all of them.
        for related in [*self.related.values(), *self.index.entries.values()]:
            related.talks = [talks.get(id(t), t) for t in related.talks]
        for owner_id in shows:
            _drop(self.related[owner_id], named, keys)
        for key in keys:
            _drop(self.entry(key), shows, set())
        for owner_id in named - shows:
            _drop(self.related[owner_id], shows, set())
        apart = {id(c) for c in self.index.kept_apart} | named
        pages = (self.owners[owner_id] for owner_id in apart)
        self.index.kept_apart = sorted(pages, key=lambda c: str(c.source_path))

    def citing(self, identity: Identity, keys: set[str], named: set[int], shows: set[int]) -> None:
        """Add to ``named`` every page that does not show her but prints a work that names her
        real identity: it cites one (in its body, a talk or its timeline) or lists one (a case
        study by the entry's keywords, an organisation its reports), each reported."""
        for content in self.all_contents():
            if id(content) in shows or id(content) in named:
                continue
            related = self.of(content)
            listed = {ref.key for ref in related.entries}
            listed.update(ref.key for _event, refs in related.timeline for ref in refs)
            listed.update(ref.key for talk in related.talks for ref in talk.cites)
            found = sorted(listed & keys)
            if not found:
                continue
            named.add(id(content))
            key = found[0]
            written = [
                *(ref for event in getattr(content, "timeline", None) or [] for ref in event.cites),
                *(
                    ref
                    for t in related.talks
                    if t.workshop is content
                    for ref in t.presentation.cites
                ),
            ]
            line = next((r.line for r in written if r.slug == key), 0)
            line = line or _line_citing(content, key)
            self.problems.append(
                self.pseudonym_warning(
                    self.display_path(content.source_path),
                    line or 1,
                    f"{'cites' if line else 'lists'} '{key}', which names a pseudonymous person "
                    f"({identity.where})",
                    "this page is kept apart from hers: no page that shows her lists it, and it "
                    "is left out of the home page, archives and feeds",
                    "portal.pseudonym_text",
                )
            )

    def showing(self, person: Any) -> set[int]:
        """Ids of the pages that show ``person``: hers, and every page that lists or links her."""
        shows = {id(person)}
        for owner_id, related in self.related.items():
            listed = [*related.people, *related.organisers, *related.linked_from]
            listed += [t.speaker for t in related.talks]
            if any(p is person for p in listed):
                shows.add(owner_id)
        mine = self.of(person)
        for name in ("organisations", "case_studies", "workshops", "posts", "linked_from"):
            shows.update(id(c) for c in getattr(mine, name))
        shows.update(id(t.workshop) for t in mine.talks)
        return {owner_id for owner_id in shows if owner_id in self.related}

    def without_cites(self, talk: Talk, keys: set[str], identity: Identity) -> Talk:
        """``talk`` without the works in ``keys``, each reported."""
        kept = tuple(ref for ref in talk.cites if ref.key not in keys)
        if len(kept) == len(talk.cites):
            return talk
        for ref in talk.cites:
            if ref.key in keys:
                self.warn_cite(talk.workshop, talk.presentation.cites, ref.key, identity)
        return replace(talk, cites=kept)

    def warn_cite(self, owner: Any, refs: Iterable[SlugRef], key: str, identity: Identity) -> None:
        line = next((r.line for r in refs if r.slug == key), 0) or _line_citing(owner, key)
        self.problems.append(
            self.pseudonym_warning(
                self.display_path(owner.source_path),
                line,
                f"'{key}' names a pseudonymous person ({identity.where}) whom this page shows",
                "a citation in front matter is left out of the page; remove one from the body "
                "yourself, or leave her out of this page",
                "portal.pseudonym_cite",
            )
        )

    @staticmethod
    def pseudonym_warning(path: str, line: int, message: str, hint: str, code: str) -> Diagnostic:
        return Diagnostic(path, line, message, hint=hint, severity="warning", code=code)

    def entry(self, key: str) -> Related:
        return self.index.entries.setdefault(key, Related())

    def all_contents(self) -> list[Any]:
        index = self.index
        pools = (index.people, index.workshops, index.case_studies, index.organisations)
        return [*self.posts, *(c for pool in pools for c in pool.values()), *index.series.values()]

    def sort(self) -> None:
        newest_first = lambda c: (_date_key(c), c.title)  # noqa: E731
        by_title = lambda c: c.title.casefold()  # noqa: E731
        for related in [*self.related.values(), *self.index.entries.values()]:
            related.posts.sort(key=newest_first, reverse=True)
            related.workshops.sort(key=newest_first, reverse=True)
            related.talks.sort(key=lambda t: (_date_key(t.workshop), t.presentation.number))
            related.linked_from.sort(key=lambda c: (c.title.casefold(), str(c.source_path)))
            related.entries.sort(key=lambda r: (r.year, r.key), reverse=True)
            for name in ("people", "case_studies", "organisations"):
                getattr(related, name).sort(key=by_title)


_POOLS = {
    "person": "people",
    "workshop": "workshops",
    "case_study": "case_studies",
    "organisation": "organisations",
    "series": "series",
}
_FOLDERS = {
    "person": "people",
    "workshop": "workshops",
    "case_study": "case-studies",
    "organisation": "organisations",
    "series": "series",
}


def _line_citing(content: Any, key: str) -> int:
    """The first line of ``content``'s file that cites ``key`` (``@key``), else 0."""
    try:
        text = Path(content.source_path).read_text(encoding="utf-8")
    except (OSError, TypeError):
        return 0
    position = text.find(f"@{key}")
    return text.count("\n", 0, position) + 1 if position >= 0 else 0


def _drop(related: Related, pages: set[int], keys: set[str]) -> None:
    """Remove from ``related`` the pages whose ids are ``pages`` and the entries ``keys``."""
    for spec in fields(Related):
        value = getattr(related, spec.name)
        if spec.name == "entries":
            related.entries = [r for r in value if r.key not in keys]
        elif spec.name == "talks":
            related.talks = [t for t in value if id(t.workshop) not in pages]
        elif spec.name == "timeline":
            continue
        elif isinstance(value, list):
            setattr(related, spec.name, [c for c in value if id(c) not in pages])
        elif id(value) in pages:
            setattr(related, spec.name, None)


def _org_forms(organisation: Any) -> set[str]:
    return {fold(n) for n in (organisation.name, *organisation.acronyms) if n}


def build_index(
    kinds: Mapping[str, Mapping[str, Any]],
    posts: Sequence[Any],
    bibliography: Bibliography,
    display_path: Callable[[str], str],
    identities: Sequence[Identity] = (),
    mentions: Sequence[Mention] = (),
) -> tuple[PortalIndex, list[Diagnostic]]:
    """Relate everything; attach each page's :class:`Related` as ``.related``; return problems.

    ``kinds`` maps a kind name to its objects by file slug; ``posts`` are Pelican's articles and
    pages; ``identities`` the real identities of pseudonymous people and ``mentions`` the pages
    that name them, which are kept apart from every page that shows those people.
    """
    index = PortalIndex(
        **{_POOLS[name]: dict(sorted(kinds.get(name, {}).items())) for name in _POOLS}
    )
    index.identities = tuple(identities)
    builder = _Builder(index, posts, bibliography, display_path, identities, mentions)
    builder.build()
    for content in builder.all_contents():
        content.related = builder.of(content)
    return index, builder.problems
