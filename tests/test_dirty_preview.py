"""``urbankb serve --dirty``: MkDocs re-renders only the pages a rebuild changed, and the
urbankb plugin keeps the search index of the whole site (see urbankb.site.mkdocs_plugin)."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys

from conftest import REPO, SEEDS, copy_handwritten_docs
from test_search_index import load_index

from urbankb.artifacts import INDEX_PATH

#: what ``mkdocs serve --dirty`` does, in one process (the plugin instance is kept across builds):
#: build, run urbankb build again (argv[2:]), build again dirty; prints which pages were rendered
DIRTY_SERVE = """
import json, subprocess, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config_file, site, *rebuild = sys.argv[1:]
rendered = []

def load():
    config = load_config(config_file, site_dir=site)
    config.plugins.on_startup(command="serve", dirty=True)
    config.plugins.events["page_content"].append(lambda html, page, **kw: rendered.append(page.file.src_uri) or html)
    return config

config = load()
build(config, dirty=True)
first = len(rendered)
compiled = dict(config.plugins["urbankb"].bytecode.store)
rendered.clear()
assert subprocess.run(rebuild).returncode == 0
config = load()
build(config, dirty=True)
reused = config.plugins["urbankb"].bytecode.store == compiled  # the same plugin, no template compiled again
print(json.dumps({"first": first, "again": sorted(rendered), "compiled": len(compiled), "reused": reused}))
"""


#: a navigation tab's title in Material's HTML
TAB = re.compile(r'class="md-tabs__link">(.*?)</a>', re.S)


def _urbankb_build(seeds, project):
    return [sys.executable, "-m", "urbankb.cli", "build", "--seeds", str(seeds), "--docs", str(project / "docs"), "--no-cache"]


def test_a_dirty_rebuild_renders_only_changed_pages_and_keeps_the_whole_search_index(tmp_path):
    project, seeds = tmp_path / "project", tmp_path / "seeds"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    copy_handwritten_docs(project / "docs")
    files = sorted(SEEDS.iterdir())
    seeds.mkdir()
    for f in files[:-1]:
        shutil.copy(f, seeds / f.name)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    assert subprocess.run(_urbankb_build(seeds, project), cwd=REPO, env=env, capture_output=True).returncode == 0
    shutil.copy(files[-1], seeds / files[-1].name)  # the seed that arrives during the preview

    preview = subprocess.run(
        [sys.executable, "-c", DIRTY_SERVE, str(project / "mkdocs.yml"), str(tmp_path / "preview"), *_urbankb_build(seeds, project)],
        cwd=REPO, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert preview.returncode == 0, preview.stderr
    pages = json.loads(preview.stdout.splitlines()[-1])
    # only what the new seed changed was rendered again: its articles and the pages that list them
    print(len(pages["again"]), "of", pages["first"], "pages rendered again")
    assert 0 < len(pages["again"]) < pages["first"]
    assert "index.md" in pages["again"] and "about.md" not in pages["again"]
    assert any(p.startswith("articles/") for p in pages["again"])

    clean = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "clean")],
        cwd=REPO, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert clean.returncode == 0, clean.stderr
    dirty_index, parsed = load_index(tmp_path / "preview")
    clean_index, _ = load_index(tmp_path / "clean")
    assert dirty_index == clean_index  # every page, as a full build indexes it
    # the theme's templates were compiled once, in the first build (the plugin keeps them across rebuilds)
    assert pages["compiled"] > 10 and pages["reused"]
    # a rebuilt page names every tab as a full build does: the unchanged hand-written pages too (MkDocs alone
    # would show "None" for about.md and tags.md, which a dirty build does not read; mkdocs/mkdocs#4047)
    rebuilt = next(p for p in pages["again"] if p.startswith("articles/"))
    html = {
        name: (tmp_path / name / rebuilt.removesuffix(".md") / "index.html").read_text(encoding="utf-8") for name in ("preview", "clean")
    }
    tabs = {name: [" ".join(t.split()) for t in TAB.findall(text)] for name, text in html.items()}
    assert tabs["preview"] == tabs["clean"] and "关于本知识库" in tabs["preview"] and "None" not in tabs["preview"]
    # the preview compressed it for speed (zlib level 1), a build for size (level 6); the same index either way
    packed = {name: (tmp_path / name / INDEX_PATH).read_bytes() for name in ("preview", "clean")}
    assert packed["clean"] == gzip.compress(clean_index.encode("utf-8"), compresslevel=6, mtime=0)
    assert packed["preview"] == gzip.compress(dirty_index.encode("utf-8"), compresslevel=1, mtime=0)
    indexed = {doc[0].split("#")[0] for doc in parsed["docs"]}
    assert len(indexed) > len([p for p in pages["again"] if p.startswith("articles/")])  # unchanged articles kept
