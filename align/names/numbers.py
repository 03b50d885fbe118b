"""Numbers and dates: a figure in a sentence with no counterpart in its aligned translation.

MT garbles numbers more quietly than names: '3 000' becomes '3.000', '1,5 млн'
becomes '15 million', 'мая' becomes 'March'. Every number, date, time, percentage
and amount of both sides is read as the values it may mean — thousands separators
by language, decimals, multiplier words (``млн``, ``juta``, ``billion``), month
names in every case, ordinals, centuries, a.m./p.m. — and a figure written in
digits (or a month name) must find one of its values on the other side.
Spelled-out numbers ('two', 'двух', 'dua') are *soft*: they can be a digit's
counterpart but are never reported themselves, because 'one' and 'первый' are as
often words as numbers. Values are compared as sets: a figure the translation
says once for two mentions is not an error. A figure in metric units left over
on one side is excused by one in imperial units on the other ('152 meter' ↔
'500 feet'), and a bracketed conversion ('18 inches (46 cm)') by the other side
having none. ``bench/numbers.py`` measures false alarms on faithful translations
and recall on changed numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from align.model import Alignment, Document, Finding, Segment
from align.text.numerals import EN_ORDINALS, EN_TEENS, EN_TEN_STEMS, EN_UNITS, ID_UNITS, RU_ADJECTIVE_ENDINGS, RU_DECADES, RU_TENS, RU_UNITS


@dataclass(frozen=True)
class Part:
    """One component of a figure (a day, a month, an amount): the values it may mean.

    ``firm`` parts are written in digits and must have a counterpart.
    """

    values: frozenset[str]
    firm: bool


@dataclass(frozen=True)
class Figure:
    """A number, date, time or amount as written at ``text[start:end]``."""

    start: int
    end: int
    text: str
    parts: tuple[Part, ...]
    scale: int = 0  # the power of ten of its multiplier word ('1,5 млн': 6)
    units: frozenset[str] = frozenset()  # the unit after it, which a translation may convert: 'metric:length'
    conversion: bool = False  # in brackets after the same quantity in the other system: '18 inches (46 cm)'


# --- vocabulary -------------------------------------------------------------------------------

_SPACE = "[ \u00a0\u2009\u202f]"
_B = r"(?![^\W\d_])"  # no letter follows: the end of a word

MULTIPLIERS = {
    "en": {r"thousands?": 3, r"millions?|mln|mn": 6, r"billions?|bn|bln": 9, r"trillions?|tn": 12, r"hundreds?": 2},
    "ru": {
        r"тыс\.|тыс|тысяч(?:а|и|у|ей|ами|ам|ах|ью)?|тысячн\w*": 3,
        r"млн\.?|миллион(?:а|у|ом|е|ы|ов|ами|ам|ах)?|миллионн\w*": 6,
        r"млрд\.?|миллиард(?:а|у|ом|е|ы|ов|ами|ам|ах)?|миллиардн\w*": 9,
        r"трлн\.?|триллион(?:а|у|ом|е|ы|ов|ами|ам|ах)?|триллионн\w*": 12,
    },
    "id": {r"ribu|rb": 3, r"juta|jt": 6, r"miliar|milyar": 9, r"triliun": 12, r"ratus": 2},
}
_ATTACHED = {"en": {"m": 6, "k": 3}}  # '$5m', '10k': millions and thousands, or metres and kilometres
MONTHS = {
    "en": ["January|Jan\\.", "February|Feb\\.", "March|Mar\\.", "April|Apr\\.", "May", "June|Jun\\.", "July|Jul\\.",
           "August|Aug\\.", "September|Sept?\\.", "October|Oct\\.", "November|Nov\\.", "December|Dec\\."],
    "ru": ["январ[ьяюе]|январ[её]м", "феврал[ьяюе]|феврал[её]м", "март(?:а|у|е|ом)?", "апрел[ьяюе]|апрелем", "ма[йяюе]|маем",
           "июн[ьяюе]|июнем", "июл[ьяюе]|июлем", "август(?:а|у|е|ом)?", "сентябр[ьяюе]|сентябр[её]м", "октябр[ьяюе]|октябр[её]м",
           "ноябр[ьяюе]|ноябр[её]м", "декабр[ьяюе]|декабр[её]м"],
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"],
}  # fmt: skip
_MONTH_ADJECTIVES = {"ru": ["январск", "февральск", "мартовск", "апрельск", "майск", "июньск", "июльск", "августовск",
                           "сентябрьск", "октябрьск", "ноябрьск", "декабрьск"]}  # fmt: skip
_EVENING = {
    "en": rf"\s*(?:p\.\s?m\.|P\.M\.|(?:pm|PM){_B})",
    "ru": r"\s+(?:часа?\s+|часов\s+)?(?:дня|вечера)",
    "id": r"\s+(?:siang|sore|malam)",
}
_MORNING = {"en": rf"\s*(?:a\.\s?m\.|A\.M\.|(?:am|AM){_B})", "ru": r"\s+(?:часа?\s+|часов\s+)?(?:утра|ночи)", "id": r"\s+pagi"}
_WORDS_TOO = {"May", "March"}  # months that are also a verb: counted alone only as a counterpart
_RANGE = re.compile(r"\s*(?:-|–|—|до|по|или|и|to|and|or|hingga|sampai|dan|atau)\s*[$€£¥₽]?\s*", re.IGNORECASE)

_RU_ADJECTIVE = "(?:" + "|".join(RU_ADJECTIVE_ENDINGS) + ")"
_RU_COMPOUND = r"(?=летн|месячн|недельн|дневн|часов|этажн|кратн|процентн|минутн|тысячн|местн)\w*"  # двухлетний, пятиэтажный
_RU_WORDS = {
    1: [rf"перв{_RU_ADJECTIVE}", "единожды"],
    1.5: ["полтора", "полторы", "полутора"],
    2: ["дважды", "вдвое", "вдвоём", "вдвоем", "двое", "двоих", rf"втор{_RU_ADJECTIVE}", rf"двух{_RU_COMPOUND}", r"дву(?=кратн|сторонн)\w*"],
    3: ["трижды", "втрое", "трое", "троих", "трет(?:ий|ья|ье|ьи|ьего|ьей|ьему|ьем|ью|ьих|ьим|ьими)", rf"тр[её]х{_RU_COMPOUND}"],
    4: ["вчетверо", "четверо", rf"четв[её]рт{_RU_ADJECTIVE}", rf"четыр[её]х{_RU_COMPOUND}"],
    5: ["пятеро", rf"пят{_RU_ADJECTIVE}", rf"пяти{_RU_COMPOUND}"],
    6: ["шестеро", rf"шест{_RU_ADJECTIVE}", rf"шести{_RU_COMPOUND}"],
    7: ["семеро", rf"седьм{_RU_ADJECTIVE}", rf"семи{_RU_COMPOUND}"],
    8: [rf"восьм{_RU_ADJECTIVE}", rf"восьми{_RU_COMPOUND}"],
    9: [rf"девят{_RU_ADJECTIVE}", rf"девяти{_RU_COMPOUND}"],
    10: ["десять", "десяти", "десятью", rf"десят{_RU_ADJECTIVE}", r"десятилети\w*", rf"десяти{_RU_COMPOUND}"],
    11: [r"одиннадцат\w*"], 12: [r"двенадцат\w*"], 13: [r"тринадцат\w*"], 14: [r"четырнадцат\w*"], 15: [r"пятнадцат\w*"],
    16: [r"шестнадцат\w*", r"одн\w*\s+восьм\w*\s+финала"],  # the last 16 of a cup is its 'one eighth final'
    17: [r"семнадцат\w*"], 18: [r"восемнадцат\w*"], 19: [r"девятнадцат\w*"],
    100: ["сто", "ста", r"сотн\w*", rf"сот{_RU_ADJECTIVE}", r"стопроцентн\w*"],
    200: ["двести", r"двухсот\w*"], 300: ["триста", r"тр[её]хсот\w*"], 400: ["четыреста", r"четыр[её]хсот\w*"],
    500: ["пятьсот", r"пятисот\w*"], 600: ["шестьсот", r"шестисот\w*"], 700: ["семьсот", r"семисот\w*"],
    800: ["восемьсот", r"восьмисот\w*"], 900: ["девятьсот", r"девятисот\w*"],
}  # fmt: skip


def _spelled(lang: str) -> list[tuple[str, frozenset[Decimal]]]:
    """The spelled-out numbers of ``lang`` as (regex, the values it may mean): cardinals, ordinals,
    'twice', decades ('seventies' is 70 or 1970) and compounds ('twenty-five', 'dua puluh lima')."""
    words: list[tuple[str, frozenset[Decimal]]] = []

    def add(pattern: str, *values: float) -> None:
        words.append((pattern, frozenset(Decimal(str(v)) for v in values)))

    if lang == "en":
        for value, word in enumerate(EN_UNITS + EN_TEENS, start=1):
            add(word, value)
        for value, word in enumerate(EN_ORDINALS, start=1):
            add(word, value)
        for tens, stem in enumerate(EN_TEN_STEMS, start=2):
            add("forty" if stem == "for" else "eighty" if stem == "eigh" else f"{stem}ty", tens * 10)
            add(f"{stem}tieth", tens * 10)
            add(f"{stem}ties", tens * 10, 1900 + tens * 10)
            for unit, (word, ordinal) in enumerate(zip(EN_UNITS, EN_ORDINALS), start=1):
                tens_word = "forty" if stem == "for" else "eighty" if stem == "eigh" else f"{stem}ty"
                add(f"{tens_word}[- ](?:{word}|{ordinal})", tens * 10 + unit)
            if tens < 10:
                add(f"{stem}teenth", 10 + tens)
        add("twice|double|doubled|twofold", 2)
        add("thrice|triple|tripled|threefold", 3)
        add("dozen", 12)
        add("hundred", 100)
        add(rf"an?(?=\s+(?:{'|'.join(MULTIPLIERS['en'])}){_B})", 1)
    elif lang == "ru":
        for value, forms in RU_UNITS.items():
            for form in forms.split():
                add(form, value)
        for value, patterns in _RU_WORDS.items():
            for pattern in patterns:
                add(pattern, value)
        for tens, forms in RU_TENS.items():
            for form in forms.split():
                add(form, tens)
            add(f"{forms.split()[1]}{_RU_COMPOUND}", tens)  # семидесятилетний
            add(rf"{RU_DECADES[tens]}(?:ых|ые|ыми)", tens, 1900 + tens)
            for unit, unit_forms in RU_UNITS.items():
                add(rf"(?:{'|'.join(forms.split())})\s+(?:{'|'.join(unit_forms.split())})", tens + unit)
    elif lang == "id":
        for value, word in enumerate(ID_UNITS, start=1):
            add(word, value)
            add(f"ke{word}", value)
            add(f"{word}\\s+belas", 10 + value)
            add(f"{word}\\s+puluh", value * 10)
            for unit, unit_word in enumerate(ID_UNITS, start=1):
                add(f"{word}\\s+puluh\\s+{unit_word}", value * 10 + unit)
        add("pertama", 1)
        add("sepuluh|kesepuluh", 10)
        add("sebelas|kesebelas", 11)
        add("seratus", 100)
        add("seribu", 1000)
        add("sejuta", 10**6)
    return words


def _top_level(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` outside any group or class: 'a|b(c|d)' → ['a', 'b(c|d)']."""
    parts, depth, start, escaped = [], 0, 0, False
    for k, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:k])
            start = k + 1
    return parts + [pattern[start:]]


