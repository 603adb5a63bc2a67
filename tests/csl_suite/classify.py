"""Why a fixture fails: the reason written beside it in ``expected_failures.txt``.

Used only when that file is regenerated (``python -m tests.csl_suite.report --write-expected``);
the test itself never reads a reason's text. A reason is one of a fixed set of classes, with a
detail in parentheses where it helps, found in this order:

1. A crash: the exception, where it was raised, and the known cause when the fixture shows it.
2. What the output difference itself shows: the outputs become equal once a known kind of
   difference is set aside (links around URLs, the order of lines, white space, typographic
   quotes, letter case, markup, punctuation). The first kinds that suffice name the reason.
3. Otherwise the fixture's features our engine is known to lack or to get wrong, most decisive
   first (positions, collapsing, implicit year suffixes, disambiguation, rich text, ...).

Every verdict is a statement about the fixture or the two outputs that can be checked by reading
them; the class names what to work on.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from lxml import etree

from .fixture import Fixture
from .runner import Outcome

CSL = "{http://purl.org/net/xbiblio/csl}"
_MARKUP_IN_DATA = re.compile(r"<(i|b|sup|sub|sc|span)\b[^>]*>", re.IGNORECASE)
_YEAR_SUFFIX = re.compile(r"(?:\b\d{1,4}|n\.d\.-?)[a-z]{1,2}\b")
_SUPERSCRIPT = re.compile(r"[ª²³¹ºʰʲʳʷʸˡˢˣᴬ-ᵛ⁰-ⁿ]")
_NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")


@dataclass(frozen=True)
class Features:
    """Facts about a fixture, read from its style, items and citations."""

    fixture: Fixture

    @cached_property
    def root(self) -> etree._Element | None:
        try:
            return etree.fromstring(self.fixture.csl.encode("utf-8"))
        except etree.XMLSyntaxError:
            return None

    def _all(self, tag: str) -> list[etree._Element]:
        return [] if self.root is None else list(self.root.iter(f"{CSL}{tag}"))

    def attribute_values(self, name: str) -> set[str]:
        """Every value the attribute takes anywhere in the style."""
        if self.root is None:
            return set()
        return {value for node in self.root.iter() if (value := node.get(name)) is not None}

    @cached_property
    def citation(self) -> etree._Element | None:
        return None if self.root is None else self.root.find(f"{CSL}citation")

    @cached_property
    def bibliography(self) -> etree._Element | None:
        return None if self.root is None else self.root.find(f"{CSL}bibliography")

    def citation_option(self, name: str) -> str:
        return "" if self.citation is None else self.citation.get(name, "")

    @cached_property
    def variables(self) -> set[str]:
        """Variables the style renders or tests."""
        found: set[str] = set()
        for name in ("variable", "is-numeric", "is-uncertain-date"):
            for value in self.attribute_values(name):
                found.update(value.split())
        return found

    def short_forms(self) -> set[str]:
        """ "title-short" and "container-title-short" where the style asks for the short form of
        the long variable (which falls back on them)."""
        found = set()
        for node in self._all("text"):
            variable = node.get("variable", "")
            if node.get("form") == "short" and variable in ("title", "container-title"):
                found.add(f"{variable}-short")
        return found

    @cached_property
    def terms(self) -> set[str]:
        return self.attribute_values("term")

    @cached_property
    def input_text(self) -> str:
        return json.dumps(self.fixture.input, ensure_ascii=False)

    @cached_property
    def cites(self) -> list[Any]:
        fixture = self.fixture
        if fixture.citations is not None:
            return [cite for call in fixture.citations for cite in call.citation.cites]
        if fixture.citation_items is not None:
            return [cite for citation in fixture.citation_items for cite in citation]
        return []

    @cached_property
    def citation_count(self) -> int:
        fixture = self.fixture
        if fixture.citations is not None:
            return len(fixture.citations[-1].pre) + 1 + len(fixture.citations[-1].post)
        return len(fixture.citation_items or [[]])

    # -- features --------------------------------------------------------------------------------
    def positions_by_hand(self) -> bool:
        """Cites carry a position or near-note given by hand (CiteItem cannot express it)."""
        return any(c.position is not None or c.near_note is not None for c in self.cites)

    def positions(self) -> bool:
        """The citations depend on cite positions (ibid, subsequent, first-reference-note-number,
        et-al-subsequent) and there is more than one citation to have one."""
        if self.fixture.base_mode != "citation":
            return False
        uses = (
            bool(self.attribute_values("position"))
            or "first-reference-note-number" in self.variables
            or any(o.startswith("et-al-subsequent") for o in self._citation_options())
        )
        return uses and self.citation_count > 1

    def _citation_options(self) -> Iterable[str]:
        return [] if self.citation is None else self.citation.attrib.keys()

    def collapse(self) -> str:
        return self.citation_option("collapse")

    def year_suffix(self) -> bool:
        return self.citation_option("disambiguate-add-year-suffix") == "true"

    def explicit_year_suffix(self) -> bool:
        return "year-suffix" in self.variables

    def disambiguation(self) -> list[str]:
        """The disambiguation methods the style asks for, besides year suffixes."""
        found = [
            option.removeprefix("disambiguate-")
            for option in ("disambiguate-add-names", "disambiguate-add-givenname")
            if self.citation_option(option) == "true"
        ]
        if self.attribute_values("disambiguate"):
            found.append('disambiguate="true" condition')
        return found

    @cached_property
    def data_texts(self) -> list[str]:
        """Text that reaches the output as written: the items, the cites' affixes, and the
        style's ``value`` attributes and affixes."""
        style = [
            value
            for name in ("value", "prefix", "suffix", "delimiter")
            for value in self.attribute_values(name)
        ]
        return [self.input_text, *(c.prefix + c.suffix for c in self.cites), *style]

    def rich_text_in_data(self) -> bool:
        return any(_MARKUP_IN_DATA.search(text) for text in self.data_texts)

    def second_field_align(self) -> bool:
        return self.bibliography is not None and bool(self.bibliography.get("second-field-align"))

    def display(self) -> bool:
        return bool(self.attribute_values("display"))

    def subsequent_author_substitute(self) -> str | None:
        """The bibliography's subsequent-author-substitute, None when it has none."""
        if self.bibliography is None:
            return None
        return self.bibliography.get("subsequent-author-substitute")

    def largest_citation(self) -> int:
        """The most cites in one citation (every item when the fixture gives no citations)."""
        fixture = self.fixture
        if fixture.citations is not None:
            return max(len(call.citation.cites) for call in fixture.citations)
        if fixture.citation_items is not None:
            return max((len(citation) for citation in fixture.citation_items), default=0)
        return len(fixture.input)

    def shared_first_author(self) -> bool:
        """Two items whose first creator has the same family name (or literal): citations that
        can be ambiguous."""
        seen: set[str] = set()
        for item in self.fixture.input:
            for variable in ("author", "editor", "translator", "director", "composer"):
                names = item.get(variable)
                if isinstance(names, list) and names and isinstance(names[0], dict):
                    first = names[0]
                    key = str(first.get("family") or first.get("literal") or "")
                    if key in seen:
                        return True
                    seen.add(key)
                    break
        return False

    def name_particles(self) -> bool:
        """Names with particles: given apart, or as lower-case words opening a family or ending
        a given name ("van Gogh", "Alexander von"), or names to parse."""
        keys = ("non-dropping-particle", "dropping-particle", "parse-names", "static-ordering")
        if any(f'"{key}"' in self.input_text for key in keys):
            return True
        for name in self.names_in_items():
            family, given = str(name.get("family", "")), str(name.get("given", ""))
            if re.match(r"[a-z][\w’']*[\s’'-]", family) or re.search(r"\s[a-z][\w’']*$", given):
                return True
        return False

    def dates(self) -> list[dict[str, Any]]:
        """Every date object of the items (a dict with date-parts, raw, literal, ...)."""
        return [
            value
            for item in self.fixture.input
            for value in item.values()
            if isinstance(value, dict)
            and value.keys() & {"date-parts", "raw", "literal", "season", "circa"}
        ]

    def date_features(self) -> list[str]:
        found = []
        dates = self.dates()
        parts = [p for d in dates for p in d.get("date-parts") or [] if isinstance(p, list)]

        def number(value: Any) -> int | None:
            try:
                return int(value)
            except (TypeError, ValueError):
                return None

        if any(len(d.get("date-parts") or []) > 1 for d in dates):
            found.append("ranges")
        if any("season" in d for d in dates) or any(
            len(p) > 1 and (number(p[1]) or 0) > 12 for p in parts
        ):
            found.append("seasons")
        if any("circa" in d for d in dates) or self.attribute_values("is-uncertain-date"):
            found.append("circa")
        if any(d.keys() & {"raw", "literal"} for d in dates):
            found.append("raw/literal dates")
        if any(value in ("", 0, "0") for p in parts for value in p[1:]):
            found.append("empty month/day parts")
        years = [number(p[0]) for p in parts if p]
        if any(year is not None and year <= 0 for year in years):
            found.append("negative or zero years")
        return found

    def sorts(self) -> bool:
        return any(
            node is not None and node.find(f"{CSL}sort") is not None
            for node in (self.citation, self.bibliography)
        )

    def locators(self) -> bool:
        return any(c.locator for c in self.cites)

    def number_forms(self) -> bool:
        forms = self.attribute_values("form")
        return bool(forms & {"ordinal", "long-ordinal", "roman"})

    def text_case(self) -> bool:
        return bool(self.attribute_values("text-case"))

    def quotes(self) -> bool:
        return "true" in self.attribute_values("quotes") or any(
            q in self.input_text for q in ("'", '\\"', "‘", "“")
        )

    def citation_label(self) -> bool:
        return "citation-label" in self.variables

    def name_count(self) -> bool:
        return "count" in self.attribute_values("form")

    def names_in_items(self) -> list[dict[str, Any]]:
        return [
            name
            for item in self.fixture.input
            for value in item.values()
            if isinstance(value, list)
            for name in value
            if isinstance(name, dict) and name.keys() & {"family", "given", "literal"}
        ]

    def name_suffixes(self) -> bool:
        """Names with a suffix, given apart or after a comma in the given name ("John, III")."""
        return any(
            "suffix" in name or "," in str(name.get("given", "")) for name in self.names_in_items()
        )

    def non_latin_names(self) -> bool:
        text = json.dumps(self.names_in_items(), ensure_ascii=False)
        return bool(re.search(r"[\u0590-\u06ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", text))

    def initials(self) -> bool:
        return bool(
            self.attribute_values("initialize-with")
            or self.attribute_values("initialize")
            or self.attribute_values("initialize-with-hyphen")
        )

    def et_al(self) -> bool:
        return any(value.startswith("et-al") for value in self._attribute_names())

    def _attribute_names(self) -> set[str]:
        if self.root is None:
            return set()
        return {name for node in self.root.iter() for name in node.attrib}

    def layout_formatting(self) -> bool:
        """The citation layout itself sets fonts or decorations."""
        layout = None if self.citation is None else self.citation.find(f"{CSL}layout")
        names = ("font-style", "font-weight", "font-variant", "text-decoration", "vertical-align")
        return layout is not None and any(layout.get(name) for name in names)

    def page_range_format(self) -> bool:
        return bool(self.attribute_values("page-range-format"))

    def substitute(self) -> bool:
        return bool(self._all("substitute"))

    def labels(self) -> bool:
        return bool(self._all("label"))

    def note_field_variables(self) -> list[str]:
        """Variables the items give in their note field ("event-date: 2004-10-01", citeproc-js's
        extension) that the style uses."""
        found = set()
        for item in self.fixture.input:
            note = str(item.get("note", ""))
            found.update(re.findall(r"^\s*([a-z][a-z-]*):\s", note, re.MULTILINE))
            found.update(re.findall(r"\{:([a-z][a-z-]*):", note))
        return sorted(found & self.variables)

    def language(self) -> bool:
        return '"language"' in self.input_text


