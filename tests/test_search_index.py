"""The search index `urbankb build` makes and the urbankb plugin wires in (see SEARCH.md);
the browser side is in test_search_browser.py."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

from conftest import REPO, SEEDS, copy_handwritten_docs, run_build

from urbankb.artifacts import INDEX_PATH, SOURCE_PATH, WORKER_PATH, relocate
from urbankb.model import Article, Block, BlockKind
from urbankb.nlp import analyse as segment
from urbankb.render.search import IndexBuilder, index_terms
from urbankb.render.search_pages import _Segmenter, article_record, hand_written_record


def load_index(site):
    data = gzip.decompress((site / INDEX_PATH).read_bytes()).decode("utf-8")
    return data, json.loads(data)


def test_index_is_gzipped_utf8_without_unicode_escapes(built_site):
    text, index = load_index(built_site / "site")
    assert "\\u" not in text and "\u200b" not in text
    assert "一网统管" in index["terms"]


def test_domain_term_is_one_token_and_its_parts_are_indexed_too(analyzer):
    terms = dict(index_terms(analyzer.cut("广州布局低空经济和数字孪生"), analyzer.stopwords, analyzer.has_word, 0.5))
    assert terms["低空经济"] == 1.0 and terms["数字孪生"] == 1.0
    assert terms["经济"] == 0.5 and terms["孪生"] == 0.5


def test_an_article_is_indexed_from_its_own_tokens_and_traditional_text_in_simplified_form(analyzer):
    art = Article(
        id="t-1", seed="t.txt", title="臺北市推動數位孿生", blocks=[Block(BlockKind.PARAGRAPH, "臺北市政府推動數位孿生城市。", 2)]
    )
    art.slug = "t"
    segment([art], analyzer)
    record = article_record(art, [], _Segmenter(analyzer), 2.0)
    assert record.sections[0].words == art.tokens  # the analysis' tokens, not a second segmentation
    weights = IndexBuilder(analyzer.stopwords, analyzer.has_word).page_weights(record)
    assert "台北市" in weights and "孪生" in weights
    assert record.sections[0].blocks == ["臺北市政府推動數位孿生城市。"]  # shown as written


def test_only_articles_are_indexed_and_navigation_parts_are_left_out(built_site):
    _, index = load_index(built_site / "site")
    assert index["docs"] and all(doc[0].startswith("articles/") for doc in index["docs"])
    text = "\n".join(doc[2] for doc in index["docs"])
    assert "相关文章" not in text and "源文件" not in text and "得分" not in text


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(v for k, v in attrs if k == "id" and v)


def test_every_section_of_the_index_points_at_a_heading_of_its_page(built_site):
    site = built_site / "site"
    _, index = load_index(site)
    anchored = [doc[0] for doc in index["docs"] if "#" in doc[0]]
    assert anchored, "the seeds have articles with section headings"
    for location in anchored:
        url, anchor = location.split("#")
        parser = _Ids()
        parser.feed((site / url / "index.html").read_text(encoding="utf-8"))
        assert anchor in parser.ids, location


def test_every_page_loads_the_urbankb_search_worker(built_site):
    site = built_site / "site"
    assert (site / WORKER_PATH).exists()
    assert not (site / SOURCE_PATH).exists(), "the build's raw index is not published"
    stub = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == []
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        assert "assets/urbankb/search-worker.js" in html and "workers/search." not in html, page


def test_a_hand_written_page_is_split_at_its_headings_and_can_ask_to_be_left_out(analyzer):
    text = "---\ntitle: 关于\n---\n\n# 关于\n\n正文一。\n\n## 小节\n\n正文二。\n"
    record = hand_written_record("about.md", text, _Segmenter(analyzer))
    assert [s.title for s in record.sections] == ["关于", "小节"]
    assert record.sections[1].blocks == ["正文二。"] and record.sections[1].anchor
    assert hand_written_record("tags.md", "---\nsearch:\n  exclude: true\n---\n\n# 标签\n", _Segmenter(analyzer)) is None


def test_relocating_drops_a_page_left_out_of_the_site_with_its_postings(analyzer):
    builder = IndexBuilder(analyzer.stopwords, analyzer.has_word)
    for path, text in (("a.md", "低空经济"), ("b.md", "数字孪生"), ("c.md", "低空经济 数字孪生")):
        segmented = analyzer.cut(text)
        builder.add(hand_written_record(path, f"# {text}\n\n{text}\n", _Segmenter(analyzer)))
        assert segmented
    index = relocate(builder.build(), {"a.md": "a/", "c.md": "c/"})
    assert [d[0] for d in index["docs"]] == ["a/", "c/"]
    postings = dict(zip(index["terms"], index["postings"], strict=True))
    assert postings["低空经济"][0::2] == [0, 1] and postings["数字孪生"][0::2] == [1]


def test_the_index_written_term_by_term_is_the_json_of_the_whole_dict(analyzer, seed_corpus):
    """to_json (what the build writes) serialises one term's postings at a time: the same text as json.dumps(build())."""
    builder = IndexBuilder(analyzer.stopwords - set(analyzer.terms), analyzer.has_word)
    names = _Segmenter(analyzer)
    for art in seed_corpus[0].articles:
        builder.add(article_record(art, [t.topic for t in art.topics], names, 1.0))
    index = builder.build()
    assert len(index["postings"]) == len(index["terms"]) > 400 and all(index["postings"])
    assert builder.to_json() == json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def test_a_word_of_the_dictionary_given_on_the_command_line_is_one_token_in_the_search_index(analyzer, seed_corpus, tmp_path):
    # a run of Han characters of one article's body that the shipped dictionary cuts into several words
    bodies = ["\n".join(a.paragraphs) for a in seed_corpus[0].articles]
    word = next(
        run
        for body in bodies
        for run in re.findall(r"[\u4e00-\u9fff]{6}", body)
        if len(analyzer.cut(run)) >= 3 and sum(run in b for b in bodies) == 1
    )
    dictionary = tmp_path / "my-dict.txt"
    dictionary.write_text((REPO / "src/urbankb/data/dict.txt").read_text(encoding="utf-8") + f"\n{word} 2000 nz\n", encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    copy_handwritten_docs(tmp_path / "docs")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    assert run_build(SEEDS, "docs", "--no-cache", "--dictionary", str(dictionary), cwd=tmp_path).returncode == 0
    mk = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert mk.returncode == 0, mk.stderr
    _, index = load_index(tmp_path / "site")
    assert word in index["terms"], f"{word} should be one search token, as in kb.json"
    manifest = json.loads((tmp_path / "docs/.urbankb-manifest.json").read_text(encoding="utf-8"))
    assert manifest["data"]["dictionary"] == str(dictionary) and manifest["data"]["taxonomy"] == "urbankb:data/taxonomy.yaml"


NO_SEGMENTATION = """
import sys
import rjieba, jieba

def refuse(*args, **kwargs):
    raise AssertionError("mkdocs build segmented text")

rjieba.Jieba = refuse
for name in ("cut", "lcut", "cut_for_search", "lcut_for_search", "load_userdict", "initialize"):
    setattr(jieba, name, refuse)
from mkdocs.__main__ import cli
try:
    cli(["build", "-q", "-f", sys.argv[1], "-d", sys.argv[2]])
except SystemExit as exc:
    assert not exc.code, exc.code
analysis = sorted(m for m in sys.modules if m.split(".")[:2] in (["urbankb", "nlp"], ["urbankb", "ingest"], ["urbankb", "knowledge"], ["urbankb", "topics"]))
assert not analysis, analysis
print("ok")
"""


def test_mkdocs_build_does_not_segment_the_generated_pages_again(built_site, tmp_path):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = subprocess.run(
        [sys.executable, "-c", NO_SEGMENTATION, str(built_site / "mkdocs.yml"), str(tmp_path / "site")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-2000:]
    assert load_index(tmp_path / "site")[1] == load_index(built_site / "site")[1]
