"""XML read safely with lxml, and the text of an element with the offset of every character in the file.

lxml parses (no network, no DTD loaded, no entities expanded; a file that
declares its own entities is refused, so a "billion laughs" never expands). It
gives no columns, so a small scanner walks the same text: the n-th start tag it
meets is lxml's n-th element in document order, and an element's text is read
from the file itself, character by character — ``&quot;`` is one character at
the offset of its ``&``, a CDATA section is its content, inline tags are
skipped and the content of tags that hold code rather than text (XLIFF's
``<ph>``, ``<bpt>``…) is left out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from align.text.formats.layout import line_of, line_starts
from align.text.formats.source import FormatError, decode_markup, without_lone_cr

_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>\"']|\"[^\"]*\"|'[^']*'|\[.*?\])*>"
    r"|</[^>]*>|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S,
)
_REFERENCE = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);")
_XML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def local(element) -> str:
    """An element's name without its namespace ('' for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def parse(text: str, path: Path):
    """The root element of XML ``text`` (decoded already); ``FormatError`` naming the line when it is broken."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, encoding="utf-8")
    try:
        root = etree.fromstring(without_lone_cr(text).encode("utf-8", "surrogatepass"), parser)
    except etree.XMLSyntaxError as error:
        raise FormatError(path, error.lineno or 1, f"broken XML: {error.msg}") from None
    except (ValueError, UnicodeError) as error:
        raise FormatError(path, None, f"not XML ({error})") from None
    if root is None:
        raise FormatError(path, 1, "broken XML: no root element")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        line = text[: text.find("<!ENTITY")].count("\n") + 1 if "<!ENTITY" in text else 1
        raise FormatError(path, line, "the file declares its own XML entities; align does not read those (remove the <!ENTITY> declarations)")
    return root


@dataclass
class _Tag:
    start: int  # offset of '<' of the start tag
    open_end: int  # offset after its '>'
    close_start: int  # offset of '<' of the end tag (== open_end for an empty element)
    close_end: int


class Source:
    """A parsed XML file: lxml's tree plus where every element is in the text."""

    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = path
        self.root = parse(text, path)
        self.elements = [e for e in self.root.iter() if isinstance(e.tag, str)]
        self.tags = self._scan()
        self.index = {id(e): k for k, e in enumerate(self.elements)} if self.tags is not None else {}
        self.starts = line_starts(text)

    def _scan(self) -> list[_Tag] | None:
        """Every element's tags, in document order; None when the scanner and lxml disagree (then text is
        read from lxml, without columns)."""
        text = without_lone_cr(self.text)
        root_start = self._root_start(text)
        if root_start is None:
            return None
        tags: list[_Tag] = []
        stack: list[int] = []
        for match in _TOKEN.finditer(text, root_start):
            token = match.group()
            if token.startswith(("<!--", "<![CDATA[", "<?", "<!")):
                continue
            if token.startswith("</"):
                if not stack:
                    return None
                tag = tags[stack.pop()]
                tag.close_start, tag.close_end = match.start(), match.end()
                if not stack:
                    break
                continue
            tags.append(_Tag(match.start(), match.end(), match.end(), match.end()))
            if not token.endswith("/>"):
                stack.append(len(tags) - 1)
            elif not stack:
                break
        if len(tags) != len(self.elements) or stack:
            return None
        return tags

    def _root_start(self, text: str) -> int | None:
        """Offset of the root element's start tag: past the prolog (declaration, comments, DOCTYPE)."""
        for match in _TOKEN.finditer(text):
            if not match.group().startswith(("<!", "<?")):
                return match.start()
        return None

    def line(self, element) -> int:
        """The 1-based line of ``element``'s start tag (only ``\\n`` ends a line)."""
        k = self.index.get(id(element))
        if k is not None:
            return line_of(self.starts, self.tags[k].start)[0]
        return element.sourceline or 1

    def offset(self, element) -> int:
        """Offset of ``element``'s start tag in the text (-1 when the scanner could not follow lxml)."""
        k = self.index.get(id(element))
        return self.tags[k].start if k is not None else -1

    def content(self, element, skip: Collection[str] | Callable = (), special: Callable | None = None, separators: Collection[str] | Callable = ()) -> tuple[str, list[int]]:
        """The text of ``element`` and the offset in the file of every character; the content of descendants
        named in ``skip`` (or for which ``skip(element)`` is true) is left out (their tails are kept); ``special(element)`` may return the text an
        empty element stands for (XLIFF 2's ``<cp hex="…"/>``); a descendant named in ``separators`` (a standalone
        code: a line break, an image) between two letters is a space there: 'Rakka<x ctype="lb"/>on Monday' was
        'Rakkaon Monday', and the name in it went unseen."""
        is_skipped = skip if callable(skip) else lambda child, names=frozenset(skip): local(child) in names
        separates = separators if callable(separators) else lambda child, names=frozenset(separators): local(child) in names
        k = self.index.get(id(element))
        if k is None:
            return self._content_without_offsets(element, is_skipped, special, separates)
        chars: list[str] = []
        offsets: list[int] = []
        text = self.text
        position = self.tags[k].open_end
        end = self.tags[k].close_start
        children = iter(element.iterdescendants())
        pending = next(children, None)
        while position < end:
            match = _TOKEN.search(text, position, end)
            stop = match.start() if match else end
            self._characters(text, position, stop, chars, offsets)
            if match is None:
                break
            token = match.group()
            if token.startswith("<![CDATA["):
                begin = match.start() + 9
                chars.extend(text[begin : match.end() - 3])
                offsets.extend(range(begin, match.end() - 3))
                position = match.end()
                continue
            if token.startswith(("<!--", "<?", "</")):
                position = match.end()
                continue
            # a start tag: the next descendant in document order (comments and PIs were filtered out)
            while pending is not None and not isinstance(pending.tag, str):
                pending = next(children, None)
            child, pending = pending, next(children, None)
            if child is None:
                position = match.end()
                continue
            if special is not None:
                extra = special(child)
                if extra:
                    chars.extend(extra)
                    offsets.extend([match.start()] * len(extra))
            left_out = is_skipped(child)
            after = self.tags[self.index[id(child)]].close_end if left_out else match.end()
            if separates(child) and chars and chars[-1].isalnum() and text[after : after + 1].isalnum():
                chars.append(" ")
                offsets.append(match.start())
            if left_out:
                tag = self.tags[self.index[id(child)]]
                position = tag.close_end
                skipped = sum(1 for _ in child.iterdescendants())
                for _ in range(skipped):
                    pending = next(children, None)
                continue
            position = match.end()
        return "".join(chars), offsets

    @staticmethod
    def _characters(text: str, begin: int, end: int, chars: list[str], offsets: list[int]) -> None:
        """The characters of ``text[begin:end]`` (character data), references decoded."""
        position = begin
        while position < end:
            amp = text.find("&", position, end)
            if amp < 0:
                chars.extend(text[position:end])
                offsets.extend(range(position, end))
                return
            chars.extend(text[position:amp])
            offsets.extend(range(position, amp))
            match = _REFERENCE.match(text, amp, end)
            if match is None:
                chars.append("&")
                offsets.append(amp)
                position = amp + 1
                continue
            decoded = _reference(match.group(1))
            chars.extend(decoded)
            offsets.extend([amp] * len(decoded))
            position = match.end()

    @staticmethod
    def _content_without_offsets(element, is_skipped: Callable, special: Callable | None, separates: Callable) -> tuple[str, list[int]]:
        pieces: list[str] = []

        def walk(node) -> None:
            if node.text:
                pieces.append(node.text)
            for child in node:
                if isinstance(child.tag, str):
                    if special is not None:
                        pieces.append(special(child) or "")
                    if separates(child) and pieces and pieces[-1][-1:].isalnum() and (child.tail or "")[:1].isalnum():
                        pieces.append(" ")
                    if not is_skipped(child):
                        walk(child)
                if child.tail:
                    pieces.append(child.tail)

        walk(element)
        joined = "".join(pieces)
        return joined, [-1] * len(joined)


