
import re
from functools import wraps


# Punctuation characters that should not be duplicated when two of them end up
# adjacent at a concatenation seam (e.g. a suffix '.' following text that
# already ends in '.').
SEAM_PUNCTUATION = frozenset('.,;:!?')


# Memoria fork: the punctuation a seam keeps when the left side ends in one mark and
# the right side begins with another (citeproc-js queue.js, jgm/citeproc fixPunct): the
# right side's mark is dropped ("etc." + "." -> "etc.", "Why?" + "." -> "Why?").
_DROP_RIGHT = frozenset({('!', '.'), ('!', ':'), ('?', '.'), ('?', ':'),
                         (':', '.'), (';', ':'), (';', '.')})
# Markup after the last character of text (closing tags, rich-text marks other than
# quotes), looked through to find that character.
# Memoria fork: the names marks of subsequent-author-substitute (NAME_MARKS) too.
# Memoria fork: U+E02E/U+E02F are quotes too (a value's quote written with ‘’).
_TRAILING_MARKUP = re.compile('(?:</?[a-z][^<>]*>|[\ue020-\ue029\ue02c\ue02d\ue050-\ue056])+$')
_CLOSING_QUOTES = '\u201d\u2019\u00bb"\'\ue02b\ue02f'


# Memoria fork: right side's first mark -> the left side's last marks it
# replaces (citeproc-js, jgm/citeproc fixPunct)
_DROPS_LEFT = {'!': ':;', '?': ':;'}


def _drop_last_text_char(mixed):
    """`mixed` (a MixedString) without the last character of its text, past
    trailing markup; its parts keep their types (formatted parts become text)."""
    parts = list(mixed)
    for index in range(len(parts) - 1, -1, -1):
        part = str(parts[index])
        text = _TRAILING_MARKUP.sub('', part)
        if not text:
            continue
        at = len(text) - 1
        new = part[:at] + part[at + 1:]
        kind = type(parts[index])
        parts[index] = kind(new) if kind in (String, NoCase) else new
        break
    return MixedString(parts)


def _last_text_char(left, right_first):
    """The last character of `left`'s text, past trailing markup; past closing
    quotes too when `right_first` is a period ("Why?”" + "." keeps the "?")."""
    text = _TRAILING_MARKUP.sub('', left)
    if right_first == '.':
        stripped = text.rstrip(_CLOSING_QUOTES)
        if stripped != text:
            text = _TRAILING_MARKUP.sub('', stripped)
    return text[-1:]


# Memoria fork: subsequent-author-substitute. A bibliography entry marks its
# first <names> (NAMES_START ... NAMES_END), in it each name list (the <name>
# element's output, LIST_*) and each name (NAME_*), so that Memoria's layer
# (memoria.csl.author_substitute) can compare them with the entry before and put
# the substitute in their place. A punctuation mark a seam would drop after a
# mark's end is kept behind SWALLOWED instead: it is dropped at the end only if
# the text before it still ends with it ("et al." + "." -> "et al.", but
# "---" + "." -> "---.").
NAMES_START, NAMES_END = '\ue050', '\ue051'
LIST_START, LIST_END = '\ue052', '\ue053'
NAME_START, NAME_END = '\ue054', '\ue055'
SWALLOWED = '\ue056'
NAME_MARKS = NAMES_START + NAMES_END + LIST_START + LIST_END + NAME_START + NAME_END
_MARK_ENDS = NAMES_END + LIST_END + NAME_END


