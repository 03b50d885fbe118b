"""Language of every segment, of inline spans, and of the document as a whole.

Three layers, cheapest first:

* **Script.** Among en/ru/id, Cyrillic means Russian. Runs of Cyrillic words in
  Latin text (and Latin runs in Russian text) are spans, found by regex.
* **Segment.** For Latin-script text, py3langid restricted to the configured
  languages (a naive Bayes over byte n-grams; deterministic, ~20,000
  sentences/s, 99.9 % on Flores — see ``bench/detect.py`` for the comparison
  with langdetect and lingua). Too little text (under two words of letters, or
  only numbers, URLs and runs of 64+ characters without a space, such as base64) is ``und``.
* **Inline English in Indonesian** (same script, so no regex can see it): a
  two-state Viterbi over words, each word scored by its frequency in English and
  Indonesian from ``wordfreq``, with a penalty for switching; runs of three or
  more words in the other language become spans. Names unknown to both lists
  are neutral and never make a span on their own.

``language_runs`` smooths segment languages into the document's language map
(seed 000: an English run, then a Russian run), which ``pair`` uses to split
bilingual files.
"""

from __future__ import annotations

import math
import re
import struct
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from align.model import LANGUAGES, Segment, Span
from align.paths import cached, mapped
from align.text.morph import analyzer
from align.text.translit import is_cyrillic

_LETTER_WORD = re.compile(r"[^\W\d_]+")
# What is not prose and is left out before detection: web and e-mail addresses, handles ('@rian_ru'), domains with
# a path or a news site's ending ('t.me/rian_ru/12345', 'ria.ru', 'kompas.com'), and any run of 64 or more
# characters without a space (base64, a hash, a table run together), longer than words get. E-mail addresses,
# handles, domains and long runs are matched only from the start of a token, so each token is scanned once: linear
# in any text (``\S+@`` anywhere was quadratic on a megabyte without spaces).
_NOT_PROSE = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)[^\s@]+@\S+\.\w+|(?<!\S)\S{64,}")
DOMAIN_END = r"\.(?:[a-z]{2,}/\S*|(?:ru|su|com|org|net|info|io|me|id|co|ua|by|kz|uk|gov)\b)"
"""How a domain ends: a path after it, or one of the endings the news cites ('rosbalt.ru', 'example.com/raqqa'); not
a sentence that runs into the next with no space ('Rakka.the')."""
_HANDLE_OR_DOMAIN = re.compile(rf"(?<![^\s(\[«\"])@\w+|(?<![^\s(\[«\"])[\w-]+(?:\.[\w-]+)*{DOMAIN_END}")
_MAY_HOLD_ONE = re.compile(r"@\w|\w\.[a-z]{2}")  # most sentences have neither: the search above is skipped


def _addresses(text: str) -> list[tuple[int, int]]:
    """Where ``text`` has something that is not prose (``_NOT_PROSE``, ``_HANDLE_OR_DOMAIN``)."""
    found = [m.span() for m in _NOT_PROSE.finditer(text)]
    if _MAY_HOLD_ONE.search(text):
        found += [m.span() for m in _HANDLE_OR_DOMAIN.finditer(text)]
    return found


def _prose(text: str) -> str:
    """``text`` with what is not prose blanked out."""
    cleaned = _NOT_PROSE.sub(" ", text)
    return _HANDLE_OR_DOMAIN.sub(" ", cleaned) if _MAY_HOLD_ONE.search(cleaned) else cleaned


_CYRILLIC = "\u0400-\u04ff"
# A run of Cyrillic words, allowing the spaces, hyphens and quotes between them.
_CYRILLIC_RUN = re.compile(rf"[{_CYRILLIC}]+(?:[\s\-–'’.,]+[{_CYRILLIC}]+)*")
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"  # with the accented letters: 'Mexicana de Aviación', 'ČTK', 'Nguyễn' were cut at them
_LATIN_RUN = re.compile(rf"[{_LATIN}]+(?:[\s\-'’.,&]+[{_LATIN}]+)*")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
OWN_WORD_RATIO = 30.0  # Indonesian 'dewan' 260×, 'kompas' 500× as common as in English's list; 'jam' 50×, 'hp' 8×, 'pearl' 0.6×
SWITCH_PENALTY = 5.0
MIN_SPAN_WORDS = 3
UNKNOWN = 1e-7


