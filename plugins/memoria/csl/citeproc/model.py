
import re
import unicodedata
import os

from functools import cmp_to_key
from glob import glob
from operator import itemgetter

from lxml import etree

from . import NAMES, DATES, NUMBERS, PRIMARY_DIALECTS, LANGUAGE_NAMES
from .source import VariableError, DateRange, LiteralDate
from .string import String, MixedString, join, normalize_seam
from .string import RICH_TEXT_MARKS  # Memoria fork: marks of rich text in values
from ..dates import sort_string as _date_sort_string  # Memoria fork: macro date sort keys
# Memoria fork: what Memoria's corrections and speed-ups below need
from functools import wraps
from .source import Name as ReferenceName
from .string import NoCase
# Memoria fork: text sort keys compare as a collator does (punctuation ignored)
from ..collation import collation_key

from .string import (NAMES_START, NAMES_END, LIST_START, LIST_END, NAME_START,
                     NAME_END)

from memoria.csl import page_ranges  # Memoria fork: number lists and ranges
from memoria.csl.citation_label import citation_label  # Memoria fork: trigraphs
from .string import _as_string  # Memoria fork: title case rebuilds plain str parts
from ..text_case import title_case, turkic_i  # Memoria fork: CSL 1.0.2 title case
from ..note_start import mark_term  # Memoria fork: terms that open a note


# Memoria fork: citeproc-py re-ran XPath queries and structural checks on the
# style tree for every item it rendered. Those answers depend only on the style
# tree, so they are kept per element: several times faster, identical output.
def _memoised_by_element(method):
    """Memoise a pure lookup on a style element; keeps the element proxy alive
    so that its id stays."""
    memo = {}

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        key = (id(self), args, *kwargs.items()) if args or kwargs else id(self)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = (self, method(self, *args, **kwargs))
        return hit[1]

    return wrapper


# Memoria fork: the term form to look up when a locale lacks one (None: long)
_TERM_FORM_FALLBACK = {'verb-short': 'verb', 'verb': None, 'symbol': 'short',
                       'short': None}


_ROOTS = {}  # Memoria fork: id(element) -> (element, its tree's root)


# Base class

class SomewhatObjectifiedElement(etree.ElementBase):
    nsmap = {'cs': 'http://purl.org/net/xbiblio/csl',
             'xml': 'http://www.w3.org/XML/1998/namespace'}

    # TODO: what about multiple instances of the same name?
    def __getattr__(self, name):
        return self.find('cs:' + name, self.nsmap)


class CitationStylesElement(SomewhatObjectifiedElement):
    _default_options = {# global options
                        'initialize-with-hyphen': 'true',
                        'page-range-format': None,
                        'demote-non-dropping-particle': 'display-and-sort',

                        # inheritable name(s) options
                        'and': None,
                        'delimiter-precedes-et-al': 'contextual',
                        'delimiter-precedes-last': 'contextual',
                        'et-al-min': 0,
                        'et-al-use-first': 1,
                        'et-al-subsequent-min': 0,
                        'et-al-subsequent-use-first': 1,
                        'et-al-use-last': 'false',
                        'initialize-with': None,
                        'initialize': 'true',  # Memoria fork: CSL 1.0.2
                        'name-as-sort-order': None,
                        'sort-separator': ', ',

                        'name-form': 'long',
                        'name-delimiter': ', ',
                        'names-delimiter': ''}

    def get_root(self):
        # Memoria fork: a tree's root never changes: looked up once per element
        hit = _ROOTS.get(id(self))
        if hit is None or hit[0] is not self:
            hit = _ROOTS[id(self)] = (self, self.getroottree().getroot())
        return hit[1]

    @_memoised_by_element  # Memoria fork: a pure lookup on the style, memoised
    def xpath_search(self, expression):
        return self.xpath(expression, namespaces=self.nsmap)

    @property
    def loc(self):
        full_xpath = self.getroottree().getpath(self)
        xpath = ''
        tree = []
        for i, node in enumerate(full_xpath.split('/')[1:]):
            xpath += '/' + node
            element = self.xpath(xpath)[0]
            namespace, tag = element.tag.split('}', 1)
            attribs = ''.join(' {}="{}"'.format(key, value)
                               for key, value in element.attrib.items())
            tree.append('{:>4}: {}<{}{}>'.format(element.sourceline,
                                                 i * '  ', tag, attribs))
        print('\n'.join(tree))

    def get_option(self, name):
        return self.get(name, self._default_options[name])

    @_memoised_by_element  # Memoria fork: a pure lookup on the style, memoised
    def get_macro(self, name):
        expression = "cs:macro[@name='{}'][1]".format(name)
        return self.get_root().xpath_search(expression)[0]

    @_memoised_by_element  # Memoria fork: a pure lookup on the style, memoised
    def get_layout(self):
        return self.xpath_search('./ancestor-or-self::cs:layout[1]')[0]

    def get_formatter(self):
        if isinstance(self.get_root(), Locale):
            return self.get_root().style.formatter
        else:
            return self.get_root().formatter

    def preformat(self, text):
        return self.get_formatter().preformat(text)

    def unicode_character(self, name):
        return self.preformat(unicodedata.lookup(name))

    def render(self, *args, **kwargs):
        return self.markup(self.process(*args, **kwargs))

    # TODO: Locale methods
    @_memoised_by_element  # Memoria fork: a pure lookup on the style, memoised
    def get_term(self, name, form=None, fallback_locale=True, zero_padded=False):
        lg_key = "{http://www.w3.org/XML/1998/namespace}lang"
        if isinstance(self.get_root(), Locale):
            return self.get_root().get_term(name, form)
        else:
            locales = self.get_root().locales
            if not fallback_locale and len(locales) > 1:
                main_locale = locales[0]
                main_lg = main_locale.attrib.get(lg_key, None)
                if main_lg:
                    new_locales = [main_locale]
                    for locale in locales[1::]:
                        if locale.get(lg_key, main_lg) == main_lg:
                            new_locales.append(locale)
                    locales = new_locales
            for locale in locales:
                try:
                    return locale.get_term(name, form, zero_padded=zero_padded)
                except IndexError: # TODO: create custom exception
                    continue
            # Memoria fork: a form no locale has falls back as CSL says:
            # verb-short -> verb -> long, symbol -> short -> long, short -> long
            fallback = _TERM_FORM_FALLBACK.get(form, False)
            if fallback is not False:
                return self.get_term(name, fallback, fallback_locale,
                                     zero_padded)

    def get_plural_term(self, name, *args, **kwargs):
        """
        Return plural form of the term or empty string if no term found
        """
        if (term := self.get_term(name, *args, **kwargs)) is not None:
            return term.multiple
        return String('')

    def get_single_term(self, name, *args, **kwargs):
        """
        Return singular form of the term or empty string if no term found
        """
        if (term := self.get_term(name, *args, **kwargs)) is not None:
            return term.single
        return String('')

    def get_date(self, form):
        for locale in self.get_root().locales:
            try:
                return locale.get_date(form)
            except IndexError:
                continue

    @_memoised_by_element  # Memoria fork: a pure lookup on the style, memoised
    def get_locale_option(self, name):
        root = self.get_root()
        if not hasattr(root, 'locales') or root.locales is None:
            # root element is Locale, not an iterable of Locales
            return root.get_option(name)
        for locale in root.locales:
            try:
                return locale.get_option(name)
            except IndexError:
                continue


# Top level elements

class Style(CitationStylesElement):
    def set_locale_list(self, output_locale, validate=True):
        """Set up list of locales in which to search for localizable units"""
        from .frontend import CitationStylesLocale

        self.locales = []
        system_locales_added = set()

        def add_instyle_locale(locale):
            expr = ('./cs:locale[@xml:lang="{}"]'.format(locale)
                    if locale else './cs:locale[not(@xml:lang)]')
            results = self.xpath_search(expr)
            if results:
                locale_element, = results
                self.locales.append(locale_element)

        def add_system_locale(locale):
            if locale not in system_locales_added:
                csl_locale = CitationStylesLocale(locale, validate=validate)
                self.locales.append(csl_locale.root)
                system_locales_added.add(locale)

        # 1) (in-style locale) chosen dialect
        add_instyle_locale(output_locale)
        # 2) (in-style locale) matching language
        language = output_locale.split('-')[0]
        add_instyle_locale(language)
        # 3) (in-style locale) no language set
        add_instyle_locale(None)
        # 4) (locale files) chosen or primary dialect
        if output_locale in LANGUAGE_NAMES:
            add_system_locale(output_locale)
        # 5) (locale files) fall back to primary language dialect
        if language in PRIMARY_DIALECTS:
            add_system_locale(PRIMARY_DIALECTS[language])
        # 6) (locale files) default locale (en-US)
        add_system_locale('en-US')
        for locale in self.locales:
            locale.style = self


class Locale(CitationStylesElement):
    _default_options = {'limit-day-ordinals-to-day-1': 'false',
                        'punctuation-in-quote': 'false'}

    def get_term(self, name, form=None, zero_padded=False):
        attributes = "@name='{}'".format(name)
        if form is not None:
            attributes += " and @form='{}'".format(form)
        else:
            attributes += " and not(@form)"
        if zero_padded:
            attributes += "and not(@match='whole-number')"
            attributes += "and not(@match='last-two-digits')"
        expr = './cs:term[{}]'.format(attributes)
        try:
            return self.terms.xpath_search(expr)[0]
        except AttributeError:
            raise IndexError

    def get_date(self, form):
        expr = "./cs:date[@form='{}']".format(form)
        return self.xpath_search(expr)[0]

    def get_option(self, name):
        options = self.find('cs:style-options', self.nsmap)
        if options is None:
            raise IndexError
        return options.get(name, self._default_options[name])

    def get_formatter(self):
        return self.style.formatter


class FormattingInstructions(object):
    def get_option(self, name):
        if name in self._default_options:
            return self.get(name, self._default_options[name])
        else:
            return self.get(name, self.get_root().get_option(name))

    def render(self, reference):
        raise NotImplementedError


class Citation(FormattingInstructions, CitationStylesElement):
    _default_options = {# disambiguation
                        'disambiguate-add-names': False,
                        'disambiguate-add-givenname': False,
                        'givenname-disambiguation-rule': 'all-names',
                        'disambiguate-add-year-suffix': False,

                        # citation collapsing
                        'collapse': None,
                        'year-suffix-delimiter': None,
                        'after-collapse-delimiter': None,

                        # note distance
                        'near-note-distance': 5}

    def render(self, citation, cites, callback):
        self.cites = cites
        return self.layout.render_citation(citation, callback)


class Bibliography(FormattingInstructions, CitationStylesElement):
    _default_options = {# whitespace
                        'hanging-indent': False,
                        'second-field-align': None,
                        'line-spacing': 1,
                        'entry-spacing': 1,

                        # reference grouping
                        'subsequent-author-substitute': None}

    def sort(self, citation_items):
        return self.layout.sort_bibliography(citation_items)

    def render(self, citation_items):
        return self.layout.render_bibliography(citation_items)


# Style behavior

# Memoria fork: formatting attributes and the value that leaves text as it is
_PLAIN_FORMATTING = {'font-style': 'normal', 'font-variant': 'normal',
                     'font-weight': 'normal', 'text-decoration': 'none',
                     'vertical-align': 'baseline'}


def _formats(element):
    return any(element.get(name, plain) != plain
               for name, plain in _PLAIN_FORMATTING.items())


