"""urbankb: a cross-linked, topic-tagged knowledge base from Chinese articles."""

__version__ = "0.1.0"
