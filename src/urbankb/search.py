"""Chinese site search: a pre-segmented, pre-scored index for mkdocs-material's search UI.

Stock mkdocs-material search segments pages with jieba at build time but
splits the reader's query in the browser by a different rule (greedy
matching against the index, never the whole query), then ORs the pieces:
``低空经济`` returns every page with ``经济``.  This module makes both sides
split text the same way:

* **Index side** (Python, at build time): every page section is segmented
  by the build's own :class:`~urbankb.nlp.Analyzer` (shipped domain
  dictionary + taxonomy terms), so a domain term is one token; each long
  token also adds the shorter dictionary words inside it, as jieba's search
  mode does (``低空经济`` → ``低空``, ``经济``), so readers who type a part
  still find it.  Traditional-Chinese pages are indexed in their simplified
  form (OpenCC ``t2s``); the displayed text stays as written.  Each
  (token, page) pair gets a weight: title ×8, keywords and people ×4,
  section headings ×3, body text ``1 + ln(tf)``; parts of a compound count
  half; times the token's IDF and the page's ``search.boost``.
* **Query side** (``assets/search-worker.js``, in the browser): the query is
  lower-cased, converted to simplified characters with the same OpenCC
  character table, and segmented by forward maximum matching over the
  index's own vocabulary -- the tokens the index side produced -- so the
  query is split exactly where the pages were.  Every token is required
  (AND); the last one also matches as a prefix while the reader types.

The index is written once as gzip-compressed UTF-8 JSON
(``search/urbankb-index.json.gz``) and loaded by a small worker that speaks
mkdocs-material's worker protocol, so the search box, result list,
suggestions and highlighting of the theme are kept.  Listing pages marked
``search: exclude: true`` are left out, and so are the navigation parts of
article pages (topic evidence, provenance, related articles).
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import opencc

from .nlp import Analyzer

#: index format version (the worker checks it)
FORMAT = 1
#: where the index and the worker are written in the site
INDEX_PATH = "search/urbankb-index.json.gz"
WORKER_PATH = "assets/urbankb/search-worker.js"

#: field weights of a token occurrence (body text: 1 + ln(tf))
WEIGHT_TITLE = 8.0
WEIGHT_KEYWORD = 4.0
WEIGHT_PEOPLE = 4.0
WEIGHT_HEADING = 3.0
WEIGHT_TAG = 2.0
#: a dictionary word found inside a longer token counts this much
WEIGHT_PART = 0.5
#: characters kept of each paragraph for result teasers (matching uses the whole text)
TEASER_CHARS = 160
#: classes of elements in article pages that are navigation, not content
SKIP_CLASSES = {"kb-topics", "kb-provenance", "kb-reason", "headerlink", "md-tags"}
#: headings that start a navigation section (dropped to the end of the page)
SKIP_HEADINGS = {"相关文章"}
#: meta labels whose values are people (indexed with WEIGHT_PEOPLE)
PEOPLE_LABELS = ("发言人", "作者", "记者", "通讯员")
BLOCK_TAGS = {"p", "li", "pre", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "dt", "dd", "br"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_WORD = re.compile(r"[\w]", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u9fff]")
_ASCII_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class Section:
    """One searchable part of a page: the page itself (no anchor) or a heading's section."""

    anchor: str
    title: str
    blocks: list[str] = field(default_factory=list)


@dataclass
class PageRecord:
    """What the search index keeps of one page."""

    url: str
    title: str
    sections: list[Section]
    keywords: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    boost: float = 1.0


