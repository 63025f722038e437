"""The ``urbankb`` command: build, check and evaluate a knowledge base.

Parsing the arguments imports only the standard library: every other
module (settings, the pipeline and its analysis, MkDocs, the progress bar,
YAML) is imported inside the function that needs it, so ``urbankb --help``
and argument errors answer at interpreter start-up speed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .config import BuildConfig

#: progress bars appear for runs over at least this many seed files
PROGRESS_MIN_FILES = 20


def _progress(items, total: int, desc: str = "reading seeds", unit: str = "file"):
    """``items`` wrapped in a tqdm progress bar on stderr, shown from :data:`PROGRESS_MIN_FILES` items (and on a terminal)."""
    from tqdm import tqdm

    # no monitor thread: a build forks worker processes, which is unsafe while other threads run
    # (the thread starts with the first bar, so setting this before creating one is enough)
    tqdm.monitor_interval = 0
    return tqdm(items, total=total, desc=desc, unit=unit, disable=total < PROGRESS_MIN_FILES or None, file=sys.stderr)


def _seconds(text: str) -> float:
    """``--wait-timeout``'s value: seconds, at least 0 (``inf``: no limit)."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also NaN
        raise argparse.ArgumentTypeError(f"expected a number of seconds, 0 or more: {text!r}")
    return seconds


