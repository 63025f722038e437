"""A Zensical configuration for the generated docs (Zensical runs no MkDocs plugin)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml

from ..artifacts import MANIFEST
from ..render.writer import WriteError, safe_relative
from . import hand_written_pages


def write_zensical_config(path: Path, mkdocs_config: Path, docs: Path) -> None:
    """Write a Zensical configuration: ``mkdocs.yml`` plus the navigation of the last build.

    Zensical reads ``mkdocs.yml`` but runs no MkDocs plugin, so the
    ``urbankb`` plugin cannot set the navigation there.  This file inherits
    everything from ``mkdocs_config`` (MkDocs' ``INHERIT`` key, which
    Zensical follows) and adds ``nav``: the one in the build manifest, then
    the hand-written pages, as the plugin would.  ``zensical build -f PATH``
    builds it; ``mkdocs build -f PATH`` builds the same site.

    Raises:
        WriteError: there is no build manifest in ``docs`` yet, or ``path``
            cannot be written.
    """
    try:
        manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WriteError(f"cannot write {path}: no urbankb build in {docs} ({exc})") from exc
    nav = manifest.get("nav", [])
    pages = (p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    nav.extend(hand_written_pages([page for page in pages if safe_relative(page)], nav, set(manifest.get("files", []))))
    inherit = os.path.relpath(mkdocs_config.resolve(), path.resolve().parent)
    text = "# written by `urbankb build --zensical`: mkdocs.yml plus the generated navigation\n"
    text += yaml.safe_dump({"INHERIT": inherit, "nav": nav}, allow_unicode=True, sort_keys=False, width=1000)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
