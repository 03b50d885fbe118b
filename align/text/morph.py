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


@lru_cache(maxsize=100_000)
def surname_readings(word: str) -> frozenset[str]:
    """The dictionary forms of a word read as a surname, with the sex it is of: 'навальный|masc' for 'Навального',
    'навальный|femn' for 'Навальной', 'навальный|plur' for 'Навальные' (the family). Both Navalnys' surnames have
    the dictionary form навальный; alone, each names one of them."""
    readings = set()
    for parse in analyzer().parse(word.lower()):
        if "Surn" not in parse.tag and parse.tag.POS != "ADJF":
            continue
        if parse.tag.number == "plur":
            readings.add(f"{parse.normal_form}|plur")
        elif "ms-f" in parse.tag:  # Шойгу, Кличко: one form for both
            readings |= {f"{parse.normal_form}|masc", f"{parse.normal_form}|femn"}
        elif parse.tag.gender in ("masc", "femn"):
            readings.add(f"{parse.normal_form}|{parse.tag.gender}")
    return frozenset(readings)


def surname_of_sex(surname: str) -> frozenset[str] | None:
    """What names a person by ``surname`` (as a glossary writes it, in the nominative) alone: its readings for the sex
    its nominative is of, and the family's plural; None when the nominative says no one sex ('Скрипаль', 'Шойгу')."""
    nominative = [parse for parse in analyzer().parse(surname.lower()) if parse.tag.case == "nomn" and ("Surn" in parse.tag or parse.tag.POS == "ADJF")]
    sexes = {parse.tag.gender for parse in nominative if parse.tag.number == "sing"}
    if len(sexes) != 1 or not sexes <= {"masc", "femn"}:
        return None
    sex = sexes.pop()
    return frozenset(f"{parse.normal_form}|{suffix}" for parse in nominative for suffix in (sex, "plur"))
