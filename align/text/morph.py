"""One pymorphy3 analyser for the whole process: its dictionaries take a second and 15 MB to load."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def analyzer():
    """The shared ``pymorphy3.MorphAnalyzer``, loaded on first use."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100_000)
def lemma(word: str) -> str:
    """The dictionary form of a Russian word (lower case)."""
    return analyzer().parse(word.lower())[0].normal_form
