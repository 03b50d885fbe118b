"""Cyrillic → Latin transliteration, in every scheme a translation may have used.

Machine translation and human editors do not agree on one scheme: Лукьянов
comes out as Lukyanov, Luk'yanov or Lukianov, Сергей as Sergey or Sergei.
iuliia implements the published schemes exactly; cyrtranslit adds the
ad-hoc one ('Dzhebhat', 'SHojgu') that many tools produce.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans("", "", "'’ʹʺ\"")


def is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


@lru_cache(maxsize=1)
def schemes() -> tuple:
    """iuliia's published schemes, Wikipedia's (the one English news uses most) first; loaded on first use."""
    import iuliia

    return (iuliia.WIKIPEDIA, iuliia.BGN_PCGN, iuliia.ICAO_DOC_9303, iuliia.MOSMETRO, iuliia.SCIENTIFIC, iuliia.GOST_779)


def to_latin(text: str) -> str:
    """The one transliteration to show a user: Wikipedia's, the one English news uses most."""
    return schemes()[0].translate(text)


# Wikipedia's transliteration of each Russian letter inside a word (after 'б', so е is e, not ye), as iuliia's
# WIKIPEDIA scheme gives it (a test checks that they agree). Written out: loading iuliia's schemes to build it was
# 5 ms of every `align align`, which needs nothing else of them.
_WIKIPEDIA_LETTERS = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", ("a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya")))
_LETTER_TABLE = str.maketrans(_WIKIPEDIA_LETTERS | {lower.upper(): latin[:1].upper() + latin[1:] for lower, latin in _WIKIPEDIA_LETTERS.items()})


def fast_latin(text: str) -> str:
    """Wikipedia's transliteration letter by letter, without its context rules: 50× faster, for bulk matching.
    Text without Cyrillic is returned as it is."""
    return text.translate(_LETTER_TABLE) if has_cyrillic(text) else text


def ascii_fold(text: str) -> str:
    """Strip accents and apostrophes so that 'Lukʹânov' and "Luk'yanov" compare as plain letters."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Latin spellings reduced to how they sound, so that a Cyrillic rendering of an English name compares with
# the name itself: Мирджади (mirdzhadi) and Meerjady both become 'mirjadi', Нарайана and Narayana 'naraiana'.
_SOUND_RULES = (("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("ee", "i"), ("oo", "u"), ("ou", "u"),
                ("y", "i"), ("w", "v"), ("q", "k"), ("x", "ks"), ("c", "k"), ("'", ""))  # fmt: skip
_NOT_SOUNDED = re.compile(r"[^a-z ]")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def sound_key(text: str) -> str:
    """A rough phonetic spelling of a name in Latin or Cyrillic letters, for comparing renderings across scripts.
    Cyrillic letters are Wikipedia's, but ё is e: English writes Gorbachev, not Gorbachyov."""
    key = fast_latin(text.lower().replace("ё", "е"))
    for written, sound in _SOUND_RULES:
        key = key.replace(written, sound)
    return _DOUBLED.sub(r"\1", _NOT_SOUNDED.sub("", key))


_VOWELS = re.compile("[aeiou]")
NAME_KEY_LETTERS = 3
"""Three: a fourth consonant already parts a language's own ending from another's (Norway and Norwegia,
Sweden and Swedia, Putin and Путиным); folders paired better with three than with four or five."""


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """What a name keeps through transliteration and inflection: the first letter of its ``sound_key`` and the
    next consonants (``NAME_KEY_LETTERS`` letters at most). Скотт and Scott, Холл and Hall, Тому and Tom,
    Ходорковский and Khodorkovsky, Томас and Thomas each give one key, where the first letters of their
    spellings do not ('skot' and 'scot', 'tomu' and 'tom'). Cyrillic is first spelt as Wikipedia spells a
    whole word, so that Евгений, like Yevgeny, begins with a Y."""
    sound = sound_key(ascii_fold(to_latin(name) if has_cyrillic(name) else name))
    key = sound[:1]
    for letter in _VOWELS.sub("", sound[1:]):
        if letter != key[-1:]:
            key += letter
    return key[:NAME_KEY_LETTERS]


_YO_CANDIDATE = re.compile(r"(?<=\w)[еЕ](?=[бвгджзклмнпрстфхцчшщ][^еЕ]*$)")
"""The last 'е' of a word, not its first letter, before a consonant other than 'й': where an unprinted 'ё' may be."""


@lru_cache(maxsize=65536)
def _word_variants(word: str) -> tuple[str, ...]:
    """The word's Latin spellings by every scheme, also with its last 'е' before a consonant read as the 'ё' print
    leaves out: Пономарев, Петр and Федор are spoken, and often transliterated, as Пономарёв, Пётр and Фёдор
    ('Ponomaryov', 'Pyotr', 'Fyodor')."""
    import cyrtranslit

    readings = [word]
    found = _YO_CANDIDATE.search(word)
    if found:
        readings.append(word[: found.start()] + ("ё" if found.group() == "е" else "Ё") + word[found.end() :])
    variants = {ascii_fold(scheme.translate(reading)) for scheme in schemes() for reading in readings}
    for reading in readings:
        ad_hoc = ascii_fold(cyrtranslit.to_latin(reading, "ru"))
        variants.add(ad_hoc[:1] + ad_hoc[1:].lower() if reading[1:].islower() else ad_hoc)  # cyrtranslit writes Ш as SH
    return tuple(sorted(v for v in variants if v and not has_cyrillic(v)))  # cyrtranslit leaves 'ё' as it is


@lru_cache(maxsize=65536)
def latin_variants(text: str, limit: int = 128) -> frozenset[str]:
    """Every plausible Latin spelling of Cyrillic ``text`` (ASCII-folded, case kept).

    Words are transliterated one by one and combined, because translations mix
    schemes within one name ('Dzhebhat an-Nusroy': h from one, y from another).
    """
    parts = re.split(r"([\s\-]+)", text)
    combined = [""]
    for part in parts:
        options = (part,) if not part or not has_cyrillic(part) else _word_variants(part)
        combined = [prefix + option for prefix in combined for option in options][:limit]
    return frozenset(combined)
