"""What the aligner compares: each sentence as a sparse hashed vector of character trigrams and anchors.

A sentence's words (Cyrillic transliterated, accents folded), the English glosses the
shipped dictionary gives them and, with MT, its translation become character trigrams;
numbers, capitalised names, punctuation and glossary names become anchors, which count
``anchor_weight`` times a trigram. Both are hashed into ``DIMENSIONS`` columns, so
Russian, Indonesian and English sentences live in one space.

A sentence fills a hundred or two of the columns, so the vectors are kept sparse (a
100,000-sentence book takes ~100 MB, not 800) and the aligner makes dense rows a block at
a time for its matrix products. Each distinct word is turned into trigram columns once
per block of sentences; numpy spreads them over the word's occurrences.

Numbers, names and glossary names are also kept as *keys* (hashes of the strings, not
columns), from which the aligner picks its hard anchors: keys that occur once on each side.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from collections import defaultdict
from functools import cache, lru_cache
from itertools import count

import numpy as np

from align.model import Segment
from align.text import lexicon, numerals
from align.text.translit import ascii_fold, fast_latin, is_cyrillic

DIMENSIONS = 2048
CHUNK = 64  # rows summed together when building vectors: the (CHUNK, DIMENSIONS) float64 scratch stays 1 MB, small enough for malloc to reuse its pages from chunk to chunk (fresh 4 MB ones cost more to map than to fill)
TEXT_ROWS = 4096  # sentences whose text is scanned together
_PUNCTUATION_CLASS = {"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'}
COMMON_SPELLED = 10  # 'three', 'десять', 'dua': prose spells small numbers too often for them to be rare keys beside a digit
HEADING_CHARS = 150  # a longer sentence with no final stop is a broken one or a verse line, not a heading
KEY_LETTERS = 5  # a name is keyed by its first five letters, so Russian case endings share a key


@dataclass
class Features:
    """What one side's sentences look like to the aligner: a sparse (n, DIMENSIONS) matrix in rows.

    Row k's entries are ``cols[indptr[k]:indptr[k + 1]]`` with weights ``vals[...]``, each column
    at most once per row. ``key_indptr``/``keys`` hold the sentences' number and name keys the same way.
    """

    indptr: np.ndarray  # (n + 1,) int64
    cols: np.ndarray  # int16
    vals: np.ndarray  # float32: counts, anchors weighted; IDF is applied by the aligner
    lengths: np.ndarray  # characters per sentence, float64
    key_indptr: np.ndarray
    keys: np.ndarray  # int64 hashes of numbers and names
    headings: np.ndarray | None = None  # bool: sentences that end with no punctuation, as titles and headings do

    def __len__(self) -> int:
        return len(self.lengths)

    def rows(self, r0: int = 0, r1: int | None = None) -> np.ndarray:
        """The row (counted from r0) of every entry of rows r0..r1-1."""
        r1 = len(self) if r1 is None else r1
        return np.repeat(np.arange(r1 - r0, dtype=np.int64), np.diff(self.indptr[r0 : r1 + 1]))

    def per_row(self, value: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
        """Per row, the sum of ``value(cols, vals)`` over its entries; TEXT_ROWS rows at a time, so that no
        array as long as all the entries is made."""
        out = np.zeros(len(self))
        for r0 in range(0, len(self), TEXT_ROWS):
            r1 = min(len(self), r0 + TEXT_ROWS)
            a, b = self.indptr[r0], self.indptr[r1]
            out[r0:r1] = np.bincount(self.rows(r0, r1), value(self.cols[a:b], self.vals[a:b]), minlength=r1 - r0)
        return out

    def dense(self, r0: int = 0, r1: int | None = None, buffer: np.ndarray | None = None) -> np.ndarray:
        """Rows r0..r1-1 as a dense float32 (r1 - r0, DIMENSIONS) array, made in the front of ``buffer`` (flat
        float32) when one is given: a loop over blocks reuses one, as the pages of a fresh array cost more to
        touch than the rows take to fill."""
        r1 = len(self) if r1 is None else r1
        a, b = self.indptr[r0], self.indptr[r1]
        size = (r1 - r0) * DIMENSIONS
        if buffer is None:
            out = np.zeros(size, dtype=np.float32)
        else:
            out = buffer[:size]
            out.fill(0)
        out[np.repeat(np.arange(0, size, DIMENSIONS), np.diff(self.indptr[r0 : r1 + 1])) + self.cols[a:b]] = self.vals[a:b]
        return out.reshape(r1 - r0, DIMENSIONS)

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The given rows, in that order, as a dense float32 (len(rows), DIMENSIONS) array."""
        rows = np.asarray(rows, dtype=np.int64)
        starts, sizes = self.indptr[rows], self.indptr[rows + 1] - self.indptr[rows]
        ends = np.cumsum(sizes)
        positions = np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(ends - sizes - starts, sizes)
        out = np.zeros(len(rows) * DIMENSIONS, dtype=np.float32)
        out[np.repeat(np.arange(0, len(rows) * DIMENSIONS, DIMENSIONS), sizes) + self.cols[positions]] = self.vals[positions]
        return out.reshape(len(rows), DIMENSIONS)

    def weighted(self, weights: np.ndarray) -> Features:
        """The same sentences with every column scaled by ``weights`` (an IDF)."""
        vals = np.empty_like(self.vals)
        for a in range(0, len(vals), TEXT_ROWS * 256):
            np.multiply(self.vals[a : a + TEXT_ROWS * 256], weights[self.cols[a : a + TEXT_ROWS * 256]], out=vals[a : a + TEXT_ROWS * 256])
        return Features(self.indptr, self.cols, vals, self.lengths, self.key_indptr, self.keys, self.headings)

    def squared_norms(self) -> np.ndarray:
        return self.per_row(lambda cols, vals: np.square(vals, dtype=np.float64))  # one float64 array, not two

    def blocks(self, size: int) -> Features:
        """The document ``size`` times shorter: each "sentence" the sum of ``size`` consecutive ones."""
        return self.grouped(np.arange(0, len(self), size))

    def grouped(self, starts: np.ndarray) -> Features:
        """Each group of consecutive sentences, from each of ``starts`` (the first 0) to the next, as one: the sum
        of their vectors, lengths and keys, CHUNK groups at a time (as ``_sparse`` does). A merged bead, a coarse
        block and a paragraph are looked at so, without featurising their text again."""
        starts = np.asarray(starts, dtype=np.int64)
        ends = np.append(starts, len(self))
        group_of = np.repeat(np.arange(len(starts), dtype=np.int64), np.diff(ends))
        chunks = []
        for c0 in range(0, len(starts), CHUNK):
            c1 = min(len(starts), c0 + CHUNK)
            r0, r1 = int(ends[c0]), int(ends[c1])
            a, b = self.indptr[r0], self.indptr[r1]
            chunks.append(_summed((group_of[r0:r1][self.rows(r0, r1)] - c0) * DIMENSIONS + self.cols[a:b], self.vals[a:b], c1 - c0))
        grouped = _joined(chunks, np.add.reduceat(self.lengths, starts) if len(starts) else np.zeros(0), self.key_indptr[ends], self.keys)
        if self.headings is not None:  # a group is a heading when it is one
            grouped.headings = (np.diff(ends) == 1) & self.headings[np.minimum(starts, len(self) - 1)] if len(starts) else np.zeros(0, dtype=bool)
        return grouped

    def document_frequency(self) -> np.ndarray:
        """In how many sentences each column occurs."""
        return sum((np.bincount(self.cols[a : a + TEXT_ROWS * 256], minlength=DIMENSIONS) for a in range(0, len(self.cols), TEXT_ROWS * 256)), np.zeros(DIMENSIONS, dtype=np.int64))


