"""The Python API: the commands of ``align`` as functions, with the same defaults, for notebooks and scripts
(but one: ``run`` works in this process, ``jobs=1``, where ``align run`` starts a worker per core).

>>> import align
>>> result = align.run("seeds/", use_mt=False)            # like `align run seeds/ --no-mt`, writes nothing
>>> [f.found for f in result.findings if f.kind == "known-wrong"][:2]
>>> beads = align.align_files("ru.txt", "en.txt").beads   # like `align align ru.txt en.txt`
>>> findings = align.check_files(["en.txt"], source="ru.txt")

Each function takes its settings as the command does — ``run``, ``align_files``
and ``check_files`` from the align.toml of the folder or file (or its parents),
else the defaults — or from ``config``; a keyword given is a command-line option
over them. It then calls the same ``align.pipeline`` function as the command, so
the API and the command line give identical records. Bad input raises
``align.AlignError`` with the same one-line message the command prints, and so does a path the operating
system refuses (``paths_reported``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from align import pipeline
from align.errors import paths_reported
from align.model import Alignment, Document, Finding, RunConfig, RunResult

PathLike = str | os.PathLike


def _config(config: RunConfig | None, glossaries: Sequence[PathLike] | PathLike | None, start: PathLike | None = None, **settings: object) -> RunConfig:
    """``config`` — else the align.toml found from ``start``, as the command reads it, else the defaults — with the
    keywords given (not None) over it: ``config=RunConfig(use_mt=False)`` held only when ``use_mt`` was left out."""
    if config is None and start is not None:
        config = pipeline.load_settings(start).config
    changes = {key: value for key, value in settings.items() if value is not None}
    if glossaries is not None:
        items = [glossaries] if isinstance(glossaries, (str, os.PathLike)) else list(glossaries)
        changes["glossaries"] = tuple(Path(p) for p in items)
    if "langs" in changes and not isinstance(changes["langs"], str):  # a string is RunConfig's to read: 'en,ru'
        changes["langs"] = tuple(changes["langs"])  # type: ignore[arg-type]
    return replace(config or RunConfig(), **changes)


@paths_reported()
def run(
    folder: PathLike,
    *,
    out: PathLike | None = None,
    glossaries: Sequence[PathLike] | PathLike | None = None,
    use_mt: bool | None = None,
    langs: Sequence[str] | str | None = None,
    max_bytes: int | None = None,
    config: RunConfig | None = None,
) -> RunResult:
    """Every stage over ``folder``, as ``align run``: ``glossaries=None`` reads ``glossaries/`` when it exists;
    with ``out`` the same output folder as the command is written."""
    cfg = _config(config, glossaries, folder, use_mt=use_mt, langs=langs, max_bytes=max_bytes)
    return pipeline.run(Path(folder), cfg, out=Path(out) if out is not None else None)


@paths_reported()
def align_files(
    src: PathLike,
    tgt: PathLike | None = None,
    *,
    use_mt: bool | None = None,
    lines: bool | None = None,
    glossaries: Sequence[PathLike] | PathLike | None = None,
    config: RunConfig | None = None,
) -> Alignment:
    """``src`` aligned with ``tgt``, or the two halves of a bilingual ``src``, as ``align align``."""
    cfg = _config(config, glossaries, src, use_mt=use_mt, lines=lines)
    return pipeline.align_files(Path(src), Path(tgt) if tgt is not None else None, cfg)


@paths_reported()
def check_files(
    paths: Sequence[PathLike] | PathLike,
    glossaries: Sequence[PathLike] | PathLike | None = None,
    source: PathLike | None = None,
    *,
    use_mt: bool | None = None,
    config: RunConfig | None = None,
) -> list[Finding]:
    """The name findings in ``paths`` (with ``source``, aligned with it first), as ``align check``."""
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    cfg = _config(config, glossaries, items[0] if items else None, use_mt=use_mt)
    return pipeline.check_files([Path(p) for p in items], cfg, Path(source) if source is not None else None)


@paths_reported()
def detect_file(path: PathLike, *, lines: bool | None = None, langs: Sequence[str] | str | None = None, config: RunConfig | None = None) -> Document:
    """The segments of ``path`` with their languages and inline spans, as ``align detect``."""
    return pipeline.detect_file(Path(path), _config(config, None, lines=lines, langs=langs))


@paths_reported()
def translate_file(path: PathLike, *, source: str = "auto", target: str = "en", lines: bool | None = None, config: RunConfig | None = None) -> Document:
    """The segments of ``path`` with their translations, as ``align translate``."""
    return pipeline.translate_file(Path(path), _config(config, None, lines=lines), source=source, target=target)
