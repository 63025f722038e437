"""Paragraph permalinks: an id per body paragraph from its text, the same across rebuilds, with a ¶ link to itself."""

from __future__ import annotations

import html
import json
import re
import shutil

from conftest import SEEDS

from urbankb.config import BuildConfig
from urbankb.model import BlockKind
from urbankb.pipeline import analyse
from urbankb.render import render_site
from urbankb.render.permalink import paragraph_id, paragraph_ids

SEED = "004_72154d32830cb090.txt"


def _page_ids(markdown: str) -> dict[str, str]:
    """Paragraph id -> the paragraph's HTML line, in an article page's Markdown."""
    return dict(
        (m[1], m[2])
        for m in re.finditer(r'^<p class="kb-para" id="(p-[0-9a-f]+(?:-\d+)?)">(.*)<a class="kb-para-link"[^>]*></a></p>$', markdown, re.M)
    )


def _build(seeds) -> dict[str, str]:
    corpus, _report = analyse(BuildConfig(seeds=seeds))
    site = render_site(corpus)
    return {path: text for path, text in site.files.items() if path.startswith("articles/")}


def test_ids_depend_on_the_text_only_and_repeats_are_numbered(seed_corpus):
    corpus, _ = seed_corpus
    texts = next(a for a in corpus.articles if a.seed == SEED).paragraphs
    ids = paragraph_ids(texts)
    edited = [texts[0], "插入的一段新文字。", texts[1] + "（修改）", *texts[2:]]
    again = paragraph_ids(edited)
    assert again[0] == ids[0] and again[3:] == ids[2:]  # unchanged paragraphs keep their ids
    assert again[2] != ids[1]  # an edited one gets a new id
    assert paragraph_id(" 一段\n文字。") == paragraph_id("一段文字。")  # re-wrapping is not an edit
    assert paragraph_ids(["同一段。", "另一段。", "同一段。"])[2] == paragraph_id("同一段。") + "-2"


def test_ids_survive_a_rebuild_after_a_paragraph_is_inserted_and_another_edited(tmp_path):
    """Two real builds of the journal seed: the second has a new paragraph and an edited one."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    shutil.copy(SEEDS / SEED, first / SEED)
    text = (SEEDS / SEED).read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if len(p.strip()) > 60]
    changed = text.replace(paragraphs[2], paragraphs[2] + "\n\n这是编辑插入的一段说明文字，用来检验段落锚点。", 1)
    changed = changed.replace(paragraphs[4], paragraphs[4].rstrip("。\n") + "，并有所补充。", 1)
    (second / SEED).write_text(changed, encoding="utf-8")
    before, after = _build(first), _build(second)
    assert before.keys() == after.keys()
    (page,) = before
    old, new = _page_ids(before[page]), _page_ids(after[page])
    assert len(new) == len(old) + 1
    kept = set(old) & set(new)
    assert len(kept) == len(old) - 1, "every paragraph but the edited one keeps its id"
    for pid in kept:
        assert old[pid] == new[pid]


def test_every_body_paragraph_on_the_site_has_its_id_and_a_pilcrow_link(built_site, seed_corpus):
    corpus, _ = seed_corpus
    kb = json.loads((built_site / "docs" / "kb.json").read_text(encoding="utf-8"))
    urls = {a["id"]: a["url"] for a in kb["articles"]}
    checked = 0
    for art in corpus.articles:
        page = (built_site / "site" / urls[art.id] / "index.html").read_text(encoding="utf-8")
        found = re.findall(r'<p class="kb-para" id="(p-[0-9a-f-]+)">(.*?)<a class="kb-para-link" href="#([^"]+)"', page, re.S)
        texts = [b.text for b in art.blocks if b.kind is BlockKind.PARAGRAPH]
        assert [pid for pid, _, _ in found] == paragraph_ids(texts), art.id
        for pid, inner, href in found:
            assert href == pid
            visible = " ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split())
            assert paragraph_id(visible) == pid.split("-")[0] + "-" + pid.split("-")[1]  # the shown text is the hashed text
        checked += len(found)
    assert checked >= 150


def test_headings_keep_their_ids_beside_the_paragraph_ids(built_site):
    page = next((built_site / "site" / "articles").glob("*/index.html")).read_text(encoding="utf-8")
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
