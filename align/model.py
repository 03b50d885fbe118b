"""The plain records that flow between the pipeline stages, and the settings that steer them.

Every stage takes records and settings from here and returns records; none of
them knows about the CLI or the output formats. Positions always refer to the file the user has:
``line`` is 1-based, ``start``/``end`` are Python string offsets into the
(NFC-normalised) text of that line, and ``Document.column`` turns an offset
into the 1-based column of the original bytes' text.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

LANGUAGES = ("en", "ru", "id")
"""The languages align detects, translates and checks."""
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "id": "Indonesian"}
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_SEGMENT_CHARS = 2000
MIN_SEGMENT_CHARS = 20  # a cut shorter than this holds no sentence

Progress = Callable[[str, int, int], None]
"""Long stages report progress(step description, done, total); the CLI draws the bars."""


def no_progress(step: str, done: int, total: int) -> None:
    """The progress callback for callers that show none."""


@dataclass
class Span:
    """A stretch of a segment in another language, e.g. 'РИА Новости' in Indonesian.

    ``start``/``end`` are offsets into ``Segment.text``.
    """

    start: int
    end: int
    lang: str
    text: str


@dataclass
class Segment:
    """One sentence (or one line, in line mode) of a document.

    A sentence may run over a soft line break: it starts at (``line``,
    ``start``) and ends at (``end_line``, ``end``). ``offset``/``end_offset``
    are the same positions as offsets into ``Document.text``.
    """

    doc: str
    index: int
    line: int
    start: int
    end_line: int
    end: int
    offset: int
    end_offset: int
    text: str
    paragraph: int = 0
    lang: str = "und"
    confidence: float = 0.0
    spans: list[Span] = field(default_factory=list)
    translation: str | None = None
    model: str | None = None
    locator: dict | None = None  # where in a non-text file (``align.text.formats``): {"paragraph": 12}, {"unit": "a1", "side": "target", "line": 40}…

    @property
    def lines(self) -> list[int]:
        """The 1-based lines this segment touches."""
        return list(range(self.line, self.end_line + 1))


@dataclass
class Document:
    """A text file as read: normalised text plus the map back to the original.

    ``text`` is the whole file, NFC-normalised, with ``\\n`` line ends and no
    BOM. ``line_starts[i]`` is the offset in ``text`` where line ``i + 1``
    begins. ``columns`` holds, for lines whose normalisation changed their
    length, the original column of every normalised offset; ``rows``, for lines
    that also hold text of other lines of the file (a PO string that goes on on
    the next line in the middle of a word), the original line of every offset.
    """

    path: Path
    name: str
    text: str
    encoding: str
    line_starts: list[int]
    columns: dict[int, list[int]] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # ``file:line: ...`` on what reading had to repair
    format: str = "text"  # text | html | docx | xliff | po | tmx | srt | vtt (``align.text.formats``)
    pairs_with: str | None = None  # the target side of an XLIFF/PO/TMX file: the name of its source side, aligned unit by unit
    declared: tuple[str, ...] = ()  # the languages its file declares (XLIFF, TMX, PO), its own first: ("en", "ru")
    rows: dict[int, list[int]] = field(default_factory=dict)

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line_text(self, line: int) -> str:
        """The normalised text of 1-based ``line``, without its line end."""
        begin = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[begin:end]

    def position(self, offset: int) -> tuple[int, int]:
        """Turn an offset into ``text`` into (1-based line, offset in that line)."""
        from bisect import bisect_right

        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1]

    def column(self, line: int, start: int) -> int:
        """The 1-based column, in the original line, of offset ``start`` in ``line``."""
        mapping = self.columns.get(line)
        if mapping is None:
            return start + 1
        return mapping[min(start, len(mapping) - 1)] + 1

    def place(self, line: int, start: int) -> tuple[int, int]:
        """The 1-based (line, column) in the file of offset ``start`` in ``line``."""
        rows = self.rows.get(line)
        return (line if rows is None else rows[min(start, len(rows) - 1)]), self.column(line, start)


@dataclass
class Bead:
    """One alignment link: source sentences ↔ target sentences (either side may be empty).

    ``src``/``tgt`` are indices into the aligned segment lists, in order.
    ``score`` is the aligner's confidence in this link, 0..1.
    """

    src: list[int]
    tgt: list[int]
    score: float

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass
class Finding:
    """A problem with a name, pointing at ``file:line:column`` of the user's file."""

    file: str
    line: int
    column: int
    term: str
    found: str
    expected: str
    kind: str
    severity: str
    message: str
    doc: str = ""
    segment: int | None = None
    start: int = 0
    end: int = 0
    id: str = ""
    fix: str | None = None  # what ``align fix`` would put in place of ``found``; None when it would not
    locator: dict | None = None  # the segment's locator, for findings in files that are not plain text

    @property
    def where(self) -> str:
        """How to point at it: ``file:line:column``, or in a file without lines its anchor (``file#p12``)."""
        if self.locator and "line" not in self.locator:
            return f"{self.file}#{locator_anchor(self.locator)}"
        return f"{self.file}:{self.line}:{self.column}"