def _sparse(n: int, runs: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]], lengths: np.ndarray, key_indptr: np.ndarray, keys: np.ndarray) -> Features:
    """Features from runs of (row, column, weight) entries, each run in row order, repeated cells summed,
    CHUNK rows at a time."""
    starts = np.minimum(np.arange(0, n + CHUNK, CHUNK), n)
    bounds = [np.searchsorted(rows, starts) for rows, _, _ in runs]
    chunks = []
    for c, r0 in enumerate(range(0, n, CHUNK)):
        size = min(CHUNK, n - r0)
        cells = np.concatenate([(rows[b[c] : b[c + 1]] - r0) * DIMENSIONS + cols[b[c] : b[c + 1]] for (rows, cols, _), b in zip(runs, bounds)])
        weights = np.concatenate([vals[b[c] : b[c + 1]] for (_, _, vals), b in zip(runs, bounds)])
        chunks.append(_summed(cells, weights, size))
    return _joined(chunks, lengths, key_indptr, keys)


def _summed(cells: np.ndarray, weights: np.ndarray, rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The weights summed per cell (row * DIMENSIONS + column) of ``rows`` rows, as (entries per row, their
    columns, their weights), cells in order, none that sums to zero. The cells are found on a mark of those
    present: scanning it is three times faster than scanning the sums, eight times its size."""
    sums = np.bincount(cells, weights, minlength=rows * DIMENSIONS)
    present = np.zeros(rows * DIMENSIONS, dtype=bool)
    present[cells] = True
    found = np.flatnonzero(present)
    found = found[sums[found] != 0]
    return np.bincount(found // DIMENSIONS, minlength=rows), (found % DIMENSIONS).astype(np.int16), sums[found].astype(np.float32)


def _joined(chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]], lengths: np.ndarray, key_indptr: np.ndarray, keys: np.ndarray) -> Features:
    """Features from consecutive chunks of rows as ``_summed`` gives them."""
    counts = np.concatenate([c[0] for c in chunks] + [np.zeros(0, dtype=np.int64)])
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    cols = np.concatenate([c[1] for c in chunks] + [np.zeros(0, dtype=np.int16)])
    vals = np.concatenate([c[2] for c in chunks] + [np.zeros(0, dtype=np.float32)])
    return Features(indptr, cols, vals, np.asarray(lengths, dtype=np.float64), key_indptr, keys)


@lru_cache(maxsize=100_000)
def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % DIMENSIONS


_BREAK = "\n"  # sentences are joined by newlines (a segment's text has none) and each pattern also finds the breaks
_TOKENS = re.compile(r"[^\W_]+|\n")
# a mark, a break or a number (\d+ with an optional decimal part; its thousands grouped by spaces as Russian
# writes them, '12 655', or by commas, '3,000,000'; a date's '12.05.2016' stays '12.05' and '2016'): one
# character class first lets the regex engine skip to the next candidate instead of trying each alternative
# at every character
_MARKS_AND_NUMBERS = re.compile(r"[?!:;()\"«»“”„%$€\n\d](?:(?<=\d)(?:\d{0,2}(?:[ \u00a0\u202f]\d{3}(?!\d))+|\d{0,2}(?:,\d{3}(?!\d)){2,}|\d*)(?:[.,]\d+)?)?")
_GROUPING = str.maketrans(", \u00a0\u202f", "....")  # '12 655', '12,655' and '12.655' are one number's label
# a Roman numeral of two letters or more ('Scene II', 'Сцена II', 'XX век', 'Louis XIV'; not the pronoun 'I'),
# the X in Latin or Cyrillic; or a break
_ROMAN = re.compile(r"[\nIVXХ](?:(?<=[IVXХ])(?<![^\W\d_][IVXХ])[IVXХ]{1,5}(?![^\W\d_]))?")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman(numeral: str) -> int | None:
    """'XIV' → 14, or None when the letters are no numeral as Romans wrote them ('IIII', 'VX', 'IIV')."""
    digits = [_ROMAN_VALUES[c] for c in numeral.replace("Х", "X")]
    value = sum(-d if k + 1 < len(digits) and d < digits[k + 1] else d for k, d in enumerate(digits))
    return value if _roman_text(value) == numeral.replace("Х", "X") else None


def _roman_text(value: int) -> str:
    text = ""
    for step, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        text += letters * (value // step)
        value %= step
    return text


def _found(pattern: re.Pattern, joined: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """What ``pattern`` finds in sentences joined by breaks: the distinct finds, which of them each find
    is, and the sentence it is in."""
    vocabulary: defaultdict[str, int] = defaultdict(count().__next__)
    vocabulary[_BREAK]  # id 0
    found = pattern.findall(joined)
    ids = np.array(list(map(vocabulary.__getitem__, found)), dtype=np.int64)
    breaks = ids == 0
    return list(vocabulary)[1:], ids[~breaks] - 1, np.cumsum(breaks)[~breaks]


def _trigram_columns(words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The hashed columns of the character trigrams of '#word#' for every word, laid end to end, and
    how many each word has. The trigrams are found and hashed (as ``_hash`` hashes their text) on the
    words' code points, all at once."""
    joined = "#" + "#\x00#".join(words) + "#"  # '#word#' for every word, \x00 between them
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    if len(points) < 3:
        return np.zeros(0, dtype=np.int64), np.zeros(len(words), dtype=np.int64)
    valid = (points[:-2] != 0) & (points[1:-1] != 0) & (points[2:] != 0)
    word_of = np.cumsum(points == 0)[:-2]
    return _crc32_runs(points, 3)[valid] % DIMENSIONS, np.bincount(word_of[valid], minlength=len(words))


@cache
def _crc_table() -> np.ndarray:
    """zlib's CRC-32 table: what each byte value adds (the reflected polynomial 0xEDB88320)."""
    table = np.arange(256, dtype=np.int64)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ 0xEDB88320, table >> 1)
    return table


