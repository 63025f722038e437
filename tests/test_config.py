"""Settings from ``urbankb.yml``: the scoring weights are read, and a wrong one stops the build with the file named."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import SEEDS, copy_handwritten_docs

from urbankb.config import CONFIG_FILE, ConfigError, RelatedScoring, TopicScoring, load_config


def write_settings(folder, text: str):
    path = folder / CONFIG_FILE
    path.write_text(text, encoding="utf-8")
    return path


def test_scoring_weights_are_read_from_urbankb_yml(tmp_path):
    write_settings(tmp_path, "topic_scoring:\n  threshold: 2.5\nrelated_scoring:\n  count: 3\n")
    config = load_config(tmp_path)
    assert config.topic_scoring.threshold == 2.5
    assert config.related_scoring.count == 3 and isinstance(config.related_scoring.count, int)
    # the fields not given keep their defaults
    assert config.topic_scoring.title_weight == TopicScoring().title_weight
    assert config.related_scoring.cosine == RelatedScoring().cosine


def test_without_urbankb_yml_the_weights_are_the_defaults(tmp_path):
    config = load_config(tmp_path)
    assert (config.topic_scoring, config.related_scoring) == (TopicScoring(), RelatedScoring())


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("topic_scoring:\n  nope: 1\n", "unknown topic_scoring setting 'nope'"),
        ("related_scoring:\n  count: 1.5\n", "related_scoring.count must be a whole number"),
        ("related_scoring:\n  count: -2\n", "related_scoring.count must be a whole number, 0 or more"),
        ("topic_scoring:\n  threshold: -0.5\n", "topic_scoring.threshold must be a number, 0 or more"),
        ("related_scoring:\n  shared: lots\n", "related_scoring.shared must be a number"),
        ("related_scoring:\n  count: true\n", "related_scoring.count must be a whole number"),
        ("related_scoring: 3\n", "related_scoring must be a mapping"),
    ],
    ids=["unknown-field", "fractional-count", "negative-count", "negative-threshold", "text-weight", "boolean-count", "not-a-mapping"],
)
def test_a_wrong_scoring_setting_is_refused_naming_the_file(tmp_path, text, says):
    path = write_settings(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    message = str(caught.value)
    assert str(path) in message, f"the error does not name {path}: {message}"
    assert says in message, f"the error does not say what is wrong: {message}"


def test_the_related_count_from_urbankb_yml_limits_related_articles_in_kb_json(tmp_path):
    """End to end: ``urbankb build`` in a project whose urbankb.yml sets ``related_scoring: {count: 2}``."""
    copy_handwritten_docs(tmp_path / "docs")
    write_settings(tmp_path, f"related_scoring:\n  count: 2\nseeds: {json.dumps(str(SEEDS))}\n")
    run = subprocess.run(
        [sys.executable, "-m", "urbankb.cli", "build", "--docs", str(tmp_path / "docs"), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert run.returncode == 0, run.stderr
    kb = json.loads((tmp_path / "docs" / "kb.json").read_text(encoding="utf-8"))
    # the project has no seeds/ of its own: the seeds are the ones urbankb.yml names
    assert {a["seed"] for a in kb["articles"]} == {p.name for p in SEEDS.iterdir()}
    counts = {a["id"]: len(a["related"]) for a in kb["articles"]}
    assert max(counts.values()) <= 2, f"more than 2 related articles: { {k: n for k, n in counts.items() if n > 2} }"
    # the default is 5; every seed article has at least 3 related ones then, so each lists exactly 2 here
    assert set(counts.values()) == {2}, f"related articles per article: {counts}"
    assert not (tmp_path / ".urbankb-cache").exists(), "--no-cache wrote a cache"
