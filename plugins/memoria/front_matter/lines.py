"""Where each value of a YAML front matter block is, so that errors can name the file's line.

``yaml.safe_load`` forgets positions; ``yaml.compose`` keeps them. A value is addressed by its path
from the top: ``("presentations", 1, "speaker")``.
"""

from __future__ import annotations

import yaml

from memoria.front_matter.reader import HEADER_RE

Path = tuple[str | int, ...]


def front_matter_lines(text: str) -> dict[Path, int]:
    """1-based file line of every key and list item in ``text``'s front matter; {} without one.

    A key maps to the line of the key itself; a list item to the line where the item starts.
    Keys are lower-cased, as Pelican lower-cases metadata names.
    """
    match = HEADER_RE.fullmatch(text)
    if not match:
        return {}
    offset = text[: match.start("metadata")].count("\n") + 1
    try:
        root = yaml.compose(match.group("metadata"), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[Path, int] = {}

    def walk(node: yaml.Node, path: Path) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    name = str(key.value)
                    child = (*path, name.lower() if not path else name)
                    lines[child] = offset + key.start_mark.line
                    walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                lines[(*path, index)] = offset + value.start_mark.line
                walk(value, (*path, index))

    if root is not None:
        walk(root, ())
    return lines


def line_of(lines: dict[Path, int], path: Path, default: int = 1) -> int:
    """The line of ``path``, or of its nearest ancestor that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return default
