"""A light install and a fast start: vis-network vendored with its licences, no pyvis/IPython, ``--help`` imports nothing heavy."""

from __future__ import annotations

import ast
import glob
import hashlib
import json
import re
import subprocess
import sys
import tomllib

import pytest
from conftest import REPO

from urbankb.render.graph import ASSET_DIR, VIS_NETWORK_FILES, vendored_assets, vis_network_dir

PACKAGE = REPO / "src" / "urbankb"
VENDOR = PACKAGE / "assets" / "vendor" / "vis-network"

#: top-level modules (and urbankb subpackages) that parsing the command line must not import
HEAVY = ("urbankb.pipeline", "urbankb.render", "urbankb.site", "urbankb.nlp", "urbankb.ingest", "urbankb.knowledge", "urbankb.config",
         "sklearn", "jieba", "rjieba", "numpy", "scipy", "mkdocs", "watchdog", "tqdm", "yaml", "opencc", "pdfplumber", "trafilatura")  # fmt: skip


def test_vendored_library_has_its_licences_and_matches_its_readme():
    """Every file the site gets is in the package; the README's version and checksums are those of the files."""
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    version = re.search(r"vis-network@(\d+\.\d+\.\d+)", readme).group(1)
    js = (VENDOR / "vis-network.min.js").read_text(encoding="utf-8")
    assert f"@version {version}" in js[:1000]
    for name in VIS_NETWORK_FILES.values():
        assert (VENDOR / name).stat().st_size > 500, name
    assert "Apache License" in (VENDOR / "LICENSE-APACHE-2.0").read_text(encoding="utf-8")
    assert "MIT License" in (VENDOR / "LICENSE-MIT").read_text(encoding="utf-8")
    checksums = dict(re.findall(r"\| `([\w.-]+)` \|[^|]*\| `([0-9a-f]{64})` \|", readme))
    assert set(checksums) == {"vis-network.min.js", "vis-network.min.css"}
    for name, digest in checksums.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name


def test_the_site_gets_the_vendored_files_unchanged():
    assert str(vis_network_dir()).endswith("vis-network")
    files = vendored_assets()
    for site_name, own in VIS_NETWORK_FILES.items():
        assert files[f"{ASSET_DIR}/{site_name}"] == (VENDOR / own).read_text(encoding="utf-8")
    assert files[f"{ASSET_DIR}/urbankb-graph.js"].strip()


def test_package_data_ships_every_vendored_file():
    """The ``package-data`` patterns, expanded as setuptools' build_py does (``glob(..., recursive=True)``), cover the vendor folder."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["urbankb"]
    shipped = {p for pattern in patterns for p in glob.glob(str(PACKAGE / pattern), recursive=True)}
    vendored = {str(p) for p in VENDOR.rglob("*") if p.is_file()}
    assert vendored and vendored <= shipped, sorted(vendored - shipped)


def test_no_pyvis_or_ipython_in_dependencies_or_source():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    names = [re.match(r"[A-Za-z0-9_.-]+", d).group(0).lower() for d in config["project"]["dependencies"]]
    assert not {"pyvis", "ipython", "jedi", "prompt-toolkit", "prompt_toolkit"} & set(names)
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                tops = [(node.module or "").split(".")[0]]
            else:
                continue
            assert not {"pyvis", "IPython"} & set(tops), f"{path.relative_to(REPO)}:{node.lineno}"


PROBE = """
import contextlib, io, json, sys
from urbankb.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "help": out.getvalue(), "modules": sorted(sys.modules)}))
"""


@pytest.mark.parametrize(
    "argv, code",
    [(["--help"], 0), (["build", "--help"], 0), (["--version"], 0), (["build", "--jobs", "many"], 2), (["nonsense"], 2)],
)
def test_parsing_the_command_line_imports_nothing_heavy(argv, code):
    """``urbankb --help``, ``--version`` and argument errors run on argparse alone (modules read from ``sys.modules``)."""
    run = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, cwd=REPO, check=True)
    result = json.loads(run.stdout)
    assert result["code"] == code
    if "--help" in argv:
        assert "usage: urbankb" in result["help"]
    loaded = [m for m in result["modules"] if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert not loaded, loaded