# -- what the outputs show ------------------------------------------------------------------------
_LAYOUT_CLASSES = re.compile(r'<div class="csl-(?:left-margin|right-inline|block|indent)">')


def _strip_url_links(text: str) -> str:
    return re.sub(r'<a href="[^"]*">|</a>', "", text)


def _layout_blocks(text: str) -> str:
    """Entries without second-field-align/display divs (and the white space they bring)."""
    text = _LAYOUT_CLASSES.sub("", text)
    return _SPACES.sub(" ", re.sub(r"</?div[^>]*>", "", text)).strip()


def _sorted_lines(text: str) -> str:
    return "\n".join(sorted(text.split("\n")))


def _sorted_cites(text: str) -> str:
    """Each line's cites (split at "; ") in sorted order."""
    return "\n".join("; ".join(sorted(line.split("; "))) for line in text.split("\n"))


def _white_space(text: str) -> str:
    return _SPACES.sub("", text)


def _quotes(text: str) -> str:
    """Every quotation mark and apostrophe as one character: straight or curly, single or
    double (flip-flopped) alike."""
    return re.sub("['\"‘’“”]", "'", text)


def _markup(text: str) -> str:
    text = re.sub(r"&#60;[^&]*?&#62;", "", text)  # markup in the data, escaped
    return re.sub(r"<(?!/?div\b)[^>]+>", "", text)


