"""What ``urbankb build`` leaves in the docs folder for the site side, and its formats.

Shared by :mod:`urbankb.render` (which writes them) and :mod:`urbankb.site`
(which wires them into MkDocs): the build manifest, and the search index
with the page paths that :func:`relocate` turns into the site's URLs.
"""

from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

#: the build manifest in the docs folder: generated files, navigation, data files used
MANIFEST = ".urbankb-manifest.json"
#: search index format version (the worker checks it)
FORMAT = 1
#: where the build writes the search index in the docs folder (pages named by their Markdown paths)
SOURCE_PATH = "assets/urbankb/search-index.json"
#: where the index and the worker are written in the site
INDEX_PATH = "search/urbankb-index.json.gz"
WORKER_PATH = "assets/urbankb/search-worker.js"
#: the site's Atom feed in the docs folder (a topic's is ``topics/<id>/`` + this); the MkDocs plugin links it from every page
FEED_PATH = "feed.xml"


def relocate(index: dict, url_of: dict[str, str]) -> dict:
    """The index with each page's Markdown path replaced by its URL in the site; pages
    ``url_of`` lacks (left out of the site or of search) are dropped with their postings.

    Args:
        index: as :meth:`IndexBuilder.build` made it (changed in place and returned).
        url_of: Markdown path in docs/ -> page URL (``articles/x/`` or ``articles/x.html``).
    """
    pages: list[str] = []  # page id -> its path
    for doc in index["docs"]:
        if "#" not in doc[0] or not pages:
            pages.append(doc[0])
    keep = [path in url_of for path in pages]
    new_id, n = [], 0
    for kept in keep:
        new_id.append(n if kept else -1)
        n += kept
    docs = []
    for doc in index["docs"]:
        path, _, anchor = doc[0].partition("#")
        if path in url_of:
            docs.append([url_of[path] + (f"#{anchor}" if anchor else ""), *doc[1:]])
    index["docs"] = docs
    if all(keep):
        return index
    for t, plist in enumerate(index["postings"]):
        out, page, prev = [], 0, 0
        for i in range(0, len(plist), 2):
            page += plist[i]
            if new_id[page] >= 0:
                out += [new_id[page] - prev, plist[i + 1]]
                prev = new_id[page]
        index["postings"][t] = out
    used = [t for t, plist in enumerate(index["postings"]) if plist]
    index["terms"] = [index["terms"][t] for t in used]
    index["postings"] = [index["postings"][t] for t in used]
    return index


def write_index(index: dict, site_dir: Path, fast: bool = False) -> dict[str, int]:
    """Write the index gzip-compressed into the site as :data:`INDEX_PATH`; returns raw and compressed sizes and pages.

    ``fast``: compress at zlib level 1 instead of 6, for a local preview (at 1,000 articles 0.09 s instead of 0.41 s,
    and 27 % larger).
    """
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # zlib's default 6: 1 % larger than 9, 3-4 times faster
    packed = gzip.compress(data, compresslevel=1 if fast else 6, mtime=0)
    path = site_dir / INDEX_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(packed)
    pages = sum(1 for doc in index["docs"] if "#" not in doc[0])
    return {"raw": len(data), "gzip": len(packed), "pages": pages}


def worker_source() -> str:
    """The search worker (JavaScript) shipped in ``urbankb/assets``."""
    return (resources.files("urbankb") / "assets" / "search-worker.js").read_text(encoding="utf-8")


def stub_index(config: dict) -> str:
    """The ``search_index.json`` mkdocs-material fetches: its config only, no documents."""
    return json.dumps({"config": config, "docs": []}, ensure_ascii=False, separators=(",", ":"))
