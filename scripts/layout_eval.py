"""Score urbankb's layout repair on the typeset material in ``tests/data/layouts/`` (issue 14).

Each typeset PDF is read by urbankb's own reader along every route
(:data:`urbankb.evaluate.LAYOUT_ROUTES`): its ``pdftotext`` and ``pdfminer``
texts (as ``<stem>.txt``), and the PDF itself when a ``.pdf`` reader is
registered.  The figures are :func:`urbankb.evaluate.layout_scores`'s, totalled
per route and split.  Not a test: nothing is asserted.

Usage::

    python scripts/layout_eval.py [--split dev|test|dev2|dev3|dev4|dev5|all] [--json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from urbankb.config import BuildConfig
from urbankb.evaluate import LAYOUT_FOUND, LAYOUT_LEAKS, LAYOUT_ROUTES, score_route
from urbankb.pipeline import load_analysis

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "layouts"
SPLITS = ["dev", "test", "dev2", "dev3", "dev4", "dev5"]  # as scripts/typeset_layouts.py


def evaluate(splits: list[str]) -> dict:
    """``{route: {split: LayoutScore.as_dict() or None}}`` (``None``: the route has no reader)."""
    analyzer = load_analysis(BuildConfig()).analyzer  # as tests/conftest.py's ``analyzer`` fixture
    results: dict = {}
    for route in LAYOUT_ROUTES:
        for split in splits:
            golds = sorted((DATA / split).glob("*.gold.yaml"))
            score = score_route(golds, route, analyzer)
            results.setdefault(route, {})[split] = score.as_dict() if score else None
    return results


def _cell(found: int, total: int) -> str:
    pct = 100 * found / total if total else 0.0
    return f"{found}/{total} ({pct:.0f}%)"


def table(results: dict) -> str:
    """The results as one plain-text table: route × split × the five figures."""
    header = ["route", "split", "files", *LAYOUT_FOUND, *(f"{k} (lines)" for k in LAYOUT_LEAKS)]
    rows = [header]
    for route, splits in results.items():
        for split, r in splits.items():
            if r is None:
                rows.append([route, split, "not available", *[""] * (len(header) - 3)])
                continue
            files = f"{r['files']}" + (f" ({r['refused']} refused)" if r["refused"] else "")
            cells = [_cell(r[k]["found"], r[k]["total"]) for k in LAYOUT_FOUND]
            cells += [f"{r[k]['count']} ({r[k]['lines']})" for k in LAYOUT_LEAKS]
            rows.append([route, split, files, *cells])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows)


def main() -> None:
    """Command line: ``--split dev|test|dev2|dev3|dev4|dev5|all``, ``--json``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    splits = SPLITS if args.split == "all" else [args.split]
    results = evaluate(splits)
    print(json.dumps(results, ensure_ascii=False, indent=2) if args.json else table(results))


if __name__ == "__main__":
    main()