_formats_always = _memoised_by_element(_formats)


class Formatted(object):
    def format(self, string):
        # Memoria fork: an element without formatting attributes returns the
        # text as it is, without five formatter lookups. Read once per element,
        # except date parts: Date_Part.process copies a style's date-part
        # attributes onto the locale's date-parts while it renders.
        formats = (_formats(self) if isinstance(self, Date_Part)
                   else _formats_always(self))
        if not formats:
            return str(string) if isinstance(string, (int, float)) else string
        if isinstance(string, (int, float)):
            string = str(string)
        text = self.font_style(string)
        text = self.font_variant(text)
        text = self.font_weight(text)
        text = self.text_decoration(text)
        text = self.vertical_align(text)
        return text

    def font_style(self, text):
        formatter = self.get_formatter()
        font_style = self.get('font-style', 'normal')
        if font_style == 'normal':
            formatted = text
        elif font_style == 'italic':
            formatted = formatter.Italic(text)
        elif font_style == 'oblique':
            formatted = formatter.Oblique(text)
        return formatted

    def font_variant(self, text):
        formatter = self.get_formatter()
        font_variant = self.get('font-variant', 'normal')
        if font_variant == 'normal':
            formatted = text
        elif font_variant == 'small-caps':
            formatted = formatter.SmallCaps(text)
        return formatted

    def font_weight(self, text):
        formatter = self.get_formatter()
        font_weight = self.get('font-weight', 'normal')
        if font_weight == 'normal':
            formatted = text
        elif font_weight == 'bold':
            formatted = formatter.Bold(text)
        elif font_weight == 'light':
            formatted = formatter.Light(text)
        return formatted

    def text_decoration(self, text):
        formatter = self.get_formatter()
        text_decoration = self.get('text-decoration', 'none')
        if text_decoration == 'none':
            formatted = text
        elif text_decoration == 'underline':
            formatted = formatter.Underline(text)
        return formatted

    def vertical_align(self, text):
        formatter = self.get_formatter()
        vertical_align = self.get('vertical-align', 'baseline')
        if vertical_align == 'baseline':
            formatted = text
        elif vertical_align == 'sup':
            formatted = formatter.Superscript(text)
        elif vertical_align == 'sub':
            formatted = formatter.Subscript(text)
        return formatted


class Affixed(object):
    def wrap(self, string):
        if string is not None:
            prefix = self.get('prefix', '')
            suffix = self.get('suffix', '')
            string = normalize_seam(prefix, string)
            text = prefix + string
            return text + normalize_seam(text, suffix)
        return None


class Delimited(object):
    def join(self, strings, default_delimiter=''):
        delimiter = self.get('delimiter', default_delimiter)
        try:
            text = join((s for s in strings if s is not None), delimiter)
        except:
            text = String('')
        return text


class Displayed(object):
    pass


class Quoted(object):
    def quote(self, string):
        piq = self.get_locale_option('punctuation-in-quote').lower() == 'true'
        if self.get('quotes', 'false').lower() == 'true':
            open_quote = self.get_single_term(name='open-quote')
            close_quote = self.get_single_term(name='close-quote')
            string = open_quote + string + close_quote
##            quoted_string = QuotedString(string, open_quote, close_quote, piq)
        return string


class StrippedPeriods(object):
    def strip_periods(self, string):
        strip_periods = self.get('strip-periods', 'false').lower() == 'true'
        if strip_periods:
            if isinstance(string, (int, float)):  # Memoria fork: numbers have no periods
                return string
            string = string.replace('.', '')
        return string


# Memoria fork: title case split text at case-protected parts and re-joined
# words with spaces ("HRF 's", "Bolivia , Iraq"), and left the second half of
# hyphenated compounds lower-case ("Self-defence", "Hyphen-ated"); it works on
# each part in place now, by CSL 1.0.2's rules (memoria.csl.text_case).
def _title_case(text, stop_words=None):
    parts = list(text) if isinstance(text, MixedString) else [text]
    cased = title_case([(str(part), isinstance(part, NoCase)) for part in parts])
    parts = [part if isinstance(part, NoCase) else _as_string(part).__class__(new)
             for part, new in zip(parts, cased)]
    return MixedString(parts) if isinstance(text, MixedString) else parts[0]


# Memoria fork: "i" and "I" in Turkish (memoria.csl.text_case.turkic_i), nocase kept
def _turkic_i(text, language, upper):
    if isinstance(text, MixedString):
        return MixedString([part if isinstance(part, NoCase)
                            else _turkic_i(_as_string(part), language, upper)
                            for part in text])
    if isinstance(text, NoCase):
        return text
    return text.__class__(turkic_i(str(text), language, upper))


class TextCased(object):
    # Memoria fork: the stop words of title case live in memoria.csl.text_case
    def case(self, text, language=None):
        text_case = self.get('text-case')
        if text_case is not None:
            # Memoria fork: terms and numbers arrive as str or int, nothing as None.
            if text is None:
                return text
            if not isinstance(text, (String, MixedString)):
                text = String(str(text))
            # Memoria fork: title case for English and unknown languages alike
            if language not in (None, 'en') and text_case == 'title':
                return text
            if text_case == 'lowercase':
                text = _turkic_i(text, language, False).lower()
            elif text_case == 'uppercase':
                text = _turkic_i(text, language, True).upper()
            elif text_case == 'capitalize-first':
                text = text.capitalize_first()
            elif text_case == 'capitalize-all':
                output = []
                for word in text.words():
                    word = word.capitalize_first()
                    output.append(word)
                text = ' '.join(output)
            elif text_case == 'title':  # Memoria fork: CSL 1.0.2 title case
                text = _title_case(text)
            elif text_case == 'sentence':
                output = []
                for i, word in enumerate(text.words()):
                    if not text.isupper() and not word.isupper():
                        word = word.soft_lower()
                    if i == 0:
                        word = word.capitalize_first()
                    output.append(word)
                text = ' '.join(output)
        return text


# Locale elements

class Term(CitationStylesElement):
    @property
    def single(self):
        try:
            text = self.find('cs:single', self.nsmap).text
        except AttributeError:
            text = self.text
        text = self.preformat(text or '')
        return String(text)

    @property
    def multiple(self):
        try:
            text = self.find('cs:multiple', self.nsmap).text
        except AttributeError:
            text = self.text
        text = self.preformat(text or '')
        return String(text)


# Sorting elements

# Memoria fork: sort keys compare text without the rich-text marks
_NO_MARKS = {ord(mark): None for mark in RICH_TEXT_MARKS}


# Memoria fork: id(<key> element) -> (element, its sort key for every item)
# while Sort.sort runs
_SORT_COLUMNS = {}


def _tie_class(value):
    """What the comparator of Sort._sort_all_keys sees of a sort key: two keys
    compare equal exactly when their classes are equal (None; else lower-cased,
    compared as integers when both are ones)."""
    if value is None:
        return (0,)
    if hasattr(value, 'lower'):
        value = str(value).translate(_NO_MARKS)  # Memoria fork: marks
        try:
            return (1, int(value))
        except ValueError:
            return (2, collation_key(value))  # Memoria fork: collated
    try:
        return (1, int(str(value)))
    except ValueError:
        pass
    try:
        hash(value)
    except TypeError:
        return (3, repr(value))
    return (2, value)


class Sort(CitationStylesElement):
    def sort(self, items, context):
        # Memoria fork: a <key> is evaluated only for the items still tied on
        # every key before it. citeproc-py rendered every key for every item,
        # and chicago's later keys render each title and container again (5x
        # the cost of sorting by author and date), where its comparator never
        # looks at them for items that differ earlier. The sort itself is still
        # upstream's (_sort_all_keys), given the keys worked out here
        # (placeholders where the comparator cannot reach): the same order.
        keys = list(self.findall('cs:key', self.nsmap))
        columns = []
        tied = [list(range(len(items)))] if len(items) > 1 else []
        for key in keys:
            column = [None] * len(items)
            wanted = [index for group in tied for index in group]
            values = (key.sort_keys([items[index] for index in wanted], context)
                      if wanted else [])
            for index, value in zip(wanted, values, strict=True):
                column[index] = value
            columns.append(column)
            still_tied = []
            for group in tied:
                classes = {}
                for index in group:
                    classes.setdefault(_tie_class(column[index]),
                                       []).append(index)
                still_tied.extend(same for same in classes.values()
                                  if len(same) > 1)
            tied = still_tied
        for key, column in zip(keys, columns, strict=True):
            _SORT_COLUMNS[id(key)] = (key, column)
        try:
            return self._sort_all_keys(items, context)
        finally:
            for key in keys:
                _SORT_COLUMNS.pop(id(key), None)

    def _sort_all_keys(self, items, context):
        # Memoria fork: upstream's Sort.sort (every key for every item, unless
        # Sort.sort worked them out)
        # custom sort function to push items with None keys to bottom
        def multi_key_sort(items, keys, descending):
            lst = zip(items, *keys)
            comparers = [(itemgetter(i + 1), descending[i])
                         for i in range(len(keys))]
            def mycmp(left, right):
                for getter, desc in comparers:
                    left_key, right_key = getter(left), getter(right)
                    if left_key is not None and right_key is not None:
                        try:
                            # Memoria fork: rich-text marks do not sort; nocase
                            # text compares as any other, both collated
                            # (collation_key: punctuation ignored, word by word)
                            # unless both are whole numbers
                            left_key.lower  # no lower(): not text (AttributeError)
                            right_key.lower
                            left_key = str(left_key).translate(_NO_MARKS)
                            right_key = str(right_key).translate(_NO_MARKS)
                            try:
                                left_key, right_key = int(left_key), int(right_key)
                            except ValueError:
                                left_key = collation_key(left_key)
                                right_key = collation_key(right_key)
                        except AttributeError:
                            try:
                                left_key, right_key = (int(str(left_key)),
                                                       int(str(right_key)))
                            except ValueError:
                                pass
                        result = (left_key > right_key) - (left_key < right_key)
                        if result:
                            return -1 * result if desc else result
                    elif left_key is not None:
                        return -1
                    elif right_key is not None:
                        return 1
                    else:
                        continue
                else:
                    return 0

            sorted_lst = sorted(lst, key=cmp_to_key(mycmp))
            return [item[0] for item in sorted_lst]

        sort_descending = []
        sort_keys = []
        for key in self.findall('cs:key', self.nsmap):
            descending = key.get('sort', 'ascending').lower() == 'descending'
            sort_descending.append(descending)
            sort_keys.append(key.sort_keys(items, context))

        return multi_key_sort(items, sort_keys, sort_descending)


# Memoria fork: the sort options of the <key macro> being evaluated, if any
# (citeproc-py lost them where the macro calls another through <text macro>)
_SORTING = []


