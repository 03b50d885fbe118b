"""The ``align`` command line: a thin typer layer over the pipeline stages.

Heavy modules (argostranslate, torch, ctranslate2) are imported inside the
commands that need them, so ``align --help`` stays instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from align import __version__

app = typer.Typer(
    help="Detect, translate, align and check names in machine-translated news (ru, en, id), offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error to stderr and return the exit to raise."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        console.print(f"align {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = None,
) -> None:
    """align: offline review of machine-translated news in Russian, English and Indonesian."""


@app.command()
def run(
    folder: Annotated[Path, typer.Argument(help="Folder of .txt/.md documents.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the outputs.")] = Path("output"),
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="Glossary YAML file or folder (repeatable; default glossaries/).")] = None,
    langs: Annotated[str, typer.Option("--langs", help="Languages to detect, comma-separated.")] = "en,ru,id",
    no_mt: Annotated[bool, typer.Option("--no-mt", help="Do not translate; align and check without MT.")] = False,
    max_size: Annotated[int, typer.Option("--max-size", help="Largest file to read, in bytes.")] = 50 * 1024 * 1024,
) -> None:
    """Run every stage over FOLDER and write the outputs to --out."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from align import pipeline, report

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=errors, transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        try:
            result = pipeline.run(
                folder,
                glossary_paths=glossary or [Path("glossaries")],
                langs=[lang.strip() for lang in langs.split(",") if lang.strip()],
                use_mt=not no_mt,
                max_bytes=max_size,
                progress=progress,
            )
        except pipeline.RunError as error:
            raise fail(str(error)) from None
    for line in result.skipped + result.errors:
        errors.print(f"[yellow]warning:[/] {line}", highlight=False, soft_wrap=True)
    for note in result.notes:
        errors.print(f"[cyan]note:[/] {note}", highlight=False, soft_wrap=True)
    report.write_outputs(result, out)
    report.print_summary(result, console)
    console.print(f"outputs written to {out}/")


# --- detect (issue 4) ---

# --- translate and models (issue 5) ---

# --- align (issue 6) ---

# --- glossary and check (issue 7) ---

# --- review and dismiss (issue 8) ---