def _first_letters(pattern: str) -> set[str]:
    """The lower-case letters a match of ``pattern`` can start with (our patterns start with a letter,
    a class of letters or a group of such alternatives)."""
    letters: set[str] = set()
    for alternative in _top_level(pattern):
        if alternative.startswith("(?:"):
            letters |= _first_letters(alternative[3 : _closing(alternative)])
        elif alternative.startswith("["):
            letters |= set(alternative[1 : alternative.index("]")].lower())
        else:
            letters.add(alternative[0].lower())
    return letters


def _closing(pattern: str) -> int:
    """The index of the bracket that closes the group ``pattern`` opens with."""
    depth = 0
    for k, char in enumerate(pattern):
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            return k
    raise ValueError(pattern)


def _named(patterns: dict[str, str]) -> str:
    """One alternation of ``patterns``, each in a group of its name, so a match says which one it was."""
    return "|".join(f"(?P<{name}>{pattern})" for name, pattern in patterns.items())


def _roman(numeral: str) -> int:
    """'XIX' → 19; Russian texts often write the X in Cyrillic ('ХХ век')."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "Х": 10, "І": 1}
    digits = [values[c] for c in numeral]
    return sum(-d if k + 1 < len(digits) and d < digits[k + 1] else d for k, d in enumerate(digits))


_CENTURY_AFTER = r"(?:st|nd|rd|th)?[\s-]*(?:centur\w*|в\.|вв\.|век\w*|столети\w*)"
_CENTURY_BEFORE = r"abad\s+(?:ke-?)?$"
_ANY_DIGIT = re.compile(r"\d")
_WORD_START = re.compile(r"(?<!\w)[^\W\d_]")
_ROMAN = re.compile(rf"(?<!\w)(?:[IVXLCХІ]{{2,}}|[IVXХІ](?=\s*(?:[–-]\s*[IVXLCХІ]+\s*)?{_CENTURY_AFTER}))(?!\w)")
_CLOCK_BEFORE = re.compile(r"(?:pukul|jam|в|at|около|примерно|с|до)\s+$", re.IGNORECASE)
_CLOCK_AFTER = re.compile(r"\s*(?:GMT|UTC|WIB|WITA|WIT|MSK|мск|по\s+московскому|hours|hrs)(?!\w)", re.IGNORECASE)
_UNITS = {  # a figure in metric units may be converted to imperial ones in the translation, or back
    "metric:speed": r"km/h|kph|км/ч|км\s+в\s+час|kilomet(?:er|re)s?\s+(?:per|an)\s+hour|kilometer\s+per\s+jam",
    "imperial:speed": r"mph|miles?\s+(?:per|an)\s+hour|миль\s+в\s+час",
    "metric:length": r"km|kilomet(?:er|re)s?|километр\w*|км|met(?:er|re)s?|метр\w*|м|cm|centimet(?:er|re)s?|sentimeter|сантиметр\w*|см",
    "imperial:length": r"miles?|mil|mi|feet|foot|ft|inch(?:es)?|inci|yards?|миль|мили|милю|милях|милями|фут\w*|дюйм\w*|kaki",
    "metric:mass": r"kg|kilo(?:gram(?:me)?s?)?|килограмм\w*|кг|tonnes?|тонн\w*|ton|grams?|грамм\w*",
    "imperial:mass": r"pounds?|lbs?|ounces?|oz|pon",
    "metric:temperature": r"°\s?C|degrees?\s+Celsius|градус\w*(?:\s+Цельси\w*)?|derajat(?:\s+Celsius)?",
    "imperial:temperature": r"°\s?F|degrees?\s+Fahrenheit|Fahrenheit|градус\w*\s+по\s+Фаренгейту|derajat\s+Fahrenheit",
}
_UNIT = re.compile(r"[\s\u00a0]?(?:" + "|".join(f"(?P<u{k}>{p})" for k, p in enumerate(_UNITS.values())) + r")(?!\w)", re.IGNORECASE)
_SYSTEMS = {"metric": "imperial", "imperial": "metric"}
_BRACKET = re.compile(r"\s*[(\[]\s*(?:[~≈]|about|around|approximately|ok\.|около|примерно|sekitar|kira-kira)?\s*[$€£]?", re.IGNORECASE)
_RU_NUMBER_SUFFIX = re.compile(r"-(?:ти|ми|ью|х|и|го|ого|му|ому|м|ом|й|я|е|ю)(?!\w)")


class Reader:
    """The figures of text in one language: its regexes compiled once."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        case = re.IGNORECASE if lang != "id" else 0
        # One regex for each family, a named group per value: every regex costs a scan of the sentence.
        powers = _named({f"p{power}": pattern for pattern, power in MULTIPLIERS[lang].items()})
        self.multiplier = re.compile(rf"(?:[\s\u00a0]*|-)(?:{powers}){_B}", case)  # after a number
        self.multipliers = re.compile(rf"(?<!\w)(?:{powers}){_B}", case)  # alone: 'тысячи', 'millions'
        self.attached = _ATTACHED.get(lang, {})
        months = _named({f"m{month}": pattern for month, pattern in enumerate(MONTHS[lang], start=1)})
        self.months = re.compile(rf"(?<!\w)(?:{months}){_B}", re.IGNORECASE if lang != "en" else 0)
        adjectives = _named({f"m{month}": stem for month, stem in enumerate(_MONTH_ADJECTIVES.get(lang, ()), start=1)})
        self.month_adjectives = re.compile(rf"(?<!\w)(?:{adjectives})\w*", re.IGNORECASE) if adjectives else None
        self.words = sorted(_spelled(lang), key=lambda entry: (r"\s" in entry[0], len(entry[0])), reverse=True)
        by_letter: dict[str, list[str]] = {}
        for k, (pattern, _) in enumerate(self.words):
            for letter in _first_letters(pattern):
                by_letter.setdefault(letter, []).append(f"(?P<w{k}>{pattern})")
        # One alternation per first letter: Python's re tries every alternative at every word, so 500 in
        # one regex cost a millisecond a sentence.
        self.spelled = {letter: re.compile(rf"(?:{'|'.join(group)})(?!\w)", re.IGNORECASE) for letter, group in by_letter.items()}
        self.evening = re.compile(_EVENING[lang])
        self.morning = re.compile(_MORNING[lang])

    # --- the figures ---------------------------------------------------------------------------

    def figures(self, text: str) -> list[Figure]:
        """Every figure in ``text``, in order; dates merged with their month ('25 мая 2016')."""
        taken: list[tuple[int, int]] = []
        found: list[Figure] = []

        def add(figure: Figure | None) -> None:
            if figure is not None and not any(s < figure.end and figure.start < e for s, e in taken):
                found.append(figure)
                taken.append((figure.start, figure.end))

        if _ANY_DIGIT.search(text):  # most sentences hold none, and these scans are the slow ones
            for match in _NUMERIC_DATE.finditer(text):
                add(self._numeric_date(match))
            for match in _TIME.finditer(text):
                add(self._time(text, match))
            for match in _DASH_TIME.finditer(text) if self.lang == "ru" else ():
                add(self._time(text, match))
            for match in _DIGITS.finditer(text):
                add(self._number(text, match))
        for word in _WORD_START.finditer(text):
            spelled = self.spelled.get(word.group().lower())
            match = spelled.match(text, word.start()) if spelled else None
            if match:
                add(self._spelled(text, match))
        for match in _ROMAN.finditer(text):
            values = self._century(text, match.start(), match.end(), {Decimal(_roman(match.group()))})
            add(Figure(match.start(), match.end(), match.group(), (Part(_keys(values), False),)))
        for match in self.multipliers.finditer(text):
            add(Figure(match.start(), match.end(), match.group(), (Part(_keys({Decimal(10) ** int(match.lastgroup[1:])}), False),)))
        for match in self.months.finditer(text):
            if self.lang == "ru" and match.group()[:1].isupper() and not match.group().isupper():
                before = text[: match.start()].strip(_OPENING)
                if not before[-1:].isdigit() and (before or _RUSSIAN_NAME_AFTER.match(text, match.end())):
                    continue  # Russian writes its months in small letters: 'Марту Саагун', 'Кампо Марте', 'Март Рютте' are names; '8 Марта' a date
            firm = match.group() not in _WORDS_TOO and not (self.lang == "en" and _NAME_AFTER.match(text, match.end()))
            add(Figure(match.start(), match.end(), match.group(), (Part(frozenset({f"month:{match.lastgroup[1:]}"}), firm),)))
        for match in self.month_adjectives.finditer(text) if self.month_adjectives else ():
            add(Figure(match.start(), match.end(), match.group(), (Part(frozenset({f"month:{match.lastgroup[1:]}"}), False),)))
        return _conversions(_ranges(_merge_dates(sorted(found, key=lambda f: f.start), text), text), text)

    def _scaled(self, text: str, end: int, values: set[Decimal]) -> tuple[int, set[Decimal], int]:
        """Multiplier words after a number ('1,5 млн', '6 thousand million'): where they end, the values
        they make and their power of ten."""
        power = 0
        while match := self.multiplier.match(text, end):
            power += int(match.lastgroup[1:])
            end = match.end()
        if power:
            return end, {v * Decimal(10) ** power for v in values}, power
        letter = text[end : end + 1]
        if letter in self.attached and not text[end + 1 : end + 2].isalpha():
            power = self.attached[letter]
            return end + 1, values | {v * Decimal(10) ** power for v in values}, 0
        return end, values, 0

    def _clock(self, text: str, end: int, values: set[Decimal]) -> tuple[int, set[Decimal]]:
        """'10 p.m.', '2 часа дня', '8 malam': the 24-hour value joins the 12-hour one."""
        evening = self.evening.match(text, end)
        if evening and all(v < 12 for v in values):
            return evening.end(), values | {v + 12 for v in values}
        morning = self.morning.match(text, end)
        if morning:
            return morning.end(), values
        return end, values

    def _number(self, text: str, match: re.Match) -> Figure:
        written = match.group()
        start, end = match.span()
        values = self._century(text, start, end, _digit_values(written, self.lang))
        if re.fullmatch(r"\d\d", written) and (_DECADE.match(text, end) or text[start - 1 : start] in ("/", "'", "’")):
            values |= {Decimal(1900) + v for v in values} | {Decimal(2000) + v for v in values}  # '90-х', '2011/12'
        clock = _CLOCK_AFTER.match(text, end) or _CLOCK_BEFORE.search(text[max(0, start - 12) : start])
        if clock and re.fullmatch(r"(?:[01]?\d|2[0-4])\.[0-5]\d|(?:[01]\d|2[0-4])[0-5]\d", written):
            hours, minutes = Decimal(written[:-2].rstrip(".")), Decimal(written[-2:])
            values |= _clock_values(hours, minutes)  # 'pukul 22.00', '1200 GMT'
        suffix = _RU_NUMBER_SUFFIX.match(text, end) if self.lang == "ru" else None
        after_suffix = suffix.end() if suffix else end  # '15-ти миллионов'
        end, values = self._clock(text, end, values)
        scaled_end, scaled, power = self._scaled(text, max(end, after_suffix), values)
        if scaled_end > max(end, after_suffix):
            end, values = scaled_end, scaled
        end, units = _unit(text, end)
        return Figure(start, end, text[start:end], (Part(_keys(values), True),), power, units)

    def _spelled(self, text: str, match: re.Match) -> Figure:
        values = set(self.words[int(match.lastgroup[1:])][1])
        end, values = self._clock(text, match.end(), values)
        end, values, power = self._scaled(text, end, values)
        end, units = _unit(text, end)
        return Figure(match.start(), end, text[match.start() : end], (Part(_keys(values), False),), power, units)

    @staticmethod
    def _century(text: str, start: int, end: int, values: set[Decimal]) -> set[Decimal]:
        """'19 века', 'XIX век', '19th century', 'abad ke-19' are also 'the 1800s'."""
        if re.match(_CENTURY_AFTER, text[end:], re.IGNORECASE) or re.search(_CENTURY_BEFORE, text[max(0, start - 10) : start], re.IGNORECASE):
            return values | {(v - 1) * 100 for v in values if v == int(v) and 1 <= v <= 30}
        return values

    @staticmethod
    def _numeric_date(match: re.Match) -> Figure | None:
        """'25.05.2016', '5/25/16', '2016-05-25': a day, a month and a year."""
        if match.group("iso"):
            year, pairs = int(match.group("iy")), [(int(match.group("id")), int(match.group("im")))]
        else:
            first, second, year = int(match.group("d")), int(match.group("m")), int(match.group("y"))
            pairs = [(first, second)] + ([(second, first)] if match.group("sep") == "/" else [])
            if year < 100:
                year += 2000 if year < 50 else 1900
        pairs = [(d, m) for d, m in pairs if 1 <= d <= 31 and 1 <= m <= 12]
        if not pairs:
            return None
        parts = (
            Part(_keys({Decimal(d) for d, _ in pairs}), True),
            Part(frozenset(f"month:{m}" for _, m in pairs), True),
            Part(_keys({Decimal(year)}), True),
        )
        return Figure(match.start(), match.end(), match.group(), parts)

    def _time(self, text: str, match: re.Match) -> Figure:
        """'10:30', '22h00', '11-50': hours and minutes as one value, 10.3, as '10.30' reads; a dash may
        also be a range ('10-15'), so its numbers count alone too."""
        hours, minutes = Decimal(match.group("h")), Decimal(match.group("min"))
        values = _clock_values(hours, minutes) | ({hours, minutes} if "-" in match.group() else set())
        end, values = self._clock(text, match.end(), values)
        return Figure(match.start(), end, text[match.start() : end], (Part(_keys(values), True),))