class Key(CitationStylesElement):
    def sort_keys(self, items, context):
        # Memoria fork: the keys Sort.sort worked out, if it did. A <key>'s name
        # options reach names in nested macros too (_SORTING), and a family
        # name alone sorts before a longer one ("Smith, A." before "Smith
        # Foundation": the separator, a field break of collation_key). Given
        # names are initialized as the macro says (citeproc-js, jgm/citeproc:
        # "Doe, J., Jones, S." for John and James; the suite's
        # disambiguate_YearSuffixTwoPairsBibliography).
        computed = _SORT_COLUMNS.get(id(self))
        if computed is not None and computed[0] is self:
            return computed[1]
        # Memoria fork: and a sort key's names are the names alone, as in
        # jgm/citeproc: no "and" (no "&amp;" to collate), no "et al." (Name.et_al;
        # "Brown, A. et al." sorts as "Brown, A.", before "Brown, A., Cruz, C.")
        options = {'name-as-sort-order': 'all', 'and': None,
                   'sort-separator': '\x01'}
        for option in ('names-min', 'names-use-first', 'names-use-last'):
            if option in self.attrib:
                options[option.replace('names', 'et-al')] = self.get(option)
        _SORTING.append(options)
        try:
            return self._sort_keys(items, context)
        finally:
            _SORTING.pop()

    def _sort_keys(self, items, context):
        # Memoria fork: upstream's Key.sort_keys
        if 'variable' in self.attrib:
            variable = self.get('variable').replace('-', '_')
            if variable in NAMES:
                sort_keys = [self._format_name(item, variable)
                             for item in items]
            elif variable in DATES:
                sort_keys = []
                for item in items:
                    date = item.reference.get(variable)
                    if date is not None:
                        sort_keys.append(date.sort_key())
                    else:
                        sort_keys.append(None)
            elif variable in NUMBERS:
                sort_keys = [self._format_number(item, variable)
                             for item in items]
            elif variable == 'citation_number':
                sort_keys = [item.number for item in items]
            elif variable == 'citation_label':  # Memoria fork: made when not given
                sort_keys = [_citation_label(item.reference) for item in items]
            else:
                sort_keys = [item.get_field(variable) for item in items]
        elif 'macro' in self.attrib:
            layout = context.get_layout()
            # override name options
            sort_options = {'name-as-sort-order': 'all'}
            for option in ('names-min', 'names-use-first', 'names-use-last'):
                if option in self.attrib:
                    name = option.replace('names', 'et-al')
                    sort_options[name] = self.get(option)
            macro = self.get_macro(self.get('macro'))
            sort_keys = []
            for item in items:
                layout.repressed = {}
                sort_key = macro.render(item, context=context,
                                        sort_options=sort_options)
                sort_keys.append(sort_key)

        return sort_keys

    def _format_name(self, item, variable):
        names = item.reference.get(variable)
        if names and _is_others(names[-1]):  # Memoria fork: not "and others"
            names = names[:-1]
        if names is not None:
            output = []
            for name in names:
                demote_ndp = self.get_root().get('demote-non-dropping-particle',
                                                 'display-and-sort').lower()
                sort_separator = self._default_options['sort-separator']

                # TODO: encapsulate in function (to share with Name)
                given, family, dp, ndp, suffix = name.parts()
                if demote_ndp in ('sort-only', 'display-and-sort'):
                    given = ' '.join([n for n in (given, dp, ndp) if n])
                else:
                    family = ' '.join([n for n in (ndp, family) if n])
                    given = ' '.join([n for n in (given, dp) if n])

                order = family, given, suffix
                output.append(sort_separator.join([n for n in order if n]))
            return ';'.join(output)
        else:
            return None

    def _format_number(self, item, variable):
        date = item.reference.get(variable)
        if date is not None:
            try:
                return str(Number.re_numeric.match(date).group(1))
            except AttributeError:
                return date
        else:
            return None


# Rendering elements

# Memoria fork: id(element) -> (element, [(child, is a <choose>, calls a
# variable)]): each element's children and what the style alone says of each,
# read once
_CHILDREN = {}


def _children(element):
    hit = _CHILDREN.get(id(element))
    if hit is None or hit[0] is not element:
        children = []
        for child in element.iterchildren():
            is_choose = isinstance(child, Choose)
            children.append((child, is_choose,
                             not is_choose and child.calls_variable()))
        hit = _CHILDREN[id(element)] = (element, children)
    return hit[1]


# Memoria fork: CSL's display attribute (block, left-margin, right-inline,
# indent), in a bibliography, as citeproc-js writes it: the element's output in
# <div class="csl-...">. citeproc-js ignores it in citations.
_DISPLAYS = ('block', 'left-margin', 'right-inline', 'indent')


def _display_kind(element):
    kind = element.get('display')
    if kind not in _DISPLAYS:
        return None
    layout = element.xpath('ancestor::cs:layout[1]', namespaces=element.nsmap)
    if not layout or not isinstance(layout[0].getparent(), Bibliography):
        return None
    return kind


_display_kind_always = _memoised_by_element(_display_kind)


def _displayed(element, text):
    """``text`` (an element's output) in the div its display attribute asks for."""
    if text is None or 'display' not in element.attrib:
        return text
    kind = _display_kind_always(element)
    display = getattr(element.get_formatter(), 'Display', None)
    if kind is None or display is None or not str(text):
        return text
    return display(text, kind)


class Parent(object):
    @_memoised_by_element  # Memoria fork: a pure lookup on the style, memoised
    def calls_variable(self):
        return any([child.calls_variable() for child in self.getchildren()])

    def process_children(self, item, **kwargs):
        output = []
        for child in self.iterchildren():
            try:
                text = child.process(item, **kwargs)
                if text is not None:
                    output.append(text)
            except VariableError:
                pass
        if output:
            return ''.join(output)
        else:
            return None

    def render_children(self, item, delimiter='', **kwargs):
        # `delimiter` is the delimiter inherited from an enclosing element (a
        # `cs:group`). `cs:choose` is transparent, so this delimiter has to be
        # threaded through `cs:if`/`cs:else-if`/`cs:else` to delimit their
        # rendered children (and any nested `cs:choose`).
        output = []
        # Memoria fork: the children read once (_children)
        for child, is_choose, _calls in _children(self):
            try:
                if is_choose:
                    text = child.render(item, delimiter=delimiter, **kwargs)
                else:
                    text = _displayed(child, child.render(item, **kwargs))
                if text is not None:
                    output.append(text)
            except VariableError:
                pass
        if output:
            return join(output, delimiter)
        else:
            return None


class Macro(CitationStylesElement, Parent):
    def process(self, item, context=None, sort_options=None):
        return self.process_children(item, context=context,
                                    sort_options=sort_options)

    def render(self, item, context=None, sort_options=None):
        return self.render_children(item, context=context,
                                    sort_options=sort_options)


# Memoria fork: the implicit year suffix. A style whose citation (or
# bibliography) never renders the year-suffix variable gets it after the first
# year its layout renders (CSL 1.0.2, disambiguate-add-year-suffix; citeproc-js
# and pandoc): _IMPLICIT_SUFFIX holds the suffix of the item being rendered
# until a year takes it.
_IMPLICIT_SUFFIX = [None]


def _renders_year_suffix(element):
    """Whether ``element`` (a citation or bibliography), through its macros,
    has a <text variable="year-suffix">."""
    root = element.get_root()
    macros = {macro.get('name'): macro
              for macro in root.findall('cs:macro', root.nsmap)}
    seen, pending = set(), [element]
    while pending:
        for node in pending.pop().iter():
            if not isinstance(node.tag, str):
                continue
            if node.tag.endswith('}text'):
                # Memoria fork: citation-label carries the suffix too
                if node.get('variable') in ('year-suffix', 'citation-label'):
                    return True
                name = node.get('macro')
                if name in macros and name not in seen:
                    seen.add(name)
                    pending.append(macros[name])
    return False


_renders_year_suffix_always = _memoised_by_element(_renders_year_suffix)


def _implicit_suffix(layout, item):
    """The suffix ``item`` shows after its first year, or None."""
    if _renders_year_suffix_always(layout.getparent()):
        return None
    try:
        return item.reference['year_suffix'] or None
    except VariableError:
        return None


# Memoria fork: the citation-label variable, the entry's own or, as citeproc-js makes
# it, a trigraph from its first names and year ("Asth00": memoria.csl.citation_label).
# citeproc-py printed nothing without one in the data. Name variables in citeproc-js's order.
_LABEL_NAMES = ('author', 'chair', 'collection_editor', 'compiler', 'composer',
                'container_author', 'contributor', 'curator', 'director', 'editor',
                'editorial_director', 'executive_producer', 'guest', 'host', 'illustrator',
                'interviewer', 'narrator', 'organizer', 'original_author', 'performer',
                'producer', 'recipient', 'reviewed_author', 'script_writer', 'series_creator',
                'translator', 'commenter')


def _citation_label(reference):
    """The entry's citation-label, without its year suffix."""
    given = reference.get('citation_label')
    if given:
        return str(given)
    names = []
    for variable in _LABEL_NAMES:
        found = reference.get(variable)
        if found:
            names = [str(name.get('family') or name.get('literal') or '')
                     for name in found if not _is_others(name)]
            break
    issued = reference.get('issued')
    if isinstance(issued, DateRange):
        issued = issued.get('begin')
    year = str(issued.year) if isinstance(issued, dict) and 'year' in issued else None
    title = reference.get('title')
    return citation_label(names, year, str(title) if title else None)


class Layout(CitationStylesElement, Parent, Formatted, Affixed, Delimited):
    def render_citation(self, citation, callback):
        # first sort citation items according to bibliography order
        bibliography = citation.bibliography
        good_cites = [cite for cite in citation.cites if not cite.is_bad()]
        bad_cites = [cite for cite in citation.cites if cite.is_bad()]
        good_cites.sort(key=lambda item: bibliography.keys.index(item.key))
        # sort using citation/sort element
        if self.getparent().sort is not None:
            good_cites = self.getparent().sort.sort(good_cites, self)
        out = []
        for item in good_cites:
            self.repressed = {}
            prefix = item.get('prefix', '')
            suffix = item.get('suffix', '')
            try:
                # Memoria fork: the implicit year suffix (_IMPLICIT_SUFFIX)
                _IMPLICIT_SUFFIX[0] = _implicit_suffix(self, item)
                try:
                    output = self.render_children(item)
                finally:
                    _IMPLICIT_SUFFIX[0] = None
                if output is not None:
                    text = prefix + output + suffix
                    out.append(text)
                    self.getparent().cites.append(item)
            except VariableError:
                pass
        for item in bad_cites:
            callback_value = callback(item)
            out.append(callback_value or '{}?'.format(item.key))
        return self.format(self.wrap(self.join(out)))

    def sort_bibliography(self, citation_items):
        sort = self.getparent().find('cs:sort', self.nsmap)
        if sort is not None:
            citation_items = sort.sort(citation_items, self)
        return citation_items

    def render_bibliography(self, citation_items):
        output_items = []
        align = self.getparent().get('second-field-align') in ('flush', 'margin')
        display = getattr(self.get_formatter(), 'Display', None)
        for item in citation_items:
            self.repressed = {}
            # Memoria fork: the implicit year suffix (_IMPLICIT_SUFFIX)
            _IMPLICIT_SUFFIX[0] = _implicit_suffix(self, item)
            # Memoria fork: subsequent-author-substitute (_MARKING)
            _MARKING[0] = self.getparent().get(
                'subsequent-author-substitute') is not None
            try:
                if align and display is not None:
                    text = self._render_aligned(item, display)
                else:
                    text = self.format(self.wrap(self.render_children(item)))
            finally:
                _IMPLICIT_SUFFIX[0] = None
                _MARKING[0] = False
            # Memoria fork: an entry that renders nothing keeps its place (None), so that the
            # list stays aligned with the items; the caller decides what to show for it.
            output_items.append(text)
        return output_items


    def _render_aligned(self, item, display):
        """Memoria fork: second-field-align, as citeproc-js renders it: the
        output of the layout's first child that renders (the citation number,
        with its affixes) in <div class="csl-left-margin">, the rest in
        <div class="csl-right-inline">; the layout's prefix opens the first,
        its suffix closes the second."""
        outputs = []
        for child, is_choose, _calls in _children(self):
            try:
                text = child.render(item) if is_choose else \
                    _displayed(child, child.render(item))
            except VariableError:
                text = None
            if text is not None:
                outputs.append(text)
        if not outputs:
            return self.format(self.wrap(None))
        if len(outputs) == 1:
            return self.format(self.wrap(outputs[0]))
        prefix = self.get('prefix', '')
        suffix = self.get('suffix', '')
        first = prefix + normalize_seam(prefix, outputs[0])
        rest = self.join(outputs[1:])
        rest = rest + normalize_seam(rest, suffix)
        return (display(self.format(first), 'left-margin')
                + display(self.format(rest), 'right-inline'))


