"""Citation disambiguation as CSL 1.0.2 orders it, for the whole library at once.

citeproc-py disambiguates nothing. We work out, for every entry, how its citation must differ
from the others', and render it with that (:class:`~memoria.csl.cite_names.CiteNames`
and a year suffix):

1. Global name disambiguation (``givenname-disambiguation-rule`` ``primary-name``, ``all-names``
   and their ``-with-initials`` forms): a name that looks like another person's in the short form
   ("Smith") gets initials ("B. Smith") or, when the initials are shared too and the rule allows
   it, the whole given name ("Alice Smith"), whether or not the citations are alike.
2. Citations still identical: names are added to the et-al list, per citation, up to the fewest
   that set it apart (``disambiguate-add-names``): "Brown, Davis, et al. 2021".
3. ``by-cite`` styles expand the names of the citations still identical.
4. What is still identical gets year suffixes, a, b, … in bibliography order
   (``disambiguate-add-year-suffix``; a style that never renders the ``year-suffix`` variable
   shows it after the first year it renders), else renders its ``<if disambiguate="true">``
   branches (CSL 1.0.2's last step; pandoc's ``tryDisambiguateCondition``).

Like the year suffixes, the result is one label per work across the site: it depends on the
whole library, not on the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from string import ascii_lowercase
from typing import Any

from memoria.csl.cite_names import CiteNames
from memoria.csl.style import Disambiguation

#: The name variables a citation shows, in the order styles substitute them for a missing author.
PRIMARY_VARIABLES = ("author", "editor", "translator")

Render = Callable[[str, CiteNames], str]
#: Renders many (key, names) citations ahead, so that ``Render`` finds them done.
Prefetch = Callable[[list[tuple[str, CiteNames]]], None]


def primary_variable(item: Mapping[str, Any]) -> str | None:
    """The name variable the item's citation shows (the first one it has)."""
    return next((v for v in PRIMARY_VARIABLES if item.get(v)), None)


def _short_key(name: Mapping[str, Any]) -> tuple[str, ...] | None:
    """What the short form shows of a person ("van Dijk"); None for an organisation or a name
    without a given name (nothing to add)."""
    if "literal" in name or not name.get("given") or not name.get("family"):
        return None
    return (name.get("non-dropping-particle", ""), name["family"])


def _initials(given: str) -> str:
    """Initials as initialize-with shows them: "Jean-Paul" -> "J-P", "Alice Beth" -> "A B"."""
    parts = [p for p in re.split(r"[\s.]+", given) if p]
    return " ".join("-".join(piece[:1] for piece in part.split("-") if piece) for part in parts)


def _given_key(given: str) -> str:
    """A given name as one person: "J.J." and "J. J." are the same (citeproc-js)."""
    return " ".join(part for part in re.split(r"[\s.]+", given) if part)


def _expanded_key(name: Mapping[str, Any], level: int) -> str:
    return _initials(name["given"]) if level == 1 else name["given"]


def global_names(items: Mapping[str, Mapping[str, Any]], options: Disambiguation) -> dict:
    """Step 1: ``{key: CiteNames}`` for the entries whose names the rule expands."""
    rule = options.givenname_rule
    if not options.add_givenname or rule == "by-cite":
        return {}
    levels = ([1] if options.initials else []) + ([] if rule.endswith("with-initials") else [2])
    if not levels:
        return {}
    primary_only = rule.startswith("primary-name")
    # short key -> {given name: [(entry key, variable, index)]}
    people: dict[tuple, dict[str, list[tuple[str, str, int]]]] = {}
    for key in sorted(items):
        variable = primary_variable(items[key])
        if variable is None:
            continue
        names = items[key][variable]
        for index, name in enumerate(names[:1] if primary_only else names):
            short = _short_key(name)
            if short is not None:
                people.setdefault(short, {}).setdefault(_given_key(name["given"]), []).append(
                    (key, variable, index)
                )
    expand: dict[str, list[tuple[str, int, int]]] = {}
    for persons in people.values():
        if len(persons) < 2:
            continue
        for given, places in persons.items():
            for level in levels:
                mine = _expanded_key({"given": given}, level)
                others = [_expanded_key({"given": g}, level) for g in persons if g != given]
                if mine not in others:
                    for key, variable, index in places:
                        expand.setdefault(key, []).append((variable, index, level))
                    break
    return {key: CiteNames(expand=tuple(sorted(places))) for key, places in expand.items()}