def _punctuation(text: str) -> str:
    return re.sub(r"[.,;:!?]", "", text)


def _escaping(text: str) -> str:
    """A bare &, or <...> that is no HTML tag of a rendering, as the entities it should be."""
    text = re.sub(r"&(?!#?\w+;)", "&#38;", text)
    text = re.sub(r"<(?!/?(?:i|b|sup|sub|span|div|a)\b)([^<>]*)>", r"&#60;\1&#62;", text)
    return re.sub(r"<(?![/a-z])", "&#60;", text)


def _dashes(text: str) -> str:
    return re.sub("[–—‐‑]", "-", text)


def _plural(text: str) -> str:
    return re.sub(r"\b([A-Za-z]{3,}?)s\b", r"\1", text)


def _always(_expected: str, _actual: str) -> bool:
    return True


#: (kind of difference, what sets it aside, when it applies), in order of preference.
_DIFFERENCES: list[tuple[str, Callable[[str], str], Callable[[str, str], bool]]] = [
    ("links", _strip_url_links, lambda _e, actual: "<a href=" in actual),
    ("layout", _layout_blocks, lambda expected, _a: bool(_LAYOUT_CLASSES.search(expected))),
    ("order", _sorted_lines, lambda expected, _a: "\n" in expected),
    ("cite order", _sorted_cites, lambda expected, _a: "; " in expected),
    ("escaping", _escaping, _always),
    ("white space", _white_space, _always),
    ("dashes", _dashes, _always),
    ("quotes", _quotes, _always),
    ("case", str.casefold, _always),
    ("markup", _markup, _always),
    ("punctuation", _punctuation, _always),
    ("plural", _plural, _always),
]


