"""Web pages: the article's text (trafilatura), read back from the page itself so that it has its lines.

Two passes over the decoded page:

1. A scanner lists the page's **visible blocks** — the text between block-level
   tags (``<p>``, ``<li>``, ``<h1>``, ``<td>``, ``<br>``…), entities decoded,
   each character with its offset in the file. Inline tags join text
   (``<span>Z</span>imbabwe`` is "Zimbabwe"); scripts, styles, JSON-LD, SVG,
   forms and everything in ``<head>`` but ``<title>`` are not text; what is in
   ``<noscript>`` is, as a reader without JavaScript sees it (Blogger's posts
   are there, and again in a script template). It is a
   linear scan with no recursion, so no nesting depth or unclosed tag makes it
   slow or deep.
2. trafilatura decides what the article is (boilerplate — menus, share buttons,
   footers, comments — removed; headings and tables kept). Its text is matched
   back onto the visible blocks, white space ignored: the first long paragraph
   found in both anchors the match, the blocks after it are taken in order and
   those before it backwards (so a heading is the one just above the article,
   not a menu item spelt the same), and the title is the page's ``<h1>`` (or its
   ``<title>``) when trafilatura's text does not start with it.

The text of the document is the page's own, so a finding's line and column are
those of the name in the HTML file, in the article body — not in
``<meta>``, JSON-LD or a menu. ``extract="all"`` keeps every visible block.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from align.text.formats.layout import Block, make_block

MAX_HTML_BYTES = 16 * 1024 * 1024
"""Larger pages are refused: a news page is rarely over 3 MB, and trafilatura's time grows with the page."""
RAW_TEXT = frozenset({"script", "style", "textarea", "xmp", "iframe", "noembed", "noframes", "plaintext"})
SKIPPED = frozenset({"head", "svg", "math", "select", "template", "object", "canvas", "audio", "video", "button", "datalist", "map"})
CLOSED_BY_ENCLOSING = frozenset({"svg", "math", "canvas", "audio", "video", "button", "datalist", "map"})
"""Skipped elements that the end of a block opened before them ends too, as browsers end them: a ``<button>`` or
``<svg>`` left open in a menu must not hide the article after it."""
BLOCK = frozenset(
    {"address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
     "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
     "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title",
     "tr", "ul", "img", "input", "label", "option", "iframe", "video", "audio", "picture", "source", "time"}
)  # fmt: skip
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen"})
HEADINGS = ("h1", "h2", "h3")
QUICK_DATE = {"extensive_search": False}
"""The metadata trafilatura reads with the title includes a date, which align never uses: its extensive search
tries every dateparser locale on a date it cannot place, seconds on the first Russian page of a process."""
_NAME = re.compile(r"[A-Za-z][^\s/>]*")
_ATTRIBUTES = re.compile(r"""(?>[\s/]+|[^\s/>][^\s/>=]*+(?:\s*=\s*(?>"[^"]{0,4096}"|'[^']{0,4096}'|[^\s>]*))?)*+>""")
"""The rest of a start or end tag, as browsers read it: a quote opens a value only after '='; elsewhere it is a
character of a name or an unquoted value ('target=_blank"', '"style="…"'), so a stray quote does not run over
the '>' into the text after it. Atomic groups and possessive repeats: no backtracking, whatever the tag holds."""
_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?)")
_WHITE = re.compile(r"[\s\u00a0\u200b-\u200f\u2060\ufeff\u00ad\u061c\u202a-\u202e\u2066-\u2069\x00-\x1f\x7f-\x9f]+")
"""White space and what is not seen (bidirectional marks, control characters): trafilatura drops the latter, and a
paragraph holding one matched nothing of its text and was lost."""
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_INVISIBLE_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass
class Visible:
    """One visible block of the page: its pieces of text, each (text, offset of its first character, literal:
    whether character i is at offset + i; else every character is at offset, as for an entity)."""

    pieces: list[tuple[str, int, bool]] = field(default_factory=list)
    tag: str = ""  # the block-level tag it starts in
    hidden: bool = False
    _key: str | None = None

    @property
    def text(self) -> str:
        return "".join(piece for piece, _, _ in self.pieces)

    @property
    def key(self) -> str:
        """The text without white space or invisible characters, NFC: what matching compares."""
        if self._key is None:
            self._key = normal_key(self.text)
        return self._key

    def block(self, locator: dict | None = None) -> Block | None:
        text, offsets = [], []
        for piece, offset, literal in self.pieces:
            text.append(piece)
            offsets.extend(range(offset, offset + len(piece)) if literal else [offset] * len(piece))
        return make_block("".join(text), offsets, locator)