def disambiguate(
    order: Sequence[str],
    items: Mapping[str, Mapping[str, Any]],
    options: Disambiguation,
    render: Render,
    prefetch: Prefetch | None = None,
) -> tuple[dict[str, CiteNames], dict[str, str]]:
    """Every entry's name overrides and year suffix (``order``: bibliography order), where
    ``render(key, names)`` is the entry's citation alone with those overrides, and
    ``prefetch`` (if any) renders many of them at once (in parallel)."""
    names = global_names(items, options)

    def cite(key: str) -> str:
        return render(key, names.get(key, CiteNames()))

    groups = _ambiguous(order, cite)
    if options.add_names:
        if prefetch is not None:  # every candidate step 2 will try, in one batch
            prefetch(
                [
                    (key, tried[key])
                    for group in groups
                    for tried in _use_first_rounds(group, items, names, options)
                    for key in group
                ]
            )
        for group in groups:
            _add_names(group, items, options, names, render)
    if options.add_givenname and options.givenname_rule == "by-cite":
        for group in _ambiguous(order, cite):
            _add_givennames(group, items, options, names, render)
    suffixes: dict[str, str] = {}
    for group in _ambiguous(order, cite):
        if options.add_year_suffix:
            suffixes.update(year_suffixes(group))
        else:  # step 4: what is still alike renders its <if disambiguate="true">
            for key in group:
                names[key] = replace(names.get(key, CiteNames()), disambiguate=True)
    return names, suffixes


def year_suffixes(group: Sequence[str]) -> dict[str, str]:
    """Step 3: the look-alike citations of ``group`` (in bibliography order) get a, b, …"""
    return {key: suffix_letters(index) for index, key in enumerate(group)}