_DIGITS = re.compile(rf"(?<!\d)(?<!\d[.,])(?:\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d)(?:,\d+)?(?![\d.,]\d)|\d+(?:[.,]\d+)*)")
_DECADE = re.compile(r"(?:s|-?х|-?x|-?е|-ые|-ых|-an)(?!\w)")
_NUMERIC_DATE = re.compile(
    r"(?<![\d.,/])(?:(?P<d>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"|(?P<iso>(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})))(?![\d.,/]\d)"
)
_TIME = re.compile(r"(?<![\d.,:])(?P<h>[01]?\d|2[0-4])[:h](?P<min>[0-5]\d)(?![\d:])")
_DASH_TIME = re.compile(r"(?<![\d.,:-])(?P<h>[01]?\d|2[0-4])-(?P<min>[0-5]\d)(?![\d:-])")
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")  # 'June Corteen': a name, not a month
_RUSSIAN_NAME_AFTER = re.compile(r"\s+[А-ЯЁ][а-яё]")
_OPENING = " \t«»\"'“„(—–-"  # what may open a sentence before its first word


def _clock_values(hours: Decimal, minutes: Decimal) -> set[Decimal]:
    """A time of day as hours.minutes, and on a 12-hour clock too when it is afternoon ('18:30' is also 6.30)."""
    values = {hours + minutes / 100}
    return values | {hours - 12 + minutes / 100} if 13 <= hours <= 24 else values