@dataclass
class LangRun:
    """Consecutive segments ``first``..``end - 1`` of one language, with their length in characters."""

    lang: str
    first: int
    end: int
    chars: int


@lru_cache(maxsize=8)
def _identifier(langs: tuple[str, ...]):
    """py3langid restricted to ``langs``. Its shipped model (every one of 97 languages, LZMA-packed) takes
    0.5 s to read, in every ``align run`` and each of its workers. So the restricted tables are kept in
    ``ALIGN_HOME/cache`` (read back in 0.02 s), and the byte automaton every language shares, 39 MB, is kept
    beside them as an array mapped into memory (``align.paths.mapped``): as a pickle it took 0.1 s to read,
    and a private copy in each worker."""
    from py3langid import langid
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    whole: list[LanguageIdentifier] = []  # the shipped model, read only when a kept copy has to be built

    def shipped() -> LanguageIdentifier:
        if not whole:
            whole.append(LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))
        return whole[0]

    def restricted() -> LanguageIdentifier:
        full = shipped()
        full.set_languages(list(langs))
        # a new identifier of the restricted tables alone (set_languages keeps all 97 languages' beside them)
        return LanguageIdentifier(full.nb_ptc, full.nb_pc, full.nb_classes, array("I"), full.tk_output, norm_probs=True, tk_row=full.tk_row)

    model = Path(MODEL_FILE if Path(MODEL_FILE).is_absolute() else langid.MODEL_DIR / MODEL_FILE)
    sources = [model, Path(langid.__file__)]
    identifier = cached("langid", sources, (langs, "automaton apart"), restricted, LanguageIdentifier)  # not an older copy that holds it
    identifier.tk_nextmove = mapped("langid-automaton", sources, (), lambda: shipped().tk_nextmove)
    return identifier


class WordFrequencies:
    """wordfreq's frequencies of one language's words, looked up by binary search in a table of the words sorted
    (``_table``), kept in ``ALIGN_HOME/cache`` and mapped into memory (``align.paths.mapped``). Reading English's
    321,000 words into a dict took 0.12 s in every process that looks for inline English, to answer some
    thousands of questions; a search costs microseconds, and each word's answer is remembered."""

    SEEN = 100_000  # answers remembered, then forgotten all at once

    def __init__(self, table: Sequence[int]) -> None:
        memory = memoryview(table).cast("B")
        count, size = _TABLE_HEAD.unpack_from(memory)
        start = _TABLE_HEAD.size
        if len(memory) != start + 12 * count + size:
            raise ValueError("not a word-frequency table")
        self._frequencies = memory[start : start + 8 * count].cast("d")
        self._ends = memory[start + 8 * count : start + 12 * count].cast("I")  # where each word's text ends
        self._text = memory[start + 12 * count : start + 12 * count + size]
        self._seen: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self._frequencies)

    def _word(self, index: int) -> bytes:
        return self._text[self._ends[index - 1] if index else 0 : self._ends[index]].tobytes()

    def get(self, word: str, default: float | None = None) -> float | None:
        """What ``dict.get`` answers of wordfreq's dict of the language."""
        found = self._seen.get(word)
        if found is None:
            key = word.encode("utf-8", "surrogatepass")
            at = bisect_left(range(len(self)), key, key=self._word)
            found = self._frequencies[at] if at < len(self) and self._word(at) == key else -1.0
            if len(self._seen) >= self.SEEN:
                self._seen.clear()
            self._seen[word] = found
        return default if found < 0 else found

    def items(self) -> Iterator[tuple[str, float]]:
        for index in range(len(self)):
            yield self._word(index).decode("utf-8", "surrogatepass"), self._frequencies[index]


_TABLE_HEAD = struct.Struct("<QQ")  # the number of words and the bytes of their text; then their frequencies, ends and text


def _table(frequencies: dict[str, float]) -> array:
    """``WordFrequencies``' table of a dict: the words sorted by their UTF-8 bytes, their frequencies (float64, as
    wordfreq gives them), where each word's text ends, and the text."""
    words = sorted((word.encode("utf-8", "surrogatepass"), value) for word, value in frequencies.items())
    text = b"".join(word for word, _ in words)
    ends = array("I", accumulate(len(word) for word, _ in words))
    values = array("d", (value for _, value in words))
    return array("B", _TABLE_HEAD.pack(len(words), len(text)) + values.tobytes() + ends.tobytes() + text)


