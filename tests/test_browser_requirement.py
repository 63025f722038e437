"""The browser tests skip on a developer machine without Chromium, and fail under CI.

A CI run that silently skipped them would report the site search as tested
when no browser ever ran.  Each case runs one browser-module test in a
child pytest with the browser (or playwright) made to be missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

#: needs no built site, so the child run takes a few seconds
ONE_TEST = "tests/test_search_browser.py::test_search_has_at_least_25_reader_queries"


def run_browser_test(tmp_path: Path, ci: str | None, missing: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    if missing == "chromium":
        env["URBANKB_CHROMIUM"] = str(tmp_path / "no-such-chromium")
    else:  # a playwright package that cannot be imported shadows the installed one
        fake = tmp_path / "shadow" / "playwright"
        fake.mkdir(parents=True)
        (fake / "__init__.py").write_text('raise ImportError("playwright hidden by the test")\n', encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join([str(fake.parent), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", ONE_TEST],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("ci", "missing"),
    [(None, "playwright"), ("", "chromium")],
    ids=["no-playwright", "CI-empty-no-chromium"],
)
def test_browser_tests_skip_without_a_browser_on_a_developer_machine(tmp_path, ci, missing):
    run = run_browser_test(tmp_path, ci, missing)
    assert run.returncode == 0 and "1 skipped" in run.stdout, f"expected a skip without {missing}:\n{run.stdout}{run.stderr}"
    assert missing in run.stdout, f"the skip reason does not say {missing} is missing:\n{run.stdout}"


@pytest.mark.parametrize(("ci", "missing"), [("1", "chromium")])
def test_browser_tests_fail_without_a_browser_under_ci(tmp_path, ci, missing):
    run = run_browser_test(tmp_path, ci, missing)
    assert run.returncode != 0, f"CI={ci}: the browser tests passed or skipped without {missing}:\n{run.stdout}{run.stderr}"
    assert "skipped" not in run.stdout, f"CI={ci}: the browser tests were skipped:\n{run.stdout}"
    assert "must run under CI" in run.stdout and missing in run.stdout, f"no reason given:\n{run.stdout}"