_UTF8_LEAD = np.array([0, 0, 0xC0, 0xE0, 0xF0])  # the marker of a code point's first byte, by its number of bytes


def _crc32_runs(points: np.ndarray, length: int) -> np.ndarray:
    """``zlib.crc32`` of the UTF-8 bytes of every run of ``length`` consecutive code points in ``points``, all
    at once. Hashing each trigram in Python took longer than finding them all.

    CRC-32 is linear: a run's checksum is the initial value carried through all its bytes (as through zero
    bytes), XOR each code point's checksum from zero carried through the bytes after it. Those are worked out
    once per distinct code point (a text has some dozens) and number of bytes after it; each run then costs
    a few lookups."""
    table = _crc_table()
    present = np.zeros(int(points.max()) + 1, dtype=bool)
    present[points] = True
    distinct = np.flatnonzero(present)
    size = 1 + (distinct >= 0x80) + (distinct >= 0x800) + (distinct >= 0x10000)  # UTF-8 bytes
    own = np.zeros(len(distinct), dtype=np.int64)
    for k in range(int(size.max())):
        shift = np.maximum(6 * (size - 1 - k), 0)
        byte = (_UTF8_LEAD[size] | (distinct >> shift)) if k == 0 else (((distinct >> shift) & 0x3F) | 0x80)
        own = np.where(size > k, table[(own ^ byte) & 0xFF] ^ (own >> 8), own)
    carried, initial = [own], [0xFFFFFFFF]  # each [d]: carried through d bytes
    for _ in range(4 * length):
        carried.append(table[carried[-1] & 0xFF] ^ (carried[-1] >> 8))
        initial.append(int(table[initial[-1] & 0xFF]) ^ (initial[-1] >> 8))
    flat = np.concatenate(carried)  # [d * len(distinct) + row]
    rows = (np.cumsum(present) - 1)[points]  # each code point's row among the distinct ones
    sizes = size[rows]
    count = len(points) - length + 1
    crc = np.array(initial)[sum(sizes[k : k + count] for k in range(length))]
    after = np.zeros(count, dtype=np.int64)  # the bytes of the run after its k-th code point
    for k in reversed(range(length)):
        crc ^= flat[after * len(distinct) + rows[k : k + count]]
        after += sizes[k : k + count]
    return crc ^ 0xFFFFFFFF