@lru_cache(maxsize=4)
def word_frequencies(lang: str) -> WordFrequencies:
    """wordfreq's word frequencies for ``lang``, kept in ``ALIGN_HOME/cache`` for as long as the installed wordfreq's
    files stay as they are: importing wordfreq and reading its English list take 0.4 s."""

    def table() -> array:
        import wordfreq

        return _table(wordfreq.get_frequency_dict(lang))

    sources = _wordfreq_files()
    if sources is not None:
        try:
            return WordFrequencies(mapped("wordfreq-table", sources, lang, table))
        except (ValueError, struct.error):  # a damaged copy of the right length: built again, here
            pass
    return WordFrequencies(table())


def _wordfreq_files() -> list[Path] | None:
    """What the installed wordfreq's lists are read from (None when it is not installed), without importing it."""
    from importlib.util import find_spec

    spec = find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    return [Path(spec.origin), Path(spec.origin).parent / "data"]


def kept_with_wordfreq(kind: str, key: object, build: Callable[[], dict]) -> dict:
    """``build()`` (a dict made from wordfreq's lists) kept in ``ALIGN_HOME/cache`` for as long as the installed
    wordfreq's files stay as they are (``align.paths.cached``)."""
    sources = _wordfreq_files()
    return build() if sources is None else cached(kind, sources, key, build, dict)


@lru_cache(maxsize=10_000)
def _russian_common_word(word: str) -> bool:
    """A dictionary word ('Пора', 'Возможно'), not a name, place or abbreviation, by pymorphy3. Kept per word (a
    list of one-word lines repeats its words); a word not in the dictionary is not parsed: pymorphy3 would guess
    at it from its letters (a millisecond or two each), and a guess is never a known word."""
    if not analyzer().word_is_known(word):
        return False
    parse = analyzer().parse(word)[0]
    return parse.is_known and not ({"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"} & set(str(parse.tag).replace(" ", ",").split(",")))


def _word_frequency(word: str, lang: str) -> float:
    """How common ``word`` is in ``lang``; Indonesian clitics are peeled off ('Duduklah' is 'duduk')."""
    lowered = word.lower()
    found = word_frequencies(lang).get(lowered, 0.0)
    if lang == "id":
        stem = next((lowered[: -len(c)] for c in ("nya", "lah", "kah", "pun") if lowered.endswith(c) and len(lowered) > len(c) + 2), "")
        found = max(found, word_frequencies(lang).get(stem, 0.0))
    return found


def _one_word(text: str, word: str, langs: Sequence[str]) -> tuple[str, float]:
    """A one-word sentence ('Hebat!', 'Duduklah.') gets the language that uses the word most;
    a lone name or abbreviation ('Raqqa', 'AS') is ``und``."""
    utterance = text.rstrip()[-1:] in "!?"
    if any(map(is_cyrillic, word)):
        known = utterance or not word[:1].isupper() or _russian_common_word(word)
        return ("ru", 0.5) if "ru" in langs and known else ("und", 0.0)
    if len(word) < (2 if utterance else 4):
        return "und", 0.0
    latin = [lang for lang in langs if lang != "ru"]
    frequencies = {lang: _word_frequency(word, lang) for lang in latin}
    best = max(latin, key=lambda lang: frequencies[lang], default=None)
    if best is None or frequencies[best] < 1e-6 or (word[:1].isupper() and not utterance and frequencies[best] < 3e-6):
        return "und", 0.0
    return best, 0.5


RUSSIAN_WITH_NAMES = 0.3
"""A sentence this much in Cyrillic letters with a Russian grammar word (``_RUSSIAN_SMALL_WORDS``) is Russian, its
Latin letters names: 'Мы хорошие друзья с ребятами из Soundgarden, Mudhoney и Alice in Chains' (45 % Cyrillic)
was English, and its Russian reported as left untranslated in a Russian original. A name or title left in
Russian inside an English sentence ('Сирийские демократические силы') has none of them."""
_RUSSIAN_SMALL_WORDS = frozenset("и в во на с со по из за от до для что не как это к о об у а но же бы ли был была было были он она они мы вы я его её их".split())