def locator_anchor(locator: dict | None) -> str:
    """A locator as a URL fragment: ``unit=u1``, ``cue=5``, ``p12`` (a Word paragraph); other keys as ``key=value``.
    In an XLIFF of several ``<file>``s, whose unit ids repeat, ``file=2&unit=u1``."""
    if not locator:
        return ""
    if "unit" in locator:
        return (f"file={locator['file']}&" if "file" in locator else "") + f"unit={locator['unit']}"
    if "cue" in locator:
        return f"cue={locator['cue']}"
    parts = [f"{key}={value}" for key, value in locator.items() if key not in ("line", "column", "side", "time", "paragraph")]
    if "paragraph" in locator:
        parts.append(f"p{locator['paragraph']}")
    return "&".join(parts)


@dataclass
class Alignment:
    """Two passages that translate each other, and the beads that link their sentences.

    ``pairing`` says how they were found: ``bilingual`` (two halves of one
    file), ``files`` (two files) or ``units`` (the source and target of an XLIFF, PO or TMX file's units, linked as
    the file links them); ``pair_score`` is how sure the pairing is.
    """

    src_doc: str
    tgt_doc: str
    src: list[Segment]
    tgt: list[Segment]
    beads: list[Bead]
    pairing: str
    pair_score: float = 1.0
    warnings: list[str] = field(default_factory=list)
    src_lang: str = "und"
    tgt_lang: str = "und"
    related: bool = True
    """Whether the two sides read as translations of each other: False with a warning that they may not be, and then
    their numbers and names are not compared across them (two unrelated halves gave false number findings)."""


class PassingNote(str):
    """A note on how this run went rather than on what it found (how many translations the cache held): shown, and
    not written to ``summary.json``, so that two runs of the same input write the same bytes."""