def differences(expected: str, actual: str) -> list[str]:
    """The fewest kinds of difference that, set aside together, make the outputs equal (among
    as few, the earliest kinds); [] when none do."""
    usable = [entry for entry in _DIFFERENCES if entry[2](expected, actual)]

    def equal(chosen: tuple[int, ...]) -> bool:
        one, two = expected, actual
        for index in chosen:  # in their order of preference
            one, two = usable[index][1](one), usable[index][1](two)
        return one == two

    for size in range(1, len(usable) + 1):
        for chosen in itertools.combinations(range(len(usable)), size):
            if equal(chosen):
                return [usable[index][0] for index in chosen]
    return []


# -- reasons --------------------------------------------------------------------------------------
@cache
def _primary_dialects() -> dict[str, str]:
    """CSL's language -> primary dialect table ("fr" -> "fr-FR"), as citeproc ships it."""
    from memoria.csl.style import LOCALES_DIR

    data = json.loads((LOCALES_DIR / "locales.json").read_text(encoding="utf-8"))
    return data["primary-dialects"]


def _crash_reason(fixture: Fixture, outcome: Outcome, features: Features) -> str:
    kind, _, message = outcome.error.partition(": ")
    where = f" in {outcome.raised_in}" if outcome.raised_in else ""
    if kind == "CslStyleError" and "CSL_LOCALE" in message:
        locale = re.search(r"'([^']*)'", message)
        name = locale.group(1) if locale else "?"
        if "-x-" in name:
            detail = f"locale {name!r} with a private-use extension not stripped"
        elif name in _primary_dialects():
            dialect = _primary_dialects()[name]
            detail = f"language-only locale {name!r} not resolved to its primary dialect {dialect}"
        else:
            detail = f"unknown locale {name!r} does not fall back to en-US"
        return f"crash: CslStyleError: {detail}"
    if kind == "ValueError" and "zip()" in message:
        sorted_in = (
            "citation"
            if features.citation is not None and (features.citation.find(f"{CSL}sort") is not None)
            else "bibliography"
        )
        return f"crash: ValueError{where}: zip() of unequal sort keys ({sorted_in} <sort>)"
    short = message if len(message) <= 80 else message[:77] + "..."
    return f"crash: {kind}{where}: {short}"


