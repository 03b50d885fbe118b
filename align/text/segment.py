"""Split a document into paragraphs and sentences, keeping exact offsets.

Sentence splitting is sentencex (Wikimedia's rule-based splitter: the same
F1 as pysbd on Flores but ~150× faster, see ``bench/segment.py``), plus two
repairs it needs for our languages: abbreviations it does not know ('т. е.',
'им.', 'Jl.') and pieces that start in lower case are glued back on.

Blocks are lines between blank lines. Inside a block a line break ends a
sentence, and a paragraph, unless the line was clearly cut mid-sentence (the
next line starts in lower case, or a bracket is still open) or the whole block
is hard-wrapped prose, so that 'kutipan\\nРИА Новости):' stays one sentence:
a book or a Word export with a paragraph a line, and no blank lines, has its
paragraphs, which the aligner aligns first.

No segment is longer than ``max_chars`` (2,000 by default, three times the longest
sentence of the seeds): a megabyte without a sentence end (a base64 image, a
table flattened into one line) is cut at spaces, or into equal pieces when it has
none, so that every later stage, and the side-by-side view, works on pieces of bounded size.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import replace

import sentencex

from align.model import DEFAULT_MAX_SEGMENT_CHARS, Document, Segment

# Abbreviations sentencex splits after; lower-cased, with their final dot.
ABBREVIATIONS = {
    "en": {"mr.", "mrs.", "ms.", "dr.", "prof.", "gen.", "col.", "lt.", "sgt.", "st.", "no.", "vs.", "etc.", "inc.", "ltd.", "jr.", "sr.", "rep.", "sen.", "gov.", "approx.", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec."},
    "ru": {"г.", "гг.", "т.", "е.", "д.", "п.", "им.", "ул.", "пр.", "см.", "тыс.", "млн.", "млрд.", "руб.", "коп.", "стр.", "рис.", "т.е.", "т.д.", "т.п.", "др.", "н.э.", "ген.", "проф.", "акад.", "св.", "обл.", "р.", "ст.", "чел.", "тел."},
    "id": {"jl.", "no.", "dr.", "prof.", "drs.", "ir.", "h.", "hj.", "kh.", "st.", "sdr.", "bpk.", "yth.", "tgl.", "kab.", "kec.", "kel.", "dsb.", "dll.", "dst.", "a.n.", "u.p.", "s.h.", "s.e.", "m.si.", "ph.d."},
}
# Scripts keep the languages apart, so one set serves every text.
_ALL_ABBREVIATIONS = set().union(*ABBREVIATIONS.values())
_LIST_MARKER = re.compile(r"\(?\d{1,3}[.)]")  # "1." opening a numbered item is no sentence
_CYRILLIC_RUN = re.compile("[\u0400-\u04ff]+")
_ASCII_LETTERS = re.compile("[A-Za-z]+")
_TERMINAL = set(".!?…:;\"'»”’)]")
_BRACKET_END = re.compile(r"[.!?…][)\]]\s+(?=[«\"“(\[]?[A-ZА-ЯЁ])")
_SENTENCE_END = re.compile(r"[.!?…][”»\"’']?\s+")  # inside a piece: quoted sentences
_INITIAL = re.compile(r"(?:\w\.)+")  # 'J.', 'А.', 'U.S.': initials, not a sentence's end
# a Russian name's middle initial inside the sentence: 'администрации Линдона Б.' goes on with 'Джонсона', when
# that is no ordinary word ('в Корпусе Б. Затем' ends one; Latin initials, 'John F. Kennedy', sentencex keeps)
_NAME_INITIAL = re.compile(r"\s[А-ЯЁ][а-яё]+\s[А-ЯЁ]\.$")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
# a capital letter ending a sentence after an ordinary word: 'plan B. Then', 'rencana B. Kemudian', 'выражение C.
# При'; a name's initial follows a capitalised name ('George W. Bush') or a small word ('by W. Said'), which
# sentencex keeps
_LONE_CAPITAL_END = re.compile(r"\b([a-zа-яё]{3,}) [A-ZА-ЯЁ]\.(?= ([A-ZА-ЯЁ][a-zа-яё]+)\b)")
_TITLE_WORDS = frozenset("господин госпожа господина госпоже госпожу мистер миссис доктор профессор генерал президент bapak ibu tuan nyonya doktor profesor presiden mister doctor professor president general".split())  # 'господин Л. Еще': an initial
ORDINARY_BELOW, OPENING_FROM = 6.0, 5.5  # Zipf in the word's language: not a small word before; a common word after
SENTENCEX_CHUNK = 10_000  # characters sentencex reads at once (``_chunks``)
_QUOTES_AND_BRACKETS = "«“„\"'‘(["
_OPENERS = set(" —–-" + _QUOTES_AND_BRACKETS)


def guess_script_lang(text: str) -> str:
    """A cheap language guess for choosing sentence rules: Cyrillic means Russian."""
    cyrillic = sum(map(len, _CYRILLIC_RUN.findall(text)))
    latin = sum(map(len, _ASCII_LETTERS.findall(text)))
    return "ru" if cyrillic > latin else "en"


def split_sentences(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in ``text``, whitespace trimmed."""
    lang = lang or guess_script_lang(text)
    flat = text.replace("\n", " ")
    pieces: list[tuple[int, int]] = []
    for begin, end in _chunks(flat, SENTENCEX_CHUNK):
        cursor = begin
        for sentence in sentencex.segment(lang, flat if end - begin == len(flat) else flat[begin:end]):
            stripped = sentence.strip()
            if not stripped:
                continue
            start = flat.find(stripped, cursor, end)
            if start < 0:  # sentencex never rewrites text, but stay safe
                continue
            cursor = start + len(stripped)
            if _SENTENCE_END.search(flat, start, cursor):
                found = _inside_quotes(flat, start, cursor)
            else:  # most sentences: no call
                found = [(start, cursor)]
            pieces += [cut for piece in found for part in _cut_after_brackets(flat, *piece) for cut in _cut_after_lone_capitals(flat, *part)]
    return _repair(flat, pieces)