def normalize_seam(left, other):
    """Adjust the leading characters of `other` so that concatenating it onto
    `left` does not introduce a double space or a duplicated punctuation mark.

    `left` is the accumulated string so far and `other` the piece about to be
    appended. Only the boundary between them is considered; the interior of
    either side (e.g. an ellipsis inside a title) is never touched. Markup
    segments start with '<', so they are left alone. Returns `other`, possibly
    with its first character removed."""
    left = str(left)
    marked = left.endswith(tuple(_MARK_ENDS))  # Memoria fork: NAME_MARKS
    left = left.rstrip(NAME_MARKS + SWALLOWED)
    other_str = str(other)
    # Memoria fork: the first character after leading NAME_MARKS
    at = len(other_str) - len(other_str.lstrip(NAME_MARKS))
    if not left or at == len(other_str):
        return other
    last, first = left[-1], other_str[at]
    # collapse a double space
    if last == ' ' and first == ' ':
        return _strip_char_at(other, at)
    if first not in SEAM_PUNCTUATION:
        return other
    # Memoria fork: the left side's last character of text, past markup
    last = _last_text_char(left, first)
    # drop a duplicated punctuation mark ('..' -> '.', ',,' -> ',', ...)
    if last == first and marked and not at:  # Memoria fork: see NAME_MARKS
        return _prefix_first_char(other, SWALLOWED)
    if last == first or (last, first) in _DROP_RIGHT:
        return _strip_char_at(other, at)
    return other


def _strip_char_at(other, at):
    """Memoria fork: `other` without its character at `at` (after leading
    marks), keeping the (Mixed)String segment structure."""
    if not at:
        return _strip_first_char(other)
    if not isinstance(other, MixedString):
        text = str(other)
        return type(other)(text[:at] + text[at + 1:])
    segments = list(other)
    for index, segment in enumerate(segments):
        text = str(segment)
        if at < len(text):
            segments[index] = type(segment)(text[:at] + text[at + 1:])
            break
        at -= len(text)
    return MixedString([segment for segment in segments if str(segment) != ''])


def _prefix_first_char(other, mark):
    """Memoria fork: `other` with `mark` before its first character, keeping
    the (Mixed)String segment structure."""
    if isinstance(other, MixedString):
        segments = list(other)
        head = segments[0]
        segments[0] = type(head)(mark + str(head))
        return MixedString(segments)
    return type(other)(mark + str(other))


def _strip_first_char(other):
    """Return a copy of `other` with its first character removed, preserving
    the (Mixed)String segment structure."""
    if isinstance(other, MixedString):
        segments = list(other)
        head = segments[0]
        stripped = type(head)(str(head)[1:])
        segments[0:1] = [stripped] if stripped != '' else []
        return MixedString(segments)
    return type(other)(str(other)[1:])


# Memoria fork: the private-use marks memoria.csl.rich_text writes for markup in
# values (italic, bold, small caps, sup, sub, quotes); they have no case, and
# capitalisation steps over them to the first letter.
RICH_TEXT_MARKS = ''.join(chr(code) for code in range(0xE020, 0xE030))
# ... and the names marks (NAME_MARKS) are no text either, nor the mark before a
# term that may open a note (memoria.csl.note_start.TERM_MARK)
RICH_TEXT_MARKS += NAME_MARKS + SWALLOWED + '\ue031'


def discard_empty_other(method):
    """Decorator for addition operator methods that returns the object itself if
    `other` is the empty string."""
    @wraps(method)
    def wrapper(obj, other):
        if other == '':
            return obj
        else:
            return method(obj, other)
    return wrapper


class String(str):
    @discard_empty_other
    def __radd__(self, other):
        return MixedString([other]).__add__(self)

    @discard_empty_other
    def __add__(self, other):
        return MixedString([self]).__add__(other)

    def __iadd__(self, other):
        return self.__add__(other)

    def replace(self, *args, **kwargs):
        return self.__class__(super(String, self).replace(*args, **kwargs))

    def rstrip(self, *args, **kwargs):
        return self.__class__(super(String, self).rstrip(*args, **kwargs))

    def lower(self):
        return self.__class__(super(String, self).lower())

    def upper(self):
        return self.__class__(super(String, self).upper())

    def soft_lower(self):
        return self.lower()

    def soft_upper(self):
        return self.upper()

    def capitalize_first(self):
        if not self:  # Memoria fork: an empty string stays empty
            return self
        # Memoria fork: the first letter after any rich-text marks
        at = len(self) - len(self.lstrip(RICH_TEXT_MARKS))
        return self.__class__(self[:at] + self[at:at + 1].upper() + self[at + 1:])

    def words(self):
        for word in self.split():
            yield self.__class__(word)


