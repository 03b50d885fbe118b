"""Everything the user sees, made from records: the JSON schema (``records``), the output folder
(``outputs``), TSV and TMX (``export``), the terminal (``terminal``), HTML (``html``) and the QA workbook
(``workbook``).

The submodules are imported on first use, so a command loads only the views it shows.
"""

from __future__ import annotations

import importlib
from types import ModuleType

_SUBMODULES = ("records", "outputs", "export", "terminal", "html", "workbook")


def __getattr__(name: str) -> ModuleType:
    if name in _SUBMODULES:
        return importlib.import_module(f"align.views.{name}")
    raise AttributeError(f"module 'align.views' has no attribute {name!r}")