def normal_key(text: str) -> str:
    from align.text.ingest import normal_text

    return normal_text(_WHITE.sub("", text))


def visible_blocks(page: str) -> list[Visible]:
    """The page's text between block-level tags, in order (see the module docstring)."""
    blocks: list[Visible] = []
    current = Visible()
    skipping: list[list] = []  # [tag, depth, open block tags when it began] of the elements whose content is no text (head, svg…)
    hidden: list[list] = []  # the same for elements hidden by their attributes
    tags: list[str] = []  # open block tags, for the tag a block starts in
    opened: dict[str, list[int]] = {}  # where in ``tags`` each name is open: an end tag finds its own at once, however deep
    length = len(page)
    position = 0

    def close(tag: str = "") -> None:
        nonlocal current
        if current.pieces and current.key:
            blocks.append(current)
        current = Visible(tag=tag or (tags[-1] if tags else ""), hidden=bool(hidden))

    def text(begin: int, end: int) -> None:
        if skipping or begin >= end or (hidden and not current.hidden):
            return  # an inline element hidden inside a shown block ('›' in aria-hidden, a display:none span): not seen
        chunk = page[begin:end]
        if "&" not in chunk:
            current.pieces.append((chunk, begin, True))
            return
        cursor = 0
        for match in _ENTITY.finditer(chunk):
            decoded = html_module.unescape(match.group())
            if decoded == match.group():
                continue
            if match.start() > cursor:
                current.pieces.append((chunk[cursor : match.start()], begin + cursor, True))
            current.pieces.append((decoded, begin + match.start(), False))
            cursor = match.end()
        if cursor < len(chunk):
            current.pieces.append((chunk[cursor:], begin + cursor, True))

    while position < length:
        lt = page.find("<", position)
        if lt < 0:
            text(position, length)
            break
        text(position, lt)
        nxt = page[lt + 1 : lt + 2]
        if page.startswith("<!--", lt):
            end = page.find("-->", lt + 4)
            position = length if end < 0 else end + 3
            continue
        if nxt in ("!", "?"):
            end = page.find(">", lt)
            position = length if end < 0 else end + 1
            continue
        closing = nxt == "/"
        name_match = _NAME.match(page, lt + 2 if closing else lt + 1)
        if name_match is None:  # a '<' that starts no tag is text
            text(lt, lt + 1)
            position = lt + 1
            continue
        attributes = _ATTRIBUTES.match(page, name_match.end())
        end = attributes.end() if attributes else page.find(">", name_match.end()) + 1
        if end <= 0:
            position = length
            break
        name = name_match.group().lower()
        position = end
        if closing:
            for stack in (skipping, hidden):
                if stack and stack[-1][0] == name:
                    stack[-1][1] -= 1
                    if stack[-1][1] == 0:
                        stack.pop()
            if name in BLOCK:
                if opened.get(name):
                    level = opened[name][-1]
                    for closed in tags[level:]:
                        opened[closed].pop()
                    del tags[level:]
                    while skipping and skipping[-1][2] > level and skipping[-1][0] in CLOSED_BY_ENCLOSING:
                        skipping.pop()
                    while hidden and hidden[-1][2] > level:
                        hidden.pop()
                close()
            continue
        raw = page[lt:end]
        opens = name not in VOID and not raw.endswith("/>")  # an element with content follows
        if name == "body":
            skipping.clear()  # a <head> never closed ends here
        if name in RAW_TEXT:
            finish = _raw_end(page, name, end)
            position = finish[1]
            continue
        if name == "title" and (not skipping or skipping[-1][0] == "head"):
            finish = _raw_end(page, name, end)
            close("title")
            saved = skipping
            skipping = []
            text(end, finish[0])
            skipping = saved
            close()
            position = finish[1]
            continue
        if name in SKIPPED and opens:
            if skipping and skipping[-1][0] == name:
                skipping[-1][1] += 1
            else:
                skipping.append([name, 1, len(tags)])
            continue
        if opens and hidden and hidden[-1][0] == name:
            hidden[-1][1] += 1
        elif opens and _is_hidden(raw, name_match.end() - lt):
            hidden.append([name, 1, len(tags)])
        if name in BLOCK:
            if opens:
                opened.setdefault(name, []).append(len(tags))
                tags.append(name)
            close(name)
    close()
    return blocks


