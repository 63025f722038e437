"""The import rules ARCHITECTURE.md states, read from the source (every import, also those inside functions)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "src" / "urbankb"

#: layer -> the layers it must never import (ARCHITECTURE.md, "Import rules")
FORBIDDEN = {
    "analysis": {"pipeline", "render", "site", "cli"},
    "render": {"pipeline", "site", "cli"},
    "site": {"analysis", "cli"},
    "pipeline": {"site", "cli"},
    "base": {"analysis", "pipeline", "render", "site", "cli", "evaluate"},
}


def layer(module: str) -> str:
    """The layer of a module ``urbankb.x.y``."""
    top = module.split(".")[1] if "." in module else ""
    if top in ("ingest", "nlp", "topics", "knowledge"):
        return "analysis"
    if top in ("pipeline", "render", "site", "cli", "evaluate"):
        return top
    return "base"  # config, model, han, escape, artifacts


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ["urbankb", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(module: str, path: Path) -> set[str]:
    """The urbankb modules ``module`` imports, relative imports resolved."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("urbankb"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.startswith("urbankb"):
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)
    known = modules()
    return {name for name in found if name in known}


@pytest.mark.parametrize("module", sorted(modules()))
def test_module_imports_follow_the_rules_of_architecture_md(module):
    path = modules()[module]
    mine = layer(module)
    wrong = sorted(name for name in imports(module, path) if layer(name) in FORBIDDEN.get(mine, set()) and layer(name) != mine)
    assert not wrong, f"{module} ({mine}) imports {wrong}: see ARCHITECTURE.md"


def test_the_rules_catch_an_analysis_module_that_imports_the_cache(tmp_path):
    fake = tmp_path / "terms.py"
    fake.write_text("from ..pipeline.cache import AnalysisCache\n", encoding="utf-8")
    assert layer(next(iter(imports("urbankb.knowledge.terms", fake)))) == "pipeline"


def test_architecture_md_names_every_module():
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(src/urbankb/[\w/]+(?:\.py|/))`", text))
    for path in modules().values():
        rel = path.relative_to(REPO).as_posix()
        folder = rel.rsplit("/", 1)[0] + "/"
        assert rel in named or folder in named, f"{rel} is not in ARCHITECTURE.md"
