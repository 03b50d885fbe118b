"""align: detect, translate, align and check names in machine-translated news, offline.

The Python API (``align.run``, ``align.align_files``, ``align.check_files``,
``align.detect_file``, ``align.translate_file``) and the records and settings
it returns and takes are re-exported here; they are imported on first use, so
``import align`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "run": "align.api",
    "align_files": "align.api",
    "check_files": "align.api",
    "detect_file": "align.api",
    "translate_file": "align.api",
    "AlignError": "align.errors",
    "RunConfig": "align.model",
    "AlignerConfig": "align.model",
    "MTConfig": "align.model",
    "RunResult": "align.model",
    "Document": "align.model",
    "Segment": "align.model",
    "Span": "align.model",
    "Bead": "align.model",
    "Alignment": "align.model",
    "Finding": "align.model",
}
__all__ = ["__version__", *_EXPORTS]


_MODULES = ("pipeline",)  # ``align.pipeline.load_settings(…)`` after a bare ``import align``


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    if name in _MODULES:
        return importlib.import_module(f"align.{name}")
    raise AttributeError(f"module 'align' has no attribute {name!r}")