_NOT_RUSSIAN_CYRILLIC = re.compile("[іїєґўјљњћђџәғқңөұүһІЇЄҐЎЈЉЊЋЂЏӘҒҚҢӨҰҮҺ]")
_SMALL_CYRILLIC_WORD = re.compile(r"(?<![^\W\d_])[а-яёіїєґўјљњћђџәғқңөұүһ]{3,}(?![^\W\d_])")
_SMALL_WORDS_OF_OTHERS = re.compile(r"(?<![^\W\d_])(?:що|і|й|є|від|це|як|вже|ще|він|вона|вони|ён|яна|гэта|ад|ужо|што|је|су|се)(?![^\W\d_])")
UNKNOWN_WORDS_SHARE = 0.3  # of a sentence's words in small letters, unknown to Russian's dictionary: another language
OTHER_CYRILLIC_SHARE = 0.02  # of the Cyrillic letters: Ukrainian has і alone in 5 % of them; a Russian text naming Київ, far fewer


def other_cyrillic(text: str) -> bool:
    """Whether ``text`` is written in another language's Cyrillic: letters Russian does not have (Ukrainian і ї є ґ,
    Belarusian ў, Serbian ј љ њ, Kazakh қ ә ө…), twice at least and ``OTHER_CYRILLIC_SHARE`` of its Cyrillic letters;
    or once, in a sentence whose words in small letters Russian's dictionary mostly does not know ('Верховна Рада
    ухвалила закон про бюджет на наступний рік'), where a Russian sentence naming Київ knows them all."""
    others = len(_NOT_RUSSIAN_CYRILLIC.findall(text))
    if others >= 2 and others >= OTHER_CYRILLIC_SHARE * sum(map(is_cyrillic, text)):
        return True
    if not others:
        return False
    small = _SMALL_WORDS_OF_OTHERS.findall(text.lower())
    words = _SMALL_CYRILLIC_WORD.findall(text)
    unknown = len(small) + sum(1 for word in words if not analyzer().word_is_known(word))
    return unknown >= 2 and unknown >= UNKNOWN_WORDS_SHARE * (len(words) + len(small))


_QUOTATION = re.compile(r"«[^»]*»|“[^”]*”|„[^“”]*[“”]|\"[^\"]*\"")
QUOTING_WORDS = 3  # small Latin words outside quotation marks that make a sentence quoting Russian a Latin one


def _language_of_ordinary_words(text: str, words: Sequence[str], langs: Sequence[str]) -> str | None:
    """'ru' or 'latin' when a sentence of both scripts has its ordinary words — those in small letters; names are
    capitalised — in one: a Russian headline of brand names ('Apple представила iPhone 16') has only Russian ones;
    an English sentence quoting Russian has ``QUOTING_WORDS`` English ones and no Russian one outside the quotation.
    None when that does not decide it."""
    if "ru" not in langs or not any(map(is_cyrillic, "".join(words))):
        return None
    small = [word for word in words if word.islower()]
    small_cyrillic = [word for word in small if is_cyrillic(word[0])]
    if small_cyrillic and not any(len(word) > 1 and not is_cyrillic(word[0]) for word in small):
        return "ru"
    outside = [word for word in _LETTER_WORD.findall(_QUOTATION.sub(" ", text)) if word.islower()]
    if sum(len(word) > 1 and not is_cyrillic(word[0]) for word in outside) >= QUOTING_WORDS and not any(is_cyrillic(word[0]) for word in outside):
        return "latin"
    return None


