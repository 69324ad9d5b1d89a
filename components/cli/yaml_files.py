"""Reading the YAML files a user hands us (stack configs, Pulumi.yaml): strictly, and by place.

`yaml.safe_load` lets the last of two equal keys win without a word, so a doubled `masterCidr`
silently replaced a cluster in the diff. Here a duplicate key is an error naming the file, the
line and the key, as YAML requires keys to be unique. A file that is not UTF-8, or not YAML, is
named with its line; every problem is one UserError, never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from components.spec.errors import quoted

from .app import UserError

_MERGE_TAG = "tag:yaml.org,2002:merge"


class _DuplicateKey(ConstructorError):
    """A key written twice in one mapping."""


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and numbers too long to convert."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        # Checked before merge keys (<<) are flattened in: a key written here may override a
        # merged one, as YAML merges intend, but never another key written here.
        lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node)
            line = key_node.start_mark.line + 1
            if key in lines:
                problem = f"duplicate key {quoted(key)} (first on line {lines[key]})"
                raise _DuplicateKey(None, None, problem, key_node.start_mark)
            lines[key] = line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # more digits than Python converts (4300): no spec number is that long
            raise ConstructorError(
                None, None, f"number of {len(node.value)} characters is too long", node.start_mark
            ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)


def _decoded(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read it ({exc.strerror})") from None
    try:
        # utf-8-sig: a byte-order mark, as some Windows editors write, is not content.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UserError(f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x})") from None


def read_yaml(path: Path) -> Any:
    """The YAML document in `path`; UserError for an unreadable, non-UTF-8 or invalid file."""
    text = _decoded(path)
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except _DuplicateKey as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise UserError(f"{path}:{line}: {exc.problem}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = " ".join(str(exc.problem or exc.context).split())
        raise UserError(f"{where}: not valid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise UserError(
            f"{path}:{line}: not valid YAML: character #x{exc.character:04x} is not allowed"
        ) from None
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from None


def line_of(path: Path, keys: Sequence[str | int]) -> int | None:
    """The line in `path` of the value at `keys` (mapping keys, list indexes), or of the deepest
    part of it the file has (a missing key: the mapping it belongs in); None if the file has
    none of it or cannot be read. For error lines, so it never raises."""
    try:
        node = yaml.compose(_decoded(path), Loader=_StrictLoader)
    except (UserError, yaml.YAMLError):
        return None
    line = None
    for key in keys:
        if isinstance(node, MappingNode) and isinstance(key, str):
            pair = next(((k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == key), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line