@dataclass
class RunResult:
    """Everything a run found: what the views show and the output folder holds."""

    documents: list[Document] = field(default_factory=list)
    alignments: list[Alignment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    dismissed: int = 0
    dismissals: str = ""  # the dismissals file the run read, where ``align dismiss`` of its findings records by default
    seconds: float = 0.0
    reused: int = 0  # files whose reading, detection (and what follows) an earlier run had done (``align.incremental``)
    unread: list[str] = field(default_factory=list)  # the errors of the files that could not be read at all (also among ``errors``)
    views: list = field(default_factory=list, repr=False, compare=False)  # the documents' views (``align.views.records.DocView``) the outputs were written from, for the terminal to show without building them again


# --- settings ---------------------------------------------------------------------------------


MAX_BEAD = 8
"""The most sentences one link may hold, both sides together (a 7-1 or a 4-4): the search grows with the square of
it, and a 17-sentence pair took minutes at 100 and gigabytes at 300."""


@dataclass(frozen=True)
class AlignerConfig:
    """Every knob of the sentence aligner; the defaults are the ones ``bench/align.py`` measures.

    Costs are in units of a bead's z-scored evidence (see ``align.alignment.aligner``).
    """

    max_bead: int = 4  # most sentences in one link, both sides together: 3 allows 2-1 and 1-2; 4 adds 3-1, 1-3 and 2-2
    clause_chars: int = 400  # a longer sentence is aligned clause by clause (cut at semicolons) and joined back: 1-7 when a translator made seven sentences of it; shorter ones are within the bead types' reach (0: never)
    clause_context: int = 10  # beads either side of a skip or merge next to such a sentence that are aligned again with it, clause by clause; taken only where the clauses link beyond the bead types (a 1-7)
    skip_cost: float = 0.8  # a sentence with no counterpart
    skip_pair_chance: float = 0.05  # a 1-0 beside a 0-1 between links (or a skip beside a merge it evens out) is made 1-1 links when a path's beads would make as many such pairs by chance less often than this (0: never)
    merge_penalty: float = 1.0  # per sentence beyond a 1-1's two: a 2-1 must explain more than a 1-1 and a skip
    merge_growth: float = 0.5  # more per sentence beyond three: a 3-1 pays 2 × merge_penalty + merge_growth
    swap_penalty: float = 1.0  # a 2-2 link: two sentences translated in swapped order, costed as the two crossed 1-1 links
    swap_link_cost: float = -2.5  # ... each of which must cost at most this
    length_weight: float = 1.0
    length_sigma: float = 0.3
    length_spread: float = 0.12  # the spread of sure 1-1 links' log length ratio that length_sigma is set for (news, Flores: 0.11-0.13)
    length_spread_shift: float = 1.25  # a text whose sure links spread more than this times as much gets length_sigma widened in proportion
    length_spread_links: int = 50  # ... measured on at least this many sure links: 22–42 of a 100-sentence news text spread up to 0.18
    identity_length_cap: float = 3.0  # the most length can cost a 1-1 link whose sentences share a name or number found once on each side
    heading_length_cap: float = 1.0  # the most length can cost a 1-1 link of two headings (sentences that end with no stop): "Recap" against "Краткое повторение"
    content_weight: float = 0.5
    evidence_cap: float = 8.0
    prior_background: float = 0.04  # mean cosine of random sentence pairs, ru-en and id-en
    prior_spread: float = 0.026
    band_min: int = 10
    band_sqrt: float = 1.5
    coarse_from: int = 1000  # longer documents are first aligned in blocks of coarse_block sentences
    coarse_block: int = 8
    coarse_width: int = 24  # the band around the coarse path, in sentences either side
    anchor_weight: float = 3.0  # a number or a name survives translation: it counts three times a trigram
    random_partners: int = 64  # sentences of the other side each one is compared with, for its background
    spread_rows: int = 512  # sentences whose cosines with those partners give the spread of random cosines
    blas_threads: int = 1  # OpenBLAS threads while aligning (0: numpy's default); the products are small
    parallel_from: int = 1000  # both sides this many sentences or more: the target's features are made in a forked child beside the source's (on Linux, with a second CPU and no other thread; 0: never)
    hard_anchors: bool = True  # fix paragraph boundaries and confident links of rare names/numbers before the search
    anchor_cost: float = -2.5  # a 1-1 link sharing a rare name or number is an anchor when its content's cost is at most this
    anchor_slack: int = 2  # the path passes within this many sentences of a link anchor
    paragraphs_apart_share: float = 0.15  # paragraph boundaries that sentences link across surely, from which the sides' paragraphs are cut apart and such boundaries not pinned
    paragraph_ratio_weight: float = 1.0  # how far a pinned paragraph pair's own length ratio replaces the documents' for its links (0: not at all; 1: wholly)
    paragraph_share: float = 0.9  # no paragraph pass when both sides have this many paragraphs a sentence or more (a sentence a line: 0.98; books 0.3-0.65)
    anchor_stretch: float = 3.0  # an anchor is dropped if the text since the previous one is this much longer on one side
    anchor_ratio_links: int = 8  # with this many link anchors (or sure 1-1 links of a first pass), their lengths give the translation's length ratio
    anchor_ratio_shift: float = 1.25  # ... when it is this much off the documents' own
    excerpt_ratio_links: int = 2  # ... and this many link anchors when they are further off, as fewer are less sure: an excerpt, a text with a part left out
    anchor_ratio_spread: float = 0.2  # ... three standard errors of their median off, their log ratios spread this much or more (a free translation's): 1.7× with two, 1.5× with three
    locate_probes: int = 64  # sentences of a text three times shorter than the other (anchor_stretch) whose most alike partners place it, as an excerpt, in the long one (0: never)
    excerpt_chars: float = 2.0  # ... or one text this many times the other's characters: a translation between these languages is near 1
    locate_chance: float = 0.01  # ... when as many of them agree where as partners placed at random would that often in the best place or less
    ratio_piece_chars: int = 20  # a link shorter than this on either side says nothing of the length ratio ('Pasal 5', 'Article 5')

    def __post_init__(self) -> None:
        if not _whole(self.max_bead) or not 2 <= self.max_bead <= MAX_BEAD:  # 0 aligned all 1-1; 200 ran for hours
            _refuse(f"max_bead: {self.max_bead!r}; use 2 (1-1 links only) to {MAX_BEAD}")
        for name, value in vars(self).items():
            if name == "hard_anchors":
                if not isinstance(value, bool):
                    _refuse(f"aligner {name}: {value!r}; use True or False")
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
                _refuse(f"aligner {name}: {value!r} is not a number")
            elif isinstance(_ALIGNER_DEFAULTS[name], float) and abs(value) > ALIGNER_LIMIT and not (value == math.inf and name.endswith("_cap")):  # skip_cost=inf: an IndexError
                _refuse(f"aligner {name}: {value!r}; use a number within ±{ALIGNER_LIMIT:,.0f}" + (" or inf (no cap)" if name.endswith("_cap") else ""))
            elif name in _ALIGNER_POSITIVE and value <= 0:  # skip_cost -5 made every sentence a skip
                _refuse(f"aligner {name}: {value!r}; it must be more than 0")
            elif value < 0 and name not in _ALIGNER_NEGATIVE:
                _refuse(f"aligner {name}: {value!r}; it cannot be less than 0")


ALIGNER_LIMIT = 1e6  # no cost is sensibly larger; past it the search's sums overflow
_ALIGNER_POSITIVE = {"skip_cost", "length_sigma", "length_spread", "length_spread_shift", "prior_spread", "band_min", "band_sqrt", "coarse_from", "coarse_block", "coarse_width", "random_partners", "spread_rows", "excerpt_chars", "anchor_stretch", "anchor_ratio_shift"}
_ALIGNER_NEGATIVE = {"swap_link_cost", "anchor_cost"}  # costs a link must be as low as


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _refuse(message: str) -> None:
    """A setting given from Python that the command line would refuse: the same one-line ``AlignError``."""
    from align.errors import AlignError

    raise AlignError(message)


_ALIGNER_DEFAULTS = {f.name: f.default for f in fields(AlignerConfig)}


@dataclass(frozen=True)
class MTConfig:
    """How CTranslate2 runs: beam size and threads trade speed for quality.

    ``compute_type`` is CTranslate2's (``default`` keeps the model's own, e.g. int8;
    ``float32`` gives the same result on every CPU).
    """

    beam_size: int = 2
    threads: int = 0  # intra-op threads; 0 = all cores
    batch_size: int = 32
    compute_type: str = "default"
    use_cache: bool = True
    device: str = "cpu"  # CTranslate2's device: cpu, or cuda (``align.engines.ray`` sets it for an actor that has a GPU)


MT_LIMITS = {"beam_size": (1, 64), "threads": (0, 1024), "batch_size": (1, 4096)}
"""The whole numbers ``MTConfig`` takes: a beam of 100,000 took gigabytes and a minute for one sentence, and CTranslate2
crashes (SIGSEGV) when asked for 100,000 threads."""


@dataclass(frozen=True)
class RunConfig:
    """What a run reads, which stages it runs and how; the command line fills one from its options.

    ``glossaries`` None means the default folder ``glossaries/`` (in the working
    directory) when it exists; paths given explicitly must exist.
    """

    langs: tuple[str, ...] = LANGUAGES
    use_mt: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    glossaries: tuple[Path, ...] | None = None
    lines: bool = False  # every non-empty line is one segment (no sentence splitting)
    max_segment_chars: int = DEFAULT_MAX_SEGMENT_CHARS  # longer runs without a sentence end are cut
    follow_links: bool = False  # read documents behind symbolic links that lead out of the folder
    extract: str = "main"  # web pages: main (the article, boilerplate removed) or all (every visible block)
    aligner: AlignerConfig = field(default_factory=AlignerConfig)
    mt: MTConfig = field(default_factory=MTConfig)
    select: tuple[str, ...] | None = None  # the finding kinds reported; None: every kind
    ignore: tuple[str, ...] = ()  # finding kinds never reported, whatever select says
    severity: tuple[tuple[str, str], ...] = ()  # (kind, error | warning) overriding the registry's severity
    fail_on: str | None = None  # the commands exit 1 when a finding of this severity (error | warning) exists
    jobs: int = 1  # worker processes for the per-document work (0: one per core); ``align run`` defaults to one per core
    engine: str = "local"  # local (this machine, ``jobs`` processes) | ray (a Ray cluster, ``align.engines.ray``)
    address: str | None = None  # the Ray cluster to join (None: a local one, started for the run)
    reuse: bool = True  # take what an earlier run computed for the same input, settings and code (``align.incremental``)
    original: str | None = None  # the language of the originals in pairs and bilingual files (None: the non-English side)

    def __post_init__(self) -> None:
        # from Python, a path as a string, or one path alone, is as good as the command line's (RunConfig(glossaries=["gl"])
        # failed with an AttributeError deep in the run)
        if isinstance(self.glossaries, (str, Path)):
            object.__setattr__(self, "glossaries", (Path(self.glossaries),))
        elif self.glossaries is not None:
            object.__setattr__(self, "glossaries", tuple(Path(path) for path in self.glossaries))
        if isinstance(self.langs, str):
            object.__setattr__(self, "langs", tuple(code.strip() for code in self.langs.split(",") if code.strip()))
        unknown = [code for code in self.langs if code not in LANGUAGES]
        if unknown or not self.langs:  # as --langs says: ('xx',) labelled Russian segments 'xx'
            _refuse(f"langs: unsupported language code(s) {', '.join(map(repr, unknown)) or '(none)'}; use en, ru, id")
        if isinstance(self.severity, dict):
            object.__setattr__(self, "severity", tuple(self.severity.items()))
        for name in ("select", "ignore"):  # select=('near-mis',) reported nothing, and said nothing
            if isinstance(getattr(self, name), str):
                object.__setattr__(self, name, tuple(kind.strip() for kind in getattr(self, name).split(",") if kind.strip()))
        self._check()

    def _check(self) -> None:
        """Each setting of a type and in a range the command line and align.toml would allow."""
        from align.names.kinds import KINDS, SEVERITIES

        for name in ("use_mt", "lines", "follow_links", "reuse"):
            if not isinstance(getattr(self, name), bool):  # use_mt='no' is true
                _refuse(f"{name}: {getattr(self, name)!r}; use True or False")
        for name, least in (("max_bytes", 1), ("max_segment_chars", MIN_SEGMENT_CHARS)):  # jobs and engine: ``align.engines``
            if not _whole(getattr(self, name)) or getattr(self, name) < least:
                _refuse(f"{name}: {getattr(self, name)!r}; use a whole number of {least} or more")
        choices = {"extract": ("main", "all"), "fail_on": (None, "error", "warning"), "original": (None, *LANGUAGES)}
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                _refuse(f"{name}: {getattr(self, name)!r}; use {' or '.join(str(value) for value in allowed if value is not None)}")
        kinds = [*(self.select or ()), *self.ignore, *(kind for kind, _ in self.severity)]
        unknown = [kind for kind in kinds if kind not in KINDS]
        if unknown:
            _refuse(f"unknown finding kind(s) {', '.join(map(repr, unknown))}; the kinds are {', '.join(KINDS)}")
        bad = [severity for _, severity in self.severity if severity not in SEVERITIES]
        if bad:
            _refuse(f"severity: {bad[0]!r}; use {' or '.join(SEVERITIES)}")
        if not isinstance(self.aligner, AlignerConfig) or not isinstance(self.mt, MTConfig):
            _refuse("aligner and mt take an AlignerConfig and an MTConfig (align.AlignerConfig(...), align.MTConfig(...))")

    def reports(self, kind: str) -> bool:
        """Whether findings of ``kind`` are reported: selected and not ignored."""
        return (self.select is None or kind in self.select) and kind not in self.ignore

    def severity_of(self, kind: str, registered: str) -> str:
        """The severity a finding of ``kind`` gets: the one set for it, else the registry's."""
        return dict(self.severity).get(kind, registered)
