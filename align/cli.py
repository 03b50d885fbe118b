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
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="Exit 1 when a finding of this severity (error|warning) exists.")] = None,
    only_flagged: Annotated[bool, typer.Option("--only-flagged", help="Show only beads and segments with findings.")] = False,
    doc: Annotated[Optional[str], typer.Option("--doc", help="Show only this document (its name, as in output/).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="Show only the summary table, not the side-by-side view.")] = False,
    pager: Annotated[bool, typer.Option("--pager/--no-pager", help="Page long views on a terminal.")] = True,
) -> None:
    """Run every stage over FOLDER, write the outputs to --out and show the side-by-side review."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from align import pipeline, report

    level = _fail_on(fail_on)
    for path in glossary or []:
        if not path.exists():
            raise fail(f"{path}: no such glossary file or folder")
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
                langs=_langs(langs),
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
    views = report.write_outputs(result, out)
    if doc is not None and doc not in {v.name for v in views}:
        raise fail(f"--doc {doc}: no such document in this run")
    if quiet:
        console.print(report.summary_table(views, result.seconds, result.dismissed))
    else:
        report.show(views, console, only_flagged=only_flagged, pager=pager, seconds=result.seconds, dismissed=result.dismissed, doc=doc)
    console.print(f"outputs written to {out}/ (open {out}/index.html)", highlight=False)
    if fails(result.findings, level):
        raise typer.Exit(1)


# --- detect (issue 4) ---


def _read_segments(path: Path, lines: bool, empty_ok: bool = False):
    """Read and segment one file for the single-file commands, or exit 2 with the reason.

    With ``empty_ok`` an empty file is a document with no sentences.
    """
    from align.ingest import EmptyFileError, IngestError, build_document, read_document
    from align.segment import segment_document

    try:
        doc = read_document(path)
    except EmptyFileError as error:
        if not empty_ok:
            raise fail(str(error)) from None
        doc = build_document("", path, path.stem, "utf-8")
    except IngestError as error:
        raise fail(str(error)) from None
    segment_document(doc, lines=lines)
    return doc


def _print_jsonl(records) -> None:
    from align.report import jsonl

    print(jsonl(records), end="")


def _langs(value: str) -> list[str]:
    langs = [lang.strip() for lang in value.split(",") if lang.strip()]
    unknown = [lang for lang in langs if lang not in ("en", "ru", "id")]
    if unknown or not langs:
        raise fail(f"--langs: unsupported language code(s) {', '.join(unknown) or '(none)'}; use en, ru, id")
    return langs


def _span_record(doc, segment, span) -> dict:
    """A span with offsets into the line it is on (``line`` says which, for sentences over a line break)."""
    line, start = doc.position(segment.offset + span.start)
    _, end = doc.position(segment.offset + span.end - 1)
    return {"start": start, "end": end + 1, "lang": span.lang, "text": span.text, "line": line}


@app.command()
def detect(
    file: Annotated[Path, typer.Argument(help="Text file to analyse.")],
    lines: Annotated[bool, typer.Option("--lines", help="Every line is one segment (no sentence splitting).")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="JSON Lines on stdout, one object per segment.")] = False,
    langs: Annotated[str, typer.Option("--langs", help="Candidate languages, comma-separated.")] = "en,ru,id",
) -> None:
    """Detect the language of every segment of FILE, with inline spans in other languages."""
    from rich.table import Table

    from align.detect import detect_segments

    doc = _read_segments(file, lines)
    detect_segments(doc.segments, _langs(langs))
    if json_out:
        _print_jsonl(
            {
                "line": s.line, "start": s.start, "end": s.end, "end_line": s.end_line, "lang": s.lang,
                "confidence": s.confidence, "text": s.text,
                "spans": [_span_record(doc, s, p) for p in s.spans],
            }
            for s in doc.segments
        )  # fmt: skip
        return
    table = Table(title=str(file), title_justify="left")
    for column in ("line", "lang", "conf", "text", "spans"):
        table.add_column(column, overflow="fold")
    for s in doc.segments:
        spans = "; ".join(f"{p.lang} {p.text!r} @{p.start}" for p in s.spans)
        table.add_row(str(s.line), s.lang, f"{s.confidence:.2f}", s.text, spans)
    console.print(table)

# --- translate and models (issue 5) ---


@app.command()
def translate(
    file: Annotated[Path, typer.Argument(help="Text file to translate.")],
    source: Annotated[str, typer.Option("--from", help="Source language: ru, id or auto (detect per segment).")] = "auto",
    target: Annotated[str, typer.Option("--to", help="Target language.")] = "en",
    json_out: Annotated[bool, typer.Option("--json", help="JSON Lines on stdout, one object per segment.")] = False,
    lines: Annotated[bool, typer.Option("--lines", help="Every line is one segment.")] = False,
    beam_size: Annotated[int, typer.Option("--beam-size", help="CTranslate2 beam size.")] = 2,
    threads: Annotated[int, typer.Option("--threads", help="CTranslate2 threads (0 = all cores).")] = 0,
) -> None:
    """Translate FILE segment by segment with the installed offline models."""
    from rich.table import Table

    from align.detect import detect_segments
    from align.translate import Translator, missing_model_note

    if source not in ("auto", "ru", "id", "en"):
        raise fail(f"--from: unsupported language {source!r}; use ru, id or auto")
    doc = _read_segments(file, lines)
    detect_segments(doc.segments)
    if source != "auto":
        for segment in doc.segments:
            segment.lang = source
    translator = Translator(beam_size=beam_size, threads=threads)
    for language in sorted(translator.translate_segments(doc.segments, target)):
        errors.print(f"[cyan]note:[/] {missing_model_note(language, target)}", highlight=False, soft_wrap=True)
    if json_out:
        _print_jsonl(
            {"line": s.line, "start": s.start, "end": s.end, "lang": s.lang, "text": s.text, "translation": s.translation, "model": s.model}
            for s in doc.segments
        )
        return
    table = Table(title=str(file), title_justify="left")
    for column in ("line", "lang", "text", "translation"):
        table.add_column(column, overflow="fold")
    for s in doc.segments:
        table.add_row(str(s.line), s.lang, s.text, s.translation if s.translation is not None else "[dim]—[/]")
    console.print(table)


models_app = typer.Typer(help="List, install and remove offline translation models (under ALIGN_HOME/models).", no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list() -> None:
    """Show the installed translation models."""
    from rich.table import Table

    from align.models import installed_models, models_dir

    found = installed_models()
    if not found:
        console.print(f"no models installed in {models_dir()}; install one with: align models install PATH.argosmodel")
        return
    table = Table(title=f"models in {models_dir()}", title_justify="left")
    for column in ("pair", "package", "version", "size"):
        table.add_column(column)
    for model in found:
        table.add_row(f"{model.source}→{model.target}", model.path.name, model.version, f"{model.size / 1e6:.1f} MB")
    console.print(table)


@models_app.command("install")
def models_install(
    what: Annotated[list[str], typer.Argument(help="PATH.argosmodel, or FROM TO (e.g. ru en) to download from the argos index.")],
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for the argos index.")] = 20.0,
) -> None:
    """Install a model from a local .argosmodel file (offline), or download FROM TO when asked."""
    from align import models

    try:
        if len(what) == 1:
            model = models.install_file(Path(what[0]))
        elif len(what) == 2:
            model = models.install_from_index(what[0], what[1], timeout=timeout)
        else:
            raise fail("give one PATH.argosmodel, or two language codes such as: ru en")
    except models.ModelError as error:
        raise fail(str(error)) from None
    console.print(f"installed {model.source}→{model.target} ({model.path.name}) in {model.path.parent}")


@models_app.command("remove")
def models_remove(
    source: Annotated[str, typer.Argument(help="Source language code.")],
    target: Annotated[str, typer.Argument(help="Target language code.")],
) -> None:
    """Remove the installed FROM→TO model."""
    from align import models

    try:
        removed = models.remove(source, target)
    except models.ModelError as error:
        raise fail(str(error)) from None
    for model in removed:
        console.print(f"removed {model.path.name}")

# --- align (issue 6) ---


@app.command("align")
def align_command(
    src: Annotated[Path, typer.Argument(help="Source file (or one bilingual file).")],
    tgt: Annotated[Optional[Path], typer.Argument(help="Target file; leave out to split SRC at its language boundary.")] = None,
    lines: Annotated[bool, typer.Option("--lines", help="Every non-empty line is one sentence.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="JSON Lines on stdout, one bead per line.")] = False,
    tsv: Annotated[Optional[Path], typer.Option("--tsv", help="Also write the beads as TSV to this file.")] = None,
    tmx: Annotated[Optional[Path], typer.Option("--tmx", help="Also write a TMX 1.4 file for CAT tools.")] = None,
    no_mt: Annotated[bool, typer.Option("--no-mt", help="Do not use machine translation.")] = False,
) -> None:
    """Align SRC and TGT sentence by sentence (1-1, 1-2, 2-1, 1-0, 0-1), or the two halves of a bilingual SRC."""
    from rich.table import Table

    from align import export, pair
    from align.aligner import align
    from align.detect import detect_segments
    from align.model import Alignment
    from align.paths import write_atomic

    paths = [src] if tgt is None else [src, tgt]
    docs = [_read_segments(path, lines, empty_ok=tgt is not None) for path in paths]
    if not any(doc.segments for doc in docs):
        raise fail(f"{src} and {tgt}: both files are empty")
    for path, doc in zip(paths, docs):
        if not doc.segments:
            errors.print(f"[yellow]warning:[/] {path}: empty file: nothing to align its other side with", highlight=False, soft_wrap=True)
    for doc in docs:
        detect_segments(doc.segments)
    if not no_mt:
        from align.translate import translate_documents

        for note in translate_documents(docs):
            errors.print(f"[cyan]note:[/] {note}", highlight=False, soft_wrap=True)
    if tgt is None:
        halves = pair.split_bilingual(docs[0])
        if halves is None:
            raise fail(f"{src}: not a bilingual file (no two long runs in different languages); give the translation as TGT")
        left, right = halves
        warnings = pair.mismatch_warnings(left, right, "the first half", "the second half")
        alignment = Alignment(docs[0].name, docs[0].name, left, right, align(left, right, not no_mt), "bilingual", warnings=warnings)
    else:
        left, right = docs[0].segments, docs[1].segments
        warnings = pair.mismatch_warnings(left, right, str(src), str(tgt))
        alignment = Alignment(docs[0].name, docs[1].name, left, right, align(left, right, not no_mt), "files", warnings=warnings)
    for warning in alignment.warnings:
        errors.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
    if tsv is not None:
        write_atomic(tsv, export.to_tsv(alignment))
    if tmx is not None:
        write_atomic(tmx, export.to_tmx(alignment))
    if json_out:
        _print_jsonl(export.records(alignment))
        return
    table = Table(title=f"{src} ↔ {tgt or 'second half'}", title_justify="left")
    for column in ("bead", "score", "src lines", "source", "tgt lines", "target"):
        table.add_column(column, overflow="fold")
    for record in export.records(alignment):
        table.add_row(record["kind"], f"{record['score']:.2f}", ",".join(map(str, record["src"])), record["src_text"], ",".join(map(str, record["tgt"])), record["tgt_text"])
    console.print(table)

# --- glossary and check (issue 7) ---

FINDING_KEYS = ("file", "line", "column", "term", "found", "expected", "kind", "severity", "message", "id")


def _load_glossary(paths: list[Path]):
    from align.glossary import GlossaryError, load_glossaries

    try:
        return load_glossaries(paths)
    except GlossaryError as error:
        raise fail(str(error)) from None


def _fail_on(value: Optional[str]) -> Optional[str]:
    if value not in (None, "error", "warning"):
        raise fail(f"--fail-on takes error or warning, not {value!r}")
    return value


def fails(findings, level: Optional[str]) -> bool:
    """Whether ``--fail-on level`` should make the command exit 1."""
    return level is not None and any(f.severity == "error" or level == "warning" for f in findings)


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="English or Indonesian files to check.")],
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="Glossary file or folder (repeatable; default glossaries/).")] = None,
    source: Annotated[Optional[Path], typer.Option("--source", help="The original of a single FILE: align first, check against it.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="JSON Lines on stdout, one finding per line.")] = False,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="Exit 1 if a finding of this severity (error|warning) exists.")] = None,
) -> None:
    """Flag mistranslated names in FILES against the glossaries."""
    from rich.table import Table

    from align.aligner import align
    from align.checks import check_run
    from align.detect import detect_segments
    from align.model import Alignment
    from align.pair import orient

    level = _fail_on(fail_on)
    if source is not None and len(files) != 1:
        raise fail("--source goes with exactly one FILE")
    glossary_paths = glossary or [Path("glossaries")]
    # a glossary the user names must exist; the default folder may be absent
    loaded = _load_glossary(glossary_paths if glossary else [p for p in glossary_paths if p.exists()])
    docs = [_read_segments(path, False) for path in files]
    given = {doc.name: str(path) for doc, path in zip(docs, files)}
    alignments = []
    if source is not None:
        original = _read_segments(source, False)
        original.name = f"{original.name} (source)"
        for doc in (original, docs[0]):
            detect_segments(doc.segments)
        src, tgt, _ = orient(original.segments, docs[0].segments)
        alignments.append(Alignment(original.name, docs[0].name, src, tgt, align(src, tgt, False, loaded.name_pairs()), "files"))
        docs_to_check = [original, docs[0]]
    else:
        for doc in docs:
            detect_segments(doc.segments)
        docs_to_check = docs
    findings = [f for f in check_run(docs_to_check, alignments, glossary_paths, glossary=loaded).findings if f.doc in given]
    for finding in findings:
        finding.file = given[finding.doc]
    if json_out:
        _print_jsonl({key: getattr(f, key) for key in FINDING_KEYS} for f in findings)
    else:
        table = Table(title=f"{len(findings)} findings", title_justify="left")
        for column in ("where", "kind", "severity", "found", "expected", "message"):
            table.add_column(column, overflow="fold")
        for f in findings:
            table.add_row(f"{f.file}:{f.line}:{f.column}", f.kind, f.severity, f.found, f.expected, f.message)
        console.print(table)
    if fails(findings, level):
        raise typer.Exit(1)


glossary_app = typer.Typer(help="Validate glossaries and mine suggestions for them.", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("validate")
def glossary_validate(files: Annotated[list[Path], typer.Argument(help="Glossary YAML files or folders.")]) -> None:
    """Check glossary files; print file:line: message for every problem and exit 2 if there is one."""
    from align.glossary import GlossaryError, glossary_files, load_file

    bad = False
    seen: dict[str, str] = {}
    for path in glossary_files(files):
        try:
            terms = load_file(path)
        except GlossaryError as error:
            errors.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
            bad = True
            continue
        for term in terms:
            if term.key in seen:
                errors.print(f"[bold red]error:[/] {path}:{term.line}: duplicate key {term.key!r} (first defined at {seen[term.key]})", highlight=False, soft_wrap=True)
                bad = True
            seen.setdefault(term.key, f"{path}:{term.line}")
        console.print(f"{path}: {len(terms)} terms", highlight=False)
    if bad:
        raise typer.Exit(2)


@glossary_app.command("suggest")
def glossary_suggest(
    pairs: Annotated[Path, typer.Option("--pairs", help="Folder of aligned documents (bilingual files or translated pairs).")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the suggestions (never your glossary).")] = Path("output/glossary-suggestions.yaml"),
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="Known glossaries: their names are not suggested again.")] = None,
) -> None:
    """Propose glossary entries from aligned pairs: a Russian name and what the translation made of it."""
    from align import pipeline
    from align.detect import detect_segments
    from align.pair import align_documents
    from align.paths import write_atomic
    from align.suggest import suggest, to_yaml

    glossary_paths = glossary or [Path("glossaries")]
    loaded = _load_glossary([p for p in glossary_paths if p.exists()])
    if out.resolve() in {p.resolve() for p in loaded.files}:
        raise fail(f"{out}: is one of your glossaries; suggestions go to a separate file")
    try:
        docs = pipeline.load_documents(pairs).documents
    except pipeline.RunError as error:
        raise fail(str(error)) from None
    for doc in docs:
        detect_segments(doc.segments)
    alignments = align_documents(docs, use_mt=False, name_pairs=loaded.name_pairs())
    suggestions = suggest(alignments, loaded)
    write_atomic(out, to_yaml(suggestions))
    console.print(f"{len(suggestions)} suggestions from {len(alignments)} alignments written to {out}")


# --- review and dismiss (issue 8) ---


@app.command()
def dismiss(
    ids: Annotated[list[str], typer.Argument(help="Finding ids (the id column of findings.jsonl or the review).")],
    out: Annotated[Path, typer.Option("--out", help="The output folder of the run the findings come from.")] = Path("output"),
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="Glossary folder the dismissals file sits in (default glossaries/).")] = None,
    note: Annotated[str, typer.Option("--note", help="Why it is fine, for the record.")] = "",
) -> None:
    """Silence reviewed findings in later runs (recorded in .align-dismissed.yaml next to the glossaries)."""
    from align.dismiss import DismissError, dismiss_findings

    try:
        path, added = dismiss_findings(ids, out, glossary or [Path("glossaries")], note)
    except DismissError as error:
        raise fail(str(error)) from None
    console.print(f"dismissed {added} finding(s) in {path}")


@app.command()
def review(
    out: Annotated[Path, typer.Argument(help="Output folder of an earlier run.")] = Path("output"),
    only_flagged: Annotated[bool, typer.Option("--only-flagged", help="Show only beads and segments with findings.")] = False,
    doc: Annotated[Optional[str], typer.Option("--doc", help="Show only this document.")] = None,
    pager: Annotated[bool, typer.Option("--pager/--no-pager", help="Page long views on a terminal.")] = True,
) -> None:
    """Show the side-by-side view of an earlier run again, from its outputs, without recomputing."""
    from align import report

    try:
        views = report.load_views(out)
    except (FileNotFoundError, ValueError, KeyError) as error:
        raise fail(str(error).strip('"')) from None
    if doc is not None and doc not in {v.name for v in views}:
        raise fail(f"--doc {doc}: no such document in {out}/summary.json")
    report.show(views, console, only_flagged=only_flagged, pager=pager, doc=doc)


if __name__ == "__main__":
    app()
