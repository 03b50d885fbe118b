"""Render the terminal review of two seeds to SVG for the README (docs/*.svg).

Usage: python tools/capture_review.py   (runs the pipeline on seeds/ without MT)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    os.environ.setdefault("ALIGN_HOME", tempfile.mkdtemp(prefix="align-capture-"))
    from align import pipeline
    from align.model import RunConfig
    from align.views import records, terminal

    os.chdir(ROOT)  # paths in the capture read seeds/..., as a user would see them
    result = pipeline.run(Path("seeds"), RunConfig(glossaries=(Path("glossaries"),), use_mt=False))
    views = records.build_views(result)
    by_name = {view.name: view for view in views}
    for name, only_flagged, title in (("000_dc5ad088ef4310ee", False, "align review --doc 000_dc5ad088ef4310ee"), ("002_85b7f47b9faedc20", True, "align review --doc 002_85b7f47b9faedc20 --only-flagged")):
        console = Console(record=True, width=130, force_terminal=True, color_system="truecolor", file=open(os.devnull, "w"))
        console.print(terminal.document_renderable(by_name[name], by_name, only_flagged))
        target = ROOT / "docs" / f"review-{name[:3]}.svg"
        target.parent.mkdir(exist_ok=True)
        target.write_text(console.export_svg(title=title), encoding="utf-8")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