def _unit(text: str, end: int) -> tuple[int, frozenset[str]]:
    """The unit after a figure ('152 meter'), which the other side may convert: where it ends, and what it is."""
    match = _UNIT.match(text, end)
    return (match.end(), frozenset({list(_UNITS)[int(match.lastgroup[1:])]})) if match else (end, frozenset())


def _key(value: Decimal) -> str:
    """The canonical spelling of a value: 1.50 and 1.5 are one value, 1.5E+6 is 1500000."""
    return format(value.normalize(), "f")


def _keys(values: Iterable[Decimal]) -> frozenset[str]:
    return frozenset(_key(v) for v in values)


def _digit_values(written: str, lang: str) -> set[Decimal]:
    """What a run of digits and separators may mean in ``lang``: '3,000' is 3000 in English and
    either 3 or 3000 in Russian and Indonesian; '3 000' is 3000 everywhere."""
    if re.search(_SPACE, written):
        whole, _, fraction = written.partition(",")
        return {Decimal(re.sub(_SPACE, "", whole) + ("." + fraction if fraction else ""))}
    pieces = re.split(r"([.,])", written)
    groups, separators = pieces[::2], pieces[1::2]
    if not separators:
        return {Decimal(written)}
    values: set[Decimal] = set()
    grouping = 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    if grouping and len(set(separators)) == 1:
        values.add(Decimal("".join(groups)))
    if len(separators) == 1 and not (lang == "en" and separators[0] == "," and grouping):
        values.add(Decimal(f"{groups[0]}.{groups[1]}"))
    head_grouping = 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:-1])
    if len(separators) > 1 and len(set(separators[:-1])) == 1 and separators[-1] != separators[0] and head_grouping:
        values.add(Decimal("".join(groups[:-1]) + "." + groups[-1]))
    if not values:  # '1.2.3', '802.11.4': an identifier, equal only to itself
        return {Decimal("".join(groups))}
    return values