def _output_reason(kinds: list[str], features: Features, outcome: Outcome) -> str:
    """A reason from the kinds of difference that explain the failure alone."""
    names = []
    for kind in kinds:
        if kind == "links":
            names.append("URLs/DOIs rendered as links")
        elif kind == "layout":
            if features.second_field_align():
                names.append("second-field-align not supported")
            else:
                names.append("display (block/indent/left-margin) not supported")
        elif kind == "order":
            names.append("sort order differs")
        elif kind == "cite order":
            names.append("order of cites in a citation differs (citation sort)")
        elif kind == "escaping":
            names.append("&, < or > left unescaped in the HTML")
        elif kind == "dashes":
            names.append("hyphen/en dash differs (ranges)")
        elif kind == "plural":
            names.append("singular/plural of a term differs")
        elif kind == "white space":
            names.append("white space differs (spaces, no-break spaces)")
        elif kind == "quotes":
            names.append("quotes differ (straight/curly, flip-flop of single/double)")
        elif kind == "case":
            if "ibid" in outcome.expected.casefold():
                names.append("letter case of ibid differs (capitalised at a note's start)")
            else:
                names.append("letter case differs (text-case)")
        elif kind == "markup":
            if "&#60;" in outcome.actual and features.rich_text_in_data():
                names.append("rich text/flip-flop escaped")
            else:
                names.append("formatting markup differs (flip-flop/decorations)")
        elif kind == "punctuation":
            names.append("punctuation differs (.,;:!? added, dropped or doubled)")
    return "; ".join(names)


_ALIASES = {"journalAbbreviation": "container-title-short", "shortTitle": "title-short"}


def _ignored_fields(features: Features, outcome: Outcome) -> list[str]:
    """CSL-JSON fields citeproc warned it ignores and the style renders or tests."""
    fields = {
        field.strip()
        for warning in outcome.warnings
        if "unsupported:" in warning
        for field in warning.split("unsupported:", 1)[1].split(",")
    }
    used = features.variables | features.short_forms()
    return sorted(field for field in fields if _ALIASES.get(field, field.replace("_", "-")) in used)


def _first_difference(expected: str, actual: str, context: int = 12) -> str:
    """Where the outputs first differ: "…expected text… vs …ours…"."""
    start = next(
        (i for i, (one, two) in enumerate(zip(expected, actual, strict=False)) if one != two),
        min(len(expected), len(actual)),
    )
    end_expected, end_actual = len(expected), len(actual)
    while end_expected > start and end_actual > start:
        if expected[end_expected - 1] != actual[end_actual - 1]:
            break
        end_expected, end_actual = end_expected - 1, end_actual - 1

    def piece(text: str, end: int) -> str:
        shown = text[max(0, start - context) : min(len(text), end + context)].replace("\n", " ")
        return repr(shown if len(shown) <= 60 else shown[:57] + "...")

    return f"expected {piece(expected, end_expected)}, got {piece(actual, end_actual)}"


def _later_citations_differ(expected: str, actual: str) -> bool:
    """The first citation comes out right and a later one does not: what a position changes."""
    one, two = expected.split("\n"), actual.split("\n")
    return len(one) > 1 and one[0] == two[0] and one != two


def _formatted_more_often(expected: str, actual: str) -> bool:
    """The output opens more formatting tags than expected."""
    tags = re.compile(r"<(?:i|b|sup|sub|span)\b")
    return len(tags.findall(actual)) > len(tags.findall(expected))