class FormatNumber(object):
    # Memoria fork: a number variable's lists and ranges ("23-5, 31 & 40") are read and
    # written by memoria.csl.page_ranges (page-range-format and its "chicago-15/16", prefixed
    # numbers "N110-N5", the locale's ampersand, "\\-" kept); citeproc-py split at each comma
    # and '&' and shortened plain digits only, chicago-16 and prefixes wrong
    def _process(self, value, variable):
        if variable == 'page-first':
            return self.format_number(page_ranges.first_number(str(value)))
        pieces = page_ranges.pieces(str(value), self.range_style(variable))
        if len(pieces) == 1 and isinstance(pieces[0], page_ranges.Number):
            return self.format_number(pieces[0])
        return join(self.format_number(piece) if isinstance(piece, page_ranges.Number)
                    else piece for piece in pieces)

    def range_style(self, variable):
        """How ranges in ``variable`` are written (``page``: the page-range-format)."""
        delimiter = self.get_single_term(name='page-range-delimiter')
        symbol = self.get_single_term(name='and', form='symbol')
        if not symbol or str(symbol) == str(self.get_single_term(name='and')):
            symbol = self.preformat('&')
        collapse = (self.get_root().get_option('page-range-format')
                    if variable == 'page' else None)
        return page_ranges.RangeStyle(
            delimiter=str(delimiter) if delimiter else page_ranges.EN_DASH,
            ampersand=str(symbol), collapse=collapse)

    def format_number(self, number):
        return str(number)


class Text(CitationStylesElement, FormatNumber, Formatted, Affixed, Quoted,
           TextCased, StrippedPeriods):
    generated_variables = ('year-suffix',)

    @_memoised_by_element  # Memoria fork: a pure lookup on the style, memoised
    def calls_variable(self):
        if 'variable' in self.attrib:
            return self.get('variable') not in self.generated_variables
        elif 'macro' in self.attrib:
            return self.get_macro(self.get('macro')).calls_variable()
        else:
            return False

    def render(self, *args, **kwargs):
        text, language = self.process(*args, **kwargs)
        return self.markup(text, language)

    def process(self, item, context=None, **kwargs):
        if context is None:
            context = self

        try:
            language = item.reference.language[:2]
        except VariableError:
            language = self.get_root().get('default-locale', 'en')[:2]
        if 'variable' in self.attrib:
            text = self._variable(item, context)
        elif 'macro' in self.attrib:
            text = self.get_macro(self.get('macro')).render(item, context)
        elif 'term' in self.attrib:
            text = self._term(item)
        elif 'value' in self.attrib:
            text = String(self.preformat(self.get('value')))

        return text, language

    def _variable(self, item, context):
        variable = self.get('variable')
        repressed = context.get_layout().repressed
        if self.tag in repressed and variable in repressed[self.tag]:
            return None

        if self.get('form') == 'short':
            short_variable = variable + '-short'
            if short_variable.replace('-', '_') in item.reference:
                variable = short_variable

        if variable.startswith('page'):
            text = self._process(item.reference.page, variable)
        elif variable == 'citation-number':
            text = item.number
        elif variable == 'citation-label':
            # Memoria fork: _citation_label, then the year suffix that tells alike ones apart
            try:
                suffix = item.reference['year_suffix'] or ''
            except VariableError:
                suffix = ''
            text = _citation_label(item.reference) + str(suffix)
        elif variable == 'locator':
            # Memoria fork: as citeproc-js reads a locator: trimmed, and a hyphen
            # between two parts joins them without spaces ("100 - 103" -> "100-103");
            # its ranges then as a page's (memoria.csl.page_ranges), shortened by the
            # page-range-format when its label is "page"; was every '-' an en dash
            text = str(item.locator.identifier).strip()
            text = re.sub(r'(?<=\w)\s*-\s*(?=\w)', '-', text)
            text = self._process(text, item.locator.label)
        else:
            text = item.reference[variable.replace('-', '_')]
            if (variable.replace('-', '_') in NUMBERS
                    and page_ranges.may_hold_range(str(text))):
                # Memoria fork: a number variable's ranges ("3-4": "3–4") as citeproc-js
                # writes them (memoria.csl.page_ranges); was the text as given
                text = self._process(str(text), variable)

        if text is not None:  # Memoria fork: a <substitute> suppresses it after
            _record(self.tag, self.get('variable'))
        return text

    def _term(self, item):
        form = self.get('form', 'long')
        plural = self.get('plural', 'false').lower() == 'true'
        variable = self.get('term')
        if plural:
            text = self.get_plural_term(name=variable,
                                        form=form if form != 'long' else None)
        else:
            text = self.get_single_term(name=variable,
                                        form=form if form != 'long' else None)

        return mark_term(text)  # Memoria fork: a note may open with it (note_start)

    def markup(self, text, language):
        if text:
            tmp = self.format(self.case(self.strip_periods(text), language))
            return self.wrap(self.quote(tmp))
        else:
            return None


# Memoria fork: the date parts Date.render_date_range compares
_DATE_PARTS = ('year', 'month', 'day')


def _date_part(date, name):
    try:
        return getattr(date, name)
    except (AttributeError, VariableError):
        pass
    if name == 'month':  # Memoria fork: a season stands in the month's place
        try:
            return ('season', date.season)
        except (AttributeError, VariableError):
            pass
    return None


def _range_delimiter(date, name, context):
    # Memoria fork: a date part's range-delimiter, the calling <date>'s
    # <date-part> overriding the localized date's; an en dash by default
    for element in (context, date):
        if element is None:
            continue
        for part in element.iterchildren():
            if (part.get('name') == name
                    and part.get('range-delimiter') is not None):
                return part.get('range-delimiter')
    return '\u2013'


class Date(CitationStylesElement, Parent, Formatted, Affixed, Delimited):
    def calls_variable(self):
        return True

    def is_locale_date(self):
        expr = './ancestor::cs:locale[1]'
        try:
            self.xpath_search(expr)[0]
            return True
        except IndexError:
            return False

    def _joiner(self, context):
        # Memoria fork: the parts of a localized date are joined with the
        # locale's <date delimiter>, not the calling <date>'s (which has none
        # with form=): a style's <locale><date form="text" delimiter=" ">
        # printed "4January1999"
        if (context is not None and self.is_locale_date()
                and self.get('delimiter') is None):
            return context
        return self

    def render_single_date(self, date, show_parts=None, context=None):
        form = self.get('form')
        if context != self:
            parts = self.parts(date, show_parts, context)
        else:
            parts = self.parts(date, show_parts)
        if parts:
            return self._joiner(context).join(parts)
        else:
            return None

    def render_date_range(self, date_range, show_parts=None, context=None):
        # Memoria fork: date ranges lost their year ("(Range)" for
        # 2019-11-15/2019-11-18) or crashed. A range as CSL (and pandoc) print
        # it: "2019" when the shown parts are equal, "2019–2020",
        # "November 15–18, 2019", "November 15–December 2, 2019", open "2003–".
        shown = [p for p in (show_parts or _DATE_PARTS) if p in _DATE_PARTS]
        begin, end = date_range.begin, date_range.get('end')
        if end is None or end.is_nil():
            text = self.render_single_date(begin, shown, context)
            return text + '–' if text else None
        differing = [p for p in _DATE_PARTS if p in shown
                     and _date_part(begin, p) != _date_part(end, p)]
        if not differing:
            return self.render_single_date(begin, shown, context)
        ranged = _DATE_PARTS[_DATE_PARTS.index(differing[0]):]
        parts = [part for part in self.iterchildren()
                 if part.get('name') in shown
                 and _date_part(begin, part.get('name')) is not None
                 and _date_part(end, part.get('name')) is not None]
        positions = [i for i, part in enumerate(parts)
                     if part.get('name') in ranged]
        if not positions:
            return self.render_single_date(begin, shown, context)
        first, last = positions[0], positions[-1]

        def rendered(part, date, prefix=True, suffix=True):
            # one date part; the range delimiter replaces the affixes it
            # stands between
            try:
                # also merges the style's date-part options
                text = part.process(date, context)
            except VariableError:
                return None
            if text is None:
                return None
            if prefix and suffix:
                return part.markup(text)
            text = part.format(part.case(part.strip_periods(text)))
            return ((part.get('prefix', '') if prefix else '') + text
                    + (part.get('suffix', '') if suffix else ''))

        # Memoria fork: the delimiter of the largest part that differs (the
        # month's in "2 January_[MRD]_4 March"), not of the first one shown
        delimiter = _range_delimiter(self, differing[0], context)
        pieces = [rendered(part, begin) for part in parts[:first]]
        begin_block = [rendered(part, begin) for part in parts[first:last]]
        begin_block.append(rendered(parts[last], begin, suffix=False))
        end_block = [rendered(parts[first], end, prefix=False)]
        end_block += [rendered(part, end)
                      for part in parts[first + 1:last + 1]]
        after = [rendered(part, begin) for part in parts[last + 1:]]
        joined = self._joiner(context).join
        before = joined([p for p in pieces if p]) if any(pieces) else ''
        middle = (joined([p for p in begin_block if p]) + delimiter
                  + joined([p for p in end_block if p]))
        tail = joined([p for p in after if p]) if any(after) else ''
        return joined([t for t in (before, middle, tail) if t])

    def process(self, item, variable=None, show_parts=None, context=None,
                **kwargs):
        if variable is None:
            variable = self.get('variable')
        if show_parts is None:
            show_parts = ['year', 'month', 'day']
        if context is None:
            context = self

        form = self.get('form')
        date_parts = self.get('date-parts')
        if _SORTING and not self.is_locale_date():
            return self._sort_string(item, variable, form, date_parts)
        if not self.is_locale_date() and form is not None:
            localized_date = self.get_date(form)
            if date_parts is not None:
                show_parts = date_parts.split('-')
            return localized_date.render(item, variable,
                                         show_parts=show_parts, context=self)
        else:
            date_or_range = item.reference[variable.replace('-', '_')]
            if not date_or_range:
                text = None
            elif isinstance(date_or_range, LiteralDate):
                text = date_or_range.text
            elif isinstance(date_or_range, DateRange):
                text = self.render_date_range(date_or_range, show_parts,
                                              context)
            else:
                text = self.render_single_date(date_or_range, show_parts,
                                               context)
            if text is not None:
                style_context = context if self.is_locale_date() else self
                return style_context.wrap(text)
            else:
                return None

    def _sort_string(self, item, variable, form, date_parts):
        # Memoria fork: a date a <key macro> renders sorts by its numbers
        # (memoria.csl.dates.sort_string), not by the text it prints
        value = item.reference.get(variable.replace('-', '_'))
        if not value:
            return None
        if isinstance(value, LiteralDate):
            return value.text
        if form is not None:
            shown = (date_parts or 'year-month-day').split('-')
        else:
            shown = [part.get('name') for part in self.iterchildren()]
        dates = ([value.begin] + ([value.end] if value.get('end') else [])
                 if isinstance(value, DateRange) else [value])
        return _date_sort_string(dates, shown)

    def parts(self, date, show_parts, context=None):
        output = []
        for part in self.iterchildren():
            if part.get('name') in show_parts:
                try:
                    part_text = part.render(date, context)
                    if part_text is not None:
                        output.append(part_text)
                except VariableError:
                    pass
        return output

    def markup(self, text):
        # TODO: fix
        return text