# One token per step and no two alternatives starting alike, so a failed match backtracks in linear time.
_DATE_GAP = re.compile(r"(?:[\s,]|-го|-е|of(?=\s)|the(?=\s)|(?<=\d)(?:st|nd|rd|th)(?=\s))*", re.IGNORECASE)


def _has_month(figure: Figure) -> bool:
    return any(value.startswith("month:") for part in figure.parts for value in part.values)


def _day_or_year(figure: Figure) -> bool:
    """A figure that can be part of a date: one whole number from 1 to 31, or a year."""
    values = [Decimal(v) for part in figure.parts for v in part.values]
    return len(figure.parts) == 1 and any(v == int(v) and (1 <= v <= 31 or 1000 <= v <= 2999) for v in values)


def _merge_dates(figures: list[Figure], text: str) -> list[Figure]:
    """A month next to a day or a year becomes one figure ('25 мая 2016', 'May 25, 2016'), firm when a
    number in it is written in digits or its month is."""
    merged: list[Figure] = []
    for figure in figures:
        if merged and _DATE_GAP.fullmatch(text, merged[-1].end, figure.start):
            date, number = (merged[-1], figure) if _has_month(merged[-1]) else (figure, merged[-1])
            if _has_month(date) and not _has_month(number) and _day_or_year(number) and len(date.parts) < 3:
                merged[-1] = _join(merged[-1], figure, text)
                continue
        merged.append(figure)
    return merged


