"""How a citation shows one item's names where disambiguation changed them.

:class:`CiteNames` is plain data (it travels to worker processes and names cache keys);
:func:`cite_names` hands it to the citeproc fork while citations are rendered: the fork's
``Name.process`` reads the innermost override from ``model.CITE_NAMES``, the one hook it has for
this (an expanded name is rendered alone and takes its place as a literal; ``use_first`` replaces
et-al-use-first), and its ``<if disambiguate="true">`` reads ``disambiguate``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from memoria.csl.citeproc import model


@dataclass(frozen=True)
class CiteNames:
    """How a citation shows one item's names, where disambiguation changed it (plain data)."""

    use_first: int = 0  # et-al-use-first for this item (disambiguate-add-names); 0: the style's
    expand: tuple[tuple[str, int, int], ...] = ()  # (variable, index, 1 initials / 2 full name)
    # <if disambiguate="true"> holds: the other methods left the citation ambiguous (step 4)
    disambiguate: bool = False

    def __bool__(self) -> bool:
        return bool(self.use_first or self.expand or self.disambiguate)

    def names_only(self) -> CiteNames:
        """The override without what is not about names (what a bibliography entry takes)."""
        return CiteNames(disambiguate=self.disambiguate)

    def tag(self) -> str:
        """A short text naming the override, for cache keys ("" when there is none)."""
        parts = [f"n{self.use_first}"] if self.use_first else []
        parts += [f"{variable}{index}={level}" for variable, index, level in self.expand]
        parts += ["d"] if self.disambiguate else []
        return ",".join(parts)


@contextmanager
def cite_names(override: CiteNames | None) -> Iterator[None]:
    """Render citations inside the block with ``override`` applied to the item's names."""
    model.CITE_NAMES.append(override or CiteNames())
    try:
        yield
    finally:
        model.CITE_NAMES.pop()
