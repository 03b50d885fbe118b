"""Shared fixtures: a private ALIGN_HOME for every test, and paths to the data slices.

Sockets are disabled for the whole suite (``--disable-socket`` in pyproject):
no test may reach the network.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATA = FIXTURES / "data"
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def align_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty ALIGN_HOME of its own, never the user's."""
    home = tmp_path_factory.mktemp("align_home")
    monkeypatch.setenv("ALIGN_HOME", str(home))
    return home


def memory_cap(limit: int = 3 << 30):
    """A ``preexec_fn`` for a subprocess that may take at most ``limit`` bytes of memory: a reader that would fill the
    machine's gets a MemoryError instead."""
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return cap


def read_lines(name: str) -> list[str]:
    """The lines of a data slice in tests/fixtures/data."""
    return (DATA / name).read_text(encoding="utf-8").splitlines()


def text_document(text: str, lines: bool = False, detect: bool = True):
    """A document from a string, segmented and (by default) with its languages detected, as the pipeline makes it."""
    from dataclasses import replace

    from align.text.detect import detect_segments
    from align.text.ingest import document_from_text
    from align.text.segment import segment_document

    doc = segment_document(document_from_text(text), lines=lines)
    return replace(doc, segments=detect_segments(doc.segments)) if detect else doc


def folder_documents(folder: Path):
    """The documents of a folder as ``align run --no-mt`` prepares them."""
    from align import pipeline
    from align.model import RunConfig

    paths, _ = pipeline.scan(folder)
    return pipeline.prepare(paths, RunConfig(use_mt=False), names=pipeline.document_names(paths, root=folder)).documents


def write_tmx(path: Path, segments: list[tuple[str, str]]) -> Path:
    """A TMX 1.4 file of Russian → English units, each (Russian, English) given as the markup of its <seg>."""
    header = '<header srclang="ru" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>'
    units = "".join(f'<tu><tuv xml:lang="ru"><seg>{ru}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>\n' for ru, en in segments)
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">{header}<body>\n{units}</body></tmx>\n', encoding="utf-8")
    return path