class _PageParser(HTMLParser):
    """Splits rendered page HTML into sections of plain-text blocks, keywords and people."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = [Section("", "")]
        self.keywords: list[str] = []
        self.people: list[str] = []
        self.stack: list[tuple[str, bool, str]] = []  # (tag, skipped, class)
        self.skip_depth = 0
        self.stopped = False
        self.heading: list[str] | None = None
        self.heading_id = ""
        self.block: list[str] = []
        self.capture: list[str] | None = None  # text of the current keyword/meta item

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self.block)).strip()
        if text:
            self.sections[-1].blocks.append(text)
        self.block = []

    def handle_starttag(self, tag, attrs):
        if self.stopped or tag in ("br", "hr", "img", "input", "meta", "link", "wbr"):
            if tag == "br" and not self.stopped:
                self._flush()
            return
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        skipped = bool(classes & SKIP_CLASSES) or "data-search-exclude" in attrs or tag in ("script", "style")
        self.stack.append((tag, skipped, " ".join(classes)))
        if skipped:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in HEADINGS:
            self.heading, self.heading_id = [], attrs.get("id", "")
        if "kb-keyword" in classes or "kb-meta-item" in classes:
            self.capture = []

    def handle_endtag(self, tag):
        if self.stopped or not self.stack or tag not in (t for t, _, _ in self.stack):
            return
        while self.stack:
            open_tag, skipped, classes = self.stack.pop()
            if skipped:
                self.skip_depth -= 1
            elif not self.skip_depth:
                self._close(open_tag, classes)
            if open_tag == tag:
                break

    def _close(self, tag, classes):
        if tag in HEADINGS and self.heading is not None:
            title = re.sub(r"\s+", " ", "".join(self.heading)).strip()
            self.heading = None
            self.block = []
            if title in SKIP_HEADINGS:
                self.stopped = True
                return
            if tag == "h1" and not self.sections[0].title:
                self.sections[0].title = title
            elif self.heading_id:
                self.sections.append(Section(self.heading_id, title))
            return
        if self.capture is not None and ("kb-keyword" in classes or "kb-meta-item" in classes):
            text = "".join(self.capture).strip()
            if "kb-keyword" in classes:
                self.keywords.append(text)
            else:
                label, _, value = text.partition("：")
                if label in PEOPLE_LABELS:
                    value = re.sub(r"（.*", "", value)
                    self.people.extend(p.strip() for p in re.split(r"[、，,]", value) if p.strip())
            self.capture = None
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if self.stopped or self.skip_depth:
            return
        if self.heading is not None:
            self.heading.append(data)
            return
        self.block.append(data)
        if self.capture is not None:
            self.capture.append(data)

    def close(self):
        super().close()
        self._flush()


def parse_page(url: str, title: str, content: str, meta: dict) -> PageRecord:
    """A :class:`PageRecord` from a page's rendered HTML (``page.content``) and front matter."""
    parser = _PageParser()
    parser.feed(content)
    parser.close()
    sections = [s for s in parser.sections if s.blocks or s.anchor == ""]
    sections[0].title = str(meta.get("title") or sections[0].title or title)
    search = meta.get("search") or {}
    tags = [str(t) for t in (meta.get("tags") or []) if isinstance(t, (str, int, float))]
    try:
        boost = float(search.get("boost", 1.0))
    except (TypeError, ValueError):
        boost = 1.0
    return PageRecord(url, sections[0].title, sections, parser.keywords, parser.people, tags, boost)


@lru_cache(maxsize=1)
def t2s_table() -> dict[str, str]:
    """Traditional -> simplified character table from OpenCC ``t2s`` (CJK Unified + Extension A)."""
    chars = [chr(i) for i in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000))]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    return {a: b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}


def utf16_key(term: str) -> bytes:
    """Sort key matching JavaScript's string order (UTF-16 code units)."""
    return term.encode("utf-16-be")


