"""The GitHub Actions workflow that tests, builds and publishes the site (.github/workflows/site.yml).

actionlint (from the test extras) must find nothing in it, and must find the
fault in a deliberately broken copy, so the lint test cannot pass vacuously.
The deploy job must run only for main, never for a pull request.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "site.yml"


def actionlint(workflow: Path) -> subprocess.CompletedProcess[str]:
    """Run actionlint on one workflow file (exit 0: clean, 1: problems found)."""
    exe = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("actionlint is not installed (neither on PATH nor next to the Python interpreter): pip install -e '.[test]'")
    return subprocess.run([exe, "-no-color", "-oneline", str(workflow)], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_workflow_passes_actionlint():
    lint = actionlint(WORKFLOW)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_actionlint_reports_a_broken_workflow(tmp_path):
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "needs: build" in text
    broken = tmp_path / ".github" / "workflows" / "site.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace("needs: build", "needs: biuld"), encoding="utf-8")  # a job that does not exist
    lint = actionlint(broken)
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert "biuld" in lint.stdout


def runs(condition: str, event: str, ref: str) -> bool:
    """Evaluate a job's ``if:`` (only ==, && and || on github.event_name and github.ref) for one event."""
    python = condition.replace("&&", " and ").replace("||", " or ")
    python = python.replace("github.event_name", repr(event)).replace("github.ref", repr(ref))
    return eval(python, {"__builtins__": {}})  # our own workflow file: string literals only


def test_deploy_runs_only_for_main():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert {"pull_request", "push", "workflow_dispatch"} <= set(triggers)
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}

    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["group"] == "pages"
    upload = next(step for step in workflow["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["if"] == deploy["if"]
    assert upload["with"]["path"].rstrip("/") == "site"

    main = "refs/heads/main"
    assert runs(deploy["if"], "push", main)
    assert runs(deploy["if"], "workflow_dispatch", main)
    assert not runs(deploy["if"], "push", "refs/heads/feature")
    assert not runs(deploy["if"], "workflow_dispatch", "refs/heads/feature")
    assert not runs(deploy["if"], "pull_request", "refs/pull/1/merge")