def _lock_timeout(args: argparse.Namespace) -> float | None:
    """What ``--no-wait`` and ``--wait-timeout`` ask of :func:`urbankb.pipeline.build`: 0, seconds, or None (no limit)."""
    if getattr(args, "no_wait", False):
        return 0
    seconds = getattr(args, "wait_timeout", 600.0)
    return None if seconds == float("inf") else seconds


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="urbankb",
        description="Turn a folder of Chinese articles into a cross-linked, topic-tagged MkDocs knowledge base.",
        epilog="Settings may also come from urbankb.yml in the working folder; options given here win.",
    )
    parser.add_argument("--version", action="version", version=f"urbankb {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--seeds", type=Path, help="folder of seed articles, .txt or .md (default: seeds/)")
        p.add_argument("--taxonomy", type=Path, help="topic taxonomy YAML (default: the one shipped with urbankb)")
        p.add_argument("--dictionary", type=Path, help="jieba user dictionary (default: the shipped domain dictionary)")
        p.add_argument("--stopwords", type=Path, help="stop-word list, one word per line (default: the shipped list)")

    def cached(p: argparse.ArgumentParser) -> None:
        p.add_argument("--cache", type=Path, help="analysis cache folder, safe to delete (default: .urbankb-cache)")
        p.add_argument("--no-cache", action="store_true", help="analyse every seed again; read and write no cache")
        p.add_argument("-j", "--jobs", type=int, help="worker processes for seeds not in the cache (default: one per CPU core; 1: none)")

    def writes(p: argparse.ArgumentParser) -> None:
        common(p)
        cached(p)
        p.add_argument("--docs", type=Path, help="MkDocs docs folder to write into (default: docs/)")
        p.add_argument(
            "--wait-timeout",
            type=_seconds,
            default=600.0,
            metavar="SECONDS",
            help="while another build is writing the same docs folder, wait this long for it, then give up with "
            "status 2 (default: 600; 'inf': no limit)",
        )
        p.add_argument(
            "--no-wait", action="store_true", help="do not wait for another build writing the same docs folder: exit with status 2"
        )

    build = sub.add_parser(
        "build",
        help="read the seeds and write the pages and kb.json into the docs folder",
        description="Read every seed, analyse it, and write the generated Markdown pages and kb.json "
        "into the docs folder. Pages urbankb did not generate are never replaced or removed. "
        "Exits with status 1 when any seed could not be used (the rest is still built).",
    )
    writes(build)
    build.add_argument(
        "--zensical",
        type=Path,
        metavar="FILE",
        help="also write FILE (e.g. zensical.yml): mkdocs.yml plus the generated navigation, for `zensical build -f FILE`",
    )
    build.add_argument(
        "--mkdocs-config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the site's MkDocs configuration: the pages link with its use_directory_urls, and --zensical's FILE inherits it (default: mkdocs.yml)",
    )
    check = sub.add_parser(
        "check",
        help="validate the seeds and the taxonomy without writing anything",
        description="Read and analyse every seed and report problems with file and line; writes nothing. "
        "Exits with status 1 when any seed could not be used.",
    )
    common(check)
    serve = sub.add_parser(
        "serve",
        help="build, then preview with the MkDocs development server, rebuilding when seeds or data files change",
        description="Build the pages, start `mkdocs serve`, and watch the seeds folder, urbankb.yml and the "
        "taxonomy, dictionary and stop-word files: a change regenerates the pages that changed and the browser "
        "reloads. Ctrl-C stops it.",
    )
    writes(serve)
    serve.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="MkDocs configuration (default: mkdocs.yml)")
    serve.add_argument("-a", "--dev-addr", metavar="IP:PORT", help="address to serve on (default: MkDocs' own, 127.0.0.1:8000)")
    serve.add_argument(
        "--dirty",
        action="store_true",
        help="MkDocs re-renders only the pages a rebuild changed, as `mkdocs serve --dirty` (several times faster on "
        "large sites; pages left as they were keep their old navigation until a full build)",
    )
    ev = sub.add_parser(
        "eval",
        help="compare topic tags with a labelled set (precision, recall, F1)",
        description="Tag the seeds and compare with LABELS, a YAML list of {file or title, topics}. "
        "Prints per-topic precision, recall and F1 and a first-topic confusion table.",
    )
    ev.add_argument("labels", type=Path, help="labelled set YAML: [{file: NAME or title: TITLE, topics: [id, ...]}]")
    common(ev)
    cached(ev)
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``urbankb`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    from .config import ConfigError, load_config

    try:
        if args.command == "eval" and args.seeds is None:
            args.seeds = args.labels.parent / args.labels.stem.replace("_labels", "")
            if not args.seeds.is_dir():
                args.seeds = None
        config = load_config(
            Path("."),
            seeds=args.seeds,
            docs=getattr(args, "docs", None),
            taxonomy=args.taxonomy,
            dictionary=args.dictionary,
            stopwords=args.stopwords,
            cache=getattr(args, "cache", None),
            jobs=getattr(args, "jobs", None),
        )
    except ConfigError as exc:
        print(f"urbankb: error: {exc}", file=sys.stderr)
        return 2
    if args.command == "check" or getattr(args, "no_cache", False):
        config.cache = None  # check writes nothing, not even the cache
    site_config = getattr(args, "config_file", None) or getattr(args, "mkdocs_config", None)
    if site_config is not None and Path(site_config).resolve() != (Path(".") / "mkdocs.yml").resolve():
        from .config import mkdocs_directory_urls

        config.directory_urls = mkdocs_directory_urls(Path(site_config))  # the pages link as the site they are for
    if args.command == "serve":
        from .pipeline import BuildState, warm
        from .site.serve import serve

        state = BuildState()  # unchanged seeds stay analysed in memory between the preview's builds
        timeout = _lock_timeout(args)  # each rebuild takes the docs folder's build lock, as `urbankb build` does

        def build_and_warm() -> int:
            status = run("build", config, state=state, lock_timeout=timeout)
            warm(state)  # what a changed seed's analysis loads on first use, loaded while nothing waits for it
            return status

        return serve(config, args.config_file, args.dev_addr, build=build_and_warm, dirty=args.dirty)
    return run(args.command, config, args, lock_timeout=_lock_timeout(args))


def run(command: str, config: BuildConfig, args: argparse.Namespace | None = None, state=None, lock_timeout: float | None = 600.0) -> int:
    """Run ``build``, ``check`` or ``eval`` with ``config`` (:func:`urbankb.pipeline.build`); returns the exit status.

    ``state`` (a :class:`urbankb.pipeline.BuildState`) keeps the analysis
    in memory for the next run of a long-running process.  ``lock_timeout``:
    how long a build waits for another one writing the same docs folder
    (seconds; None: no limit; 0: not at all), after which it fails with
    status 2 (``urbankb: error: another build (pid N) is writing …``).

    Problems are printed to stderr with file and line, the summary to stdout.
    Exit status: 0 done, 1 some seed could not be used (the rest was built),
    2 nothing could be done (bad settings or data files, unwritable output).
    """
    from .config import ConfigError
    from .ingest import SeedError
    from .knowledge import DataFileError
    from .pipeline import build
    from .render.writer import WriteError
    from .topics import TaxonomyError

    try:
        result = build(config, state, _progress, write=command == "build", lock_timeout=lock_timeout)
    except (ConfigError, TaxonomyError, DataFileError, FileNotFoundError, SeedError, WriteError) as exc:
        print(f"urbankb: error: {exc}", file=sys.stderr)
        return 2
    corpus, seeds = result.corpus, result.seeds
    for issue in corpus.issues:
        if issue.severity != "info" or command != "eval":
            print(f"urbankb: {issue}", file=sys.stderr)
    warnings = sum(1 for i in corpus.issues if i.severity == "warning")
    errors = sum(1 for i in corpus.issues if i.severity == "error")
    if command == "eval":
        return _eval(args, corpus)
    tagged = sum(1 for a in corpus.articles if a.topics)
    cached = f" ({seeds.cached} from the analysis cache)" if seeds.cached else ""
    summary = (
        f"{len(corpus.articles)} articles from {len(corpus.collections)} seed files{cached}, "
        f"{len(corpus.topics)} topics ({tagged} articles tagged), {warnings} warnings, {errors} errors"
    )
    if result.written is not None:
        assert result.site is not None
        for problem in result.site.problems:
            print(f"urbankb: warning: {problem}", file=sys.stderr)
        for rel in result.written.skipped:
            print(f"urbankb: warning: {config.docs / rel} exists and was not generated by urbankb; left as it is", file=sys.stderr)
        counts = result.written.counts
        summary += f"; {counts['written']} pages written, {counts['unchanged']} unchanged, {counts['removed']} removed → {config.docs}/"
        if args is not None and getattr(args, "zensical", None):
            from .site.zensical import write_zensical_config

            try:
                write_zensical_config(args.zensical, args.mkdocs_config, config.docs)
            except WriteError as exc:
                print(f"urbankb: error: {exc}", file=sys.stderr)
                return 2
            summary += f"; Zensical configuration → {args.zensical}"
    print(f"urbankb: {summary}", flush=True)
    if seeds.failed:
        # repeated at the end so it is the last thing CI shows
        print(f"urbankb: {len(seeds.failed)} seed file(s) could not be used: {', '.join(seeds.failed)}", file=sys.stderr)
        return 1
    return 0


def load_labels(path: Path) -> list[dict]:
    """Read a labelled set: a YAML list of ``{file|title, topics}`` mappings.

    Raises:
        ValueError: the file is not such a list (message names the file).
        yaml.YAMLError: the file is not YAML.
    """
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(d, dict) and ("file" in d or "title" in d) for d in data):
        raise ValueError(f"{path}: labels must be a list of mappings with 'file' or 'title' and 'topics'")
    return data


def _eval(args, corpus) -> int:
    import yaml

    try:
        labels = load_labels(args.labels)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        print(f"urbankb: error: {exc}", file=sys.stderr)
        return 2
    expected: dict[str, list[str]] = {}
    predicted: dict[str, list[str]] = {}
    missing = []
    for item in labels:
        key = item.get("title") or item.get("file")
        if "title" in item:
            matches = [a for a in corpus.articles if a.title == item["title"]]
        else:
            matches = [a for a in corpus.articles if a.seed == item["file"]]
        if not matches:
            missing.append(key)
            continue
        art = matches[0]
        expected[key] = list(item.get("topics") or [])
        predicted[key] = [t.topic for t in art.topics]
    from .evaluate import confusion

    ids = [t.id for t in corpus.topics]
    result = confusion(expected, predicted, ids)
    result["missing"] = missing
    result["items"] = len(expected)
    if args.json:
        import json

        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"{len(expected)} labelled articles ({len(missing)} not found: {', '.join(missing) or '-'})")
    print(f"{'topic':24} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for t in ids:
        r = result["per_topic"][t]
        print(f"{t:24} {r['precision']:9.2f} {r['recall']:7.2f} {r['f1']:6.2f} {r['support']:8d}")
    print(
        f"micro F1 {result['micro_f1']:.3f}  macro F1 {result['macro_f1']:.3f}  first-topic accuracy {result['first_topic_accuracy']:.3f}"
    )
    cols = [*ids, "none"]
    print("\nfirst topic: expected (rows) × predicted (columns)")
    print(f"{'':24}" + "".join(f"{c[:12]:>13}" for c in cols))
    for e in cols:
        row = result["confusion"].get(e, {})
        print(f"{e:24}" + "".join(f"{row.get(c, 0):13d}" for c in cols))
    wrong = [k for k in expected if (expected[k][:1] or ["none"]) != (predicted[k][:1] or ["none"])]
    if wrong:
        print("\nfirst topic differs:")
        for k in wrong:
            print(f"  {k}: expected {expected[k] or 'none'}, got {predicted[k] or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