class Date_Part(CitationStylesElement, Formatted, Affixed, TextCased,
                StrippedPeriods):
    def process(self, date, context=None):
        name = self.get('name')
        range_delimiter = self.get('range-delimiter', '-')
        attrib = self.attrib

        if context is None:
            context = self
        try:
            expr = './cs:date-part[@name="{}"]'.format(name)
            attrib.update(dict(context.xpath_search(expr)[0].attrib))
        except (AttributeError, IndexError):
            pass

        if name == 'day':
            form = self.get('form', 'numeric')
            if (form == 'ordinal'
                and self.get_locale_option('limit-day-ordinals-to-day-1')
                    .lower() == 'true'
                and date.day > 1):
                form = 'numeric'

            if form == 'numeric':
                text = date.day
            elif form == 'numeric-leading-zeros':
                text = '{:02}'.format(date.day)
            elif form == 'ordinal':
                text = to_ordinal(date.day, context)
        elif name == 'month':
            form = self.get('form', 'long')
            strip_periods = self.get('form', False)
            try:
                index = date.month
                term = 'month'
            except VariableError:
                index = date.season
                term = 'season'

            if form == 'long' or form == 'short':
                text = context.get_single_term(name='{}-{:02}'.format(term, index),
                                               form='short' if form == 'short' else None)
            elif term == 'season':
                # Memoria fork: a season has no number to print (the assert
                # crashed a numeric date): its term
                text = context.get_single_term(
                    name='{}-{:02}'.format(term, index))
            else:
                if form == 'numeric':
                    text = '{}'.format(index)
                elif form == 'numeric-leading-zeros':
                    text = '{:02}'.format(index)
        elif name == 'year':
            form = self.get('form', 'long')
            if form == 'long':
                text = str(abs(date.year))
                if date.year < 0:
                    text += context.get_single_term(name='bc')
                elif date.year < 1000:
                    text += context.get_single_term(name='ad')
            elif form == 'short':
                text = str(date.year)[-2:]
            if _IMPLICIT_SUFFIX[0]:  # Memoria fork: the first year takes it
                text += _IMPLICIT_SUFFIX[0]
                _IMPLICIT_SUFFIX[0] = None

        return text

    def markup(self, text):
        if text:
            return self.wrap(self.format(self.case(self.strip_periods(text))))
        else:
            return None


class Number(CitationStylesElement, FormatNumber, Formatted, Affixed, Displayed,
             TextCased, StrippedPeriods):
    def calls_variable(self):
        return True

    def process(self, item, context=None, **kwargs):
        variable = self.get('variable')
        if variable == 'locator':
            try:
                variable = item.locator.label
                value = item.locator.identifier
            except KeyError:
                return None
        elif variable == 'page-first':
            value = item.reference.page
        else:
            # Memoria fork: the reference's keys are variable names with '_' for
            # '-': <number variable="number-of-pages"> (or collection-number,
            # first-reference-note-number) found nothing
            value = item.reference[variable.replace('-', '_')]
        return self._process(value, variable)

    def format_number(self, number):
        form = self.get('form', 'numeric')
        try:
            number = int(number)
        except ValueError:
            return number
        if form == 'numeric':
            text = str(number)
        elif form == 'ordinal' or form == 'long-ordinal' and number > 10:
            text = to_ordinal(number, self)
        elif form == 'long-ordinal':
            text = self.get_single_term(name='long-ordinal-{:02}'.format(number))
        elif form == 'roman':
            text = romanize(number).lower()
        return text

    def markup(self, text):
        if text:
            return self.wrap(self.format(self.case(self.strip_periods(text))))
        else:
            return None


# Memoria fork: <substitute>. A variable it rendered, also through a macro, was
# not suppressed afterwards, and names were never suppressed, so an edited book
# printed its title or editors twice; only what the substitute actually
# rendered is suppressed now. One (substituted <names> element, [(tag,
# variable) rendered]) per <substitute> being rendered, innermost last.
_SUBSTITUTING = []


def _record(tag, variable):
    if _SUBSTITUTING:
        _SUBSTITUTING[-1][1].append((tag, variable))


def _has_children(element):
    return any(isinstance(child.tag, str) for child in element)


# Memoria fork: subsequent-author-substitute (string.NAME_MARKS). While a
# bibliography entry of a style that substitutes is rendered, _MARKING holds;
# every outermost <names> (_MARK_DEPTH 0) is marked, and inside it each name
# list and each name. Marking every <names>, not only the first one rendered,
# keeps trial renderings (a <substitute> tries its children) from using the
# marks up; Memoria's layer takes the first marked names of the entry's text.
# Sort keys are never marked.
_MARKING = [False]
_MARK_DEPTH = [0]


def _marks_inside():
    return bool(_MARKING[0] and _MARK_DEPTH[0] and not _SORTING)


def _marked(start, text, end):
    return start + text + end if text and not isinstance(text, int) else text


class Names(CitationStylesElement, Parent, Formatted, Affixed, Delimited):
    def calls_variable(self):
        return True

    def render(self, *args, **kwargs):
        # Memoria fork: an entry's outermost names marked (_MARKING)
        if (not _MARKING[0] or _MARK_DEPTH[0] or _SORTING
                or kwargs.get('sort_options') is not None):
            return self.markup(self.process(*args, **kwargs))
        _MARK_DEPTH[0] += 1
        try:
            text = self.process(*args, **kwargs)
        finally:
            _MARK_DEPTH[0] -= 1
        return self.markup(_marked(NAMES_START, text, NAMES_END))

    def get_parent_delimiter(self, context=None):
        expr = './ancestor::*[self::cs:citation or self::cs:bibliography][1]'
        if context is None:
            context = self
        parent = context.xpath_search(expr)[0]
        return parent.get_option('names-delimiter')

    def substitute(self):
        expr = './cs:substitute[1]'
        try:
            result = self.xpath_search(expr)[0]
        except IndexError:
            result = None
        return result

    def process(self, item, names_context=None, context=None, **kwargs):
        # Memoria fork: CSL's substitution rules. A childless <names> inside a
        # <substitute> (also inside a <choose>) inherits the <name>, <et-al>
        # and <label> of the <names> being substituted, as CSL says (chicago
        # printed "Rosa Vargas, Mario Quispe" for "Vargas, Rosa, and Mario
        # Quispe, eds."); names a <substitute> rendered are suppressed after it
        # (_record); a <key macro>'s name options reach it (_SORTING); labels
        # are left out of sort keys.
        if context is None:
            context = self
        if _SORTING:
            kwargs['sort_options'] = {**(kwargs.get('sort_options') or {}),
                                      **_SORTING[-1]}
        if names_context is None:
            inherit = _SUBSTITUTING and not _has_children(self)
            names_context = _SUBSTITUTING[-1][0] if inherit else self

        repressed = context.get_layout().repressed.get(self.tag, ())
        # Memoria fork: names a <substitute> being rendered has shown already
        # are not repeated in it ("John-boy Doe ed." once, as citeproc-js)
        substituted = {variable for _, rendered in _SUBSTITUTING
                       for tag, variable in rendered if tag == self.tag}
        roles = [role for role in self.get('variable').split()
                 if role not in repressed and role not in substituted]
        try:
            ed_trans = (set(roles) == set(['editor', 'translator']) and
                        item.reference.editor == item.reference.translator and
                        self.get_term('editortranslator').getchildren())
            if ed_trans:
                roles = ['editor']
        except VariableError:
            ed_trans = False

        output = []
        shown_none = False
        for role in roles:
            # Memoria fork: the reference's keys have '_' for '-'
            # ("collection-editor", "container-author" were never shown)
            key = role.replace('-', '_')
            if key not in item.reference:
                continue
            name_elem = names_context.name
            if name_elem is None:
                name_elem = Name()
                names_context.insert(0, name_elem)
            text = name_elem.render(item, key, context=context, **kwargs)
            if text is None:
                # Memoria fork: names that show no one (et-al-use-first="0")
                shown_none = True
                continue
            if isinstance(text, int):
                # Memoria fork: form="count" counts, summed over the
                # variables below (no marks, no label)
                output.append(text)
                _record(self.tag, role)
                continue
            if _marks_inside():  # Memoria fork
                text = _marked(LIST_START, text, LIST_END)
            plural = len(item.reference[key]) > 1
            label_element = names_context.label
            # a sort key is the names alone: "Vargas, Rosa, ed." sorts before
            # "Vargas, Rosa, and Mario Quispe, eds." (as in citeproc-js, pandoc)
            if (label_element is not None
                    and kwargs.get('sort_options') is None):
                label = label_element.render(
                    item, 'editortranslator' if ed_trans else role, plural,
                    **kwargs)
                if label is not None:
                    if label_element is names_context.getchildren()[0]:
                        text = label + text
                    else:
                        text = text + label
            output.append(text)
            _record(self.tag, role)
            if ed_trans:
                _record(self.tag, 'translator')

        if output:
            if all(isinstance(part, int) for part in output):  # form="count"
                total = sum(output)
                return str(total) if total > 0 else None
            return self.join(output, self.get_parent_delimiter(context))
        if shown_none:
            return None
        substitute = self.substitute()
        if substitute is None:
            raise VariableError
        return substitute.render(item, context=context, **kwargs)

    def markup(self, text):
        if text:
            return self.wrap(self.format(text))
        else:
            return None


# Memoria fork: "and others": pandoc's CSL-JSON ends such a name list with
# {"literal": "others"}, which citeproc-py printed as a name; it forces "et al."
# now (Name._process_others)
def _is_others(name):
    return name.get('literal') == 'others' and len(name) == 1


# Memoria fork: the name overrides of the citation being rendered, innermost
# last (objects with use_first and expand: memoria.csl.cite_names pushes them)
CITE_NAMES = []


# Memoria fork: the attribute memoria.csl.style sets on a <name> whose
# initialize-with it moved there from the <style> element
STYLE_WIDE_INITIALIZE = '{urn:memoria}style-wide-initialize-with'

# Memoria fork: initials as CSL 1.0.2 and pandoc's citeproc make them.
# citeproc-py took the first letter of every capitalised word, also of words
# written as initials already ("Ph." became "P.", "ME." "M.") and of full words
# with initialize="false" (which it ignored). The given name is read as words
# ended by a space, a period or a hyphen: a word ended by a period, or of one
# letter, is an initial already and keeps its letters ("Ph.", "ME."); any other
# word is initialised (its first letter; "TSerendorjiin" -> "Ts") unless
# initialize="false" keeps it whole; a lower-case word (a particle) stays as it
# is; after a hyphen, a capital is kept with the hyphen when
# initialize-with-hyphen allows ("J.-P."), a lower-case letter is dropped
# ("Guo-ping" -> "G.").
def _given_words(given):
    """[(word, is_initial)] of a given name; a word after a hyphen starts
    with '-'."""
    words, current = [], ''
    for char in given:
        if char == '.':
            if current:
                words.append((current, True))
            current = ''
        elif char == '-':
            if current:
                words.append((current, False))
            current = '-'
        elif char == ' ':
            if len(current) == 1:
                words.append((current, True))
            elif current:
                words.append((current, False))
            current = ''
        else:
            current += char
    if len(current) == 1:
        words.append((current, True))
    elif current:
        words.append((current, False))
    return words