def _ambiguous(order: Sequence[str], cite: Callable[[str], str]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for key in order:
        groups.setdefault(cite(key), []).append(key)
    return [keys for keys in groups.values() if len(keys) > 1]


def _settle(
    pending: list[str],
    candidates: Mapping[str, CiteNames],
    names: dict[str, CiteNames],
    taken: set[str],
    render: Render,
) -> list[str]:
    """Keep the candidate overrides of the pending entries they set apart (from each other and
    from the ``taken`` citations of the group, which grows); the others stay pending."""
    rendered = {key: render(key, candidates[key]) for key in pending}
    values = list(rendered.values())
    settled = [k for k in pending if values.count(rendered[k]) == 1 and rendered[k] not in taken]
    for key in settled:
        names[key] = candidates[key]
        taken.add(rendered[key])
    return [key for key in pending if key not in settled]


def _add_names(
    group: list[str],
    items: Mapping[str, Mapping[str, Any]],
    options: Disambiguation,
    names: dict[str, CiteNames],
    render: Render,
) -> None:
    """Step 2: each entry of the group shows the fewest names that leave its citation as few
    look-alikes as showing more names would: "Brown, Cruz, et al. 2021" beside "Brown, Davis,
    and Evans 2021"; two works by the same three people both read "Gray, Davis, et al. 2023"
    beside "Gray, Cruz, et al. 2023" (pandoc), and get year suffixes in step 4. An entry that
    more names do not help keeps the style's et-al. With ``by-cite`` given names to add (step 3),
    names set citations apart when they are other persons, not only when they print otherwise
    (jgm/citeproc): "Smith, Brown & J. Jones" beside "Smith, Brown & A. Jones"."""
    best = {key: (len(group) - 1, names.get(key, CiteNames())) for key in group}  # look-alikes
    by_person = options.add_givenname and options.givenname_rule == "by-cite"
    for candidates in _use_first_rounds(group, items, names, options):
        if by_person:  # step 3 will show the given names that tell the persons apart
            rendered = [_persons(items[key], candidates[key].use_first) for key in group]
        else:
            rendered = [render(key, candidates[key]) for key in group]
        for key, text in zip(group, rendered, strict=True):
            alike = rendered.count(text) - 1
            if alike < best[key][0]:
                best[key] = (alike, candidates[key])
    for key, (_alike, chosen) in best.items():
        if chosen:
            names[key] = chosen


def _use_first_rounds(
    group: list[str],
    items: Mapping[str, Mapping[str, Any]],
    names: Mapping[str, CiteNames],
    options: Disambiguation,
) -> list[dict[str, CiteNames]]:
    """Step 2's tries: every entry of the group with one more name shown, round by round."""
    counts = [len(items[key].get(primary_variable(items[key]) or "", [])) for key in group]
    current = {key: names.get(key, CiteNames()) for key in group}
    return [
        {key: replace(current[key], use_first=use_first) for key in group}
        for use_first in range((options.et_al_use_first or 1) + 1, max(counts) + 1)
    ]


def _person(name: Mapping[str, Any]) -> tuple[str, ...]:
    """Who a name is: every part of it."""
    parts = ("literal", "family", "given", "non-dropping-particle", "dropping-particle", "suffix")
    return tuple(str(name.get(part, "")) for part in parts)


def _persons(item: Mapping[str, Any], shown: int) -> tuple[tuple[str, ...], ...]:
    """The first ``shown`` persons of the item's citation names."""
    return tuple(_person(name) for name in item.get(primary_variable(item) or "", [])[:shown])


def shown_count(item: Mapping[str, Any], override: CiteNames, options: Disambiguation) -> int:
    """How many of the item's names its citation shows (the citation's et-al-min and
    et-al-use-first, or step 2's); every name when the citation sets no et-al-min."""
    count = len(item.get(primary_variable(item) or "", []))
    if override.use_first:
        return min(count, override.use_first)
    if options.et_al_min and count >= options.et_al_min:
        return min(count, max(options.et_al_use_first, 1))
    return count


def _add_givennames(
    group: list[str],
    items: Mapping[str, Mapping[str, Any]],
    options: Disambiguation,
    names: dict[str, CiteNames],
    render: Render,
) -> None:
    """Step 3 (``by-cite``): in the citations still alike, a shown name whose family name another
    citation shows at the same place for another person gets its initials, or its whole given
    name when the initials are alike too (jgm/citeproc's name hints). A citation that got one is
    not looked at for the names after it."""
    variables = {key: primary_variable(items[key]) for key in group}
    shown = {
        key: items[key].get(variables[key] or "", [])[
            : shown_count(items[key], names.get(key, CiteNames()), options)
        ]
        for key in group
    }
    pending = [key for key in group if variables[key]]
    for index in range(max((len(people) for people in shown.values()), default=0)):
        at = {key: shown[key][index] for key in pending if index < len(shown[key])}
        hinted = []
        for key, name in at.items():
            if "literal" in name or not name.get("family") or not name.get("given"):
                continue
            others = [
                other
                for other_key, other in at.items()
                if other_key != key
                and _person(other) != _person(name)
                and other.get("family") == name.get("family")
                and other.get("non-dropping-particle") == name.get("non-dropping-particle")
            ]
            if not others:
                continue
            same_initials = any(
                _initials(other.get("given", "")) == _initials(name["given"]) for other in others
            )
            level = 2 if same_initials or not options.initials else 1
            current = names.get(key, CiteNames())
            expand = tuple(sorted({*current.expand, (variables[key], index, level)}))
            names[key] = replace(current, expand=expand)
            hinted.append(key)
        pending = [key for key in pending if key not in hinted]


def suffix_letters(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa (as citeproc-js and pandoc)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_lowercase[rest] + letters
    return letters