def _as_string(value):
    """Memoria fork: a plain str, int or float part as a String, which has words()."""
    return value if isinstance(value, (String, MixedString)) else String(str(value))


class MixedString(list):
    @discard_empty_other
    def __add__(self, other):
        other = normalize_seam(self, other)
        # Memoria fork: the left side's mark goes when the right side's wins
        # (":" + "!" -> "!", ";" + "?" -> "?")
        other_str = str(other)
        if other_str and other_str[0] in _DROPS_LEFT:
            left = _TRAILING_MARKUP.sub('', str(self))
            if left[-1:] in _DROPS_LEFT[other_str[0]]:
                self = _drop_last_text_char(self)
        if other == '' or other == []:
            return self
        super_obj = super(MixedString, self)
        try:
            return self.__class__(super_obj.__add__(other))
        except TypeError:
            return self.__class__(super_obj.__add__(MixedString([other])))

    @discard_empty_other
    def __radd__(self, other):
        return self.__class__([other]).__add__(self)

    def __iadd__(self, other):
        return self.__add__(other)

    def __str__(self):
        return ''.join(map(str, self))

    def __getitem__(self, index):
        return str(self)[index]

    def replace(self, *args):
        return self.__class__([string.replace(*args) for string in self])

    def translate(self, table):
        return self.__class__([string.translate(table) for string in self])

    def lower(self):
        return self.__class__([string.lower() for string in self])

    def upper(self):
        return self.__class__([string.upper() for string in self])

    def title(self):
        return self.__class__([string.title() for string in self])

    def capitalize_first(self):
        # Memoria fork: parts can be plain str (delimiters, terms); an empty list stays empty.
        self_iter = iter(self)
        try:
            first = next(self_iter)
        except StopIteration:
            return self.__class__([])
        output = [_as_string(first).capitalize_first()]
        # Memoria fork: a first part of rich-text marks only leaves the
        # capital to the part after it
        while (str(output[-1]).strip(RICH_TEXT_MARKS) == ''
               and not isinstance(output[-1], NoCase)):
            try:
                output.append(_as_string(next(self_iter)).capitalize_first())
            except StopIteration:
                break
        output += [string for string in self_iter]
        return self.__class__(output)

    def isupper(self):
        return all(string.isupper() for string in self)

    def split(self, *args, **kwargs):
        return str(self).split(*args, **kwargs)

    def rstrip(self, *args, **kwargs):
        rev_iter = reversed(self)
        output = [next(rev_iter).rstrip(*args, **kwargs)]
        output += [string for string in rev_iter]
        return self.__class__(reversed(output))

    def words(self):
        for string in self:
            for word in _as_string(string).words():  # Memoria fork: parts may be plain str
                yield word


class NoCase(String):
    def __repr__(self):
        return '{}({})'.format(self.__class__.__name__, str(self))

    def soft_lower(self):
        return self

    def soft_upper(self):
        return self

    # Memoria fork: nocase text keeps its case under text-case="lowercase" and
    # "uppercase" too, as citeproc-js keeps it (textcase_Lowercase)
    def lower(self):
        return self

    def upper(self):
        return self

    def capitalize_first(self):
        return self


def join(items, delimiter=''):
    items = iter(items)
    try:
        output = next(items)
    except StopIteration:
        return String('')

    for item in items:
        delimiter_part = normalize_seam(output, delimiter)
        output = output + delimiter_part
        output = output + normalize_seam(output, item)
    return output
