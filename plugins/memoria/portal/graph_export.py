"""``data/portal.json``: the whole portal as one graph for other tools (documented in README).

Nodes are listed by kind with their fields; ``relations`` holds typed edges between node ids such
as ``person:oriana-bernasconi``. Everything is sorted, so the file is byte-identical between
builds. People with ``exclude_from_exports`` are absent, and so is every edge that touches them;
so is every node that names a pseudonymous person's real identity.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any

from memoria.portal.pseudonyms import Identity, text_lines
from memoria.portal.relations import PortalIndex

FORMAT_VERSION = 1


def _day(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return (value.date() if isinstance(value, datetime.datetime) else value).isoformat()


def node_id(content: Any) -> str:
    kind = getattr(content, "kind_name", None)
    if kind:
        return f"{kind}:{content.slug}"  # the URL slug: a pseudonym's, never the file's
    return f"post:{content.slug}"


def _hidden(content: Any) -> bool:
    return bool(getattr(content, "exclude_from_exports", False))


def _ids(contents: Iterable[Any]) -> list[str]:
    return [node_id(c) for c in contents if c is not None and not _hidden(c)]


def portal_graph(index: PortalIndex, posts: Iterable[Any], entries: Iterable[Any]) -> dict:
    """The graph as JSON-ready data. ``entries`` are bibliography ``EntryPage`` records."""
    posts = sorted(posts, key=lambda p: p.url)
    people = [p for p in index.people.values() if not _hidden(p)]
    edges: set[tuple[str, str, str]] = set()

    def edge(source: Any, relation: str, targets: Iterable[Any]) -> None:
        if _hidden(source):
            return
        for target in _ids(targets) if not isinstance(targets, list) or targets else []:
            edges.add((node_id(source), relation, target))

    for person in people:
        edge(person, "affiliated_with", person.related.organisations)
        edge(person, "spoke_at", [t.workshop for t in person.related.talks])
        edge(person, "wrote", person.related.posts)
        for ref in person.related.entries:
            edges.add((node_id(person), "authored", f"entry:{ref.key}"))
    for workshop in index.workshops.values():
        edge(workshop, "about", workshop.related.case_studies)
        edge(workshop, "organised_by", workshop.related.organisers)
        edge(workshop, "in_series", [workshop.related.series])
    for content in [*index.workshops.values(), *index.case_studies.values(), *posts]:
        for ref in content.related.entries:
            edges.add((node_id(content), "cites", f"entry:{ref.key}"))
    for post in posts:
        edge(post, "about", post.related.case_studies)
        edge(post, "in_series", [post.related.series])
    for organisation in index.organisations.values():
        for ref in organisation.related.entries:
            edges.add((node_id(organisation), "published", f"entry:{ref.key}"))
    pools = (index.people, index.workshops, index.case_studies, index.organisations, index.series)
    for content in [*posts, *(c for pool in pools for c in pool.values())]:
        for source in content.related.linked_from:
            edge(source, "links_to", [content])

    return without_real_identities(
        {
            "format": FORMAT_VERSION,
            "people": [_person(p) for p in people],
            "organisations": [_organisation(o) for o in index.organisations.values()],
            "workshops": [_workshop(w) for w in index.workshops.values()],
            "case_studies": [_case_study(c) for c in index.case_studies.values()],
            "series": [
                {
                    "id": node_id(s),
                    "title": s.title,
                    "url": s.url,
                    "members": _ids(s.related.members),
                }
                for s in index.series.values()
            ],
            "posts": [
                {
                    "id": node_id(p),
                    "title": p.title,
                    "url": p.url,
                    "date": _day(getattr(p, "date", None)),
                }
                for p in posts
            ],
            "entries": [
                {
                    "id": f"entry:{e.key}",
                    "key": e.key,
                    "title": e.title,
                    "type": e.csl_type,
                    "year": e.year,
                    "url": e.url,
                }
                for e in entries
            ],
            "relations": [
                {"from": source, "type": relation, "to": target}
                for source, relation, target in sorted(edges)
            ],
        },
        index.identities,
    )


def without_real_identities(graph: dict, identities: Iterable[Identity]) -> dict:
    """``graph`` without the nodes whose fields name a pseudonymous person's real identity (an
    entry's or a post's title, a timeline event), nor the edges that touch them: the file also
    lists her, under her pseudonym, and must not hold both names."""
    identities = tuple(identities)
    if not identities:
        return graph

    def names_her(node: dict) -> bool:
        text = json.dumps(node, ensure_ascii=False)
        return any(text_lines(text, person) for person in identities)

    gone = {
        node["id"]
        for nodes in graph.values()
        if isinstance(nodes, list)
        for node in nodes
        if "id" in node and names_her(node)
    }
    if not gone:
        return graph

    def without(value: Any) -> Any:
        # Nodes, edges and every list of ids inside a node (members, cites) lose the gone ids.
        if isinstance(value, dict):
            if value.get("id") in gone or {value.get("from"), value.get("to")} & gone:
                return None
            return {key: without(item) for key, item in value.items()}
        if isinstance(value, list):
            kept = (without(item) for item in value if not (isinstance(item, str) and item in gone))
            return [item for item in kept if item is not None]
        return value

    return without(graph)


def _person(person: Any) -> dict:
    return {
        "id": node_id(person),
        "name": person.title,
        "url": person.url,
        "honorific": person.honorific or None,
        "role": person.role or None,
        "affiliation": person.affiliation or None,
        "orcid": person.orcid or None,
        "links": [{"label": link.label, "url": link.url} for link in person.links],
    }


def _organisation(organisation: Any) -> dict:
    return {
        "id": node_id(organisation),
        "name": organisation.title,
        "acronyms": list(organisation.acronyms),
        "kind": organisation.kind or None,
        "website": organisation.website or None,
        "url": organisation.url,
    }


def _workshop(workshop: Any) -> dict:
    return {
        "id": node_id(workshop),
        "title": workshop.title,
        "url": workshop.url,
        "date": _day(workshop.date),
        "end_date": _day(workshop.end_date),
        "location": workshop.location or None,
        "region": workshop.region or None,
        "presentations": [
            {
                "anchor": talk.presentation.anchor,
                "title": talk.presentation.title,
                "speaker": None
                if talk.speaker is None or _hidden(talk.speaker)
                else node_id(talk.speaker),
                "case_studies": _ids(talk.case_studies),
                "cites": [f"entry:{ref.key}" for ref in talk.cites],
            }
            for talk in workshop.related.talks
        ],
    }


def _case_study(case: Any) -> dict:
    return {
        "id": node_id(case),
        "title": case.title,
        "url": case.url,
        "region": case.region or None,
        "countries": [code for code, _name in case.countries],
        "period": case.period or None,
        "keywords": list(case.keywords),
        "timeline": [
            {"date": event.date, "event": event.event, "cites": [f"entry:{r.key}" for r in refs]}
            for event, refs in case.related.timeline
        ],
    }


def to_json(graph: dict) -> str:
    return json.dumps(graph, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