def detect_text(text: str, langs: Sequence[str] = LANGUAGES, declared: str | None = None) -> tuple[str, float]:
    """The language of ``text`` among ``langs`` and a confidence 0..1, or ('und', 0.0). Latin text whose file
    declares it English or Indonesian (``declared``) is taken as such, without weighing the two; mostly Latin text
    declared Russian, or ``RUSSIAN_WITH_NAMES`` Cyrillic, is Russian when a small word of it is."""
    cleaned = _prose(text)
    words = _LETTER_WORD.findall(cleaned)
    if len(words) == 1:
        if declared in langs and declared != "ru" and not any(map(is_cyrillic, words[0])):
            return declared, 0.5
        return _one_word(text, words[0], langs)
    if not words:
        return "und", 0.0
    letters = "".join(words)
    cyrillic = sum(map(is_cyrillic, letters)) / len(letters)
    if cyrillic and other_cyrillic(cleaned):
        return "und", 0.0  # Ukrainian, Belarusian, Serbian, Kazakh: neither Russian nor for a Russian model
    by_ordinary_words = _language_of_ordinary_words(cleaned, words, langs)
    if by_ordinary_words == "ru":  # 'Samsung Galaxy S24 вышел': the Latin words are names
        return "ru", round(max(cyrillic, 0.5), 4)
    if by_ordinary_words == "latin":  # 'He said «мы не будем этого делать» and left': a quotation
        langs = tuple(lang for lang in langs if lang != "ru") or langs
    if cyrillic > 0.5 and "ru" in langs:
        return "ru", round(cyrillic, 4)
    if "ru" in langs and (declared == "ru" and any(word.islower() and all(map(is_cyrillic, word)) for word in words) or cyrillic >= RUSSIAN_WITH_NAMES and any(word in _RUSSIAN_SMALL_WORDS for word in words)):
        return "ru", round(max(cyrillic, 0.5), 4)  # a Russian sentence of Latin names ('IBM (International Business Machines) была основана…'): its small words are Russian
    latin_langs = tuple(sorted(lang for lang in langs if lang != "ru"))
    if not latin_langs:
        return "und", 0.0
    if len(latin_langs) == 1:
        return latin_langs[0], round(1 - cyrillic, 4)
    if declared in latin_langs and len(words) > 1:
        return declared, round(1 - cyrillic, 4)
    lang, probability = _identifier(latin_langs).classify(cleaned)
    return lang, round(float(probability) * (1 - cyrillic), 4)


def _script_spans(text: str, lang: str, langs: Sequence[str], latin: Sequence[str] = ()) -> list[Span]:
    """Cyrillic stretches in Latin text, Latin stretches in Russian text (in the languages ``latin``, when
    the file says which: a Russian translation of English keeps its English brands)."""
    spans: list[Span] = []
    if lang != "ru" and "ru" in langs and not (lang == "und" and other_cyrillic(text)):  # Ukrainian is no Russian span
        for match in _CYRILLIC_RUN.finditer(text):
            spans.append(Span(match.start(), match.end(), "ru", match.group()))
    elif lang == "ru":
        latin_langs = [code for code in langs if code != "ru" and (code in latin or not latin)]
        addresses = _addresses(text)
        for match in _LATIN_RUN.finditer(text):
            if len(match.group()) < 2 or not latin_langs:
                continue
            if any(start < match.end() and match.start() < end for start, end in addresses):
                continue  # 'https://t.me/rian_ru', '@rian_ru': an address, in no language
            spans.append(Span(match.start(), match.end(), _latin_language(match.group(), latin_langs), match.group()))
    return spans


def _latin_language(text: str, langs: Sequence[str]) -> str:
    """English or Indonesian for a Latin stretch: by word frequencies, English when unsure, and for names and brands
    (every word capitalised: 'Pearl Jam', 'Samsung, Huawei, HTC' and 'HP' were Indonesian for its 'jam', hour, and
    'hp', phone)."""
    if len(langs) == 1:
        return langs[0]
    words = _WORD.findall(text)
    if "en" in langs and all(word[:1].isupper() for word in words):
        others = [lang for lang in langs if lang != "en"]
        english = word_frequencies("en")
        for lang in others:  # unless every word is that language's, far more than English's: 'Dewan Perwakilan Rakyat', 'Kompas'
            known = word_frequencies(lang)
            if all((known.get(w.lower()) or 0.0) > OWN_WORD_RATIO * (english.get(w.lower()) or UNKNOWN) for w in words):
                return lang
        return "en"
    scores = {lang: sum(math.log(word_frequencies(lang).get(w.lower(), UNKNOWN)) for w in words) for lang in langs}
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] > scores.get("en", -math.inf) + 2.0 else ("en" if "en" in langs else best)