def _spread(ids: np.ndarray, rows: np.ndarray, columns: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For occurrences of vocabulary items ``ids`` in ``rows`` (item v owning ``counts[v]`` of ``columns``, laid
    end to end): every occurrence's columns, and the row of each. Each array as long as all the columns is made
    once: a sentence's hundreds of entries make them megabytes, and fresh pages cost more than filling them."""
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    sizes = counts[ids]
    ends = np.cumsum(sizes)
    positions = np.repeat(ends - sizes - starts[ids], sizes)
    np.subtract(np.arange(len(positions)), positions, out=positions)
    return columns[positions], np.repeat(rows, sizes)


def _ones(size: int) -> np.ndarray:
    """A weight of one for each of ``size`` entries, as a read-only view of a single one instead of an array of them."""
    return np.broadcast_to(np.float64(1.0), (size,))


def _words(tokens: Sequence[str]) -> tuple[list[str], list[str], list[bool]]:
    """Tokens as the aligner compares them — Cyrillic transliterated, accents and apostrophes folded,
    lower case; too short and all-digit words emptied —, the first KEY_LETTERS letters of each capitalised
    one ('' for the others), and which of them are in Latin script."""
    compared = fast_latin("\x00".join(tokens)).lower().split("\x00") if tokens else []
    compared = [word if word.isascii() else ascii_fold(word) for word in compared]
    compared = [word if len(word) >= 3 and not word.isdigit() else "" for word in compared]
    names = [word[:KEY_LETTERS] if word and token[0].isupper() else "" for token, word in zip(tokens, compared)]
    return compared, names, [not is_cyrillic(token[0]) for token in tokens]


def _spelled(lowered: list[str], ids: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The numbers spelled out in words among the sentences' tokens ('dua puluh satu', 'Twenty-One'; ``lowered``:
    the vocabulary in lower case): the row and value of each. A run of number words next to each other in one
    sentence ('one hundred and five' too) is one number."""
    words = numerals.number_words()
    is_number = np.array([word in words for word in lowered] + [False], dtype=bool)[ids]
    is_joiner = np.array([word in numerals.JOINERS for word in lowered] + [False], dtype=bool)[ids]
    between = np.zeros(len(ids), dtype=bool)  # a joiner with number words either side of it in one sentence
    between[1:-1] = is_joiner[1:-1] & is_number[:-2] & is_number[2:] & (rows[:-2] == rows[2:])
    at = np.flatnonzero(is_number | between)
    run_starts = np.flatnonzero((np.diff(at, prepend=-2) != 1) | (np.diff(rows[at], prepend=-1) != 0))
    found_rows, values = [], []
    for first, end in zip(run_starts.tolist(), [*run_starts[1:].tolist(), len(at)]):
        run = at[first:end]
        for offset, value in numerals.spelled_numbers([lowered[ids[k]] for k in run]):
            found_rows.append(rows[run[offset]])
            values.append(value)
    return np.array(found_rows, dtype=np.int64), np.array(values, dtype=np.int64)


def _name_anchors(lowered: str, starts: np.ndarray, name_pairs: Sequence[tuple[str, str, str]]) -> list[tuple[int, str]]:
    """(sentence, glossary key) for every sentence of the joined lower-case text that names a glossary term."""
    found = set()
    for key, stem, latin in name_pairs:
        for needle in {stem, latin}:
            at = lowered.find(needle)
            while at >= 0:
                found.add((int(np.searchsorted(starts, at, side="right")) - 1, key))
                at = lowered.find(needle, at + 1)
    return sorted(found)


def _key(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def featurize_pair(src: Sequence[Segment], tgt: Sequence[Segment], use_mt: bool, name_pairs: Sequence[tuple[str, str, str]] = (), anchor_weight: float = 3.0, parallel_from: int = 0) -> tuple[Features, Features]:
    """Both sides' features. With both sides ``parallel_from`` sentences or more, the target's are made in a forked
    child process while this one makes the source's, where a child can be (``_may_fork``): a third of the features'
    time, or more, on a second CPU. A child that fails in any way only costs time: its side is then made here."""
    if not parallel_from or min(len(src), len(tgt)) < parallel_from or not _may_fork():
        return featurize(src, use_mt, name_pairs, anchor_weight), featurize(tgt, use_mt, name_pairs, anchor_weight)
    import os
    import pickle
    import warnings

    parent = os.getpid()
    try:
        read_end, write_end = os.pipe()
        with warnings.catch_warnings():  # Python 3.12's, for numpy's idle OpenBLAS threads: the child does no matrix products
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError:  # out of processes or memory, or not allowed here: one side after the other
        return featurize(src, use_mt, name_pairs, anchor_weight), featurize(tgt, use_mt, name_pairs, anchor_weight)
    if pid == 0:  # the child: its side down the pipe, then out, with none of the parent's exit handlers or buffers
        code = 1
        try:
            _end_with(parent)
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(featurize(tgt, use_mt, name_pairs, anchor_weight), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    pipe = os.fdopen(read_end, "rb")
    tgt_features, finished = None, False
    try:
        src_features = featurize(src, use_mt, name_pairs, anchor_weight)
        try:
            tgt_features = pickle.load(pipe)
        except Exception:  # the child ended before it had written all: its side is made here, below
            pass
        finished = True
    finally:
        pipe.close()
        status = _reaped(pid, kill=not finished)  # interrupted, or this side failed: the child's work is not wanted
    if tgt_features is None or status != 0:
        tgt_features = featurize(tgt, use_mt, name_pairs, anchor_weight)
    return src_features, tgt_features


def _reaped(pid: int, kill: bool) -> int:
    """The exit status of child ``pid``, waited for (after SIGKILL with ``kill``) with Ctrl-C and SIGTERM held: a burst
    of Ctrl-C left it unreaped. An interrupt already on its way when they were held is raised once it is reaped."""
    import os
    import signal

    status, pending = 1, None
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        while True:
            try:
                if kill:
                    os.kill(pid, signal.SIGKILL)  # not reaped yet, so the pid is still this child's
                status = os.waitpid(pid, 0)[1]
                break
            except ChildProcessError:  # reaped by the system after all
                break
            except KeyboardInterrupt as interrupt:
                pending, kill = interrupt, True
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    if pending is not None:
        raise pending
    return status


def _end_with(parent: int) -> None:
    """Have the kernel kill this child when its parent ends, however it ends (SIGTERM, SIGKILL, the OOM killer):
    it was left computing, an orphan, until its write found no reader. Ends at once if the parent is gone already."""
    import ctypes
    import os
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def _may_fork() -> bool:
    """Whether a forked child can make one side's features beside this process: on Linux (macOS's system
    libraries are not safe in a forked child, and Windows has no fork), with a second CPU for it, no other Python
    thread whose locks the child could inherit held (a progress bar's, a server's), and not in a worker of
    ``align run -j N`` or of Ray, whose CPUs are already busy with other documents; and not where SIGCHLD is ignored."""
    import os
    import signal
    import sys
    import threading

    pools = sys.modules.get("multiprocessing")  # not imported: no pool either
    return (
        sys.platform.startswith("linux")
        and signal.getsignal(signal.SIGCHLD) is not signal.SIG_IGN  # the system would reap the child, and its pid be anyone's
        and len(os.sched_getaffinity(0)) >= 2
        and threading.active_count() == 1
        and (pools is None or pools.parent_process() is None)
        and "ray" not in sys.modules
    )


def featurize(segments: Sequence[Segment], use_mt: bool, name_pairs: Sequence[tuple[str, str, str]] = (), anchor_weight: float = 3.0) -> Features:
    """Hashed trigram and anchor vectors for ``segments``.

    The words compared are the text's (Cyrillic transliterated), the English glosses the
    shipped dictionary gives them and, with MT, the translation's; the original's words stay
    in even with MT, so a poor model cannot hide the names and numbers.
    """
    parts = [_part(segments[r0 : r0 + TEXT_ROWS], use_mt, name_pairs, anchor_weight) for r0 in range(0, len(segments), TEXT_ROWS)]
    lengths = np.array([len(s.text) for s in segments], dtype=np.float64)
    headings = np.array([_is_heading(s.text) for s in segments], dtype=bool)
    return Features(
        _stacked([part.indptr for part in parts]),
        np.concatenate([part.cols for part in parts] + [np.zeros(0, dtype=np.int16)]),
        np.concatenate([part.vals for part in parts] + [np.zeros(0, dtype=np.float32)]),
        lengths,
        _stacked([part.key_indptr for part in parts]),
        np.concatenate([part.keys for part in parts] + [np.zeros(0, dtype=np.int64)]),
        headings,
    )


_CLOSING = " \t\"'»”’)]"


def _is_heading(text: str) -> bool:
    """Whether a sentence ends on a letter or digit, as titles, headings and chapter numbers do."""
    return len(text) <= HEADING_CHARS and text.rstrip(_CLOSING)[-1:].isalnum()


def _stacked(indptrs: Sequence[np.ndarray]) -> np.ndarray:
    """Row pointers of parts laid one after another."""
    out, total = [np.zeros(1, dtype=np.int64)], 0
    for indptr in indptrs:
        out.append(indptr[1:] + total)
        total += int(indptr[-1])
    return np.concatenate(out)


def _part(segments: Sequence[Segment], use_mt: bool, name_pairs: Sequence[tuple[str, str, str]], anchor_weight: float) -> Features:
    """The features of up to TEXT_ROWS sentences: each pattern runs once over their joined text, and each
    distinct word is turned into trigram columns once; numpy spreads them over the occurrences."""
    n = len(segments)
    originals = _BREAK.join(s.text for s in segments)
    entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (rows, columns, weights)
    key_rows: list[np.ndarray] = []
    key_values: list[np.ndarray] = []
    # words of the text, then of the translation: trigrams of every word; a name column (and key) for a
    # capitalised word that does not open its sentence
    vocabulary, ids, token_rows = _found(_TOKENS, originals)
    entries += _word_entries(vocabulary, ids, token_rows, anchor_weight, key_rows, key_values, opening_rows=True)
    if use_mt and any(s.translation for s in segments):
        translations = _BREAK.join((s.translation or "").replace(_BREAK, " ") for s in segments)
        entries += _word_entries(*_found(_TOKENS, translations), anchor_weight, [], [], opening_rows=False)
    lowered = "\x00".join(vocabulary).lower().split("\x00") if vocabulary else []  # one call, not one per word
    entries += _glosses(segments, vocabulary, lowered, ids, token_rows)
    # punctuation, numbers and glossary names, from the original text only
    found, found_ids, found_rows = _found(_MARKS_AND_NUMBERS, originals)
    numeric = np.array([item[0].isdigit() for item in found], dtype=bool)
    labels = [("n:" + item.translate(_GROUPING)) if item[0].isdigit() else "p:" + _PUNCTUATION_CLASS.get(item, item) for item in found]
    found_cols = np.array([_hash(label) for label in labels], dtype=np.int64)
    entries.append((found_rows, found_cols[found_ids], np.where(numeric[found_ids], anchor_weight, 1.0)))
    number_keys = np.array([_key(label) for label in labels], dtype=np.int64)
    is_number = numeric[found_ids]
    key_rows.append(found_rows[is_number])
    key_values.append(number_keys[found_ids[is_number]])
    spelled_rows, spelled_values = _spelled(lowered, ids, token_rows)  # as the number they spell: 'Шесть' with '6'
    labels = [f"n:{value}" for value in spelled_values.tolist()]
    entries.append((spelled_rows, np.array([_hash(label) for label in labels], dtype=np.int64), np.full(len(labels), anchor_weight)))
    rare = spelled_values > COMMON_SPELLED  # only these may be keys
    key_rows.append(spelled_rows[rare])
    key_values.append(np.array([_key(label) for label in labels], dtype=np.int64)[rare])
    romans, roman_ids, roman_rows = _found(_ROMAN, originals)  # as the number they are: 'XX' with '20th'
    if romans:
        values = [_roman(roman) if len(roman) > 1 else None for roman in romans]
        valid = np.array([value is not None for value in values], dtype=bool)[roman_ids]
        labels = ["n:" + str(value) for value in values]
        entries.append((roman_rows[valid], np.array([_hash(label) for label in labels], dtype=np.int64)[roman_ids[valid]], np.full(int(valid.sum()), anchor_weight)))
        key_rows.append(roman_rows[valid])
        key_values.append(np.array([_key(label) for label in labels], dtype=np.int64)[roman_ids[valid]])
    if name_pairs:
        starts = np.concatenate([[0], np.cumsum([len(s.text) + 1 for s in segments])[:-1]])
        glossary = _name_anchors(originals.lower(), starts, name_pairs)
        rows = np.array([row for row, _ in glossary], dtype=np.int64)
        entries.append((rows, np.array([_hash("g:" + key) for _, key in glossary], dtype=np.int64), np.full(len(glossary), anchor_weight)))
        key_rows.append(rows)
        key_values.append(np.array([_key("g:" + key) for _, key in glossary], dtype=np.int64))
    key_rows_all, keys = np.concatenate(key_rows), np.concatenate(key_values)
    order = np.argsort(key_rows_all, kind="stable")
    key_indptr = np.searchsorted(key_rows_all[order], np.arange(n + 1))
    # arrays already of their type are not copied: the unit weights stay one broadcast value
    runs = [(rows.astype(np.int64, copy=False), cols.astype(np.int64, copy=False), vals.astype(np.float64, copy=False)) for rows, cols, vals in entries]
    return _sparse(n, runs, np.zeros(n), key_indptr.astype(np.int64), keys[order])


def _word_entries(vocabulary: list[str], ids: np.ndarray, rows: np.ndarray, anchor_weight: float, key_rows: list, key_values: list, opening_rows: bool) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Entries for words found in sentences: every word's trigrams, and a name column for a capitalised
    Latin-script word that does not open its sentence (appending the name keys of any script to
    ``key_rows``/``key_values``). The name column is left out for Cyrillic: a transliteration's first
    letters too often differ from the translation's spelling (it cost 0.001 strict F1 on newstest)."""
    compared, names, latin = _words(vocabulary)
    columns, counts = _trigram_columns(compared)
    cols, cols_rows = _spread(ids, rows, columns, counts)
    opening = np.zeros(len(ids), dtype=bool)
    if opening_rows and len(ids):
        opening[0] = True
        opening[1:] = rows[1:] != rows[:-1]
    name_cols = np.array([_hash("c:" + name[:4]) if name and is_latin else -1 for name, is_latin in zip(names, latin)], dtype=np.int64)
    named = ~opening & (name_cols[ids] >= 0) if len(ids) else np.zeros(0, dtype=bool)
    name_keys = np.array([_key("c:" + name) if len(name) >= KEY_LETTERS else -1 for name in names], dtype=np.int64)
    keyed = ~opening & (name_keys[ids] >= 0) if len(ids) else np.zeros(0, dtype=bool)
    key_rows.append(rows[keyed])
    key_values.append(name_keys[ids[keyed]])
    return [(cols_rows, cols, _ones(len(cols))), (rows[named], name_cols[ids[named]], np.full(int(named.sum()), anchor_weight))]