def _is_hidden(tag: str, after_name: int) -> bool:
    """Whether a start tag hides its element: ``hidden``, ``aria-hidden="true"``, ``display: none`` in its style."""
    lowered = tag.lower()
    if "hidden" not in lowered and "none" not in lowered:
        return False
    for match in _ATTRIBUTE.finditer(tag, after_name):
        name, value = match.group(1).lower(), (match.group(2) or "").strip("\"'").lower()
        if name == "hidden" or (name == "aria-hidden" and value == "true") or (name == "style" and _INVISIBLE_STYLE.search(value)):
            return True
    return False


def _raw_end(page: str, name: str, start: int) -> tuple[int, int]:
    """(start, end) of the end tag closing raw-text element ``name`` opened before ``start``; the page's end when none."""
    match = re.compile(rf"</{name}[\s/>]", re.I).search(page, start)
    if match is None:
        return len(page), len(page)
    close = page.find(">", match.start())
    return match.start(), len(page) if close < 0 else close + 1


# --- trafilatura ------------------------------------------------------------------------------

_INLINE = frozenset({"hi", "ref", "del", "span", "b", "i", "u", "em", "strong", "a", "graphic"})


@dataclass
class Article:
    """trafilatura's reading of a page: its text without white space, where its blocks start, its title."""

    joined: str
    boundaries: list[int]
    title: str