def _word_spans(text: str, lang: str, other: str) -> list[Span]:
    """Runs of ``other``-language words inside ``lang`` text, by a two-state Viterbi over word frequencies."""
    words = [m for m in _WORD.finditer(text) if not any(map(is_cyrillic, m.group()))]
    if len(words) < MIN_SPAN_WORDS + 1:
        return []
    own, foreign = word_frequencies(lang), word_frequencies(other)
    emissions = []
    for match in words:
        word = match.group().lower()
        a, b = own.get(word, 0.0), foreign.get(word, 0.0)
        if a == 0.0 and b == 0.0:  # a name or a typo: no evidence either way
            emissions.append((0.0, 0.0))
        else:
            emissions.append((math.log(a or UNKNOWN), math.log(b or UNKNOWN)))
    # Viterbi with states 0 = own language, 1 = other.
    score = [emissions[0][0], emissions[0][1] - SWITCH_PENALTY]
    back: list[tuple[int, int]] = []
    for own_e, other_e in emissions[1:]:
        stay0, from1 = score[0], score[1] - SWITCH_PENALTY
        stay1, from0 = score[1], score[0] - SWITCH_PENALTY
        back.append((0 if stay0 >= from1 else 1, 1 if stay1 >= from0 else 0))
        score = [max(stay0, from1) + own_e, max(stay1, from0) + other_e]
    state = 0 if score[0] >= score[1] else 1
    states = [state]
    for pointers in reversed(back):
        state = pointers[state]
        states.append(state)
    states.reverse()
    spans: list[Span] = []
    i = 0
    while i < len(states):
        if states[i] == 1:
            j = i
            while j + 1 < len(states) and states[j + 1] == 1:
                j += 1
            known = sum(1 for k in range(i, j + 1) if emissions[k] != (0.0, 0.0))
            if known >= MIN_SPAN_WORDS:
                start, end = words[i].start(), words[j].end()
                spans.append(Span(start, end, other, text[start:end]))
            i = j + 1
        else:
            i += 1
    return spans


def detect_segment(segment: Segment, langs: Sequence[str] = LANGUAGES, spans: bool = True, declared: Sequence[str] = ()) -> Segment:
    """The segment with its language, confidence and (unless ``spans`` is false) inline spans filled in;
    ``declared``: the languages its file declares, its own first (XLIFF, TMX, PO)."""
    lang, confidence = detect_text(segment.text, langs, declared[0] if declared else None)
    if not spans:
        return replace(segment, lang=lang, confidence=confidence, spans=[])
    found = _script_spans(segment.text, lang, langs, [code for code in declared if code != "ru" and code in langs])
    if lang == "id" and "en" in langs:
        found += _word_spans(segment.text, "id", "en")
    return replace(segment, lang=lang, confidence=confidence, spans=sorted(found, key=lambda span: span.start))


_FUNCTION_WORDS = {
    "en": frozenset({"the", "and", "of", "to", "is", "in", "that", "for", "with", "was", "are", "it"}),
    "id": frozenset({"yang", "dan", "di", "ke", "untuk", "dengan", "ini", "itu", "dari", "tidak", "akan", "pada"}),
}
"""The commonest words of the Latin languages, to check a file's word on its language: English and
Indonesian share no word here."""


def _declaration_holds(segments: Sequence[Segment], lang: str, sample: int = 200) -> bool:
    """Whether the first ``sample`` segments read as ``lang`` at least as much as the other Latin language:
    CAT tools leave a wrong target-language in a file often enough to check it."""
    if lang not in _FUNCTION_WORDS:
        return True
    words = [word.lower() for segment in segments[:sample] for word in _WORD.findall(segment.text)]
    hits = {code: sum(word in common for word in words) for code, common in _FUNCTION_WORDS.items()}
    return hits[lang] >= max(hits.values())


def detect_segments(segments: Sequence[Segment], langs: Sequence[str] = LANGUAGES, spans: bool = True, declared: Sequence[str] = ()) -> list[Segment]:
    """Every segment with ``lang``, ``confidence`` and (unless ``spans`` is false) ``spans`` filled in; deterministic.

    A short Latin segment detected without much confidence (a user name and a
    date, a heading) takes the language of its neighbours when they agree.
    """
    if declared and not _declaration_holds(segments, declared[0]):
        declared = ()
    detected = [detect_segment(segment, langs, spans, declared) for segment in segments]
    known = [k for k, s in enumerate(detected) if s.lang != "und"]
    for position, k in enumerate(known):
        segment = detected[k]
        if segment.lang == "ru" or segment.confidence >= 0.95 or len(_LETTER_WORD.findall(segment.text)) > 4:
            continue
        around = {detected[n].lang for n in known[max(position - 1, 0) : position] + known[position + 1 : position + 2]}
        if len(around) == 1 and segment.lang not in around and "ru" not in around:
            lang = around.pop()
            kept = sorted(_script_spans(segment.text, lang, langs), key=lambda span: span.start) if spans else []
            detected[k] = replace(segment, lang=lang, spans=kept)
    return detected