def _glosses(segments: Sequence[Segment], vocabulary: list[str], lowered: list[str], ids: np.ndarray, rows: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Entries for the English glosses of the words of Russian and Indonesian sentences (``lexicon.glosses``:
    words of three letters or more, by their first KEY_LETTERS letters, each key once per sentence), a
    run in row order per language."""
    languages = [lexicon.language(s) for s in segments]
    if not any(languages):  # English: no dictionary applies
        return []
    keys: defaultdict[str, int] = defaultdict(count().__next__)
    key_of = np.array([keys[lower[: lexicon.KEY_LETTERS]] if len(word) >= 3 and word.isalpha() else -1 for word, lower in zip(vocabulary, lowered)] + [-1], dtype=np.int64)
    key_ids = key_of[ids] if len(ids) else np.zeros(0, dtype=np.int64)
    key_list = list(keys)
    width = max(len(key_list), 1)
    pairs = np.sort(rows[key_ids >= 0] * width + key_ids[key_ids >= 0])
    pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])] if len(pairs) else pairs  # each key once per sentence
    rows, ids = pairs // width, pairs % width
    out_rows, out_cols = [], []
    present = sorted({lang for lang in languages if lang})
    row_language = np.array([present.index(lang) if lang else -1 for lang in languages], dtype=np.int64)
    for code, lang in enumerate(present):
        found = lexicon.shipped(lang)
        glossed = [found.get(key, ()) for key in key_list]
        columns, counts = _trigram_columns([word for words in glossed for word in words])
        per_key = np.bincount(np.repeat(np.arange(len(key_list)), [len(g) for g in glossed]), weights=counts, minlength=len(key_list)).astype(np.int64)
        mine = row_language[rows] == code
        cols, cols_rows = _spread(ids[mine], rows[mine], columns, per_key)
        out_rows.append(cols_rows)
        out_cols.append(cols)
    return [(rows, cols, _ones(len(cols))) for rows, cols in zip(out_rows, out_cols)]


def name_anchor_pairs(name_pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(key, Cyrillic stem, Latin name) triples: the stem drops a final letter so case endings still match."""
    triples = []
    for russian, english in name_pairs:
        stem = russian.lower()
        stem = stem[:-1] if len(stem) > 4 else stem
        triples.append((english.lower(), stem, english.lower()))
    return triples


def clear_caches() -> None:
    """Forget the cached hashes, so that a timing measures a cold start."""
    _hash.cache_clear()
