"""Subtitles (.srt with the srt library, .vtt with webvtt-py): each cue a paragraph, split into sentences.

Cues are read in file order (overlapping WebVTT cues are each kept, in
order); a cue's lines are one paragraph; formatting tags (``<i>``, ``<font>``,
``{\\an8}``, WebVTT's ``<v Speaker>``, ``<c.class>``, timestamps) are not text,
nor ruby annotations; ``&amp;``-style entities are decoded. The files are
decoded as .txt files are (BOM, UTF-16, cp1251…). The locator is
``{"cue": n, "time": start as written, "line": …}``, *n* counting from 1 in
file order. Two subtitle files of one video pair like two .txt files.

The library parses and validates; the cue text is read from the file's own
lines so that it keeps its line and column. A file the library finds broken
but whose cues can still be read is read with a warning.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from align.text.formats.layout import Block, line_starts, make_block
from align.text.formats.source import FormatError
from align.text.ingest import decode

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}(?:[,.]\d{1,3})?"
_TIMING = re.compile(rf"^\s*({_TIME})\s*-->\s*({_TIME})(?!\S)")  # times: a cue's 'Moscow --> Rakka' is text
_TAG = re.compile(r"<[^<>\n]*>|\{\\[^{}\n]*\}")  # no '<' inside a tag: from each of a million '<' the scan stops at the next
_RUBY_TEXT = re.compile(r"<rt[\s>].*?</rt\s*>", re.S)
_NUMBERS_ONLY = re.compile(r"[\d\s:,.>-]*")  # a stray cue number or a timing too broken to read: no text
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _cues(text: str, starts: list[int], vtt: bool) -> list[tuple[str, list[tuple[int, int]]]]:
    """Per cue in file order: its start time as written and (start, end) offsets of its text lines."""
    cues = []
    lines = []
    for number, start in enumerate(starts):
        end = starts[number + 1] - 1 if number + 1 < len(starts) else len(text)
        lines.append((start, end if not text[start:end].endswith("\r") else end - 1))
    k = 0
    in_block = False  # a WebVTT NOTE, STYLE or REGION block
    while k < len(lines):
        start, end = lines[k]
        line = text[start:end]
        if not line.strip():
            in_block = False
            k += 1
            continue
        if vtt and re.match(r"(NOTE|STYLE|REGION)(\s|$)", line):
            in_block = True
        timing = None if in_block else _timing(line)
        if timing is None:
            if not in_block and cues and not _NUMBERS_ONLY.fullmatch(line) and (k + 1 == len(lines) or _timing(text[lines[k + 1][0] : lines[k + 1][1]]) is None):
                cues[-1][1].append(lines[k])  # text after a blank line inside a cue: the cue's still, as the srt library reads it
            k += 1
            continue
        body = []
        k += 1
        while k < len(lines) and text[lines[k][0] : lines[k][1]].strip():
            if _timing(text[lines[k][0] : lines[k][1]]) is not None:
                break  # a cue with no blank line before the next: a broken file, read on
            body.append(lines[k])
            k += 1
        if not vtt and body and text[body[-1][0] : body[-1][1]].strip().isdigit() and k < len(lines) and _timing(text[lines[k][0] : lines[k][1]]) is not None:
            body.pop()  # the next cue's number, in a file with no blank line between cues
        cues.append((timing.group(1), body))
    return cues


def _timing(line: str) -> re.Match | None:
    """The cue timing ``line`` is ('00:00:01,000 --> 00:00:04,000'), if it is one."""
    return _TIMING.match(line) if "-->" in line else None


def is_cue_timing(line: str) -> bool:
    """Whether ``line`` reads as a cue's timing, which a fix must not make of a line of text."""
    return _timing(line) is not None


