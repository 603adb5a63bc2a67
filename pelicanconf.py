"""Settings of the demo portal. Every Memoria setting is documented in README.md."""

AUTHOR = "Memoria demo"
SITENAME = "Memoria: Resisting Mass Atrocities in Latin America"
SITESUBTITLE = "A demo research portal built with Memoria"
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
SLUGIFY_SOURCE = "basename"  # a post's URL comes from its file name, stable when titles change
ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/posts/{slug}/"  # translations: /es/posts/<slug>/
ARTICLE_LANG_SAVE_AS = "{lang}/posts/{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
ARCHIVES_URL = "archives.html"

TIMEZONE = "UTC"
DEFAULT_LANG = "en"
LOCALE = ("C.UTF-8", "C")  # month names in English whatever the machine's locale
DEFAULT_DATE_FORMAT = "%d %B %Y"
DEFAULT_PAGINATION = 10

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "memoria.front_matter",
    "memoria.bibliography",
    "memoria.portal",
    "memoria.i18n",
    "memoria.site_meta",
    "memoria.search",
]
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Bibliography (memoria.bibliography); these are the defaults, written out for newcomers.
BIBLIOGRAPHY_PATHS = ["bibliography"]
CSL_STYLE = "chicago-author-date"
CSL_LOCALE = None  # the style's own default-locale, else en-US (chicago: en-US)
CSL_LOCALES = {"es": "es-ES"}  # Spanish pages cite and list references in Spanish

FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# Portal feeds, sitemap and 404 page (memoria.site_meta); these are the defaults.
CASE_STUDY_FEED_ATOM = "feeds/case-studies/{slug}.atom.xml"
WORKSHOPS_FEED_ATOM = "feeds/workshops.atom.xml"
SITEMAP_SAVE_AS = "sitemap.xml"