def article(page: str) -> Article | None:
    """What trafilatura finds to be the article; None when it finds none (or fails on the page)."""
    import logging

    from align.text.ingest import normal_text

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        import trafilatura
        from lxml import etree

        # the page as its blocks are keyed (``normal_key``): trafilatura's own NFC is quadratic in a letter's marks
        output = trafilatura.extract(
            normal_text(page), output_format="xml", with_metadata=True, include_comments=False, include_tables=True, include_images=False,
            include_links=False, deduplicate=False, favor_recall=True, date_extraction_params=QUICK_DATE,
        )  # fmt: skip
        if not output:
            return None
        root = etree.fromstring(output.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except Exception:  # noqa: BLE001 - trafilatura on a hostile page: read the visible text instead
        return None
    main = next(root.iter("main"), None)
    if main is None:
        return None
    pieces: list[str] = []
    boundaries: list[int] = [0]
    size = 0

    def boundary() -> None:
        if boundaries[-1] != size:
            boundaries.append(size)

    def add(text: str | None) -> None:
        nonlocal size
        key = normal_key(text or "")
        if key:
            pieces.append(key)
            size += len(key)

    def walk(element) -> None:
        inline = element.tag in _INLINE
        if not inline:
            boundary()
        add(element.text)
        for child in element:
            walk(child)
            if child.tag == "lb" or child.tag not in _INLINE:
                boundary()
            add(child.tail)
        if not inline:
            boundary()

    walk(main)
    joined = "".join(pieces)
    if not joined:
        return None
    return Article(joined, sorted(set(boundaries) | {len(joined)}), root.get("title") or "")


MATCHES_PER_BLOCK = 200
"""The places in the article a visible block's text is looked for at most (a block repeated more often says nothing)."""


def _occurrences(needles: set[str], text: str, most: int) -> dict[str, list[int]]:
    """The first ``most`` starts of every needle in ``text``, overlapping ones too, in one pass."""
    if not needles:
        return {}
    found: dict[str, list[int]] = {}
    for end, needle in _automaton(needles).iter(text):
        places = found.setdefault(needle, [])
        if len(places) < most:
            places.append(end - len(needle) + 1)
    return found


def _containing(pieces: dict[str, list[int]], keys: Sequence[str]) -> dict[str, list[int]]:
    """For each piece, the keys (by index) longer than it that hold it, found in one pass over the keys."""
    automaton = _automaton(pieces)
    inside: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        if k:
            for piece in dict.fromkeys(piece for _, piece in automaton.iter(k) if len(piece) < len(k)):
                inside.setdefault(piece, []).append(i)
    return inside


def _automaton(words: Iterable[str]):
    """An Aho–Corasick automaton whose matches are the words found."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def select(blocks: Sequence[Visible], found: Article) -> list[int]:
    """The indices of the visible blocks that make up trafilatura's article.

    Each block may match the article's text where one of trafilatura's blocks starts (a long block
    anywhere: a paragraph split by ``<br>`` continues mid-block), or hold one of trafilatura's blocks
    with something more around it. Of all the ways to match blocks in page order onto the article in
    its order, the one covering the most text wins (a heaviest increasing chain, O(n log n)); on a tie
    the later block (a heading next to the article, not a menu item spelt the same before it).
    """
    joined, bounds = found.joined, found.boundaries
    bound_set = set(bounds)
    keys = [b.key if not b.hidden else "" for b in blocks]  # a <p hidden> trafilatura kept is shown by no browser
    candidates: list[tuple[int, int, int]] = []  # (block, start in joined, length matched)
    exact: set[int] = set()
    # every block's first 200 places in the article, all found in one pass (a search of the whole article per block
    # was quadratic: 20,000 paragraphs took minutes)
    blocks_of: dict[str, list[int]] = {}  # the visible blocks of each text
    for i, k in enumerate(keys):
        if k:
            blocks_of.setdefault(k, []).append(i)
    for k, positions in _occurrences(set(blocks_of), joined, MATCHES_PER_BLOCK).items():
        anywhere = len(k) >= 20
        for position in positions:
            if anywhere or position in bound_set:
                candidates += [(i, position, len(k)) for i in blocks_of[k]]
                if position in bound_set:
                    exact.add(position)
    pieces: dict[str, list[int]] = {}  # trafilatura's blocks matched nowhere, by their text
    for j, b in enumerate(bounds[:-1]):
        t = joined[b : bounds[j + 1]]
        if b not in exact and len(t) >= 15:
            pieces.setdefault(t, []).append(b)
    if pieces:
        inside = _containing(pieces, keys)
        candidates += [(i, b, len(t)) for t, blocks in inside.items() for i in blocks for b in pieces[t]]
    if not candidates:
        return []
    candidates.sort()
    ends = sorted({q + n for _, q, n in candidates} | {0})
    rank = {e: r + 1 for r, e in enumerate(ends)}
    size = len(ends)
    tree = [(0, -1)] * (size + 1)  # Fenwick tree of (best total, candidate) over end positions

    def best_until(position: int) -> tuple[int, int]:
        from bisect import bisect_right

        r = bisect_right(ends, position)
        found_best = (0, -1)
        while r > 0:
            if tree[r] > found_best:
                found_best = tree[r]
            r -= r & -r
        return found_best

    def insert(position: int, value: tuple[int, int]) -> None:
        r = rank[position]
        while r <= size:
            if value >= tree[r]:
                tree[r] = value
            r += r & -r

    score = [0] * len(candidates)
    back = [-1] * len(candidates)
    k = 0
    while k < len(candidates):
        group_end = k
        while group_end < len(candidates) and candidates[group_end][0] == candidates[k][0]:
            group_end += 1
        for c in range(k, group_end):
            _, q, n = candidates[c]
            total, previous = best_until(q)
            score[c], back[c] = total + n, previous
        for c in range(k, group_end):
            _, q, n = candidates[c]
            insert(q + n, (score[c], c))
        k = group_end
    c = max(range(len(candidates)), key=lambda c: (score[c], c))
    chain: list[tuple[int, int, int]] = []
    while c >= 0:
        chain.append(candidates[c])
        c = back[c]
    return _with_near_matches(chain[::-1], keys, joined, bounds)


NEAR_MATCH = 90
"""How alike (rapidfuzz's ratio) a visible block and a block of trafilatura's left unmatched must be to be the same
paragraph, read two ways: inline content one side shows and the other does not (a ruby reading, an inline
<noscript> or <template>) made a paragraph match nothing, and it was lost."""


NEAR_MATCH_BLOCKS = 200


def _with_near_matches(chain: list[tuple[int, int, int]], keys: Sequence[str], joined: str, bounds: Sequence[int]) -> list[int]:
    """The blocks of ``chain`` (block, start in joined, length), and for each block of trafilatura's it leaves
    uncovered, the visible block between the chain's neighbours that reads most like it, at ``NEAR_MATCH`` or more."""
    from bisect import bisect_left, bisect_right

    from rapidfuzz import fuzz

    chosen = [block for block, _, _ in chain]
    starts = [q for _, q, _ in chain]  # ascending, and each match ends before the next begins
    ends = [q + n for _, q, n in chain]
    added: list[int] = []
    for j, b in enumerate(bounds[:-1]):
        t = joined[b : bounds[j + 1]]
        after = bisect_right(starts, b)  # a match covers this block if it starts in it, or before it and ends past b
        if len(t) < 15 or (after and ends[after - 1] > b) or (after < len(starts) and starts[after] < bounds[j + 1]):
            continue
        at = bisect_left(starts, b)  # the chain's blocks before and after this place of the article
        low = chosen[at - 1] + 1 if at > 0 else 0
        high = chosen[at] if at < len(chosen) else len(keys)
        if high - low > NEAR_MATCH_BLOCKS:
            continue  # no neighbours to place it between: a guess among many blocks would be a guess
        scores = {i: fuzz.ratio(keys[i], t, score_cutoff=NEAR_MATCH) for i in range(low, high) if i not in added}
        best = max(scores, key=scores.get, default=None)
        if best is not None and scores[best] >= NEAR_MATCH:
            added.append(best)
    return sorted(chosen + added)


def _title_block(blocks: Sequence[Visible], chosen: list[int], title: str) -> int | None:
    """The visible block that is the article's title when trafilatura's text does not start with it: the
    nearest heading before the article that reads as the title, else the ``<title>``."""
    key = normal_key(title)
    if not key or not chosen:
        return None
    if blocks[chosen[0]].key == key or blocks[chosen[0]].tag in HEADINGS:
        return None
    first = chosen[0]
    for i in range(first - 1, -1, -1):
        if blocks[i].key == key and not blocks[i].hidden:
            return i
    for i in range(first - 1, -1, -1):
        if blocks[i].tag == "h1" and blocks[i].key and (blocks[i].key in key or key in blocks[i].key) and not blocks[i].hidden:
            return i
    return None


def page_blocks(page: str, extract: str = "main") -> list[Block]:
    """The blocks of the page's article (``extract="main"``) or of all its visible text (``"all"``)."""
    visible = visible_blocks(page)
    if extract == "all":
        chosen = [i for i, b in enumerate(visible) if not b.hidden and b.tag != "title"]
    else:
        found = article(page)
        chosen = select(visible, found) if found is not None else []
        if found is not None and chosen:
            title = _title_block(visible, chosen, found.title)
            if title is not None:
                chosen = [title] + chosen
        if not chosen:  # trafilatura found no article (a short page): every visible block but the <title>
            chosen = [i for i, b in enumerate(visible) if not b.hidden and b.tag != "title"]
    made = (visible[i].block() for i in chosen)
    return [b for b in made if b is not None]


def read(path, data: bytes, extract: str = "main"):
    """A web page's ``Reading``: its article's blocks (or all its visible text) on the page's lines."""
    from align.text.formats import Reading
    from align.text.formats.layout import line_starts
    from align.text.formats.source import decode_markup

    page, encoding, warnings = decode_markup(data, path, html=True)
    return Reading("html", encoding, line_starts(page), page_blocks(page, extract), warnings=warnings)
