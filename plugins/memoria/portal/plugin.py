"""The portal plugin's signal handlers: how the portal's modules meet Pelican's build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from blinker import signal
from markupsafe import Markup, escape
from pelican import signals
from pelican.contents import Author, Static

from memoria import templating
from memoria.diagnostics import display_path, log_for
from memoria.front_matter.lines import front_matter_lines, line_of
from memoria.front_matter.reader import HEADER_RE, REQUIRED_KEYS_SETTING
from memoria.portal import link_syntax
from memoria.portal.fields import check_post
from memoria.portal.generators import CONTEXT_KEYS, GENERATORS, PortalGenerator, original_of
from memoria.portal.kinds import KINDS, PSEUDONYMS_KEY
from memoria.portal.people_names import read_people_names
from memoria.portal.pseudonyms import Identity, pseudonym_lines, text_lines
from memoria.portal.relations import Bibliography, EntryRef, Mention, build_index
from memoria.portal.settings import apply_defaults
from memoria.portal.unlisted import mark, unlist

DIRECTORY_KEY = link_syntax.DIRECTORY_KEY

#: Sent by :func:`relate` with the context once every page has its ``related`` lists, for
#: plugins that derive from them (the feeds of memoria.site_meta): receivers of
#: ``all_generators_finalized`` run in no fixed order, so they cannot wait for ``relate``.
relations_ready = signal("memoria.portal.relations_ready")


def configure(pelican: Any) -> None:
    """Defaults, required front-matter keys per folder, the scan of every portal file and the
    pseudonyms every version of a person takes."""
    settings = pelican.settings
    apply_defaults(settings)
    required = settings.setdefault(REQUIRED_KEYS_SETTING, {})
    for kind in KINDS:
        required.setdefault(settings[kind.path_setting], kind.required)
    folders = {kind.name: settings[kind.path_setting] for kind in KINDS}
    settings[DIRECTORY_KEY] = link_syntax.scan_directory(Path(settings["PATH"]), folders)
    settings[PSEUDONYMS_KEY] = {
        slug: name.pseudonym for slug, name in read_people_names(settings).items() if name.pseudonym
    }


def get_generators(_pelican: Any) -> tuple[type, ...]:
    return GENERATORS


def rewrite_links(content: Any) -> None:
    """``content_object_init``: portal links in a body become ``{filename}`` links."""
    directory = content.settings.get(DIRECTORY_KEY)
    if directory is None or isinstance(content, Static) or not isinstance(content._content, str):
        return
    if "{" not in content._content or not content.source_path:
        return
    source = Path(content.source_path).read_text(encoding="utf-8")
    path = display_path(content.source_path, content.settings)
    html, links, problems = link_syntax.rewrite_links(content._content, directory, source, path)
    content._content = html
    content.memoria_links = links
    log_for(content.settings).extend(problems)


def _check_post(content: Any) -> None:
    if getattr(content, "memoria_checked", False):
        return
    path = display_path(content.source_path, content.settings)
    lines = front_matter_lines(Path(content.source_path).read_text(encoding="utf-8"))
    checked = check_post(path, content.metadata, lambda where: line_of(lines, where))
    log_for(content.settings).extend(checked.problems)
    for name, value in checked.values.items():
        setattr(content, name, value)
    content.memoria_checked = True


def name_post_authors(generator: Any) -> None:
    """``article_generator_pretaxonomy``: authors given as person slugs get the person's name.

    Pelican builds author pages and feeds from these names, so a pseudonym replaces the real
    name here, and people excluded from exports are left out.
    """
    settings = generator.settings
    names = read_people_names(settings)
    for article in [*generator.articles, *generator.translations, *generator.drafts]:
        _check_post(article)
        refs = getattr(article, "author_refs", ())
        if not refs:
            continue
        shown = [names[r.slug] for r in refs if r.slug in names]
        authors = [Author(n.display, settings) for n in shown if not n.exclude_from_exports]
        if not authors and settings.get("AUTHOR"):
            authors = [Author(settings["AUTHOR"], settings)]
        article.authors = authors
        if authors:
            article.author = authors[0]
        elif hasattr(article, "author"):
            del article.author


def relate(generators: list[Any]) -> None:
    """``all_generators_finalized``: build the relation index that every page reads."""
    portal = [g for g in generators if isinstance(g, PortalGenerator)]
    if not portal:
        return
    settings, context = portal[0].settings, portal[0].context
    posts = [
        content
        for generator in generators
        for name in ("articles", "pages", "hidden_pages")
        for content in getattr(generator, name, None) or []
    ]
    for post in posts:
        _check_post(post)
    kinds = {generator.kind.name: generator.items for generator in portal}
    bibliography = _bibliography(generators)
    translations = [
        content
        for generator in generators
        for name in ("translations", "hidden_translations")
        for content in getattr(generator, name, None) or []
    ]
    identities = [i for g in portal for i in getattr(g, "identities", [])]
    originals = [*posts, *(c for g in portal for c in g.items.values())]
    mentions = _mentions(originals, translations, identities, settings)
    index, problems = build_index(
        kinds, posts, bibliography, lambda p: display_path(p, settings), identities, mentions
    )
    log_for(settings).extend(problems)
    mark(index.kept_apart)
    for generator in generators:
        unlist(generator, index.kept_apart)  # the home page and feeds would pair the two names
    for translation in translations:
        # A translation shows what its original is related to, its references in its language.
        original = original_of(translation)
        if hasattr(original, "related"):
            lang = translation.lang
            translation.related = original.related.localised(
                lambda ref, lang=lang: bibliography.ref(ref.key, lang)
            )
    context["portal"] = index
    context["portal_posts"] = [p for p in posts if getattr(p, "status", "") == "published"]
    context["portal_sections"] = [
        (kind.label, settings[f"{kind.setting_prefix}_INDEX_URL"])
        for kind in KINDS
        if context.get(CONTEXT_KEYS[kind.name]) and kind.name != "series"
    ]
    relations_ready.send(context)  # every page's `related` is complete


def _mentions(
    originals: list[Any], translations: list[Any], identities: list[Identity], settings: Any
) -> list[Mention]:
    """Every page whose file names a pseudonymous person by her real name or an alias (in its
    front matter or body; in her own files only in the body, as their `name` is the real name),
    and every other page whose file writes her pseudonym. A translation stands for its original,
    whose entry in every list it shares."""
    if not identities:
        return []
    found = []
    versions = [(c, c) for c in originals] + [(t, original_of(t)) for t in translations]
    for content, listed in sorted(versions, key=lambda v: str(v[0].source_path)):
        source = Path(content.source_path)
        text = source.read_text(encoding="utf-8")
        where = display_path(source, settings)
        for identity in identities:
            hers = (
                getattr(content, "kind_name", "") == "person" and content.file_slug == identity.slug
            )
            start = 0
            if hers:
                match = HEADER_RE.fullmatch(text)
                start = text[: match.start("content")].count("\n") if match else 0
            lines = [n for n in text_lines(text, identity) if n > start]
            if lines:
                found.append(Mention(listed, identity, where, lines[0]))
            shown = [] if hers else pseudonym_lines(text, identity)
            if shown:
                found.append(Mention(listed, identity, where, shown[0], pseudonym=True))
    return found


def _bibliography(generators: list[Any]) -> Bibliography:
    from memoria.bibliography.entry_metadata import iso_date
    from memoria.csl.render import CiteItem, Cluster  # the optional plugin

    library = next((g.library for g in generators if getattr(g, "library", None) is not None), None)
    if library is None:
        return Bibliography(items={}, ref=lambda key, lang=None: EntryRef(key, "", escape(key), ""))
    for generator in generators:
        if hasattr(generator, "entry_pages"):
            generator.context["memoria_bibliography_pages"] = generator.entry_pages

    siteurl = generators[0].settings.get("SITEURL", "")

    def href(key: str) -> str:
        return f"{siteurl}/{library.entry_url(key)}"

    def ref(key: str, lang: str | None = None) -> EntryRef:
        processor = library.processor_for(lang)
        html = processor.reference(key) if processor else escape(key)
        if processor is None or processor.numeric:
            # A lone citation in a numeric style would always read "[1]": name the key instead.
            cite = Markup('<a href="{}">{}</a>').format(href(key), key)
        else:
            cite = processor.render_document([Cluster((CiteItem(key),))], href).citations[0]
        year = iso_date(library.items[key])[:4]
        return EntryRef(key, library.entry_url(key), Markup(html), year, Markup(cite))

    locations = {key: (entry.path, entry.line) for key, entry in library.entries.items()}
    return Bibliography(items=library.items, ref=ref, locations=locations)


def connect() -> None:
    """Connect the module-level handlers (blinker keeps only weak references)."""
    templating.connect()
    signals.initialized.connect(configure)
    signals.get_generators.connect(get_generators)
    signals.content_object_init.connect(rewrite_links)
    signals.article_generator_pretaxonomy.connect(name_post_authors)
    signals.all_generators_finalized.connect(relate)