def _ranges(figures: list[Figure], text: str) -> list[Figure]:
    """'от 12 до 16 тысяч', 'between 2 and 3 million', '100 to 250 meters': the first number of a range
    takes the second's multiplier and unit too."""
    shared = list(figures)
    for k, (first, second) in enumerate(zip(figures, figures[1:])):
        if len(first.parts) == 1 and len(second.parts) == 1 and _RANGE.fullmatch(text[first.end : second.start]):
            (part,) = first.parts
            values = part.values
            if not first.scale and second.scale:
                values |= _keys(Decimal(v) * Decimal(10) ** second.scale for v in part.values)
            shared[k] = replace(first, parts=(Part(values, part.firm),), units=first.units or second.units)
    return shared


def _conversions(figures: list[Figure], text: str) -> list[Figure]:
    """Mark the figures in brackets that convert the one before to the other system: '18 inches (46 cm)',
    '250 meters (328 to 820 feet)'."""
    marked = list(figures)
    for k in range(1, len(figures)):
        before, figure = marked[k - 1], figures[k]
        gap = text[before.end : figure.start]
        converts = any(_converted(unit) in figure.units for unit in before.units) and _BRACKET.fullmatch(gap)
        continues = before.conversion and figure.units == before.units and _RANGE.fullmatch(gap)
        if converts or continues:
            marked[k] = replace(figure, conversion=True)
    return marked