def main_language(segments: Sequence[Segment]) -> str:
    """The language holding most characters of ``segments`` ('und' when none is known)."""
    chars: Counter[str] = Counter()
    for segment in segments:
        chars[segment.lang] += len(segment.text)
    chars.pop("und", None)
    return chars.most_common(1)[0][0] if chars else "und"


def side_language(segments: Sequence[Segment], langs: Sequence[str] = LANGUAGES, sample: int = 24) -> str | None:
    """The one language of a whole file, read from ``sample`` of its sentences spread over it, or None when
    the sample is mixed or unclear (then every sentence is detected). Cyrillic is Russian; Latin text is
    English or Indonesian by the shipped dictionaries: Indonesian words are the Indonesian dictionary's keys,
    English ones its glosses (on Flores, Tatoeba and newstest, 24 lines always tell them apart by a third
    of their words). No model is loaded, so ``align align`` starts fast."""
    from align.text import lexicon

    spread = [segments[k * len(segments) // sample] for k in range(sample)] if len(segments) > sample else segments
    chosen = [s.text for s in spread if len(_LETTER_WORD.findall(s.text)) >= 3]
    letters = "".join("".join(_LETTER_WORD.findall(text)) for text in chosen)
    if not letters:
        return None
    cyrillic = sum(map(is_cyrillic, letters)) / len(letters)
    latin = [lang for lang in langs if lang != "ru"]
    if cyrillic > 0.9:
        return "ru" if "ru" in langs else None
    if cyrillic > 0.1 or not latin:
        return None
    if len(latin) == 1:
        return latin[0]
    words = [word for text in chosen for word in lexicon.words(text)]
    indonesian = sum(word[: lexicon.KEY_LETTERS] in lexicon.shipped("id") for word in words) / len(words) if words else 0.0
    english = sum(word in lexicon.english_words() for word in words) / len(words) if words else 0.0
    if "id" in latin and indonesian >= 0.15 and indonesian >= 3 * english:
        return "id"
    if "en" in latin and english >= 0.15 and english >= 3 * indonesian:
        return "en"
    return None


def language_runs(segments: Sequence[Segment], min_chars: int = 120) -> list[LangRun]:
    """The document's language map: runs of one language, small interruptions absorbed.

    ``und`` segments join the run before them; a run shorter than ``min_chars``
    characters between two runs of one language is absorbed into them.
    """
    runs: list[LangRun] = []
    for segment in segments:
        lang = segment.lang
        if lang == "und" and runs:
            lang = runs[-1].lang
        if runs and runs[-1].lang == lang:
            runs[-1].end = segment.index + 1
            runs[-1].chars += len(segment.text)
        else:
            runs.append(LangRun(lang, segment.index, segment.index + 1, len(segment.text)))
    changed = True
    while changed and len(runs) > 1:
        changed = False
        for i, run in enumerate(runs):
            if run.chars >= min_chars:
                continue
            neighbours = [n for n in (runs[i - 1] if i else None, runs[i + 1] if i + 1 < len(runs) else None) if n is not None]
            if len(neighbours) == 2 and neighbours[0].lang != neighbours[1].lang:
                continue  # a short run at a real boundary stays its own
            target = max(neighbours, key=lambda n: n.chars)
            target.first, target.end = min(target.first, run.first), max(target.end, run.end)
            target.chars += run.chars
            del runs[i]
            merged: list[LangRun] = []
            for r in runs:
                if merged and merged[-1].lang == r.lang:
                    merged[-1].end, merged[-1].chars = r.end, merged[-1].chars + r.chars
                else:
                    merged.append(r)
            runs = merged
            changed = True
            break
    return runs
