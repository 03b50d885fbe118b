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


@lru_cache(maxsize=100_000)
def lemmas(word: str) -> frozenset[str]:
    """Every dictionary form a Russian word may have: 'Тверской' is the adjective тверской, 'Тверская' is read first as
    the place тверская, and a name is matched by either."""
    return frozenset(parse.normal_form for parse in analyzer().parse(word.lower()))