def character(code: int) -> str:
    """The character numbered ``code`` in a file (a character reference, XLIFF 2's ``<cp hex="…"/>``); U+FFFD for
    a number that is no character text can hold: NUL, a lone surrogate (which no output can encode), past U+10FFFF."""
    return "\ufffd" if code <= 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else chr(code)


def _reference(name: str) -> str:
    """The text of ``&name;``: a character reference, an XML entity, or an HTML one (from a DTD not loaded)."""
    try:
        if name.startswith("#x"):
            return character(int(name[2:], 16))
        if name.startswith("#"):
            return character(int(name[1:]))
    except ValueError:
        return "\ufffd"
    if name in _XML_ENTITIES:
        return _XML_ENTITIES[name]
    decoded = html.unescape(f"&{name};")
    return decoded if decoded != f"&{name};" else ""


def read_root(path: Path, data: bytes, name: str, what: str) -> tuple[Source, object, str, list[str]]:
    """Decode and parse an XML file whose root element must be ``name``: (its Source, the root, the encoding,
    decoding warnings); ``what`` names the format in the error ('an XLIFF file')."""
    text, encoding, warnings = decode_markup(data, path)
    source = Source(text, path)
    root = source.root
    if local(root) != name:
        raise FormatError(path, source.line(root), f"not {what} (the root element is <{local(root) or root.tag}>, not <{name}>)")
    return source, root, encoding, warnings
