"""The site side: wires what ``urbankb build`` made into MkDocs and Zensical, and the live preview.

It imports nothing of the analysis (ingest, nlp, topics, knowledge): the
build manifest and the search index in the docs folder carry what it needs.
"""

from __future__ import annotations

from collections.abc import Iterable


def hand_written_pages(pages: Iterable[str], nav, generated: set[str]) -> list[str]:
    """The pages (paths in docs/) neither generated nor in ``nav``, in path order:
    what the navigation gains at its end (``tags.md``, a user's ``about.md``)."""
    listed = set(nav_paths(nav))
    return sorted(page for page in pages if page not in listed and page not in generated)


def nav_paths(nav) -> list[str]:
    """Every page path in a MkDocs ``nav`` value (nested lists and ``{title: path}`` mappings)."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in nav_paths(value)]
    if isinstance(nav, list):
        return [p for item in nav for p in nav_paths(item)]
    return []