def _feature_reason(features: Features, outcome: Outcome) -> str:
    """The feature that explains the failure, each claimed only with evidence in the fixture
    or the outputs."""
    expected, actual = outcome.expected, outcome.actual
    if features.positions_by_hand():
        return "position given by hand (CiteItem cannot express it)"
    suffix_missing = len(_YEAR_SUFFIX.findall(expected)) > len(_YEAR_SUFFIX.findall(actual))
    if features.year_suffix() and suffix_missing:
        if not features.explicit_year_suffix():
            return "year-suffix without explicit variable"
        return "year-suffix not assigned"
    if features.positions() and _later_citations_differ(expected, actual):
        return "positions (ibid/subsequent/first-reference-note-number) differ"
    if _LAYOUT_CLASSES.search(expected) and not _LAYOUT_CLASSES.search(actual):
        if features.second_field_align():
            return "second-field-align not supported"
        return "display (block/indent/left-margin) not supported"
    if features.rich_text_in_data() and "&#60;" in actual:
        return "rich text/flip-flop escaped"
    if "<sup>" in expected and _SUPERSCRIPT.search(actual):
        return "superscript characters not turned into <sup>"
    if _NO_PRINTED_FORM in expected:
        return "an empty rendering does not print citeproc-js's 'no printed form' error text"
    if '<div class="csl-entry"></div>' in actual:
        return "an entry that renders empty is kept as an empty entry (citeproc-js drops it)"
    if features.layout_formatting() and _formatted_more_often(expected, actual):
        return "citation layout's formatting applied to each cite, not to the citation"
    substitute = features.subsequent_author_substitute()
    if substitute is not None and substitute in expected and substitute not in actual:
        return "subsequent-author-substitute not supported"
    if features.citation_label():
        return "citation-label (trigraph) not generated"
    in_note = features.note_field_variables()
    if in_note:
        return f"variables in the note field not read ({', '.join(in_note)})"
    ignored = _ignored_fields(features, outcome)
    if ignored:
        return f"CSL-JSON field ignored by citeproc ({', '.join(ignored)})"
    collapse = features.collapse()
    if collapse and features.fixture.base_mode == "citation" and features.largest_citation() > 1:
        if collapse.startswith("citation-number"):
            if re.search(r"\d\]?[–-]\[?\d", expected):
                return "cite collapsing (citation-number ranges) not supported"
        elif collapse.startswith("year-suffix"):
            if re.search(r"\d[a-z](?:,|;|–)\s?[a-z]\b", expected):
                return f"cite collapsing ({collapse}) not supported"
        else:
            return f"cite collapsing ({collapse}) differs"
    methods = features.disambiguation()
    if (methods or features.year_suffix()) and features.shared_first_author():
        return f"disambiguation ({', '.join(methods) or 'year-suffix'})"
    labels = sorted({c.label for c in features.cites if c.locator and c.label not in ("", "page")})
    if labels:
        return f"locator label ({', '.join(labels)}) rendering differs"
    if features.name_count():
        return 'names form="count" differs'
    if features.name_particles():
        return "name particles/parsing differ"
    dates = features.date_features()
    if dates:
        return f"dates ({', '.join(dates)}) differ"
    if features.page_range_format():
        return "page-range-format differs"
    if features.non_latin_names():
        return "non-Latin (CJK/Hebrew/Arabic) names differ"
    if features.name_suffixes():
        return "name suffix (Jr., III) placement differs"
    if features.initials():
        return "name initials (initialize/initialize-with) differ"
    if features.et_al() and "et al" in expected + actual:
        return "et-al options differ"
    if features.substitute() and features.fixture.category == "substitute":
        return "substitute differs"
    ordinal = r"\d(?:st|nd|rd|th|e|er|re|ª|º|<sup>)|\b(?:[IVXLCDM]{2,}|[ivxlcdm]{2,})\b"
    text = re.sub(r"<[^>]+>", " ", expected + " " + actual)
    if features.number_forms() and re.search(ordinal, text):
        return "number forms (ordinal/roman) differ"
    if features.language():
        return "item language (title case/locale) differs"
    if features.locators():
        return "locator/label rendering differs"
    if features.labels():
        return "label (plural/form) differs"
    if features.sorts():
        return "sorting differs"
    return f"output differs ({features.fixture.category}): {_first_difference(expected, actual)}"


def reason(fixture: Fixture, outcome: Outcome) -> str:
    """Why ``fixture`` fails, given its ``outcome`` (which must be a failure)."""
    features = Features(fixture)
    if outcome.error:
        return _crash_reason(fixture, outcome, features)
    kinds = differences(outcome.expected, outcome.actual)
    if kinds:
        return _output_reason(kinds, features, outcome)
    return _feature_reason(features, outcome)


def reason_class(text: str) -> str:
    """A reason without its detail: what the report counts by."""
    if text.startswith("crash: "):
        return text.split(":", 2)[0] + ": " + text.split(":", 2)[1].strip().split(" ")[0]
    return re.sub(r"\s*\([^)]*\)", "", text.split("; ")[0].split(": ")[0]).strip()