def _join(first: Figure, second: Figure, text: str) -> Figure:
    parts = first.parts + second.parts
    firm = any(p.firm for p in parts)
    parts = tuple(Part(p.values, p.firm or firm) for p in parts)
    return Figure(first.start, second.end, text[first.start : second.end], parts)


# --- comparing the two sides --------------------------------------------------------------------


def _converted(unit: str) -> str:
    """The same quantity in the other system: 'metric:length' → 'imperial:length'."""
    system, _, quantity = unit.partition(":")
    return f"{_SYSTEMS[system]}:{quantity}"


def _units(figures: Iterable[Figure]) -> set[str]:
    return {unit for figure in figures for unit in figure.units}


def _values(figures: Iterable[Figure]) -> set[str]:
    return {value for figure in figures for part in figure.parts for value in part.values}


def unmatched(figures: Sequence[Figure], others: Sequence[Figure]) -> list[Figure]:
    """The figures with a firm part none of ``others`` can stand for."""
    available = _values(others)
    return [f for f in figures if any(part.firm and not part.values & available for part in f.parts)]


@dataclass(frozen=True)
class Mismatch:
    """A figure of the translation that is not in the source, a source figure the translation lacks, or both
    (a figure changed)."""

    source: Figure | None
    target: Figure | None


def mismatches(source: Sequence[Figure], target: Sequence[Figure]) -> list[Mismatch]:
    """The figures that differ, a changed one paired with the source figure it most likely stands for (in order)."""
    lost, added = unmatched(source, target), unmatched(target, source)
    source_left, target_left = _units(_unpaired(source, target)), _units(_unpaired(target, source))
    lost = [f for f in lost if not _converts(f, target_left, _units(target))]
    added = [f for f in added if not _converts(f, source_left, _units(source))]
    pairs = [Mismatch(s, t) for s, t in zip(lost, added)]
    pairs += [Mismatch(None, t) for t in added[len(lost) :]]
    pairs += [Mismatch(s, None) for s in lost[len(added) :]]
    return pairs