def _initial(word, hyphen):
    if word.startswith('-'):
        rest = word[1:]
        if rest[:1].isupper():
            return ('-' if hyphen else '') + rest[0]
        return ''
    if word[:1].isupper():
        second, tail = word[1:2], word[2:]
        if second.isupper() and tail and tail.islower():
            return word[0] + second.lower()
        return word[0]
    return word


# Memoria fork: the words of a name are joined as the reference processors do
# (_NameAssembly.words): no space after a particle that ends in an apostrophe,
# a hyphen, a dash or a no-break space ("d’Aubignac", "al-One"); a part that
# ends in a space (memoria.csl.name_parsing keeps "de’ " of "de' Frinkle")
# brings its own
_JOINING = ("’", "'", "-", "–", "\xa0", " ")


# Memoria fork: the parts of one name joined into its display form, as pandoc's
# citeproc does it (Citeproc/Eval.hs getDisplayName). A piece is (plain text,
# rendered text); the plain text decides the space between pieces.
class _NameAssembly(object):
    def __init__(self, name_element, sort_separator):
        self.parts = {}
        for part in name_element.findall('cs:name-part', name_element.nsmap):
            self.parts[part.get('name')] = part
        self.separator = sort_separator

    def piece(self, text, part_name):
        """A name part formatted as its <name-part> says, without affixes."""
        if not text:
            return None
        part = self.parts.get(part_name)
        if part is None:
            return (str(text), text)
        return (str(text), part.format(part.case(text)))

    def affixed(self, pieces, part_name, joiner):
        """The pieces of a name-part's group joined, in its affixes."""
        group = joiner(pieces)
        part = self.parts.get(part_name)
        if group is None or part is None:
            return group
        prefix, suffix = part.get('prefix', ''), part.get('suffix', '')
        return (prefix + group[0] + suffix, part.wrap(group[1]))

    @staticmethod
    def words(pieces):
        """Pieces joined by a space, none after a joining character."""
        pieces = [p for p in pieces if p is not None]
        if not pieces:
            return None
        plain, rendered = pieces[0]
        for next_plain, next_rendered in pieces[1:]:
            if plain and not plain.endswith(_JOINING):
                plain, rendered = plain + ' ', join([rendered, ' '])
            plain, rendered = plain + next_plain, join([rendered, next_rendered])
        return (plain, rendered)

    def sorted_(self, pieces):
        """Pieces joined by the sort separator."""
        pieces = [p for p in pieces if p is not None]
        if not pieces:
            return None
        return (self.separator.join(p[0] for p in pieces),
                join([p[1] for p in pieces], self.separator))

    @staticmethod
    def tight(pieces):
        pieces = [p for p in pieces if p is not None]
        if not pieces:
            return None
        return (''.join(p[0] for p in pieces), join([p[1] for p in pieces]))

    def assemble(self, form, inverted, demote_ndp, given, family, dp, ndp,
                 suffix, comma_suffix):
        given = self.piece(given, 'given')
        dp = self.piece(dp, 'given')
        ndp = self.piece(ndp, 'family')
        family_piece = self.piece(family, 'family')
        suffix = (str(suffix), suffix) if suffix else None
        fam, giv = 'family', 'given'
        if family and not _is_byzantine(str(family)):
            if form == 'short':
                text = self.affixed([family_piece], fam, self.words)
            else:
                text = self.tight([self.affixed([family_piece], fam, self.words),
                                   self.affixed([given], giv, self.words)])
        elif form == 'short':
            text = self.affixed([ndp, family_piece], fam, self.words)
        elif inverted and demote_ndp in ('never', 'sort-only'):
            text = self.sorted_([
                self.affixed([ndp, family_piece], fam, self.words),
                self.affixed([given, dp], giv, self.words), suffix])
        elif inverted:
            text = self.sorted_([
                self.affixed([family_piece], fam, self.words),
                self.affixed([given, dp, ndp], giv, self.words), suffix])
        else:
            if comma_suffix and suffix is not None:
                tail = self.sorted_([self.words([dp, ndp, family_piece]),
                                     suffix])
            else:
                tail = self.words([dp, ndp, family_piece, suffix])
            text = self.words([self.affixed([given], giv, self.words),
                               self.affixed([tail], fam, self.tight)])
        return None if text is None else text[1]


# Memoria fork: a name in a Latin, Greek, Cyrillic, Hebrew, Arabic or Thai
# script (citeproc-js ROMANESQUE_REGEX, pandoc's isByzantine); any other (CJK)
# is written family name first, without spaces
_BYZANTINE = re.compile(
    '[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f'
    '\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff'
    '\u200c-\u200e\u2018\u2019\u021a\u021b\u202a-\u202e]')


# Memoria fork: citeproc-js's STARTSWITH_ROMANESQUE_REGEXP
_STARTS_ROMANESQUE = re.compile(
    '[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f'
    '\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff'
    '\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]')


def _is_byzantine(text):
    return _BYZANTINE.search(text) is not None


def _in_other_script(char):
    # Memoria fork: a letter of a script not written with spaces (CJK)
    return char.isalpha() and not _is_byzantine(char)


# Memoria fork: the private-use marks memoria.csl.rich_text writes for a
# value's markup (<b>John</b>); an initial keeps the marks around its word,
# with the initialize-with period inside them ("<b>J.</b> Q.")
_RICH_MARK = re.compile('[{}]'.format(re.escape(RICH_TEXT_MARKS)))
_EDGE_MARKS = re.compile('^({0}*)(.*?)({0}*)$'.format(_RICH_MARK.pattern),
                         re.DOTALL)


def _given_words_marked(given):
    """[(lead marks, word, is_initial, trail marks)] of a given name."""
    words = []
    for word, is_initial in _given_words(given):
        hyphen = word.startswith('-')
        lead, core, trail = _EDGE_MARKS.match(word[1:] if hyphen
                                              else word).groups()
        core = ('-' if hyphen else '') + _RICH_MARK.sub('', core)
        if (not is_initial and (lead or trail) and not hyphen
                and len(core) == 1):
            is_initial = True  # "<b>J</b> Q": one letter in marks
        words.append((lead, core, is_initial, trail))
    return words


def _initialize_given(given, mark, make_initials, hyphen):
    out = []
    period, space = mark.rstrip(' '), mark[len(mark.rstrip(' ')):]
    for lead, word, is_initial, trail in _given_words_marked(str(given)):
        if is_initial:
            out.append(lead + word + period + trail + space)
        elif not word.startswith('-') and word.islower():
            word = lead + word + trail
            out.append(word + ' ' if mark.endswith(' ') else ' ' + word + ' ')
        elif make_initials:
            initial = _initial(word, hyphen)
            if initial.startswith('-'):
                text = '-' + lead + initial[1:] + period + trail + space
            else:
                text = lead + initial + period + trail + space
            out.append(text if initial else '')
        else:
            out.append(lead + word + trail + ' ')
    return ''.join(out).replace(' -', '-').strip(' ')


