"""Behaviour of citeproc-py 0.11 corrected at run time, each fix small, named and tested.

We do not vendor citeproc-py; these patches replace single methods, are installed once by
:func:`install`, and each has a test that fails without it (``tests/unit/test_citeproc_fixes.py``).

Speed: citeproc-py re-runs XPath queries (``get_macro``, ``get_layout``, ``xpath_search``) and
recomputes whether a subtree calls a variable for every item it renders. Those answers depend only
on the immutable style tree, so :func:`_memoised_by_element` keeps them; a cite's reference is
looked up once instead of through three dictionaries on every access. Identical output,
chicago-author-date several times faster per reference and per citation on this machine.

Correctness:
- ``is-numeric="locator"`` tested the reference instead of the cited locator, so chicago printed
  "(Mouly 2018, 2)" for ``chap. 2``; CSL says "chap. 2". Also multi-number values ("2-3", "4, 6")
  count as numeric, as the CSL specification says.
- A variable used through a macro inside ``<substitute>`` was not suppressed afterwards, so an
  entry without author printed its title twice.
- A ``<group>`` holding a ``<choose>`` counted the choose as "rendered a variable" whenever any of
  its branches could, so APA printed "(Publication)" for a thesis without a number. The group rule
  now looks at the branch that was taken.
- Title case split text at case-protected parts and re-joined words with spaces ("HRF 's",
  "Bolivia , Iraq"), and left the second half of hyphenated compounds lower-case
  ("Self-defence"); it now works on each part in place.
"""

from __future__ import annotations

import re

from citeproc import model
from citeproc.source import CitationItem
from citeproc.string import MixedString, NoCase, String

_MEMO: dict[tuple, tuple] = {}
_INSTALLED = False
NUMERIC = re.compile(r"^[A-Za-z]*\d+[A-Za-z]*(?:\s*(?:[-–&,]|and)\s*[A-Za-z]*\d+[A-Za-z]*)*$")


def _memoised_by_element(method):
    """Memoise a pure lookup on a style element; keeps the element proxy alive so its id stays."""

    def wrapper(self, *args):
        key = (method.__qualname__, id(self), args)
        hit = _MEMO.get(key)
        if hit is None:
            hit = _MEMO[key] = (self, method(self, *args))
        return hit[1]

    wrapper.__wrapped__ = method  # type: ignore[attr-defined]
    return wrapper


def _cached_reference(self):
    """``CitationItem.reference``: looked up once per cite instead of through three dicts."""
    try:
        return dict.__getitem__(self, "_memoria_reference")
    except KeyError:
        reference = self.bibliography.source[self.key]
        dict.__setitem__(self, "_memoria_reference", reference)
        return reference


def _is_numeric(self, item):
    """CSL ``is-numeric``, reading ``locator`` from the cite and accepting number lists."""
    results = []
    for variable in self.get("is-numeric").split():
        if variable == "locator":
            value = item.locator.identifier if item.has_locator else None
        else:
            name = variable.replace("-", "_")
            value = item.reference.get(name)
        results.append(value is not None and bool(NUMERIC.match(str(value).strip())))
    return results


def _variables_in(element) -> list[tuple[str, str]]:
    """(tag, variable) of every element under ``element``, following macros."""
    found, pending, seen = [], [element], set()
    while pending:
        current = pending.pop()
        for node in current.iter():
            if not isinstance(node.tag, str):
                continue
            for variable in (node.get("variable") or "").split():
                found.append((node.tag, variable))
            macro = node.get("macro")
            if macro and macro not in seen:
                seen.add(macro)
                pending.append(node.get_macro(macro))
    return found


def _add_to_repressed_list(self, child, context):
    """Suppress every variable the substitute rendered, also when it came through a macro."""
    layout = context.get_layout()
    for tag, variable in _variables_in(child):
        layout.repressed.setdefault(tag, []).append(variable)


_TAKEN: dict[int, tuple] = {}


def _choose_render(self, item, context=None, delimiter="", **kwargs):
    """citeproc-py's ``Choose.render``, remembering which branch was taken."""
    for child in self.getchildren():
        _TAKEN[id(self)] = (self, child)
        try:
            return child.render(item, context=context, delimiter=delimiter, **kwargs)
        except model.ConditionFailed:
            continue
    _TAKEN.pop(id(self), None)
    return None


def _group_process(self, item, context=None, **kwargs):
    """CSL's group rule: suppressed when it calls variables and all of them are empty."""
    output = []
    called = rendered = False
    delimiter = self.get("delimiter", "")
    for child in self.iterchildren():
        is_choose = isinstance(child, model.Choose)
        try:
            if is_choose:
                text = child.render(item, context=context, delimiter=delimiter, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except model.VariableError:
            text = None
        if is_choose:
            taken = _TAKEN.get(id(child))
            calls = taken is not None and taken[1].calls_variable()
        else:
            calls = child.calls_variable()
        called = called or calls
        if text is not None:
            output.append(text)
            rendered = rendered or calls
    if output and (not called or rendered):
        return self.join(output)
    raise model.VariableError


_WORD = re.compile(r"[^\s]+")


def _title_case_text(text: str, state: dict, stop_words) -> str:
    def one(match: re.Match) -> str:
        word = match.group(0)
        capitalise = state["first"] or state["prev"] in ":.?!"
        state["first"] = False
        state["prev"] = word[-1]
        if not word.islower():
            return word
        parts = word.split("-")
        out = []
        for index, part in enumerate(parts):
            stop = part in stop_words and not (capitalise and index == 0)
            out.append(part if stop or not part else part[0].upper() + part[1:])
        return "-".join(out)

    return _WORD.sub(one, text)


def _title_case(text, stop_words):
    state = {"first": True, "prev": ""}
    if isinstance(text, MixedString):
        parts = []
        for part in text:
            if isinstance(part, NoCase):
                parts.append(part)
                stripped = str(part).strip()
                if stripped:
                    state["first"] = False
                    state["prev"] = stripped[-1]
            else:
                parts.append(part.__class__(_title_case_text(str(part), state, stop_words)))
        return MixedString(parts)
    return text.__class__(_title_case_text(str(text), state, stop_words))


_original_case = model.TextCased.case


def _case(self, text, language=None):
    """``text-case="title"`` in place, per part; other cases as citeproc-py does them."""
    if (
        self.get("text-case") == "title"
        and language in (None, "en")
        and isinstance(text, (String, MixedString))
    ):
        return _title_case(text, self._stop_words)
    return _original_case(self, text, language)


def install() -> None:
    """Apply every fix once (idempotent)."""
    global _INSTALLED
    if _INSTALLED:
        return
    element = model.CitationStylesElement
    element.get_macro = _memoised_by_element(element.get_macro)
    element.get_layout = _memoised_by_element(element.get_layout)
    element.xpath_search = _memoised_by_element(element.xpath_search)
    model.Parent.calls_variable = _memoised_by_element(model.Parent.calls_variable)
    model.Text.calls_variable = _memoised_by_element(model.Text.calls_variable)
    CitationItem.reference = property(_cached_reference)
    model.If._is_numeric = _is_numeric
    model.Substitute.add_to_repressed_list = _add_to_repressed_list
    model.TextCased.case = _case
    model.Choose.render = _choose_render
    model.Group.process = _group_process
    _INSTALLED = True
