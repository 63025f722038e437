"""Build settings: defaults, the optional ``urbankb.yml`` file, command-line overrides.

Every setting, its type and default, in one place (as in Material for
MkDocs' plugin ``config.py``).  ``urbankb.yml`` in the working folder may
set any of them; paths in it are relative to that file::

    seeds: seeds
    docs: docs
    taxonomy: my-taxonomy.yaml     # your own topics
    dictionary: my-dict.txt        # jieba user dictionary
    stopwords: my-stopwords.txt
    site_title: 城市发展知识库
    cache: .urbankb-cache          # analysis cache; "none" turns it off
    jobs: 0                        # worker processes for seeds not in the cache; 0: one per CPU core
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import yaml

CONFIG_FILE = "urbankb.yml"
#: PyYAML's safe loader on libyaml's C parser when PyYAML was built with it (same results, several times faster)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ConfigError(Exception):
    """``urbankb.yml`` is invalid; the message names the file and line."""


@dataclass
class BuildConfig:
    """Settings of one build.

    Attributes:
        seeds: folder of seed articles (``.txt``, ``.md``).
        docs: MkDocs docs folder the pages are written into.
        taxonomy: topic taxonomy YAML (None: the shipped one).
        dictionary: jieba user dictionary (None: the shipped one).
        stopwords: stop-word list (None: the shipped one).
        glossary: term definitions YAML (None: the shipped one).
        gazetteer: entity gazetteer YAML (None: the shipped one).
        site_title: title shown on the home page.
        cache: analysis cache folder (see :mod:`urbankb.cache`; safe to
            delete), or None for no cache.
        jobs: worker processes that read and analyse seeds not in the
            cache; 0 is one per available CPU core, 1 none.
    """

    seeds: Path = Path("seeds")
    docs: Path = Path("docs")
    taxonomy: Path | None = None
    dictionary: Path | None = None
    stopwords: Path | None = None
    glossary: Path | None = None
    gazetteer: Path | None = None
    site_title: str = "城市发展知识库"
    cache: Path | None = Path(".urbankb-cache")
    jobs: int = 0


def load_config(folder: Path = Path("."), **overrides) -> BuildConfig:
    """Defaults, then ``folder/urbankb.yml`` if present, then non-None ``overrides``.

    Raises:
        ConfigError: the file is not valid YAML, not a mapping, or has an unknown key.
    """
    config = BuildConfig()
    path = folder / CONFIG_FILE
    names = {f.name for f in fields(BuildConfig)}
    if path.exists():
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise ConfigError(f"{path}:{mark.line + 1 if mark else 0}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{path}:1: settings must be a mapping")
        for key, value in data.items():
            if key not in names:
                raise ConfigError(f"{path}: unknown setting {key!r} (known: {', '.join(sorted(names))})")
            if key == "cache" and (value is None or str(value).lower() in ("none", "off", "false")):
                value = None
            elif key == "jobs":
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise ConfigError(f"{path}: jobs must be a whole number of processes, 0 for one per CPU core (got {value!r})")
            elif key != "site_title":
                value = path.parent / str(value)
            setattr(config, key, value)
    for key, value in overrides.items():
        if value is not None:
            setattr(config, key, value)
    return config
