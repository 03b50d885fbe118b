"""Numbers spelled out in words, in English, Russian and Indonesian: the word lists, and a reader of word runs.

The number checks (``align.names.numbers``) build their patterns from these lists; the aligner reads a
heading 'Шесть' or 'Chapter Twenty-One' as the number a translation may write in digits ('6', 'Bab 21').
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

EN_UNITS = "one two three four five six seven eight nine".split()
EN_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
EN_TEN_STEMS = "twen thir for fif six seven eigh nine".split()  # + 'ty', 'tieth', 'ties'
EN_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
RU_UNITS = {
    1: "один одна одно одного одной одному одним одном одну",
    2: "два две двух двум двумя",
    3: "три трёх трех трём трем тремя",
    4: "четыре четырёх четырех четырём четырем четырьмя",
    5: "пять пяти пятью",
    6: "шесть шести шестью",
    7: "семь семи семью",
    8: "восемь восьми восемью",
    9: "девять девяти девятью",
}
RU_TENS = {20: "двадцать двадцати", 30: "тридцать тридцати", 40: "сорок сорока", 50: "пятьдесят пятидесяти", 60: "шестьдесят шестидесяти",
           70: "семьдесят семидесяти", 80: "восемьдесят восьмидесяти", 90: "девяносто девяноста"}  # fmt: skip
RU_DECADES = {20: "двадцат", 30: "тридцат", 40: "сороков", 50: "пятидесят", 60: "шестидесят", 70: "семидесят", 80: "восьмидесят", 90: "девяност"}
RU_ADJECTIVE_ENDINGS = "ый ой ий ая ое ые ого ому ом ую ых ым ыми".split()
ID_UNITS = "satu dua tiga empat lima enam tujuh delapan sembilan".split()

_RU_ORDINAL_STEMS = {1: "перв", 2: "втор", 4: "четвёрт четверт", 5: "пят", 6: "шест", 7: "седьм", 8: "восьм", 9: "девят", 10: "десят", 100: "сот"}
_RU_TEEN_STEMS = "одиннадцат двенадцат тринадцат четырнадцат пятнадцат шестнадцат семнадцат восемнадцат девятнадцат".split()
_RU_THIRD = "третий третья третье третьи третьего третьей третьему третьем третью третьих третьим третьими".split()
_RU_HUNDREDS = {100: "сто ста", 200: "двести", 300: "триста", 400: "четыреста", 500: "пятьсот", 600: "шестьсот", 700: "семьсот", 800: "восемьсот", 900: "девятьсот"}
_SCALE = {"puluh": 10, "ratus": 100, "hundred": 100}  # multiply the unit before them: 'dua puluh' 20, 'two hundred' 200
_TEEN = "belas"  # adds ten to the unit before it: 'enam belas' 16
JOINERS = frozenset({"and"})  # between two number words: 'one hundred and five', 'five-and-twenty'


@cache
def number_words() -> dict[str, int]:
    """Every spelled-out number word of the three languages (lower case) and its value; the scale words
    ('puluh', 'hundred') map to their factor and 'belas' to 10, for ``spelled_numbers`` to combine."""
    words: dict[str, int] = {}
    for value, word in enumerate(EN_UNITS + EN_TEENS, start=1):
        words[word] = value
    for value, word in enumerate(EN_ORDINALS, start=1):
        words[word] = value
    for value, word in enumerate(EN_TEENS[3:], start=13):
        words[word + "th"] = value
    for tens, stem in enumerate(EN_TEN_STEMS, start=2):
        words["forty" if stem == "for" else "eighty" if stem == "eigh" else f"{stem}ty"] = tens * 10
        words[f"{stem}tieth"] = tens * 10
    words["hundredth"] = 100
    for value, forms in [*RU_UNITS.items(), *RU_TENS.items(), *_RU_HUNDREDS.items()]:
        words.update(dict.fromkeys(forms.split(), value))
    words.update({"десять": 10, "десяти": 10, "десятью": 10})
    for value, stem in enumerate(_RU_TEEN_STEMS, start=11):
        words.update({stem + "ь": value, stem + "и": value, stem + "ью": value})
    ordinal_stems = [*_RU_ORDINAL_STEMS.items(), *((11 + k, stem) for k, stem in enumerate(_RU_TEEN_STEMS)), *RU_DECADES.items()]
    for value, stems in ordinal_stems:
        words.update({stem + ending: value for stem in stems.split() for ending in RU_ADJECTIVE_ENDINGS})
    words.update(dict.fromkeys(_RU_THIRD, 3))
    for value, word in enumerate(ID_UNITS, start=1):
        words[word] = words["ke" + word] = value
    words.update({"pertama": 1, "sepuluh": 10, "kesepuluh": 10, "sebelas": 11, "kesebelas": 11, "seratus": 100})
    words.update(_SCALE)
    words[_TEEN] = 10
    return words


_ONES = {"one", "satu", *RU_UNITS[1].split()}  # 'one', 'один', 'satu' alone are as often words as numbers


def spelled_numbers(words: Sequence[str]) -> list[tuple[int, int]]:
    """The numbers a run of number words (and ``JOINERS`` between them) spells, as (index of its first word,
    value): 'twenty one' → 21, 'dua puluh satu' → 21, 'enam belas' → 16, 'сто двадцать пять' → 125, 'one hundred
    and five' → 105, 'five and twenty' → 25 (as older English says it); 'five six' is two numbers. A lone 'one'
    (or 'один', 'satu') counts for nothing."""
    values = number_words()
    numbers: list[tuple[int, int]] = []
    start, total, last = 0, 0, 0  # the number being read: where it began, its value, its last part
    joined = False  # a joiner came after the last part

    def close() -> None:
        if total and not (total == 1 and words[start] in _ONES):
            numbers.append((start, total))

    for k, word in enumerate(words):
        if word in JOINERS:
            joined = bool(total)
            continue
        value = values[word]
        if joined and 0 < last < 10 and value in _TENS:  # 'five and twenty'
            total, last, joined = total + value, last + value, False
            continue
        joined = False
        if word in _SCALE or word == _TEEN:
            if 0 < last < 10:  # 'dua puluh', 'enam belas', 'two hundred'
                part = last + 10 if word == _TEEN else last * value
                total, last = total - last + part, part
                continue
            if word == _TEEN:
                close()
                start, total, last = k, 0, 0
                continue
        if total and last >= 10 and value < _place(last):  # 'twenty' + 'one', 'сто' + 'двадцать'
            total, last = total + value, value
            continue
        close()
        start, total, last = k, value, value
    close()
    return numbers


_TENS = frozenset(range(20, 100, 10))


def _place(value: int) -> int:
    """The power of ten of ``value``'s first digit: what a part after it must stay below (20 → 10, 300 → 100)."""
    place = 1
    while place * 10 <= value:
        place *= 10
    return place
