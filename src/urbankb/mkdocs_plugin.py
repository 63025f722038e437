"""MkDocs plugin ``urbankb``: the bridge between the generated pages and the site.

Enable it in ``mkdocs.yml`` (``plugins: [search, tags, urbankb]``).  It

* sets the navigation that ``urbankb build`` computed (grouped by topic, then
  year) unless ``mkdocs.yml`` has its own ``nav``;
* replaces the index behind mkdocs-material's search box with a Chinese one
  segmented by the build's own dictionary (:mod:`urbankb.search`): the
  theme's search plugin keeps its UI, but collects pages through us, writes
  only its configuration to ``search/search_index.json``, and the pages load
  ``assets/urbankb/search-worker.js`` instead of the lunr worker.

It defines ``on_startup``, so MkDocs keeps one instance for all the builds of
a ``mkdocs serve`` (MkDocs 1.4 plugin events).  Under ``--dirty`` (``mkdocs
serve --dirty``, ``urbankb serve --dirty``) MkDocs renders only the pages
whose Markdown changed; the plugin keeps every page's search record from the
builds before, so the index still covers the whole site, and it remembers
each page's segmented weights, so only changed pages are segmented again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority

from .render import MANIFEST
from .writer import hand_written_pages

log = logging.getLogger("mkdocs.plugins.urbankb")

#: the worker URL in the theme's ``__config`` JSON (``"search": ".../search.<hash>.min.js"``)
WORKER_URL = re.compile(r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(")')


class UrbankbConfig(Config):
    """Options of the plugin."""

    #: use the navigation computed by ``urbankb build`` when mkdocs.yml has no ``nav``
    nav = c.Type(bool, default=True)
    #: replace the theme's search index and worker with the Chinese one (urbankb.search)
    search = c.Type(bool, default=True)
    #: pages (paths in docs/) left out of the search index, besides ``search: exclude: true`` ones
    search_exclude = c.ListOfItems(c.Type(str), default=["tags.md"])


class _Collector:
    """Stands in for mkdocs-material's ``SearchIndex``: pages go to our builder instead."""

    def __init__(self, plugin: UrbankbPlugin, theme_config: dict):
        self.plugin = plugin
        self.theme_config = theme_config
        self.entries: list = []

    def add_entry_from_context(self, page) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude") or page.file.src_uri in self.plugin.config.search_exclude:
            self.plugin.records.pop(page.url, None)
            return
        from .search import parse_page

        self.plugin.records[page.url] = parse_page(page.url, page.title or "", page.content or "", page.meta)

    def generate_search_index(self, prev) -> str:
        from .search import stub_index

        return stub_index(self.theme_config)


