"""Topic tags against a labelled set (``urbankb eval``): precision, recall, F1 and a confusion table.

The figures are scikit-learn's (``sklearn.metrics``) over the topic sets as
multi-label indicator rows (``MultiLabelBinarizer``).
"""

from __future__ import annotations

from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

#: the label of an item with no topic in the first-topic table
NONE = "none"


def confusion(expected: dict[str, list[str]], predicted: dict[str, list[str]], topic_ids: list[str]) -> dict:
    """Per-topic precision/recall/F1 and a first-topic confusion table.

    Args:
        expected: item -> expected topics (best first; empty = none).
        predicted: item -> predicted topics (best first); an item missing here predicts none.
        topic_ids: all topic ids, in display order.

    Returns:
        ``{"per_topic": {id: {"precision", "recall", "f1", "support"}},
        "micro_f1", "macro_f1" (over the topics with support), "first_topic_accuracy",
        "confusion": {expected first or "none": {predicted first or "none": n}}}``;
        a ratio with nothing to divide by is 0.
    """
    items = list(expected)
    binarizer = MultiLabelBinarizer(classes=topic_ids)
    y_true = binarizer.fit_transform([[t for t in expected[k] if t in topic_ids] for k in items])
    y_pred = binarizer.transform([[t for t in predicted.get(k, []) if t in topic_ids] for k in items])
    per = {}
    if items:
        p, r, f, support = precision_recall_fscore_support(y_true, y_pred, labels=range(len(topic_ids)), zero_division=0)
        for i, t in enumerate(topic_ids):
            per[t] = {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(support[i])}
    else:
        per = {t: {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0} for t in topic_ids}
    supported = [i for i, t in enumerate(topic_ids) if per[t]["support"]]
    micro = float(f1_score(y_true, y_pred, average="micro", zero_division=0)) if items else 0.0
    macro = float(f1_score(y_true, y_pred, labels=supported, average="macro", zero_division=0)) if supported else 0.0
    first_true = [(expected[k] or [NONE])[0] for k in items]
    first_pred = [(predicted.get(k) or [NONE])[0] for k in items]
    labels = [*topic_ids, NONE]
    table = {}
    if items:
        matrix = confusion_matrix(first_true, first_pred, labels=labels)
        table = {e: {labels[j]: int(n) for j, n in enumerate(row) if n} for e, row in zip(labels, matrix, strict=True) if row.any()}
    return {
        "per_topic": per,
        "micro_f1": micro,
        "macro_f1": macro,
        "first_topic_accuracy": float(accuracy_score(first_true, first_pred)) if items else 0.0,
        "confusion": table,
    }
