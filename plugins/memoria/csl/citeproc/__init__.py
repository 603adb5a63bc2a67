
import os
import json

import citeproc as _upstream

from . import types, formatter

# Memoria fork: the locales and the schema come from the pinned citeproc-py release, whose
# code this package replaces (see memoria/csl/UPSTREAM.md).
DATA_PATH = os.path.join(os.path.abspath(os.path.dirname(_upstream.__file__)), 'data')

SCHEMA_PATH = os.path.join(DATA_PATH, 'schema', 'schemas', 'styles', 'csl.rng')
LOCALES_PATH = os.path.join(DATA_PATH, 'locales')
STYLES_PATH = os.path.join(DATA_PATH, 'styles')


NAMES = ['author', 'collection_editor', 'composer', 'container_author',
         'editor', 'editorial_director', 'illustrator', 'interviewer',
         'original_author', 'recipient', 'translator',
         # Memoria fork: the other name variables of CSL 1.0.2 (reviewed-author
         # was read as text)
         'reviewed_author', 'chair', 'compiler', 'contributor', 'curator',
         'director', 'executive_producer', 'guest', 'host', 'narrator',
         'organizer', 'performer', 'producer', 'script_writer',
         'series_creator']

DATES = ['accessed', 'container', 'event_date', 'issued', 'original_date',
         'submitted']

NUMBERS = ['chapter_number', 'collection_number', 'edition', 'issue', 'number',
           'number_of_pages', 'number_of_volumes', 'volume']

VARIABLES = (['abstract', 'annote', 'archive', 'archive_location',
              'archive_place', 'authority', 'call_number', 'citation_label',
              'citation_number', 'collection_title', 'container_title',
              'container_title_short', 'dimensions', 'DOI', 'event',
              'event_place', 'first_reference_note_number', 'genre', 'ISBN',
              'ISSN', 'jurisdiction', 'keyword', 'language', 'locator',
              'medium', 'note', 'original_publisher',
              'original_publisher_place', 'original_title', 'page',
              'page_first', 'PMCID', 'PMID', 'publisher', 'publisher_place',
              'references', 'section', 'source', 'status', 'title',
              'title_short', 'URL', 'version', 'year_suffix'] +
             NAMES + DATES + NUMBERS)

with open(os.path.join(LOCALES_PATH, 'locales.json'),
          encoding='utf-8') as file:
    locales_json = json.load(file)
    PRIMARY_DIALECTS = locales_json['primary-dialects']
    LANGUAGE_NAMES = locales_json['language-names']


from .frontend import CitationStylesStyle, CitationStylesBibliography
from .source import Citation, CitationItem, Locator

__version__ = _upstream.__version__ + '+memoria'