def _script_runs(text: str, body: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """A cue's lines in runs of one script: a dual-language cue (a Russian line, then its English) is two
    paragraphs, so that its two languages are two sentences, not one. A line with no letters goes with the one
    before it."""
    runs: list[list[tuple[int, int]]] = []
    script = None
    for start, end in body:
        cyrillic = len(_CYRILLIC.findall(text, start, end))
        latin = len(_LATIN.findall(text, start, end))
        line_script = None if cyrillic == latin == 0 else "cyrillic" if cyrillic > latin else "latin"
        if runs and (line_script is None or line_script == script):
            runs[-1].append((start, end))
        else:
            runs.append([(start, end)])
            script = line_script or script
    return runs


def _cue_text(text: str, body: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """The text of a cue's lines without tags, entities decoded, with offsets; lines joined by a space."""
    chars: list[str] = []
    offsets: list[int] = []
    for start, end in body:
        if chars:
            chars.append(" ")
            offsets.append(offsets[-1] + 1 if offsets[-1] + 1 < start else start)  # the line end: on the line before
        line = _RUBY_TEXT.sub(lambda m: "\x00" * len(m.group()), text[start:end])
        line = _TAG.sub(lambda m: "\x00" * len(m.group()), line)
        position = 0
        for match in list(_ENTITY.finditer(line)) + [None]:
            stop = match.start() if match else len(line)
            for index in range(position, stop):
                if line[index] != "\x00":
                    chars.append(line[index])
                    offsets.append(start + index)
            if match is None:
                break
            decoded = html.unescape(match.group())
            chars.extend(decoded)
            offsets.extend([start + match.start()] * len(decoded))
            position = match.end()
    return "".join(chars), offsets


def _validate(text: str, fmt: str) -> tuple[int | None, int | None, str | None]:
    """(number of cues the library reads, the line of its complaint, its complaint) for the file's text."""
    if fmt == "srt":
        import srt

        for number, line in enumerate(text.split("\n"), start=1):  # the srt library's pattern backtracks on them: 4,000 digits took minutes
            if _LONG_NUMBER.search(line) and ("-->" in line or _TIMING_START.match(line)):
                return None, number, f"not strictly SRT: {_quoted(line)} is no cue timing (like 00:00:01,000 --> 00:00:04,000)"
            if line.strip().isdigit() and _LONG_NUMBER.search(line):  # Python reads no int of over 4,300 digits
                return None, number, f"not strictly SRT: {_quoted(line)} is no cue number"
        try:
            return len(list(srt.parse(text))), None, None
        except srt.SRTParseError as error:
            return None, *_srt_complaint(text, error.expected_start)
        except (ValueError, OverflowError) as error:
            return None, None, f"not strictly SRT ({error})"
    import webvtt

    try:
        captions = len(webvtt.from_string(text).captions)
    except Exception as error:  # noqa: BLE001 - webvtt-py's errors have no common base class
        return None, None, f"not strictly WebVTT ({str(error).splitlines()[0][:120] if str(error) else type(error).__name__})"
    for number, line in enumerate(text.split("\n"), start=1):  # webvtt-py passes over a cue whose timing is broken
        if "-->" in line and _timing(line) is None:  # a cue's text may not hold '-->', nor a comment's
            return None, number, f"not strictly WebVTT: {_quoted(line)} is no cue timing (like 00:00:01.000 --> 00:00:04.000)"
    return captions, None, None


_LONG_NUMBER = re.compile(r"\d{20}")
_TIMING_START = re.compile(r"\s*\d+\s*:")  # a line that begins as a timing does, arrow or none
"""A run of digits no cue timing has (hours, minutes, seconds, milliseconds): longer ones made the srt library's pattern
backtrack for minutes."""


def _srt_complaint(text: str, offset: int) -> tuple[int, str]:
    """The line and the complaint for the cue at ``offset`` that the srt library cannot read: the line where its
    timing should be (its message named the end of the block, and cut a quote of the block short)."""
    import srt

    first = len(text) - len(text[offset:].lstrip())
    number = text.count("\n", 0, first) + 1
    head, *rest = text[first:].split("\n", 2)
    if head.strip().isdigit():  # the cue's number: its timing comes next
        if not rest:
            return number, f"not strictly SRT: cue {head.strip()} has no timing after it"
        number, head = number + 1, rest[0]
    if re.match(rf"\s*{srt.RGX_TIMESTAMP} *-[ -] *> *{srt.RGX_TIMESTAMP}", head) is None:
        return number, f"not strictly SRT: {_quoted(head)} is no cue timing (like 00:00:01,000 --> 00:00:04,000)"
    return number, f"not strictly SRT: the cue timed {_quoted(head)} cannot be read"


def _quoted(line: str, most: int = 60) -> str:
    """A line of the file in quotes for a message, cut short when long."""
    line = line.rstrip("\r")
    return f"'{line[:most]}…'" if len(line) > most else f"'{line}'" if line.strip() else "an empty line"


def read(path: Path, data: bytes, fmt: str):
    """A subtitle file's ``Reading``: one block per cue with text."""
    from align.text.formats import Reading

    text, encoding, warnings = decode(data, path)
    warnings = list(warnings)
    starts = line_starts(text)
    cues = _cues(text, starts, fmt == "vtt")
    blocks: list[Block] = []
    for number, (time, body) in enumerate(cues, start=1):
        for lines in _script_runs(text, body):
            chars, offsets = _cue_text(text, lines)
            block = make_block(chars, offsets, {"cue": number, "time": time})
            if block is not None:
                blocks.append(block)
    if not text.strip():
        return Reading(fmt, encoding, starts, [], warnings=warnings)  # an empty file, said as such
    expected, line, complaint = _validate(text, fmt)
    if complaint is not None:
        if not blocks:  # nothing to read as it is: the library's complaint is the error
            raise FormatError(path, line, complaint)
        warnings.append(f"{path}{f':{line}' if line else ''}: {complaint}; its {len(cues)} cues are read as they are")
    elif expected is not None and expected != len(cues) and fmt == "srt":
        warnings.append(f"{path}: the srt library reads {expected} cues, align {len(cues)}")
    return Reading(fmt, encoding, starts, blocks, warnings=warnings)