class IndexBuilder:
    """Collects pages and writes the compact index.

    Args:
        analyzer: the build's analyzer (same dictionary as the pages' tags and links).
        memo: page URL -> ``(record, weights)`` from an earlier index made with the
            same analyzer; a page whose record is equal reuses its weights instead of
            being segmented again.  Updated by :meth:`build` to this index's pages.
    """

    def __init__(self, analyzer: Analyzer, memo: dict[str, tuple[PageRecord, dict[str, float]]] | None = None):
        self.analyzer = analyzer
        self.pages: dict[str, PageRecord] = {}
        self.memo = memo

    def add(self, record: PageRecord) -> None:
        """Add (or replace) one page."""
        self.pages[record.url] = record

    # -- tokens ------------------------------------------------------------
    def tokens(self, text: str, traditional: bool) -> list[tuple[str, float]]:
        """``(token, factor)`` pairs: whole tokens (1.0) and the dictionary words inside them."""
        if traditional:
            text = self.analyzer.simplify(text)
        out: list[tuple[str, float]] = []
        stop = self.analyzer.stopwords
        terms = self.analyzer.terms
        for raw in self.analyzer.cut(text):
            word = raw.strip().lower()
            if not word or not _WORD.search(word) or (word in stop and word not in terms):
                continue
            out.append((word, 1.0))
            words = _ASCII_WORD.findall(word)
            if len(words) > 1:  # x-road: also x, road
                out.extend((w, WEIGHT_PART) for w in words if w not in stop)
            if len(word) > 2 and _HAN.search(word):
                for n in (2, 3):
                    for i in range(len(word) - n + 1):
                        gram = word[i : i + n]
                        if gram != word and gram not in stop and self.analyzer.has_word(gram):
                            out.append((gram, WEIGHT_PART))
        return out

    def is_traditional(self, record: PageRecord) -> bool:
        """True when the page is written in traditional characters (see :meth:`urbankb.nlp.Analyzer.is_traditional`)."""
        text = record.title + "".join(b for s in record.sections for b in s.blocks[:20])
        return self.analyzer.is_traditional(text)

    def page_weights(self, record: PageRecord) -> dict[str, float]:
        """Token -> field-weighted score of one page (before IDF and boost)."""
        trad = self.is_traditional(record)
        weights: dict[str, float] = defaultdict(float)
        seen_field: dict[tuple[str, str], float] = {}

        def add_field(name: str, text: str, weight: float):
            for token, factor in self.tokens(text, trad):
                key = (name, token)
                value = weight * factor
                if seen_field.get(key, 0) < value:  # a field counts a token once
                    weights[token] += value - seen_field.get(key, 0)
                    seen_field[key] = value

        add_field("title", record.title, WEIGHT_TITLE)
        for kw in record.keywords:
            add_field("keyword", kw, WEIGHT_KEYWORD)
        for person in record.people:
            add_field("people", person, WEIGHT_PEOPLE)
        for tag in record.tags:
            add_field("tag", tag, WEIGHT_TAG)
        body: Counter[str] = Counter()
        part: Counter[str] = Counter()
        for i, section in enumerate(record.sections):
            if i:
                add_field("heading", section.title, WEIGHT_HEADING)
            for block in section.blocks:
                for token, factor in self.tokens(block, trad):
                    (body if factor == 1.0 else part)[token] += 1
        for token, n in body.items():
            weights[token] += 1 + math.log(n)
        for token, n in part.items():
            weights[token] += WEIGHT_PART * (1 + math.log(n))
        return weights

    # -- output ------------------------------------------------------------
    def build(self) -> dict:
        """The index as a JSON-ready dict (see ``assets/search-worker.js`` for the reader)."""
        pages = sorted(self.pages.values(), key=lambda r: r.url)
        if self.memo is None:
            per_page = [self.page_weights(r) for r in pages]
        else:
            earlier = [self.memo.get(r.url) for r in pages]
            per_page = [seen[1] if seen and seen[0] == r else self.page_weights(r) for r, seen in zip(pages, earlier, strict=True)]
            self.memo.clear()
            self.memo.update((r.url, (r, w)) for r, w in zip(pages, per_page, strict=True))
        df: Counter[str] = Counter()
        for w in per_page:
            df.update(w.keys())
        n = max(len(pages), 1)
        terms = sorted(df, key=utf16_key)
        term_id = {t: i for i, t in enumerate(terms)}
        postings: list[list[int]] = [[] for _ in terms]
        for p, (record, weights) in enumerate(zip(pages, per_page, strict=True)):
            for token, w in weights.items():
                idf = math.log(1 + n / df[token])
                score = max(1, round(w * idf * record.boost * 4))
                postings[term_id[token]].append(p)
                postings[term_id[token]].append(score)
        # doc ids delta-encoded: [gap, score, gap, score, ...]
        for plist in postings:
            prev = 0
            for i in range(0, len(plist), 2):
                plist[i], prev = plist[i] - prev, plist[i]
        docs = []
        for record in pages:
            for s in record.sections:
                location = record.url + (f"#{s.anchor}" if s.anchor else "")
                text = "\n".join(b if len(b) <= TEASER_CHARS else b[:TEASER_CHARS] + "…" for b in s.blocks)
                docs.append([location, s.title, text] + ([record.tags] if record.tags and not s.anchor else []))
        # only the characters a query can meet: their simplified form is in some term
        used = {ch for t in terms for ch in t}
        table = {a: b for a, b in t2s_table().items() if b in used}
        return {
            "format": FORMAT,
            "docs": docs,
            "terms": terms,
            "postings": postings,
            "t2s": "".join(a + b for a, b in sorted(table.items())),
            "stopwords": sorted(w for w in self.analyzer.stopwords if len(w) <= 4),
            "maxlen": max((len(t) for t in terms), default=1),
        }

    def write(self, site_dir: Path) -> dict[str, int]:
        """Write the gzip-compressed index into the site; returns raw and compressed sizes."""
        data = json.dumps(self.build(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        packed = gzip.compress(data, compresslevel=6, mtime=0)  # zlib default: 1 % larger than 9, 3-4 times faster
        path = site_dir / INDEX_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(packed)
        return {"raw": len(data), "gzip": len(packed), "pages": len(self.pages)}


def worker_source() -> str:
    """The search worker (JavaScript) shipped in ``urbankb/assets``."""
    return (resources.files("urbankb") / "assets" / "search-worker.js").read_text(encoding="utf-8")


def stub_index(config: dict) -> str:
    """The ``search_index.json`` mkdocs-material fetches: its config only, no documents."""
    return json.dumps({"config": config, "docs": []}, ensure_ascii=False, separators=(",", ":"))
