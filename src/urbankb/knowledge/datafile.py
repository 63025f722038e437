"""Reading the knowledge layer's YAML data files with file and line in every error."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..config import SAFE_LOADER


class DataFileError(Exception):
    """A glossary or gazetteer that cannot be used; the message names the file and line.

    Attributes:
        path: the data file.
        line: 1-based line, 0 for the whole file.
        reason: one-sentence explanation.
    """

    def __init__(self, path: Path, reason: str, line: int = 0):
        self.path, self.reason, self.line = path, reason, line
        super().__init__(f"{path}:{line}: {reason}" if line else f"{path}: {reason}")


def load_nodes(path: Path) -> yaml.Node | None:
    """The YAML node tree of a data file (nodes keep their line: ``node.start_mark.line``, 0-based).

    Raises:
        DataFileError: the file cannot be read or is not valid YAML (with the line).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"cannot be read: {exc}") from None
    try:
        return yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError(path, f"invalid YAML: {problem}", mark.line + 1 if mark else 0) from None


def line(node: yaml.Node) -> int:
    """1-based line where ``node`` starts."""
    return node.start_mark.line + 1


def scalar(path: Path, node: yaml.Node, what: str) -> str:
    """The text of a scalar node (a word, a definition).

    Raises:
        DataFileError: ``node`` is a list or a mapping.
    """
    if not isinstance(node, yaml.ScalarNode):
        raise DataFileError(path, f"{what} must be text, not a {'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}", line(node))
    return str(node.value)


def words(path: Path, node: yaml.Node, what: str) -> list[str]:
    """The texts of a list node (empty for a null value).

    Raises:
        DataFileError: not a list, or an item that is not text.
    """
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise DataFileError(path, f"{what} must be a list", line(node))
    return [scalar(path, item, f"an item of {what}") for item in node.value]
