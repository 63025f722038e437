"""The graph page's data and its JavaScript, shipped inside the site.

The network is drawn by vis-network (https://visjs.github.io/vis-network/,
Apache-2.0 OR MIT), vendored in this package under
``assets/vendor/vis-network/`` (version, source and checksums in the
README there) and written into ``docs/assets/urbankb/`` by ``urbankb
build``, with its licence texts, so the site needs no CDN and no network.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable

ASSET_DIR = "assets/urbankb"
ENTITY_GROUPS = ("person", "organization", "place", "document")
#: the vendored library inside the package: site file name -> package file name
VIS_NETWORK_FILES = {
    "vis-network.min.js": "vis-network.min.js",
    "vis-network.min.css": "vis-network.min.css",
    "vis-network-LICENSE-APACHE-2.0.txt": "LICENSE-APACHE-2.0",
    "vis-network-LICENSE-MIT.txt": "LICENSE-MIT",
}


class VendorError(Exception):
    """The vendored graph library is missing from the installed package (a broken install)."""


def vis_network_dir() -> Traversable:
    """The package folder holding the vendored vis-network (``urbankb/assets/vendor/vis-network``).

    Raises:
        VendorError: the folder or one of :data:`VIS_NETWORK_FILES` is missing.
    """
    folder = resources.files("urbankb") / "assets" / "vendor" / "vis-network"
    missing = [name for name in VIS_NETWORK_FILES.values() if not (folder / name).is_file()]
    if missing:
        raise VendorError(f"the graph library is missing from the urbankb package ({folder}: {', '.join(missing)}); reinstall urbankb")
    return folder


def vendored_assets() -> dict[str, str]:
    """Site files (path under ``docs/`` -> text): vis-network's JS, CSS and licences, and the graph page's own script.

    Raises:
        VendorError: the vendored library is missing (see :func:`vis_network_dir`).
    """
    folder = vis_network_dir()
    files = {f"{ASSET_DIR}/{site}": (folder / own).read_text(encoding="utf-8") for site, own in VIS_NETWORK_FILES.items()}
    files[f"{ASSET_DIR}/urbankb-graph.js"] = (resources.files("urbankb") / "templates" / "urbankb-graph.js").read_text(encoding="utf-8")
    return files


#: how each kind of node is drawn (vis-network shape, colour, base size) and named in the legend;
#: the page's script draws the nodes and the legend from this one table (``graph-data.js`` carries it)
NODE_STYLES: dict[str, dict] = {
    "article": {"shape": "dot", "color": "#00796b", "size": 16, "name": "文章"},
    "topic": {"shape": "diamond", "color": "#3949ab", "size": 26, "name": "主题"},
    "term": {"shape": "dot", "color": "#f9a825", "size": 9, "name": "术语"},
    "person": {"shape": "triangle", "color": "#d81b60", "size": 10, "name": "人物"},
    "organization": {"shape": "square", "color": "#6d4c41", "size": 9, "name": "机构"},
    "place": {"shape": "dot", "color": "#43a047", "size": 9, "name": "地点"},
    "document": {"shape": "box", "color": "#8e24aa", "size": 8, "name": "文献"},
}


def _short(text: str, n: int = 14) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


#: past this many articles each article keeps only its most specific term and entity links
GRAPH_FULL_LIMIT = 200
#: ... this many of them (terms and entities shared by the fewest other articles, but by some)
GRAPH_LINKS_PER_ARTICLE = 8


def graph_data(kb: dict) -> dict:
    """Nodes and edges for the graph page, read from the ``kb.json`` structure.

    Every node has ``id``, ``label``, ``title`` (full name), ``group``
    (article, topic, term or an entity type), ``url`` (relative to the site
    root), ``topics`` (ids, for the topic filter) and ``articles`` (how many
    articles it links to).  Edges are ``[from, to]`` pairs of node
    positions in ``nodes``; ``styles`` is :data:`NODE_STYLES`.  Over :data:`GRAPH_FULL_LIMIT` articles an
    article keeps at most :data:`GRAPH_LINKS_PER_ARTICLE` term and entity
    edges, the most specific ones: tens of thousands of edges would neither
    load quickly nor read as a picture (node counts stay complete).
    """
    nodes: list[dict] = []
    pairs: list[tuple[str, str]] = []
    art_topics = {a["id"]: a["topics"] for a in kb["articles"]}
    for t in kb["topics"]:
        nodes.append({"id": f"topic:{t['id']}", "label": t["name"], "title": t["name"], "group": "topic", "url": t["url"],
                      "topics": [t["id"]], "articles": len(t["articles"])})  # fmt: skip
    for a in kb["articles"]:
        nodes.append({"id": f"article:{a['id']}", "label": _short(a["title"]), "title": a["title"], "group": "article",
                      "url": a["url"], "topics": a["topics"], "articles": 1})  # fmt: skip
        pairs.extend((f"article:{a['id']}", f"topic:{t}") for t in a["topics"])
    links: dict[str, list[tuple[int, str]]] = {}

    def linked(node_id: str, label: str, group: str, url: str, articles: list[str]) -> None:
        topics = sorted({t for aid in articles for t in art_topics.get(aid, [])})
        nodes.append({"id": node_id, "label": _short(label), "title": label, "group": group, "url": url, "topics": topics,
                      "articles": len(articles)})  # fmt: skip
        for aid in articles:
            links.setdefault(aid, []).append((len(articles), node_id))

    for t in kb.get("terms", []):
        linked(f"term:{t['term']}", t["term"], "term", t["url"], t["articles"])
    for e in kb.get("entities", []):
        label = f"《{e['name']}》" if e["type"] == "document" else e["name"]
        linked(f"entity:{e['type']}:{e['name']}", label, e["type"], e["url"], e["articles"])
    large = len(kb["articles"]) > GRAPH_FULL_LIMIT
    for a in kb["articles"]:
        targets = links.get(a["id"], [])
        if large:
            targets = sorted(targets, key=lambda t: (t[0] < 2, t[0], t[1]))[:GRAPH_LINKS_PER_ARTICLE]
        pairs.extend((f"article:{a['id']}", node_id) for _n, node_id in targets)
    position = {n["id"]: i for i, n in enumerate(nodes)}
    return {"nodes": nodes, "edges": [[position[a], position[b]] for a, b in pairs], "styles": NODE_STYLES}


def graph_data_js(kb: dict) -> str:
    """``graph-data.js``: the graph as a script, so the page also works from ``file://``."""
    payload = json.dumps(graph_data(kb), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # keep "</script>" and friends from ending a script element early
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return "window.URBANKB_GRAPH = " + payload + ";\n"