def _unpaired(figures: Sequence[Figure], others: Sequence[Figure]) -> list[Figure]:
    """The figures, firm or not, whose values the other side does not have ('six miles' for '9,6 kilometer')."""
    available = _values(others)
    return [f for f in figures if any(not part.values & available for part in f.parts)]


def _converts(figure: Figure, other_leftover_units: set[str], other_units: set[str]) -> bool:
    """Whether an unmatched figure is a unit conversion: the other side has an unmatched figure of the same
    quantity in the other system ('152 meter' ↔ '500 feet'), or it is a bracketed conversion the other side
    does not have at all ('250 meters (820 feet)' ↔ '250 meter')."""
    if any(_converted(unit) in other_leftover_units for unit in figure.units):
        return True
    return figure.conversion and not figure.units & other_units


def reader(lang: str) -> Reader:
    """The reader of ``lang``; languages without their own words ('und') read as English."""
    return _compiled_reader(lang if lang in MONTHS else "en")


@lru_cache(maxsize=None)
def _compiled_reader(lang: str) -> Reader:
    return Reader(lang)


def compare(source: str, source_lang: str, target: str, target_lang: str) -> list[Mismatch]:
    """The figures of ``source`` and its translation ``target`` that have no counterpart on the other side."""
    return mismatches(reader(source_lang).figures(source), reader(target_lang).figures(target))


# --- findings ---------------------------------------------------------------------------------


def number_findings(docs: Sequence[Document], alignments: Sequence[Alignment]) -> list[Finding]:
    """A ``number`` finding for every figure that differs between a linked source and target sentence."""
    from align.names.checks import _finding, trusted_link

    by_name = {doc.name: doc for doc in docs}
    findings = []
    for alignment in alignments:
        doc = by_name.get(alignment.tgt_doc)
        if doc is None or not alignment.related:
            continue
        for number, bead in enumerate(alignment.beads):
            if not trusted_link(alignment.beads, number):
                continue
            sources = [(s, reader(_lang(s, alignment.src_lang)).figures(s.text)) for s in (alignment.src[k] for k in bead.src)]
            targets = [(t, reader(_lang(t, alignment.tgt_lang)).figures(t.text)) for t in (alignment.tgt[k] for k in bead.tgt)]
            where = {id(f): (segment, f) for segment, figures in targets for f in figures}
            found = mismatches([f for _, figures in sources for f in figures], [f for _, figures in targets for f in figures])
            for mismatch in found:
                source_text = mismatch.source.text if mismatch.source else ""
                source = f"'{source_text}'" if source_text else "no such number"
                if mismatch.target is None:
                    segment, start, end = targets[0][0], 0, 0
                    term, translation = _term(mismatch.source), "none"
                else:
                    segment, figure = where[id(mismatch.target)]
                    start, end = figure.start, figure.end
                    term, translation = _term(figure), f"'{figure.text}'"
                findings.append(_finding(doc, segment, start, end, "number", term, source_text, source=source, translation=translation))
    return findings


def _lang(segment: Segment, side: str) -> str:
    return segment.lang if segment.lang in MONTHS else side


def _term(figure: Figure) -> str:
    """A figure's values, as the finding's term: what the source said, or what the translation made of it."""
    return " ".join(sorted(value for part in figure.parts for value in part.values))