class Name(CitationStylesElement, Formatted, Affixed, Delimited):
    def get_option(self, name, context=None, sort_options=None):
        try:
            value = sort_options[name]
        except (TypeError, KeyError):
            # Memoria fork: a sort key's names are not initialized by the
            # <style>'s initialize-with, only by the <name>'s, <citation>'s or
            # <bibliography>'s own (jgm/citeproc evaluates sort keys with the
            # layout's name options: pandoc lists APA's "King, Ken" before
            # "King, Kim", both printed "King, K.")
            if (name == 'initialize-with' and _SORTING
                    and self.get(STYLE_WIDE_INITIALIZE) is not None):
                return None
            expr = ('./ancestor::*[self::cs:citation or '
                                  'self::cs:bibliography][1]')
            if context is None:
                context = self
            parent = context.xpath_search(expr)[0]
            if name in ('form', 'delimiter'):
                value = self.get(name, parent.get_option('name-' + name))
            else:
                value = self.get(name, parent.get_option(name))

        if name in ('initialize-with-hyphen', 'et-al-use-last'):
            value = value.lower() == 'true'
        elif name.startswith('et-al'):
            value = int(value)

        return value

    def et_al(self):
        if _SORTING:  # Memoria fork: no "et al." in a sort key (Key.sort_keys)
            return None
        expr = './following-sibling::cs:et-al[1]'
        try:
            result = self.xpath_search(expr)[0].render()
        except IndexError:
            result = self.get_single_term(name='et-al')
        return result

    def process(self, item, variable, context=None, sort_options=None, **kwargs):
        # Memoria fork: the citation's name overrides (CITE_NAMES), then "and
        # others" (_process_others). An expanded name (givenname
        # disambiguation) is rendered alone in the long form, with its initials
        # (level 1) or its whole given name (level 2), and takes its place in
        # the list as a literal; use_first replaces et-al-use-first, and a list
        # it shows whole gets no "et al.".
        override = (CITE_NAMES[-1] if CITE_NAMES and sort_options is None
                    else None)
        if (not override or not (override.use_first or override.expand)
                or self.get_option('form', context) == 'count'):
            return self._process_others(item, variable, context, sort_options,
                                        **kwargs)
        reference = item.reference
        names = list(reference.get(variable) or [])
        people = names[:-1] if names and _is_others(names[-1]) else names
        options = {}
        if override.use_first:
            options['et-al-use-first'] = str(override.use_first)
            if override.use_first >= len(people) and len(people) == len(names):
                options['et-al-min'] = '0'  # every name shown: no "et al."
        expanded = list(names)
        for name_variable, index, level in override.expand:
            if (name_variable != variable or index >= len(people)
                    or 'literal' in names[index]):
                continue
            alone = {'form': 'long', 'et-al-min': '0', 'and': None}
            if level >= 2:
                alone['initialize-with'] = None
            dict.__setitem__(reference, variable, [names[index]])
            try:
                text = self._process_names(item, variable, context, alone,
                                           **kwargs)
            finally:
                dict.__setitem__(reference, variable, names)
            expanded[index] = ReferenceName(literal=str(text))
        dict.__setitem__(reference, variable, expanded)
        try:
            return self._process_others(item, variable, context,
                                        options or None, **kwargs)
        finally:
            dict.__setitem__(reference, variable, names)

    def _process_others(self, item, variable, context=None, sort_options=None,
                        **kwargs):
        # Memoria fork: "and others" (a last literal name "others") forces "et
        # al.". As in pandoc, "others" counts as a name for et-al-min: chicago
        # cites "Brown, Alice and Smith, Bob and others" as "Brown et al." and
        # lists "Brown, Alice, Bob Smith, et al.".
        names = item.reference.get(variable) or []
        if (not names or not _is_others(names[-1])
                or self.get_option('form', context) == 'count'):
            return self._process_names(item, variable, context, sort_options,
                                       **kwargs)

        def option(name):
            return self.get_option(name, context, sort_options)

        people = list(names[:-1])
        et_al_min = option('et-al-min')
        if et_al_min and len(names) >= et_al_min:
            people = people[:option('et-al-use-first')]
        reference = item.reference
        # the names alone: no "and", no truncation
        plain = {'et-al-min': '0', 'and': None}
        dict.__setitem__(reference, variable, people)
        try:
            text = self._process_names(item, variable, context,
                                       {**(sort_options or {}), **plain},
                                       **kwargs)
        finally:
            dict.__setitem__(reference, variable, names)
        et_al = self.et_al()
        if not people:
            return et_al
        if not et_al:
            return text
        precedes = option('delimiter-precedes-et-al')
        sort_order = option('name-as-sort-order')
        inverted = (sort_order == 'all'
                    or (sort_order == 'first' and len(people) == 1))
        if (precedes == 'always'
                or (precedes == 'contextual' and len(people) >= 2)
                or (precedes == 'after-inverted-name' and inverted)):
            return self.join([text, et_al], option('delimiter'))
        return text + ' ' + et_al

    def _sets_option(self, name, context, sort_options):
        # Memoria fork: whether the style sets the name option itself (on the
        # <name>, the <citation> or <bibliography>, or the <style>)
        if sort_options and name in sort_options:
            return True
        if self.get(name) is not None:
            return True
        expr = './ancestor::*[self::cs:citation or self::cs:bibliography][1]'
        parent = (context if context is not None else self).xpath_search(expr)[0]
        return (parent.get(name) is not None
                or parent.get_root().get(name) is not None)

    def _process_names(self, item, variable, context=None, sort_options=None,
                       **kwargs):
        # Memoria fork: upstream's Name.process
        def get_option(name):
            return self.get_option(name, context, sort_options)

        and_ = get_option('and')
        delimiter = get_option('delimiter')
        delimiter_precedes_et_al = get_option('delimiter-precedes-et-al')
        delimiter_precedes_last = get_option('delimiter-precedes-last')

        et_al_min = get_option('et-al-min')
        et_al_use_first = get_option('et-al-use-first')
        # Memoria fork: et-al-min without et-al-use-first truncates nothing
        # (CSL sets no default; citeproc-js, pandoc)
        if not self._sets_option('et-al-use-first', context, sort_options):
            et_al_min = 0
        et_al_subseq_min = get_option('et-al-subsequent-min')
        et_al_subseq_use_first = get_option('et-al-subsequent-use-first')
        et_al_use_last = get_option('et-al-use-last')
        # Memoria fork: a subsequent cite (its position given by the caller, in a
        # citation) takes et-al-subsequent-min and -use-first, when the style
        # sets them and nothing overrides et-al-min here
        position_info = item.get('position_info')
        if (et_al_subseq_min and position_info is not None
                and position_info.matches('subsequent')
                and 'et-al-min' not in (sort_options or {})):
            et_al_min, et_al_use_first = et_al_subseq_min, et_al_subseq_use_first

        initialize_with = get_option('initialize-with')
        name_as_sort_order = get_option('name-as-sort-order')
        sort_separator = get_option('sort-separator')

        form = get_option('form')
        demote_ndp = get_option('demote-non-dropping-particle')

        names = item.reference.get(variable, [])

        if and_ == 'text':
            and_term = self.get_single_term(name='and')
        elif and_ == 'symbol':
            and_term = self.preformat('&')

        et_al = self.et_al()
        output = []
        shown_inverted = []  # Memoria fork: after-inverted-name
        if form == 'count':
            # Memoria fork: the names shown, et-al-min applied
            count = len(names)
            if count > 1 and et_al_min and count >= et_al_min:
                count = min(count, et_al_use_first)
            return count
        else:
            et_al_truncate = (len(names) > 1 and et_al_min and
                              len(names) >= et_al_min)
            et_al_last = et_al_use_last and et_al_use_first <= et_al_min - 2
            if et_al_truncate and not et_al_use_first:
                return None  # Memoria fork: et-al-use-first="0" shows no one
            if et_al_truncate:
                if et_al_last:
                    names = names[:et_al_use_first] + [names[-1]]
                else:
                    names = names[:et_al_use_first]
            for i, name in enumerate(names):
                given, family, dp, ndp, suffix = name.parts()

                # Memoria fork: a name without a family name ("Banksy") is
                # not initialised (CSL 1.0.2: initials of the given name)
                if (given is not None and initialize_with is not None
                        and family is not None):
                    given = self.initialize(given, initialize_with, context)

                # Memoria fork: a name assembled as pandoc's citeproc does
                # (getDisplayName): each part formatted by its <name-part>
                # (particles as the part they belong to), the name-part's
                # affixes around its group (the family's also around the
                # particles before it and a non-inverted name's suffix), a
                # comma before a comma-suffix, and names in other scripts
                # (CJK) family first without spaces (_NameAssembly)
                inverted = (name_as_sort_order == 'all' or
                            (name_as_sort_order == 'first' and i == 0))
                text = _NameAssembly(self, sort_separator).assemble(
                    form, inverted, demote_ndp, given, family, dp, ndp,
                    suffix, name.get('comma-suffix'))
                if text is None:
                    continue

                # Memoria fork: subsequent-author-substitute (_MARKING)
                if _marks_inside():
                    text = _marked(NAME_START, text, NAME_END)
                output.append(text)
                # (a literal, or a name without a given name, is not inverted)
                shown_inverted.append(inverted and given is not None
                                      and 'literal' not in name)

            if et_al_truncate and et_al:
                if et_al_last:
                    ellipsis = self.unicode_character('horizontal ellipsis')
                    output[-1] = ellipsis + ' ' + output[-1]
                    text = self.join(output, delimiter)
                elif (delimiter_precedes_et_al == 'always' or
                      (delimiter_precedes_et_al == 'contextual' and
                     len(output) >= 2) or
                      # Memoria fork: after-inverted-name
                      (delimiter_precedes_et_al == 'after-inverted-name'
                       and shown_inverted and shown_inverted[-1])):
                    output.append(et_al)
                    text = self.join(output, delimiter)
                elif _in_other_script(
                        re.sub('<[^>]*>', '', str(et_al)).strip()[:1]):
                    # Memoria fork: no space before an et-al term in another
                    # script ("Ziggy Zither等", as citeproc-js)
                    text = self.join(output, delimiter) + et_al
                else:
                    text = self.join(output, delimiter) + ' ' + et_al
            elif (and_ is not None and len(output) > 1 and str(and_term)
                  and not _STARTS_ROMANESQUE.match(str(and_term))):
                # Memoria fork: an "and" term that does not open with a Latin
                # (Greek, Cyrillic, ...) letter or "&" (the Hebrew prefix ו)
                # is written without spaces or a delimiter before it, as
                # citeproc-js does
                text = self.join(output[:-1], ', ') + str(and_term) + output[-1]
            elif and_ is not None and len(output) > 1:
                text = self.join(output[:-1], ', ')
                if (delimiter_precedes_last == 'always' or
                    (delimiter_precedes_last == 'contextual' and
                     len(output) > 2) or
                    # Memoria fork: after-inverted-name
                    (delimiter_precedes_last == 'after-inverted-name'
                     and shown_inverted[-2])):
                        text = self.join([text, ''], ', ')
                else:
                    text += ' '
                text += '{} '.format(and_term) + output[-1]
            else:
                text = self.join(output, delimiter)

            return text

    def initialize(self, given, mark, context):
        # Memoria fork: CSL 1.0.2 initialize / initialize-with, as pandoc's
        # citeproc does it (_initialize_given)
        return _initialize_given(
            given, mark,
            str(self.get_option('initialize', context)).lower() != 'false',
            self.get_option('initialize-with-hyphen', context))

    def markup(self, text):
        if isinstance(text, int):  # Memoria fork: form="count", summed by Names
            return text
        if text:
            return self.wrap(self.format(text))
        else:
            return None


class Name_Part(CitationStylesElement, Formatted, Affixed, TextCased):
    def format_part(self, given, family):
        if self.get('name') == 'given':
            given = self.wrap(self.format(self.case(given)))
        elif self.get('name') == 'family':
            family = self.wrap(self.format(self.case(family)))
        return given, family


class Et_Al(CitationStylesElement, Formatted, Affixed):
    def process(self):
        variable = self.get('term', 'et-al')
        return self.get_single_term(variable)

    def markup(self, text):
        if text:
            return self.wrap(self.format(text))
        else:
            return None


def _first_in_branch(choose, item, context, kwargs):
    # Memoria fork: a <choose> in a <substitute> gives the first element of its
    # branch that renders; what the others would render is suppressed all the
    # same (pandoc: an edited translation is listed under "Vargas, Rosa, ed."
    # and the translator is not repeated)
    taken = _TAKEN.get(id(choose))
    if taken is None:
        return None
    for child in taken[1].getchildren():
        try:
            text = child.render(item, context=context, **kwargs)
        except VariableError:
            continue
        if text and isinstance(child, Choose):
            text = _retried(child, item, context, kwargs) or text
        if text:
            return text
    return None


def _retried(choose, item, context, kwargs):
    # Memoria fork: _first_in_branch after a trial rendering of the <choose>,
    # the names the trial showed not hidden from it (Names.process), kept
    # recorded for the substitution
    rendered = _SUBSTITUTING[-1][1] if _SUBSTITUTING else []
    tried = list(rendered)
    del rendered[:]
    try:
        return _first_in_branch(choose, item, context, kwargs)
    finally:
        rendered[:0] = tried


class Substitute(CitationStylesElement, Parent):
    def render(self, item, context=None, **kwargs):
        # Memoria fork: the first child that renders wins; what it rendered,
        # also through a macro or a <choose> (_record), is suppressed in the
        # rest of the entry; a childless <names> inherits the substituted
        # <names>' children (see Names.process)
        text = None
        for child in self.getchildren():
            rendered = []
            _SUBSTITUTING.append((self.getparent(), rendered))
            try:
                text = child.render(item, context=context, **kwargs)
                if text and isinstance(child, Choose):
                    text = _retried(child, item, context, kwargs) or text
            except VariableError:
                continue
            finally:
                _SUBSTITUTING.pop()
            if not text and isinstance(child, Text) and child.get('term'):
                # Memoria fork: a term ends the substitution, even an empty
                # one (as citeproc-js and pandoc: it is output all the same)
                return None
            if text:
                layout = (context if context is not None else self).get_layout()
                for tag, variable in rendered:
                    layout.repressed.setdefault(tag, []).append(variable)
                    _record(tag, variable)  # an outer substitute suppresses it
                break
        return text

    def add_to_repressed_list(self, child, context):
        layout = context.get_layout()
        tag_list = layout.repressed.get(child.tag, [])
        tag_list.append(child.get('variable'))
        layout.repressed[child.tag] = tag_list


