"""MkDocs plugin ``urbankb``: the bridge between the generated pages and the site.

Enable it in ``mkdocs.yml`` (``plugins: [search, tags, urbankb]``).  It

* sets the navigation that ``urbankb build`` computed (grouped by topic, then
  year) unless ``mkdocs.yml`` has its own ``nav``;
* replaces the index behind mkdocs-material's search box with the Chinese
  one ``urbankb build`` made from its own tokens
  (:data:`urbankb.artifacts.SOURCE_PATH` in the docs folder): the
  theme's search plugin keeps its UI but no longer collects or segments
  pages, writes only its configuration to ``search/search_index.json``, and
  the pages load ``assets/urbankb/search-worker.js`` instead of the lunr
  worker.  The plugin only turns the index's page paths into this site's
  URLs (either ``use_directory_urls``) and writes it compressed.

It also links the build's Atom feeds (:mod:`urbankb.render.feed`) from the
head of every page (``<link rel="alternate" type="application/atom+xml">``:
the site's feed everywhere, a topic's feed on its topic page too), so feed
readers find them from any page's URL.

On the pages ``urbankb build`` generated (the manifest lists them) it hands
the HTML blocks to the output as they are: they are set aside before
Python-Markdown runs and put back in its output (:func:`hold_html_blocks`,
:func:`restore_html_blocks`), the way Python-Markdown's own fenced-code
extension stashes a highlighted block, so its HTML parser and MkDocs' anchor
scan do not walk every tag of every generated page twice (about half of a
1,000-article ``mkdocs build``).  The output is byte-identical; the blocks'
``id`` attributes still count as anchors for MkDocs' link validation.

It segments nothing and reads no urbankb setting: what the build used is in
the docs folder.  Under ``--dirty`` the index is still whole, since the build
wrote it whole.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
from pathlib import Path

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils import get_relative_url

from ..artifacts import FEED_PATH, INDEX_PATH, MANIFEST, SOURCE_PATH, WORKER_PATH, relocate, stub_index, worker_source, write_index
from . import hand_written_pages

log = logging.getLogger("mkdocs.plugins.urbankb")

#: a generated block as it stands in for the block in Python-Markdown's input and output (an HTML comment,
#: which Python-Markdown keeps as it is); the number is the block's place in :func:`hold_html_blocks`' list
HELD = "<!--urbankb-held:{}-->"
_HELD = re.compile(r"<!--urbankb-held:(\d+)-->")
#: where one Markdown block ends and the next begins (a blank line; kept by ``split``)
_BLANK_LINE = re.compile(r"(\n[ \t]*\n)")
#: the opening tag of a block and its name
_OPENING = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(?=[\s>/])[^>]*>")
#: an ``id`` (any element) or ``name`` (``<a>``) attribute: what MkDocs counts as a page's anchor
_ANCHOR = re.compile(r"\sid=\"([^\"]*)\"|<a\s[^>]*?\bname=\"([^\"]*)\"")
#: a fenced code block's fence (pages with one are left whole to Python-Markdown)
_FENCE = re.compile(r"^[ \t]*(```|~~~)", re.M)
#: an element whose inside md_in_html converts as Markdown
_MARKDOWN_INSIDE = re.compile(r"<[^>]*\smarkdown(?=[\s=>/])")


def hold_html_blocks(markdown: str, block_level: frozenset[str] | set[str]) -> tuple[str, list[str]]:
    """Set aside the complete HTML blocks of a Markdown page; each is replaced by :data:`HELD` ``.format(i)``.

    A block is held when it is a whole Markdown block (between blank lines)
    that Python-Markdown would pass through untouched as raw HTML: it begins
    with the opening tag of a block-level element (``block_level``, the
    ``Markdown.block_level_elements`` list), ends with that element's closing
    tag, opens and closes it equally often, and no element in it has a
    ``markdown`` attribute (md_in_html converts those).  Headings written in
    Markdown, text, and any other block stay for Python-Markdown.

    Args:
        markdown: a page's Markdown (without its front matter), as MkDocs hands it to plugins.
        block_level: the tag names Python-Markdown treats as block-level.

    Returns:
        (the page with placeholders, the held blocks in order).
    """
    held: list[str] = []
    pieces = _BLANK_LINE.split(markdown)  # part, separator, part, ..., part
    if len(pieces) == 1 or _FENCE.search(markdown):  # a fenced code block may hold what looks like HTML
        return markdown, held
    out = []
    for part, sep in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
        body = part.lstrip("\n")  # more blank lines before it than the separator took
        if _whole_html_block(body, block_level):
            block = body.rstrip()  # as Python-Markdown keeps it: without the page's last newline
            out.append(part[: len(part) - len(body)] + HELD.format(len(held)) + body[len(block) :])
            held.append(block)
        else:
            out.append(part)
        out.append(sep)
    return "".join(out), held


def _whole_html_block(part: str, block_level) -> bool:
    """``part`` is one HTML element of a block-level tag, closed at its end, with no Markdown inside."""
    opening = _OPENING.match(part)
    if not opening or opening[1].lower() not in block_level:
        return False
    tag = opening[1]
    if not part.rstrip().endswith(f"</{tag}>") or _MARKDOWN_INSIDE.search(part):
        return False
    opened = len(re.findall(rf"<{tag}(?=[\s>/])", part))
    return opened == part.count(f"</{tag}>")


def restore_html_blocks(content: str, held: list[str]) -> str:
    """Python-Markdown's output of a page with the blocks :func:`hold_html_blocks` held put back in."""
    return _HELD.sub(lambda m: held[int(m[1])], content) if held else content


