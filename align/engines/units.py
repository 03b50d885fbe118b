"""The units of work an engine maps: one document (or pair, or output page) each, a function of its arguments.

Each calls the pipeline's own stage for one item, so ``-j 1``, ``-j N`` and Ray make the same records; the
arguments are all a result depends on, which is what lets ``align.incremental`` keep it. They run in worker
processes: module-level functions of picklable records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from align.model import Alignment, Document, RunConfig

if TYPE_CHECKING:
    from align.names.checks import CheckedPart
    from align.names.forms import NameIndex
    from align.names.glossary import Glossary

NameList = list[tuple[str, str]]


Place = tuple[int, int] | None
Placed = tuple[Alignment, tuple[Place, Place]]


def bilingual(item: tuple[Document, NameList], config: RunConfig) -> Placed:
    """The two halves of one bilingual document (``align.alignment.pair.split_bilingual`` finds them) aligned,
    with the glossary names found in it (``placed``: as the parent puts it back together)."""
    from align.pipeline import align_bilingual

    doc, names = item
    alignment = align_bilingual(doc, config, names)
    assert alignment is not None, "the parent gives documents split_bilingual splits"
    return placed(alignment, doc)


def pair(item: tuple[Document, Document, float, NameList], config: RunConfig) -> Placed:
    """Two documents that translate each other, aligned, with the glossary names found in them (``placed``)."""
    from align.pipeline import align_pair

    first, second, score, names = item
    return placed(align_pair(first, second, config, names, score), first, second)


def placed(alignment: Alignment, *docs: Document) -> Placed:
    """``alignment`` without the segments of a side that is a run of its document's own, and where each such run
    starts and how long it is (None: the side kept as it is). The parent has the documents (``attach``), so a
    worker sends back, and the memo keeps, the beads alone: the sides' segments were most of an alignment's bytes,
    and each came back as a copy to be swapped for the document's own."""
    segments = {doc.name: doc.segments for doc in docs}
    places: list[Place] = []
    for side, name in ((alignment.src, alignment.src_doc), (alignment.tgt, alignment.tgt_doc)):
        start = side[0].index if side else 0
        run = segments[name][start : start + len(side)]
        places.append((start, len(side)) if len(run) == len(side) and all(mine is theirs for mine, theirs in zip(run, side)) else None)
    return replace(alignment, src=[] if places[0] else alignment.src, tgt=[] if places[1] else alignment.tgt), (places[0], places[1])


def attach(results: Sequence[Placed], docs: Sequence[Document]) -> list[Alignment]:
    """The alignments of ``results`` (``placed``) with their sides' segments taken from ``docs``, the run's own."""
    segments = {doc.name: doc.segments for doc in docs}
    alignments = []
    for alignment, (src, tgt) in results:
        if src is not None:
            alignment.src = segments[alignment.src_doc][src[0] : src[0] + src[1]]
        if tgt is not None:
            alignment.tgt = segments[alignment.tgt_doc][tgt[0] : tgt[0] + tgt[1]]
        alignments.append(alignment)
    return alignments


def pairs(item: tuple[list[str], list[str], list]) -> tuple[list[tuple[int, int, float]], list[tuple[int, list[int]]]]:
    """The pairs of files among the documents' names, languages and profiles (``align.alignment.pair.pair_profiles``),
    as their numbers, and the files left unpaired between two alike translations. A unit of its own, run in the parent, so that a re-run whose profiles are the same takes the
    pairs from the memo instead of pairing every file again (1.1 s at 1,000 documents): after a glossary edit,
    which pairing does not read, or an edit that leaves every file's anchors and length as they were."""
    from align.alignment.pair import pair_profiles

    return pair_profiles(*item)


_index: list = []  # [glossary, its key, its index]: the last one this process used


def name_index(glossary: Glossary) -> NameIndex:
    """The glossary's index, loaded once per process (from ``ALIGN_HOME/cache``, where the parent left it)."""
    from align.names.forms import cache_key, cached_index

    if _index and _index[0] is glossary:  # the items of one chunk share the glossary object
        return _index[2]
    key = cache_key(glossary)
    if not _index or _index[1] != key:
        _index[:] = [glossary, key, cached_index(glossary)]
    _index[0] = glossary
    return _index[2]


CheckItem = tuple[Document, list[tuple[int, Alignment]], list[Document], list[tuple[str, str]]]


def check_items(docs: Sequence[Document], alignments: Sequence[Alignment]) -> list[CheckItem]:
    """Per document: itself, the alignments (with their numbers) whose translation it is, the (source,
    translation) names of those whose source it is, and the documents on the other side of either."""
    by_name = {doc.name: doc for doc in docs}
    into: dict[str, list[tuple[int, Alignment]]] = {}
    out_of: dict[str, list[tuple[str, str]]] = {}
    for number, alignment in enumerate(alignments):
        into.setdefault(alignment.tgt_doc, []).append((number, alignment))
        if alignment.src_doc != alignment.tgt_doc:
            out_of.setdefault(alignment.src_doc, []).append((alignment.src_doc, alignment.tgt_doc))
    items = []
    for doc in docs:
        mine, links = into.get(doc.name, []), out_of.get(doc.name, [])
        others = [a.src_doc for _, a in mine] + [target for _, target in links]
        sources = {name: by_name[name] for name in others if name != doc.name and name in by_name}
        items.append((doc, mine, list(sources.values()), links))
    return items


def check(item: CheckItem, glossary: Glossary, numbers: bool) -> CheckedPart:
    """The name checks (and with ``numbers`` the number checks) of one document."""
    from align.names.checks import check_part

    doc, alignments, sources, links = item
    return check_part([doc], alignments, name_index(glossary), sources, numbers=numbers, links=links)


def warm() -> None:
    """Load what the later steps' units load on their first item: the checks' modules, pymorphy3's dictionary, the
    number readers' regexes, the page writers. About 0.5 s a worker, which a worker spends at the start of the
    check step unless it has done this while it waited for this process (``align.engines.local``)."""
    from importlib import import_module

    from align.names.numbers import MONTHS, reader
    from align.text.morph import analyzer

    for module in ("align.names.checks", "align.views.outputs"):
        import_module(module)
    analyzer()
    for lang in MONTHS:
        reader(lang)