class Label(CitationStylesElement, Formatted, Affixed, StrippedPeriods,
            TextCased):
    def calls_variable(self):
        return self.get('variable') == 'locator'

    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        if variable is None:
            variable = self.get('variable')
            # Memoria fork: "the term is only rendered if the selected variable
            # is non-empty" (CSL 1.0.2, Label); chicago's notes printed "edition"
            if not (item.has_locator if variable == 'locator'
                    else variable.replace('-', '_') in item.reference):
                return None
        form = self.get('form', 'long')
        plural_option = self.get('plural', 'contextual')
        if plural is None:
            plural = self._is_plural(item)

        if variable == 'locator' and item.has_locator:
            variable = item.locator.label

        if (plural_option == 'contextual' and plural or
            plural_option == 'always'):
            text = self.get_plural_term(name=variable,
                                        form=form if form != 'long' else None)
        else:
            text = self.get_single_term(name=variable,
                                        form=form if form != 'long' else None)

        return mark_term(text)  # Memoria fork: a note may open with it (note_start)

    def markup(self, text):
        if text:
            return self.wrap(self.format(self.case(self.strip_periods(text))))
        else:
            return None

    # Content is plural when it holds multiple numbers separated by a list or
    # range separator (e.g. "1, 2" or "1-3"). A period is not such a separator:
    # it is part of a single dotted number/version (e.g. "2.0"), which stays
    # singular ("Version 2.0", not "Versions 2.0").
    RE_MULTIPLE_NUMBERS = re.compile(r'\d+[^\d.]+\d+')

    def _is_plural(self, item):
        variable = self.get('variable')
        if variable == 'locator':
            value = item.locator.identifier
        else:
            try:
                value = item.reference[variable.replace('-', '_')]
            except VariableError:
                return False

        if variable.startswith('number-of') and int(item[variable]) > 1:
            return True
        else:
            # Memoria fork: "327\\-30" is one number (a kept hyphen), "i-ix" two
            # (memoria.csl.page_ranges)
            value = page_ranges.fuse_kept_hyphens(str(value))
            return (self.RE_MULTIPLE_NUMBERS.search(value) is not None
                    or page_ranges.holds_several_numbers(value))


class Group(CitationStylesElement, Parent, Formatted, Affixed, Delimited):
    def calls_variable(self):
        return True

    def process(self, item, context=None, **kwargs):
        # Memoria fork: a <choose> child counts as calling a variable only when
        # the branch it took does (citeproc-py counted it whenever any branch
        # could: APA printed "(Publication)" for a thesis without a number);
        # the children are read once (_children)
        output = []
        variable_called = False
        variable_rendered = False
        # A `cs:group` delimiter also delimits the children of a transparent
        # `cs:choose` child, so pass it down (see `Parent.render_children`).
        delimiter = self.get('delimiter', '')
        for child, is_choose, calls in _children(self):
            try:
                if is_choose:
                    child_text = child.render(item, context=context,
                                              delimiter=delimiter, **kwargs)
                else:
                    child_text = _displayed(
                        child, child.render(item, context=context, **kwargs))
            except VariableError:
                child_text = None
            if is_choose:
                taken = _TAKEN.get(id(child))
                calls = taken is not None and taken[1].calls_variable()
            variable_called = variable_called or calls
            if child_text is not None:
                output.append(child_text)
                variable_rendered = variable_rendered or calls
        if output and (not variable_called or variable_rendered):
            return self.join(output)
        else:
            raise VariableError

    def markup(self, text):
        if text:
            return self.wrap(self.format(text))
        else:
            return None


class ConditionFailed(Exception):
    pass


# Memoria fork: id(<choose>) -> (element, the branch it took last), which
# Group.process and Substitute.render read
_TAKEN = {}
# Memoria fork: id(<choose>) -> (element, [(branch, its test, None for
# <else>)]): each branch's test is read from the style once
_BRANCHES = {}


def _branches(choose):
    hit = _BRANCHES.get(id(choose))
    if hit is None or hit[0] is not choose:
        branches = [(child, _condition(child) if isinstance(child, If) else None)
                    for child in choose.getchildren()]
        hit = _BRANCHES[id(choose)] = (choose, branches)
    return hit[1]


def _condition(branch):
    # Memoria fork: <if>/<else-if>'s test as a function of (item, context), with
    # If.render's semantics: one result per listed type, variable, ...
    # combined by match
    attrib = branch.attrib
    types = (tuple(t.lower() for t in branch.get('type').split())
             if 'type' in attrib else None)
    variables = (tuple(v.replace('-', '_')
                       for v in branch.get('variable').split())
                 if 'variable' in attrib else None)
    others = [getattr(branch, method)
              for name, method in (('is-numeric', '_is_numeric'),
                                   ('is-uncertain-date', '_is_uncertain_date'),
                                   ('locator', '_locator'))
              if name in attrib]
    position = branch._position if 'position' in attrib else None
    # disambiguate="true" holds only for a cite that the other methods left
    # ambiguous (CSL 1.0.2, step 4): Memoria's disambiguation says which, in
    # the override it pushes on CITE_NAMES (citeproc-py treated it as always
    # true: OSCOLA printed every short note with its title).
    disambiguate = 'disambiguate' in attrib
    combine = {'any': any,
               'none': lambda results: not any(results)}.get(branch.get('match'),
                                                             all)

    def test(item, context):
        results = []
        if types is not None:
            kind = item.reference.type
            results += [name == kind for name in types]
        if variables is not None:
            reference = item.reference
            results += [('locator' in item) if name == 'locator'
                        else (name in reference) for name in variables]
        for other in others:
            results += other(item)
        if position is not None:
            results += position(item, context)
        if disambiguate:
            results.append(bool(CITE_NAMES)
                           and getattr(CITE_NAMES[-1], 'disambiguate', False))
        return combine(results)

    return test


class Choose(CitationStylesElement, Parent):
    def render(self, item, context=None, delimiter='', **kwargs):
        # `cs:choose` is transparent: the delimiter of the enclosing element is
        # forwarded to the children of the matching branch.
        # Memoria fork: each branch's test is read from the style once
        # (_branches), not parsed again for every item, and the branch taken is
        # remembered (_TAKEN)
        for child, test in _branches(self):
            if test is not None and not test(item, context):
                continue
            _TAKEN[id(self)] = (self, child)
            # what If.render and Else.render do once their condition holds
            return child.render_children(item, context=context,
                                         delimiter=delimiter, **kwargs)
        _TAKEN.pop(id(self), None)
        return None


class If(CitationStylesElement, Parent):
    def render(self, item, context=None, delimiter='', **kwargs):
        # TODO self.get('disambiguate')
        results = []
        if 'type' in self.attrib:
            results += self._type(item)
        if 'variable' in self.attrib:
            results += self._variable(item)
        if 'is-numeric' in self.attrib:
            results += self._is_numeric(item)
        if 'is-uncertain-date' in self.attrib:
            results += self._is_uncertain_date(item)
        if 'locator' in self.attrib:
            results += self._locator(item)
        if 'position' in self.attrib:
            results += self._position(item, context)

        # TODO: 'match' also applies to individual tests above!
        if self.get('match') == 'any':
            result = any(results)
        elif self.get('match') == 'none':
            result = not any(results)
        else:
            result = all(results)

        if not result:
            raise ConditionFailed

        return self.render_children(item, context=context,
                                    delimiter=delimiter, **kwargs)

    def _type(self, item):
        return [typ.lower() == item.reference.type
                for typ in self.get('type').split()]

    def _variable(self, item):
        variables = [var.replace('-', '_')
                     for var in self.get('variable').split()]
        output = []
        for variable in variables:
            if variable == 'locator':
                output.append('locator' in item)
            else:
                output.append(variable in item.reference)
        return output

    re_numeric = re.compile(r'^([A-Z]*\d+[A-Z]*)$', re.I)

    # Memoria fork: multi-number values ("2-3", "4, 6") are numeric too, as the
    # CSL specification says
    NUMERIC = re.compile(r'^[A-Za-z]*\d+[A-Za-z]*'
                         r'(?:\s*(?:[-–&,]|and)\s*[A-Za-z]*\d+[A-Za-z]*)*$')

    def _is_numeric(self, item):
        # Memoria fork: "locator" is the cite's locator, not the reference's
        # (chicago printed "(Mouly 2018, 2)" for "chap. 2"; CSL says "chap. 2")
        results = []
        for variable in self.get('is-numeric').split():
            if variable == 'locator':
                value = item.locator.identifier if item.has_locator else None
            else:
                value = item.reference.get(variable.replace('-', '_'))
            results.append(value is not None
                           and bool(self.NUMERIC.match(str(value).strip())))
        return results

    def _is_uncertain_date(self, item):
        result = []
        for date in self.get('is-uncertain-date').split():
            date_variable = date.replace('-', '_')
            try:
                circa = item.reference[date_variable].get('circa', False)
            except VariableError:
                circa = False
            except AttributeError:
                circa = False
            result.append(circa)
        return result

    def _locator(self, item):
        return [item.has_locator and var.replace('-', ' ') == item.locator.label
                for var in self.get('locator').split()]

    def _position(self, item, context):
        if context is None:
            context = self
        if context.xpath_search('./ancestor::*[self::cs:bibliography]'):
            return [False]
        # Memoria fork: a cite rendered alone gets its position in the document
        # from the caller; the cites this bibliography saw know nothing of it
        position_info = item.get('position_info')
        if position_info is not None:
            return [position_info.matches(position)
                    for position in self.get('position').split()]
        # citation node
        cites = context.get_layout().getparent().cites
        last_cite = cites[-1] if cites else None
        already_cited = item.key in (cite.key for cite in cites)
        possibly_ibid = (already_cited
                         and item.key == last_cite.key
                         and (item.citation is last_cite.citation
                              or len(last_cite.citation.cites) == 1))
        results = []
        for position in self.get('position').split():
            result = False
            if position == 'first':
                result = not already_cited
            elif position == 'subsequent':
                result = already_cited
            elif possibly_ibid and position == 'ibid':
                result = item.has_locator or not last_cite.has_locator
            elif possibly_ibid and position == 'ibid-with-locator':
                result = (item.has_locator and not last_cite.has_locator
                          or (item.has_locator and last_cite.has_locator
                              and item.locator != last_cite.locator))
            elif already_cited and position == 'near-note':
                max_distance = self.get_root().get_option('near-note-distance')
                citations = 1
                last_citation = None
                for cite in reversed(cites):
                    if item.key == cite.key and citations <= max_distance:
                        result = True
                        break
                    elif cite.citation is not last_citation:
                        citations += 1
                        last_citation = cite.citation
            results.append(result)
        return results


class Else_If(If, CitationStylesElement):
    pass


class Else(CitationStylesElement, Parent):
    def render(self, item, context=None, delimiter='', **kwargs):
        return self.render_children(item, context=context,
                                    delimiter=delimiter, **kwargs)


# utility functions

def to_ordinal(number, context):
    def _find_ordinal(fallback_locale):
        if len(str(number)) == 1:
            ordinal_term = f'ordinal-{number:02}'
        else:
            ordinal_term = f'ordinal-{number}'

        if (term := context.get_single_term(name=ordinal_term,
                                            fallback_locale=fallback_locale,
                                            zero_padded=False)):
            return term

        ordinal_term = f'ordinal-{int(str(number)[-1]):02}'
        if (term := context.get_single_term(name=ordinal_term,
                                            fallback_locale=fallback_locale,
                                            zero_padded=True)):
            return term

        return context.get_single_term(name='ordinal',
                                       fallback_locale=fallback_locale,
                                       zero_padded=False)

    result = _find_ordinal(fallback_locale=False)
    if not result:
        result = _find_ordinal(fallback_locale=True)
    return str(number) + result

def romanize(n):
    # by Kay Schluehr - from http://billmill.org/python_roman.html
    numerals = (('M', 1000), ('CM', 900), ('D', 500), ('CD', 400),
                ('C', 100),('XC', 90),('L', 50),('XL', 40), ('X', 10),
                ('IX', 9), ('V', 5), ('IV', 4), ('I', 1))
    roman = []
    for ltr, num in numerals:
        (k, n) = divmod(n, num)
        roman.append(ltr * k)
    return ''.join(roman)