def anchor_ids(blocks: list[str]) -> set[str]:
    """The ``id`` (and ``<a name>``) values in HTML blocks: anchors MkDocs' link validation should know of."""
    return {html.unescape(m[1] or m[2] or "") for block in blocks for m in _ANCHOR.finditer(block)} - {""}


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
    #: hand the generated pages' HTML blocks to the output without Python-Markdown parsing them (same output, faster)
    pass_html = c.Type(bool, default=True)


class _NoIndex:
    """Stands in for mkdocs-material's ``SearchIndex``: pages are not collected (the build indexed them)."""

    def __init__(self, theme_config: dict):
        self.theme_config = theme_config

    def add_entry_from_context(self, page) -> None:
        """Nothing to do: ``urbankb build`` wrote the index."""

    def generate_search_index(self, prev) -> str:
        return stub_index(self.theme_config)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja's compiled templates kept in memory (Jinja's "Bytecode Cache": ``BytecodeCache``'s two methods over a
    dict), so that the rebuilds of one ``mkdocs serve`` do not parse and compile the theme's templates again: MkDocs
    makes a new Jinja environment for every build, which took 0.45 s of a 1,000-article ``--dirty`` rebuild.  Jinja
    checks each entry against its template's source (a checksum), so an edited template is compiled again."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class UrbankbPlugin(BasePlugin[UrbankbConfig]):
    """Sets the grouped navigation from the build manifest and builds the Chinese search index."""

    def __init__(self):
        self.generated: set[str] = set()
        self.nav_from_manifest = False
        self.pages_built: set[str] = set()  # pages the manifest lists (their HTML blocks are passed through)
        self.held: dict[str, list[str]] = {}  # page path -> its HTML blocks, from on_page_markdown to on_page_content
        self.block_level: frozenset[str] = frozenset()
        self.urls: dict[str, str] = {}  # Markdown path -> URL of this build's searchable pages
        self.search_enabled = False
        self.worker_version = ""
        self.serving = False  # under `mkdocs serve` (or `urbankb serve`): the index is compressed for speed, not size
        self.bytecode = MemoryBytecodeCache()  # the theme's compiled templates, across the rebuilds of one serve
        self.dirty = False  # MkDocs' --dirty build: pages whose source did not change are not read again

    def on_startup(self, *, command, dirty):
        """MkDocs event, once per process: note whether this is ``mkdocs serve``.  (A plugin with this event is kept
        across the rebuilds of one ``serve``; :meth:`on_config` starts each build's state afresh.)"""
        self.serving = command == "serve"
        self.dirty = bool(dirty)

    # before the theme's search plugin reads its options
    @event_priority(100)
    def on_config(self, config):
        """MkDocs event: make ``jieba_dict_user`` resolvable and set the navigation from the build manifest."""
        self._resolve_jieba_dictionary(config)
        manifest = Path(config["docs_dir"]) / MANIFEST
        self.held = {}
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
        self._check_urls(config, manifest)
        self.pages_built = set()
        if self.config.pass_html and manifest.exists():
            try:
                self.pages_built = {p for p in json.loads(manifest.read_text(encoding="utf-8")).get("files", []) if p.endswith(".md")}
            except (OSError, ValueError, AttributeError):
                pass
            import markdown

            self.block_level = frozenset(markdown.Markdown().block_level_elements)
        return config

    def on_page_markdown(self, markdown, *, page, config, files):
        """MkDocs event: set a generated page's HTML blocks aside (:func:`hold_html_blocks`)."""
        if page.file.src_uri not in self.pages_built:
            return markdown
        markdown, held = hold_html_blocks(markdown, self.block_level)
        if held:
            self.held[page.file.src_uri] = held
        return markdown

    # first, so other plugins see the whole page
    @event_priority(100)
    def on_page_content(self, html, *, page, config, files):
        """MkDocs event: put the page's held HTML blocks back, and count their ids as the page's anchors."""
        held = self.held.pop(page.file.src_uri, None)
        if not held:
            return html
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= anchor_ids(held)
        return restore_html_blocks(html, held)

    @staticmethod
    def _check_urls(config, manifest: Path) -> None:
        """Stop the build when ``urbankb build`` made the pages' links for the other ``use_directory_urls``.

        The generated pages are HTML blocks whose links urbankb computed
        (:mod:`urbankb.render.urls`); MkDocs does not rewrite them.

        Raises:
            mkdocs.exceptions.PluginError: the manifest's ``directory_urls`` differs from this site's.
        """
        from mkdocs.exceptions import PluginError

        try:
            built = json.loads(manifest.read_text(encoding="utf-8")).get("directory_urls")
        except (OSError, ValueError, AttributeError):
            return
        wanted = bool(config.get("use_directory_urls", True))
        if isinstance(built, bool) and built != wanted:
            raise PluginError(
                f"urbankb: the pages in {manifest.parent} link with use_directory_urls: {str(built).lower()}, "
                f"but this site has use_directory_urls: {str(wanted).lower()}; run `urbankb build` again "
                f"(it reads use_directory_urls from mkdocs.yml, or `urbankb build --mkdocs-config FILE`)"
            )

    def on_files(self, files, *, config):
        """MkDocs event: hand-written pages that the generated navigation does not list
        (``docs/tags.md``, a user's ``about.md``…) are added at its end, in path order.
        Also notes each page's URL (the search index names pages by path) and keeps the
        build's raw index out of the site."""
        documentation = files.documentation_pages()
        excluded = set(self.config.search_exclude)
        self.urls = {f.src_uri: f.url for f in documentation if f.src_uri not in excluded}
        raw = files.get_file_from_path(SOURCE_PATH)
        if raw is not None:
            files.remove(raw)
        if not self.nav_from_manifest:
            return files
        pages = [f.src_uri for f in documentation]
        config["nav"].extend(hand_written_pages(pages, config["nav"], self.generated))
        return files

    def _resolve_jieba_dictionary(self, config) -> None:
        """Keep a search plugin ``jieba_dict_user`` that names no file from stopping the build.

        The theme's search no longer segments anything (``urbankb build`` did), so
        the setting is not needed; a relative path is looked for beside
        ``mkdocs.yml``, and one found nowhere is dropped.
        """
        search = self._theme_search(config)
        wanted = search.config.get("jieba_dict_user") if search else None
        if not wanted or Path(wanted).is_file():
            return
        beside = Path(config.config_file_path or ".").parent / wanted
        if beside.is_file():
            search.config.jieba_dict_user = str(beside)
        else:
            log.info(f"urbankb: search.jieba_dict_user {wanted!r} not found; not needed (urbankb build segments the pages)")
            search.config.jieba_dict_user = None

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
        """MkDocs event: stop the theme search plugin from collecting pages (see SEARCH.md)."""
        self.search_enabled = False
        if not self.config.search:
            return
        theme_search = self._theme_search(config)
        if theme_search is None or not hasattr(theme_search, "search_index"):
            log.info("urbankb: mkdocs-material's search plugin is not enabled; no search index written")
            return
        keys = ("lang", "separator", "pipeline", "fields")
        theme_search.search_index = _NoIndex({k: theme_search.config[k] for k in keys})
        self.worker_version = hashlib.sha1(worker_source().encode("utf-8")).hexdigest()[:8]
        self.search_enabled = True

    def on_nav(self, nav, *, config, files):
        """MkDocs event: under ``--dirty``, read the source of each unchanged page that the navigation names without a
        title (the hand-written pages: ``about.md``, ``tags.md``).  MkDocs does not read them in a dirty build, so every
        rebuilt page's navigation would show their titles as "None" (mkdocs/mkdocs#4047); read, they have the title a
        full build gives them (front matter ``title``, else the first heading)."""
        if self.dirty:
            for page in nav.pages:
                if page.title is None and not page.file.is_modified():
                    page.read_source(config)
        return nav

    def on_env(self, env, *, config, files):
        """MkDocs event: under ``serve``, the theme's templates are compiled once, not at every rebuild (:class:`MemoryBytecodeCache`)."""
        if self.serving and env.bytecode_cache is None:
            env.bytecode_cache = self.bytecode
        return env

    def on_post_page(self, output, *, page, config):
        """MkDocs event: link the feeds from the page's head, point the page's search worker at urbankb's worker."""
        output = self._link_feeds(output, page, config)
        if not self.search_enabled:
            return output
        at = output.find('id="__config"')
        if at < 0:
            return output
        head, tail = output[:at], output[at:]
        tail, n = WORKER_URL.subn(lambda m: f"{m[1]}{m[2]}{WORKER_PATH}?v={self.worker_version}{m[3]}", tail, count=1)
        if not n:
            log.warning(f"urbankb: search worker URL not found in {page.file.src_uri}; the page uses the theme's search")
        return head + tail

    def _link_feeds(self, output: str, page, config) -> str:
        """``output`` with ``<link rel="alternate">`` elements for the feeds in docs/ before ``</head>``
        (URLs relative to the page, as MkDocs writes its own; none when the build wrote no feed)."""
        docs = Path(config["docs_dir"])
        feeds = []
        if (docs / FEED_PATH).is_file():
            feeds.append((FEED_PATH, config.get("site_name") or "Atom"))
        topic = re.fullmatch(r"topics/([^/]+)/index\.md", page.file.src_uri)
        if topic and (docs / "topics" / topic[1] / FEED_PATH).is_file():
            feeds.append((f"topics/{topic[1]}/{FEED_PATH}", f"{page.title} · {config.get('site_name') or ''}".rstrip(" ·")))
        end = output.find("</head>")
        if not feeds or end < 0:
            return output
        links = "".join(
            f'<link rel="alternate" type="application/atom+xml" title="{html.escape(title)}" href="{html.escape(get_relative_url(path, page.url))}">'
            for path, title in feeds
        )
        return output[:end] + links + output[end:]

    def on_post_build(self, *, config):
        """MkDocs event: write the build's search index, with this site's URLs, and the worker into the site."""
        if not self.search_enabled:
            return
        source = Path(config["docs_dir"]) / SOURCE_PATH
        try:
            index = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning(f"urbankb: no search index from `urbankb build` in {source} ({exc}); run `urbankb build` first")
            return
        sizes = write_index(relocate(index, self.urls), Path(config["site_dir"]), fast=self.serving)
        worker = Path(config["site_dir"]) / WORKER_PATH
        worker.parent.mkdir(parents=True, exist_ok=True)
        worker.write_text(worker_source(), encoding="utf-8")
        log.info(f"urbankb: search index of {sizes['pages']} pages, {sizes['gzip']} bytes ({sizes['raw']} uncompressed) → {INDEX_PATH}")
