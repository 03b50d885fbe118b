"""The units of work an engine maps: one document (or pair, or output page) each, a function of its arguments.

Each calls the pipeline's own stage for one item, so ``-j 1``, ``-j N`` and Ray make the same records; the
arguments are all a result depends on, which is what lets ``align.incremental`` keep it. They run in worker
processes: module-level functions of picklable records.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from align.model import Alignment, Document, RunConfig

if TYPE_CHECKING:
    from align.names.checks import CheckedPart
    from align.names.forms import NameIndex
    from align.names.glossary import Glossary

NameList = list[tuple[str, str]]


def bilingual(item: tuple[Document, NameList], config: RunConfig) -> Alignment | None:
    """The two halves of one bilingual document (``align.alignment.pair.split_bilingual`` finds them) aligned,
    with the glossary names found in it."""
    from align.pipeline import align_bilingual

    doc, names = item
    return align_bilingual(doc, config, names)


def pair(item: tuple[Document, Document, float, NameList], config: RunConfig) -> Alignment:
    """Two documents that translate each other, aligned, with the glossary names found in them."""
    from align.pipeline import align_pair

    first, second, score, names = item
    return align_pair(first, second, config, names, score)


def pairs(item: tuple[list[str], list[str], list]) -> list[tuple[int, int, float]]:
    """The pairs of files among the documents' names, languages and profiles (``align.alignment.pair.pair_profiles``),
    as their numbers. A unit of its own, run in the parent, so that a re-run whose profiles are the same takes the
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