class UrbankbPlugin(BasePlugin[UrbankbConfig]):
    """Sets the grouped navigation from the build manifest and builds the Chinese search index."""

    def __init__(self):
        self.generated: set[str] = set()
        self.nav_from_manifest = False
        self.records: dict[str, object] = {}  # page URL -> search record (urbankb.search.PageRecord)
        self.page_urls: set[str] = set()  # URLs of this build's documentation pages
        self.dirty = False
        self.weights: dict = {}  # page URL -> (record, weights) of the last index (IndexBuilder memo)
        self.analyzer: tuple[str, object] | None = None  # (fingerprint of the data files, analyzer)
        self.search_enabled = False
        self.worker_version = ""

    def on_startup(self, *, command, dirty):
        """MkDocs event (once per ``mkdocs`` invocation): note a ``--dirty`` build or preview.

        Its presence also makes MkDocs keep this instance across the rebuilds of ``mkdocs serve``.
        """
        self.dirty = dirty

    # before the theme's search plugin reads its options
    @event_priority(100)
    def on_config(self, config):
        """MkDocs event: make ``jieba_dict_user`` resolvable and set the navigation from the build manifest."""
        self._resolve_jieba_dictionary(config)
        manifest = Path(config["docs_dir"]) / MANIFEST
        self.generated = set()
        self.nav_from_manifest = False
        if self.config.nav and not config.get("nav") and manifest.exists():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
                config["nav"] = data["nav"]
                self.generated = set(data.get("files", []))
                self.nav_from_manifest = True
            except (OSError, ValueError, KeyError) as exc:
                log.warning(f"urbankb: cannot read navigation from {manifest}: {exc}")
        return config

    def on_files(self, files, *, config):
        """MkDocs event: hand-written pages that the generated navigation does not list
        (``docs/tags.md``, a user's ``about.md``…) are added at its end, in path order.
        Also notes the pages of this build (the search index drops the others)."""
        documentation = files.documentation_pages()
        self.page_urls = {f.url for f in documentation}
        if not self.nav_from_manifest:
            return files
        pages = [f.src_uri for f in documentation]
        config["nav"].extend(hand_written_pages(pages, config["nav"], self.generated))
        return files

    def _resolve_jieba_dictionary(self, config) -> None:
        """Make the search plugin's ``jieba_dict_user`` work from any working folder.

        Material resolves it against the working folder; a relative path is
        resolved here against the folder of ``mkdocs.yml`` instead, and when
        it names no file there, urbankb's shipped dictionary is used, so
        ``mkdocs build -f other/mkdocs.yml`` and a project without ``src/``
        both build.
        """
        search = self._theme_search(config)
        wanted = search.config.get("jieba_dict_user") if search else None
        if not wanted or Path(wanted).is_file():
            return
        beside = Path(config.config_file_path or ".").parent / wanted
        if beside.is_file():
            search.config.jieba_dict_user = str(beside)
        else:
            from .nlp import data_path

            log.info(f"urbankb: search.jieba_dict_user {wanted!r} not found; using urbankb's domain dictionary")
            search.config.jieba_dict_user = str(data_path("dict.txt"))

    # -- search ------------------------------------------------------------
    def _theme_search(self, config):
        try:
            from material.plugins.search.plugin import SearchPlugin
        except ImportError:
            return None
        for plugin in config.plugins.values():
            if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
                return plugin
        return None

    # after the theme's search plugin has made its own index (it does so in on_config)
    @event_priority(-50)
    def on_pre_build(self, *, config):
        """MkDocs event: take over the theme search plugin's page collection (see SEARCH.md)."""
        if not self.dirty:
            self.records = {}
        self.search_enabled = False
        if not self.config.search:
            return
        theme_search = self._theme_search(config)
        if theme_search is None or not hasattr(theme_search, "search_index"):
            log.info("urbankb: mkdocs-material's search plugin is not enabled; no search index written")
            return
        from .search import worker_source

        keys = ("lang", "separator", "pipeline", "fields")
        theme_search.search_index = _Collector(self, {k: theme_search.config[k] for k in keys})
        self.worker_version = hashlib.sha1(worker_source().encode("utf-8")).hexdigest()[:8]
        self.search_enabled = True

    def on_post_page(self, output, *, page, config):
        """MkDocs event: point the page's search worker at urbankb's worker."""
        if not self.search_enabled:
            return output
        from .search import WORKER_PATH

        at = output.find('id="__config"')
        if at < 0:
            return output
        head, tail = output[:at], output[at:]
        tail, n = WORKER_URL.subn(lambda m: f"{m[1]}{m[2]}{WORKER_PATH}?v={self.worker_version}{m[3]}", tail, count=1)
        if not n:
            log.warning(f"urbankb: search worker URL not found in {page.file.src_uri}; the page uses the theme's search")
        return head + tail

    def on_post_build(self, *, config):
        """MkDocs event: write the Chinese search index and the worker into the site."""
        if not self.search_enabled:
            return
        from .cache import fingerprint
        from .config import load_config
        from .pipeline import cache_inputs, make_analyzer
        from .search import WORKER_PATH, IndexBuilder, worker_source
        from .topics import load_taxonomy

        build_config = load_config(Path(config.config_file_path or ".").parent)
        signature = fingerprint(cache_inputs(build_config))
        if self.analyzer is None or self.analyzer[0] != signature:
            self.analyzer = (signature, make_analyzer(build_config, load_taxonomy(build_config.taxonomy)))
            self.weights = {}
        for url in self.records.keys() - self.page_urls:  # pages gone since an earlier (dirty) build
            del self.records[url]
        builder = IndexBuilder(self.analyzer[1], memo=self.weights)
        for url in sorted(self.records):
            builder.add(self.records[url])
        sizes = builder.write(Path(config["site_dir"]))
        worker = Path(config["site_dir"]) / WORKER_PATH
        worker.parent.mkdir(parents=True, exist_ok=True)
        worker.write_text(worker_source(), encoding="utf-8")
        log.info(f"urbankb: search index of {sizes['pages']} pages, {sizes['gzip']} bytes ({sizes['raw']} uncompressed)")