def _cut_after_brackets(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The piece cut after a sentence closed inside brackets before a capital ('(Об этом сообщил ТАСС.) Затем…'),
    which sentencex keeps whole: a translator's note in brackets was hidden inside the link of the sentence after it."""
    pieces = []
    for found in _BRACKET_END.finditer(text, start, end):
        stop = found.start() + 2
        word = text[max(start, stop - 16) : stop - 1].rsplit(None, 1)[-1].lstrip("([").lower()
        if word in _ALL_ABBREVIATIONS or _INITIAL.fullmatch(word) and word[0].isalpha():
            continue  # '(e.g.) The', '(Lavrov S.) Then'
        pieces.append((start, stop))
        start = found.end()
    return pieces + [(start, end)]


def _cut_after_lone_capitals(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The piece cut after a lone capital letter that ends a sentence ('rencana B. Kemudian'), which sentencex
    takes for a name's initial: the word before it is an ordinary one and the word after it a common one."""
    pieces = []
    for found in _LONE_CAPITAL_END.finditer(text, start, end):
        before, after = found.group(1), found.group(2).lower()
        if before not in _TITLE_WORDS and _zipf(before) < ORDINARY_BELOW and _zipf(after) >= OPENING_FROM:
            pieces.append((start, found.end()))
            start = found.end() + 1
    return pieces + [(start, end)]


def _zipf(word: str) -> float:
    """A word's Zipf frequency in Russian, if it is Cyrillic, else in English or Indonesian, whichever is higher."""
    from align.text.detect import word_frequencies

    langs = ("ru",) if _CYRILLIC_RUN.match(word) else ("en", "id")
    frequency = max(word_frequencies(lang).get(word, 0.0) for lang in langs)
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


def _chunks(text: str, size: int) -> list[tuple[int, int]]:
    """``text`` in pieces of at most ``size`` characters, each cut after the last sentence end ('. ') in its second
    half, or at its last space, or, in a run with no space, into equal parts (no stub): sentencex takes time with
    the square of a run of unclosed quotation marks (a megabyte of them, half a minute), and no sentence of
    running text is as long as a piece."""
    chunks: list[tuple[int, int]] = []
    begin = 0
    while len(text) - begin > size:
        window = text[begin + size // 2 : begin + size]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        cut = cut + 1 if cut >= 0 else window.rfind(" ")
        rest = len(text) - begin
        end = begin + size // 2 + cut if cut > 0 else begin + -(-rest // -(-rest // size))
        chunks.append((begin, end))
        begin = end
    return chunks + [(begin, len(text))]


def _inside_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The piece ``text[start:end]`` cut where a sentence ends inside it: sentencex never splits inside quotation
    marks, so a character's speech of five sentences ('“Far away … a poor house. One of the windows is open …”')
    stayed one, against the five a translation that sets speech off with dashes has."""
    pieces: list[tuple[int, int]] = []
    for found in _SENTENCE_END.finditer(text, start, end):
        stop = found.start() + 1
        word = text[max(start, stop - 16) : stop].rsplit(None, 1)[-1].lower()
        said = any(char.isalnum() for char in word)  # not a bare '…' opening the piece
        if said and _first_letter(text, found.end(), end).isupper() and word not in _ALL_ABBREVIATIONS and not _INITIAL.fullmatch(word.lstrip(_QUOTES_AND_BRACKETS)):
            pieces.append((start, found.start() + len(found.group().rstrip())))
            start = found.end()
    return pieces + [(start, end)]


def _first_letter(text: str, start: int, end: int) -> str:
    """The piece's first letter after any dashes, quotes and brackets ('' if something else comes first): a capital
    there starts a sentence; a small one after '— Стой!' ('— говорит он.') goes on the sentence of the speech it reports."""
    for char in text[start : min(end, start + 8)]:
        if char.isalpha():
            return char
        if char not in _OPENERS:
            return ""
    return ""


def _repair(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue back pieces split after an abbreviation, a name's middle initial or before a lower-case word.

    Only the end of the piece before is looked at, never the whole sentence glued so far:
    that was quadratic on a megabyte of 'word? word? ...'.
    """
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        if merged:
            begin, finish = merged[-1]
            last_word = text[max(begin, finish - 16) : finish].rsplit(None, 1)[-1].lower().lstrip("([«\"“")  # abbreviations are shorter; '(p.' is 'p.'
            opening = text[start] if text[start].isalpha() else _first_letter(text, start, end)
            if opening.islower() or last_word in _ALL_ABBREVIATIONS or _LIST_MARKER.fullmatch(text, begin, finish) or _surname_after_initial(text, begin, finish, start, end):
                merged[-1] = (begin, end)
                continue
        merged.append((start, end))
    return merged


def _surname_after_initial(text: str, begin: int, finish: int, start: int, end: int) -> bool:
    """Whether the piece ``begin:finish`` ends on a Russian name's initial and the next one (``start:end``) opens
    with a word that is no ordinary one: the surname."""
    if not _NAME_INITIAL.search(text, max(begin, finish - 40), finish):
        return False
    word = _FIRST_WORD.search(text, start, end)
    if word is None:
        return False
    from align.text.morph import analyzer

    ordinary = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}
    return not any(parse.is_known and not ordinary & parse.tag.grammemes for parse in analyzer().parse(word.group().lower()))


def _capped(text: str, pieces: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """``pieces`` with every one longer than ``max_chars`` cut at the last white space in its second half;
    a run with none there is cut into pieces of equal length, so that none is a stub too short to detect."""
    capped: list[tuple[int, int]] = []
    for start, end in pieces:
        while end - start > max_chars:
            half = start + max_chars // 2
            window = text[half : start + max_chars + 1]
            space = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
            parts = -(-(end - start) // max_chars)
            cut = half + space if space >= 0 else start + -(-(end - start) // parts)
            head_end = cut
            while text[head_end - 1].isspace():
                head_end -= 1
            capped.append((start, head_end))
            start = cut
            while text[start].isspace():
                start += 1
        capped.append((start, end))
    return capped


def _non_blank_lines(doc: Document) -> Iterator[tuple[int, int, str]]:
    """(block, 1-based line number, text) of every line with more than white space, each line read once; the
    blocks, numbered from 0, are separated by blank lines."""
    block, blank = -1, True
    for number in range(1, doc.line_count + 1):
        text = doc.line_text(number)
        if not text.strip():
            blank = True
            continue
        if blank:
            block, blank = block + 1, False
        yield block, number, text


def _blocks(doc: Document) -> list[list[int]]:
    """Blank-line separated blocks, as lists of 1-based line numbers."""
    blocks: list[list[int]] = []
    for block, number, _ in _non_blank_lines(doc):
        if block == len(blocks):
            blocks.append([])
        blocks[block].append(number)
    return blocks


def _is_hard_wrapped(texts: list[str]) -> bool:
    """Prose wrapped at a fixed width: 3+ lines, all but the last about as long as the longest."""
    if len(texts) < 3:
        return False
    widths = [len(t.rstrip()) for t in texts[:-1]]
    return max(widths) >= 40 and min(widths) >= 0.75 * max(widths)


def _continues(line: str, following: str) -> bool:
    """Whether the break between two lines falls inside a sentence."""
    line = line.rstrip()
    following = following.lstrip()
    if not line or not following or line[-1] in _TERMINAL:
        return False
    if line.endswith("-") or line.count("(") > line.count(")"):
        return True
    return following[0].islower()


def _units(doc: Document, block: list[int]) -> list[tuple[int, int]]:
    """Runs of lines in a block that hold running text, as (first line, last line)."""
    texts = [doc.line_text(line) for line in block]
    if _is_hard_wrapped(texts):
        return [(block[0], block[-1])]
    units: list[tuple[int, int]] = []
    first = block[0]
    for i, line in enumerate(block[:-1]):
        if not _continues(texts[i], texts[i + 1]):
            units.append((first, line))
            first = block[i + 1]
    units.append((first, block[-1]))
    return units


def _make_segment(doc: Document, index: int, begin: int, end: int, paragraph: int) -> Segment:
    line, start = doc.position(begin)
    end_line, end_col = doc.position(end - 1)
    return Segment(
        doc=doc.name,
        index=index,
        line=line,
        start=start,
        end_line=end_line,
        end=end_col + 1,
        offset=begin,
        end_offset=end,
        text=doc.text[begin:end].replace("\n", " "),
        paragraph=paragraph,
    )


def _line_segments(doc: Document, max_chars: int) -> list[Segment]:
    """One segment per non-blank line (cut at ``max_chars``), placed by its line number: no offset is looked up,
    and each line is read once, which a 100,000-line file feels."""
    segments: list[Segment] = []
    for paragraph, number, text in _non_blank_lines(doc):
        begin = doc.line_starts[number - 1]
        for start, end in _capped(text, [(len(text) - len(text.lstrip()), len(text.rstrip()))], max_chars):
            segments.append(Segment(doc=doc.name, index=len(segments), line=number, start=start, end_line=number, end=end, offset=begin + start, end_offset=begin + end, text=text[start:end], paragraph=paragraph))
    return segments


def segment_document(doc: Document, lines: bool = False, max_chars: int = DEFAULT_MAX_SEGMENT_CHARS) -> Document:
    """``doc`` split into sentences (or one segment per non-empty line with ``lines``), none longer than ``max_chars``."""
    if lines:
        return replace(doc, segments=_line_segments(doc, max_chars))
    segments: list[Segment] = []
    units = [unit for block in _blocks(doc) for unit in _units(doc, block)]
    for paragraph, (first, last) in enumerate(units):
        begin = doc.line_starts[first - 1]
        finish = begin + len(doc.line_text(first)) if first == last else doc.line_starts[last - 1] + len(doc.line_text(last))
        text = doc.text[begin:finish]
        for start, end in _capped(text, split_sentences(text), max_chars):
            segments.append(_make_segment(doc, len(segments), begin + start, begin + end, paragraph))
    return replace(doc, segments=segments)
