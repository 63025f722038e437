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
    topic_scoring:                 # any field of TopicScoring
      threshold: 1.2
    related_scoring:               # any field of RelatedScoring
      shared: 0.4
    search_ranking:                # any field of SearchRanking
      title: 10

The scoring settings are the weights of the formulas the README gives
(topic scoring, related articles, search ranking), as Hugo's ``related``
configuration is.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import yaml

CONFIG_FILE = "urbankb.yml"
#: PyYAML's safe loader on libyaml's C parser when PyYAML was built with it (same results, several times faster)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ConfigError(Exception):
    """``urbankb.yml`` is invalid; the message names the file and line."""


@dataclass(frozen=True)
class TopicScoring:
    """Weights of topic scoring (:func:`urbankb.topics.score_article`; formula in the README).

    Attributes:
        title_weight: an indicator term in the title counts this many times.
        lead_weight: ... in the lead (first paragraph, or the first ``lead_share`` of the body).
        lead_share: share of the body that is the lead at least (0-1).
        breadth_terms: distinct indicator terms for full breadth.
        smoothing_tokens: content tokens added to every article's length (a prior).
        threshold: a topic needs at least this score.
        second_topic_ratio: a further topic needs this share of the best score (0-1).
        max_topics: at most this many topics per article.
        section_min_chars: articles this long (characters) are also scored per section.
        section_chars: a section without headings is about this many characters.
        section_floor: the part of the score a topic keeps with no section of its own.
    """

    title_weight: float = 3.0
    lead_weight: float = 2.0
    lead_share: float = 0.15
    breadth_terms: int = 3
    smoothing_tokens: int = 150
    threshold: float = 1.0
    second_topic_ratio: float = 0.5
    max_topics: int = 2
    section_min_chars: int = 1800
    section_chars: int = 400
    section_floor: float = 0.25


@dataclass(frozen=True)
class RelatedScoring:
    """Weights of related articles (:func:`urbankb.knowledge.relate`; formula in the README).

    Attributes:
        cosine: weight of the TF-IDF cosine of the two texts.
        topic: weight of the Jaccard overlap of their topics.
        shared: weight of the IDF-weighted overlap of the terms and entities they mention.
        count: related articles listed per article.
        reason_items: shared terms and entities named as the reason, at most.
    """

    cosine: float = 0.5
    topic: float = 0.2
    shared: float = 0.3
    count: int = 5
    reason_items: int = 4


@dataclass(frozen=True)
class SearchRanking:
    """Field weights of the search index (:mod:`urbankb.render.search`; formula in the README).

    Attributes:
        title: a token of the page title.
        keyword: a token of one of the article's keywords.
        people: a token of a speaker's, author's or reporter's name.
        heading: a token of a section heading.
        tag: a token of a topic name the page is tagged with.
        part: factor of a dictionary word found inside a longer token.
        article_boost: every article page's score is multiplied by this
            (hand-written pages: their ``search: boost``, default 1).
    """

    title: float = 8.0
    keyword: float = 4.0
    people: float = 4.0
    heading: float = 3.0
    tag: float = 2.0
    part: float = 0.5
    article_boost: float = 2.0


#: settings that are groups of weights: name -> their type
SCORING = {"topic_scoring": TopicScoring, "related_scoring": RelatedScoring, "search_ranking": SearchRanking}


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
        topic_scoring, related_scoring, search_ranking: the weights of the scoring formulas.
        directory_urls: MkDocs' ``use_directory_urls`` for the site: the URLs the generated
            pages link each other with.  By default read from ``mkdocs.yml`` beside
            ``urbankb.yml`` (:func:`mkdocs_directory_urls`); the MkDocs plugin stops a
            build whose setting differs.
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
    topic_scoring: TopicScoring = field(default_factory=TopicScoring)
    related_scoring: RelatedScoring = field(default_factory=RelatedScoring)
    search_ranking: SearchRanking = field(default_factory=SearchRanking)
    directory_urls: bool = True


#: the MkDocs configuration a build's URLs follow, beside ``urbankb.yml``
MKDOCS_FILE = "mkdocs.yml"


class _IgnoreTags(SAFE_LOADER):  # type: ignore[misc, valid-type]
    """A safe YAML loader that reads MkDocs' own tags (``!ENV``, ``!!python/name:``) as null."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_directory_urls(path: Path) -> bool:
    """``use_directory_urls`` of the MkDocs configuration at ``path`` (MkDocs' default, True, when the file
    or the key is missing, or the file is not readable YAML: MkDocs itself reports a broken file)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_IgnoreTags)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return True
    value = data.get("use_directory_urls", True) if isinstance(data, dict) else True
    return value if isinstance(value, bool) else True


def _weights(path: Path, key: str, value: object, current):
    """A scoring settings group from its mapping in ``urbankb.yml`` (fields not given keep their value).

    Raises:
        ConfigError: not a mapping, an unknown field, or a value that is not a non-negative number.
    """
    kind = type(current)
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {key} must be a mapping of weights (fields: {', '.join(f.name for f in fields(kind))})")
    types = {f.name: f.type for f in fields(kind)}
    changes = {}
    for name, number in value.items():
        if name not in types:
            raise ConfigError(f"{path}: unknown {key} setting {name!r} (known: {', '.join(types)})")
        integral = types[name] in (int, "int")
        ok = isinstance(number, int | float) and not isinstance(number, bool) and number >= 0
        if not ok or (integral and not float(number).is_integer()):
            wanted = "a whole number" if integral else "a number"
            raise ConfigError(f"{path}: {key}.{name} must be {wanted}, 0 or more (got {number!r})")
        changes[name] = int(number) if integral else float(number)
    return replace(current, **changes)


def load_config(folder: Path = Path("."), **overrides) -> BuildConfig:
    """Defaults, then ``folder/urbankb.yml`` if present, then non-None ``overrides``.

    Raises:
        ConfigError: the file is not valid YAML, not a mapping, or has an unknown key.
    """
    config = BuildConfig(directory_urls=mkdocs_directory_urls(folder / MKDOCS_FILE))
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
            elif key in SCORING:
                value = _weights(path, key, value, getattr(config, key))
            elif key == "jobs":
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise ConfigError(f"{path}: jobs must be a whole number of processes, 0 for one per CPU core (got {value!r})")
            elif key == "directory_urls":
                if not isinstance(value, bool):
                    raise ConfigError(f"{path}: directory_urls must be true or false (got {value!r})")
            elif key != "site_title":
                value = path.parent / str(value)
            setattr(config, key, value)
    for key, value in overrides.items():
        if value is not None:
            setattr(config, key, value)
    return config
