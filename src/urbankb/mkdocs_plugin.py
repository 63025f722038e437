"""MkDocs plugin ``urbankb``: the bridge between the generated pages and the site.

Enable it in ``mkdocs.yml`` (``plugins: [search, tags, urbankb]``).  It sets
the navigation that ``urbankb build`` computed (grouped by topic, then year)
unless ``mkdocs.yml`` has its own ``nav``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from .render import MANIFEST

log = logging.getLogger("mkdocs.plugins.urbankb")


class UrbankbConfig(Config):
    """Options of the plugin."""

    #: use the navigation computed by ``urbankb build`` when mkdocs.yml has no ``nav``
    nav = c.Type(bool, default=True)


class UrbankbPlugin(BasePlugin[UrbankbConfig]):
    """Sets the grouped navigation from the build manifest."""

    def on_config(self, config):
        manifest = Path(config["docs_dir"]) / MANIFEST
        if self.config.nav and not config.get("nav") and manifest.exists():
            try:
                config["nav"] = json.loads(manifest.read_text(encoding="utf-8"))["nav"]
            except (OSError, ValueError, KeyError) as exc:
                log.warning(f"urbankb: cannot read navigation from {manifest}: {exc}")
        return config
