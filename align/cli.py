"""The ``align`` command line: options → settings → ``align.pipeline`` → ``align.views``.

Nothing is decided here that the Python API would not decide the same way;
heavy modules are imported by the pipeline stages that need them, so
``align --help`` stays instant and ``align translate`` never loads the aligner.
Path parameters are ``readable=False``: click's own check of a file printed a
usage box; align's readers say in one line what is wrong with it.
"""

import atexit
import contextlib
import gc
import re
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Iterator, Optional

import typer

from align import __version__, pipeline, views
from align.errors import AlignError, InterruptedAfterOutputs, PathError, paths_reported
from align.model import LANGUAGE_NAMES, LANGUAGES, MAX_BEAD, MT_LIMITS, MTConfig, RunConfig

if TYPE_CHECKING:
    from rich.console import Console

class _EscapedUsageErrors(typer.core.TyperGroup):
    """Click's usage errors quote what was typed ('No such option: --x'): its control and bidirectional characters
    are escaped as every other text from the user is, before the error is shown. An ``OSError`` about a path that
    a command lets through (a name too long for the file system) is one line naming the path and exit 2."""

    def make_context(self, info_name: str | None, args: list[str], parent: typer.Context | None = None, **extra: object) -> typer.Context:
        with _escaped_usage_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: typer.Context) -> object:
        with _escaped_usage_errors():
            try:
                with paths_reported():
                    return super().invoke(ctx)
            except PathError as error:
                raise fail(str(error)) from None
            except MemoryError:  # a limit (ulimit -v, a container's) reached: its frames are gone by now, and their memory
                raise fail(f"out of memory in `align {ctx.invoked_subcommand or ''}`: give it less at once (fewer or shorter files) or more memory", 1) from None


@contextlib.contextmanager
def _interrupted_once() -> Iterator[None]:
    """Ctrl-C, or SIGTERM (``timeout``, a CI job cancelled, ``kill``), ends the run as a KeyboardInterrupt, once: from
    then on both are ignored until the process exits. SIGTERM killed the run at once, its worker processes left
    running and its half-written outputs left in a staging folder; a second Ctrl-C cut short the stopping of the
    workers, or killed the process on its way out with a traceback from ``threading``. A signal ignored when the
    command started (a background job's Ctrl-C) stays ignored. An interrupt that Python only reported, raised in a
    finaliser or an import's lock callback, ends the run when its work is done: it had gone on to exit 0."""
    import signal

    stops = (signal.SIGINT, signal.SIGTERM)

    def ignore_from_now() -> None:
        for number in stops:
            signal.signal(number, signal.SIG_IGN)

    pressed: list[int] = []

    def interrupt(signum: int, frame: object) -> None:
        pressed.append(signum)
        ignore_from_now()
        raise KeyboardInterrupt

    try:
        previous = {number: signal.signal(number, interrupt) for number in stops if signal.getsignal(number) != signal.SIG_IGN}
    except ValueError:  # not the main thread: the process's own handling stays
        yield
        return
    interrupted = False
    try:
        yield
        if pressed:  # raised where Python only reports it (a finaliser, the import machinery's callbacks): the run went on to its end
            raise InterruptedAfterOutputs()
    except KeyboardInterrupt:  # also one the run raised itself (``InterruptedAfterOutputs``): the process is on its way out
        interrupted = True
        ignore_from_now()
        # CPython marks a KeyboardInterrupt raised inside code that exec() runs (a dataclass being made by a lazy
        # import, say) as unhandled even when it is caught, and ``python -m align`` then killed itself with SIGINT
        # at exit instead of exiting 130. The next exec() clears the mark.
        exec("")
        raise
    finally:
        if not interrupted:
            for number, handler in previous.items():
                signal.signal(number, handler)


_USAGE_ERRORS = tuple(kind for kind in typer.BadParameter.__mro__ if kind.__name__ == "ClickException")
"""Click's errors, of the click typer uses (its own copy since typer 0.26)."""


@contextlib.contextmanager
def _escaped_usage_errors() -> Iterator[None]:
    """A usage error (an unknown option, a bad value) as one ``error:`` line and exit 2, as every other error, with what
    was typed escaped: click printed the usage and a box of five lines around the message."""
    try:
        yield
    except _USAGE_ERRORS as error:
        if not hasattr(error, "ctx") or not error.format_message():  # a command's own error, or its help for no arguments: as click shows them
            error.message = views.terminal.safe(error.message)
            raise
        where = error.ctx.command_path if error.ctx is not None else "align"
        raise fail(f"{views.terminal.safe(error.format_message())} (see `{where} --help`)", error.exit_code) from None


app = typer.Typer(
    cls=_EscapedUsageErrors,
    help="Detect, translate, align and check names in machine-translated news (ru, en, id), offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@cache
def console(stderr: bool = False) -> "Console":
    """The rich console for stdout (or stderr), made on first use: ``--json`` output never loads rich."""
    from rich.console import Console

    return Console(stderr=stderr)


def errors() -> "Console":
    return console(stderr=True)


DEFAULTS = RunConfig()
(_, MAX_BEAM), (_, MAX_THREADS) = MT_LIMITS["beam_size"], MT_LIMITS["threads"]
COMPUTE_TYPES = ("default", "auto", "float32", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16")


def say(level: str, message: str) -> None:
    """One ``warning:``/``note:``/``error:`` line on stderr, user text shown as it is."""
    style = {"error": "bold red", "warning": "yellow", "note": "cyan"}[level]
    errors().print(views.terminal.message(level, message, style), highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error to stderr and return the exit to raise."""
    say("error", message)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        console().print(f"align {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = None,
) -> None:
    """align: offline review of machine-translated news in Russian, English and Indonesian."""
    gc.set_threshold(pipeline.COLLECTOR_THRESHOLD)
    # At exit the interpreter's last collection would walk them all once more (45 ms after `align align` on 2,000
    # lines) to free what the end of the process frees anyway: frozen, they are left out of it.
    atexit.register(gc.freeze)


def fails(findings, level: Optional[str]) -> bool:
    """Whether ``--fail-on level`` should make the command exit 1."""
    return level is not None and any(f.severity == "error" or level == "warning" for f in findings)


def _config(glossary: Optional[list[Path]] = None, **settings) -> RunConfig:
    return RunConfig(glossaries=tuple(glossary) if glossary else None, **settings)


def _settings(start: Path, config_file: Optional[Path], glossary: Optional[list[Path]], base: RunConfig = DEFAULTS, uses_glossaries: bool = True, **options):
    """The settings a command runs with: its options (None when not given) over align.toml over the defaults."""
    command_line = {"glossaries": glossary or None} | {name.replace("_", "-"): value for name, value in options.items()}
    return pipeline.load_settings(start, config_file, command_line, base, uses_glossaries)


ORIGINAL_HELP = "The language the originals are in, for pairs of files and bilingual files (default: the non-English side); XLIFF, PO and TMX say it themselves."
SELECT_HELP = "Finding kinds to report, comma-separated (default: all, or align.toml's select)."
IGNORE_HELP = "Finding kinds never to report, comma-separated."
CONFIG_HELP = "Settings file to use instead of the align.toml found in the folder or its parents."
MT_HELP = "Translate (the default) or not; align.toml's mt = false turns it off."


def _print_jsonl(records) -> None:
    sys.stdout.write(views.records.jsonl(records))


LANGS_HELP = "Languages to detect, comma-separated."
EXTRACT_HELP = "Web pages: main (the article, menus and boilerplate removed) or all (every visible block)."


def _extract(value: str) -> str:
    if value not in ("main", "all"):
        raise fail(f"--extract: {value!r}; use main or all")
    return value

DEFAULT_LANGS = ",".join(DEFAULTS.langs)


@app.command()
def run(
    folder: Annotated[Path, typer.Argument(help="Folder of documents: text, web pages, Word, XLIFF, PO, TMX, subtitles.", readable=False)],
    out: Annotated[Path, typer.Option("--out", help="Where to write the outputs.", readable=False)] = Path("output"),
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="Glossary YAML file or folder (repeatable; default glossaries/).", readable=False)] = None,
    langs: Annotated[Optional[str], typer.Option("--langs", help=f"{LANGS_HELP} [default: {DEFAULT_LANGS}]")] = None,
    mt: Annotated[Optional[bool], typer.Option("--mt/--no-mt", help=MT_HELP, show_default=False)] = None,
    max_size: Annotated[int, typer.Option("--max-size", min=1, help="Largest file to read, in bytes.")] = DEFAULTS.max_bytes,
    follow_links: Annotated[bool, typer.Option("--follow-links", help="Also read documents behind symbolic links that lead out of FOLDER.")] = False,
    extract: Annotated[str, typer.Option("--extract", help=EXTRACT_HELP)] = DEFAULTS.extract,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="Exit 1 when a finding of this severity (error|warning) exists.")] = None,
    select: Annotated[Optional[str], typer.Option("--select", help=SELECT_HELP)] = None,
    ignore: Annotated[Optional[str], typer.Option("--ignore", help=IGNORE_HELP)] = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", help=CONFIG_HELP, readable=False)] = None,
    only_flagged: Annotated[bool, typer.Option("--only-flagged", help="Show only beads and segments with findings.")] = False,
    doc: Annotated[Optional[str], typer.Option("--doc", help="Show only this document (its name, as in output/).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="Show only the summary table, not the side-by-side view.")] = False,
    pager: Annotated[bool, typer.Option("--pager/--no-pager", help="Page long views on a terminal.")] = True,
    jobs: Annotated[Optional[int], typer.Option("-j", "--jobs", help="Worker processes for reading, aligning and checking (default: one per core; 1: all in this process).", show_default=False)] = None,
    engine: Annotated[str, typer.Option("--engine", help="local (this machine) or ray (a Ray cluster; needs the ray extra: pip install 'align\\[ray]').")] = DEFAULTS.engine,
    address: Annotated[Optional[str], typer.Option("--address", help="With --engine ray: the cluster to join (ray start --head prints it); default: a local one.")] = None,
    reuse: Annotated[bool, typer.Option("--reuse/--no-reuse", help="Take what an earlier run computed for unchanged files, glossary and settings.")] = DEFAULTS.reuse,
    original: Annotated[Optional[str], typer.Option("--original", help=ORIGINAL_HELP)] = None,
) -> None:
    """Run every stage over FOLDER, write the outputs to --out and show the side-by-side review."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    try:
        base = RunConfig(max_bytes=max_size, follow_links=follow_links, extract=_extract(extract), jobs=0 if jobs is None else jobs, engine=engine, address=address, reuse=reuse)
        config = _settings(folder, config_file, glossary, base, select=select, ignore=ignore, langs=langs, fail_on=fail_on, mt=mt, original=original).config
    except AlignError as error:
        raise fail(str(error)) from None
    level = config.fail_on
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn())
    with Progress(*columns, console=errors(), transient=True, disable=not errors().is_terminal) as bar:  # bars stopping off a terminal left an empty line
        tasks: dict[str, tuple[int, float]] = {}

        def progress(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = (bar.add_task(step, total=total, rate=""), time.perf_counter())
            task, began = tasks[step]
            seconds = time.perf_counter() - began
            bar.update(task, completed=done, total=total, rate=f"{done / seconds:,.0f}/s" if seconds > 0.5 else "")

        try:
            with _interrupted_once():
                result = pipeline.run(folder, config, progress, out=out)
        except AlignError as error:
            raise fail(str(error)) from None
        except KeyboardInterrupt as interruption:
            if isinstance(interruption, InterruptedAfterOutputs) or isinstance(interruption.__context__, InterruptedAfterOutputs):
                raise fail(f"interrupted as the outputs were put in place: {out}/ holds this run's outputs, complete", 130) from None
            raise fail(f"interrupted; the workers are stopped and {out}/ keeps the outputs of the previous run", 130) from None
    unread = set(result.unread)  # 10,000 files' errors are looked up here
    for line in result.skipped + result.errors:
        say("error" if line in unread else "warning", line)
    for note in result.notes:
        say("note", note)
    if result.reused:
        say("note", f"reused what an earlier run computed for {result.reused} unchanged file(s) (--no-reuse: all afresh)")
    shown = result.views or views.records.build_views(result)
    if doc is not None and doc not in {v.name for v in shown}:
        raise fail(f"--doc {doc}: no such document in this run")
    if quiet:
        console().print(views.terminal.summary_table(shown, result.seconds, result.dismissed))
    else:
        views.terminal.show(shown, console(), only_flagged=only_flagged, pager=pager, seconds=result.seconds, dismissed=result.dismissed, doc=doc)
    console().print(views.terminal.plain(f"outputs written to {out}/ (open {out}/index.html)"))
    if result.unread:  # bad input: exit 2, as when nothing could be read, though the others' outputs are written
        say("note", f"{len(result.unread)} file(s) could not be read (the errors above); the outputs hold the others")
        raise typer.Exit(2)
    if fails(result.findings, level):
        raise typer.Exit(1)


@app.command()
def detect(
    file: Annotated[Path, typer.Argument(help="Text file to analyse.", readable=False)],
    lines: Annotated[bool, typer.Option("--lines", help="Every line is one segment (no sentence splitting).")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="JSON Lines on stdout, one object per segment.")] = False,
    langs: Annotated[Optional[str], typer.Option("--langs", help=f"{LANGS_HELP} [default: align.toml's, else {DEFAULT_LANGS}]")] = None,
    extract: Annotated[str, typer.Option("--extract", help=EXTRACT_HELP)] = DEFAULTS.extract,
    config_file: Annotated[Optional[Path], typer.Option("--config", help=CONFIG_HELP, readable=False)] = None,
) -> None:
    """Detect the language of every segment of FILE, with inline spans in other languages."""
    try:
        config = _settings(file, config_file, None, _config(lines=lines, extract=_extract(extract)), uses_glossaries=False, langs=langs).config
        doc = pipeline.detect_file(file, config, log=say)
    except AlignError as error:
        raise fail(str(error)) from None
    if json_out:
        _print_jsonl(views.records.detect_record(doc, s) for s in doc.segments)
        return
    console().print(views.terminal.detect_table(str(file), doc))


@app.command()
def translate(
    file: Annotated[Path, typer.Argument(help="Text file to translate.", readable=False)],
    source: Annotated[str, typer.Option("--from", help="Source language: ru, id, en or auto (detect per segment).")] = "auto",
    target: Annotated[str, typer.Option("--to", help="Target language.")] = "en",
    json_out: Annotated[bool, typer.Option("--json", help="JSON Lines on stdout, one object per segment.")] = False,
    lines: Annotated[bool, typer.Option("--lines", help="Every line is one segment.")] = False,
    beam_size: Annotated[int, typer.Option("--beam-size", help=f"CTranslate2 beam size (1 to {MAX_BEAM}).")] = MTConfig.beam_size,
    threads: Annotated[int, typer.Option("--threads", help=f"CTranslate2 threads (0 = all cores, up to {MAX_THREADS}).")] = MTConfig.threads,
    compute_type: Annotated[str, typer.Option("--compute-type", help="CTranslate2 compute type: default (the model's own), float32 (the same result on every CPU), int8, ...")] = MTConfig.compute_type,
) -> None:
    """Translate FILE segment by segment with the installed offline models."""
    if not 1 <= beam_size <= MAX_BEAM:
        raise fail(f"--beam-size must be 1 to {MAX_BEAM}, not {beam_size}")
    if not 0 <= threads <= MAX_THREADS:
        raise fail(f"--threads must be 0 (all cores) to {MAX_THREADS}, not {threads}")
    if compute_type not in COMPUTE_TYPES:
        raise fail(f"--compute-type: unknown {compute_type!r}; use one of {', '.join(COMPUTE_TYPES)}")
    config = _config(lines=lines, mt=MTConfig(beam_size=beam_size, threads=threads, compute_type=compute_type))
    try:
        doc = pipeline.translate_file(file, config, source=source, target=target, log=say)
    except AlignError as error:
        raise fail(str(error)) from None
    if json_out:
        _print_jsonl(views.records.translate_record(s) for s in doc.segments)
    else:
        console().print(views.terminal.translate_table(str(file), doc))
    left = sum(1 for s in doc.segments if s.lang in LANGUAGES and s.lang != target and s.translation is None and s.text.strip())
    if left:  # no model for a language, or a broken one: the notes above say which
        say("error", f"{file}: {left} segment(s) left untranslated")
        raise typer.Exit(1)


models_app = typer.Typer(help="List, install and remove offline translation models (under ALIGN_HOME/models).", no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list() -> None:
    """Show the installed translation models."""
    found, folder = pipeline.models()
    if not found:
        console().print(views.terminal.plain(f"no models installed in {folder}; install one with: align models install PATH.argosmodel"))
        return
    rows = [(f"{m.source}→{m.target}", m.path.name, m.version, "broken" if m.problem else f"{m.size / 1e6:.1f} MB") for m in found]
    console().print(views.terminal.models_table(f"models in {folder}", rows))
    for model in found:
        if model.problem:
            say("warning", str(model.broken()))


@models_app.command("install")
def models_install(
    what: Annotated[list[str], typer.Argument(help="PATH.argosmodel, or FROM TO (e.g. ru en) to download from the argos index.")],
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for the argos index.")] = 20.0,
) -> None:
    """Install a model from a local .argosmodel file (offline), or download FROM TO when asked."""
    if len(what) not in (1, 2):
        raise fail("give one PATH.argosmodel, or two language codes such as: ru en")
    try:
        model = pipeline.install_model(what, timeout=timeout)
    except AlignError as error:
        raise fail(str(error)) from None
    console().print(views.terminal.plain(f"installed {model.source}→{model.target} ({model.path.name}) in {model.path.parent}"))


@models_app.command("remove")
def models_remove(
    source: Annotated[str, typer.Argument(help="Source language code.")],
    target: Annotated[str, typer.Argument(help="Target language code.")],
) -> None:
    """Remove the installed FROM→TO model."""
    try:
        removed = pipeline.remove_model(source, target)
    except AlignError as error:
        raise fail(str(error)) from None
    for model in removed:
        console().print(views.terminal.plain(f"removed {model.path.name}"))


@app.command("align")
def align_command(
    src: Annotated[Path, typer.Argument(help="Source file (or one bilingual file).", readable=False)],
    tgt: Annotated[Optional[Path], typer.Argument(help="Target file; leave out to split SRC at its language boundary.", readable=False)] = None,
    lines: Annotated[bool, typer.Option("--lines", help="Every non-empty line is one sentence.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="JSON Lines on stdout, one bead per line.")] = False,
    tsv: Annotated[Optional[Path], typer.Option("--tsv", help="Also write the beads as TSV to this file.", readable=False)] = None,
    tmx: Annotated[Optional[Path], typer.Option("--tmx", help="Also write a TMX 1.4 file for CAT tools.", readable=False)] = None,
    mt: Annotated[Optional[bool], typer.Option("--mt/--no-mt", help=MT_HELP, show_default=False)] = None,
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="Glossary whose names anchor the alignment (repeatable; default glossaries/).", readable=False)] = None,
    max_bead: Annotated[int, typer.Option("--max-bead", min=2, max=MAX_BEAD, help=f"Most sentences in one link, both sides together (2 to {MAX_BEAD}): 3 allows 2-1 and 1-2, 4 adds 3-1, 1-3 and 2-2.")] = DEFAULTS.aligner.max_bead,
    original: Annotated[Optional[str], typer.Option("--original", help=ORIGINAL_HELP)] = None,
    langs: Annotated[Optional[str], typer.Option("--langs", help=LANGS_HELP)] = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", help=CONFIG_HELP, readable=False)] = None,
) -> None:
    """Align SRC and TGT sentence by sentence (1-1, 2-1, 1-2, 3-1, 1-3, 2-2, 1-0, 0-1), or the two halves of a bilingual SRC."""
    try:
        settings = _settings(src, config_file, glossary, mt=mt, langs=langs, original=original)  # align.toml's, as align run reads it
        config = replace(settings.config, lines=lines, aligner=replace(settings.config.aligner, max_bead=max_bead))
        alignment = pipeline.align_files(src, tgt, config, log=say)
        for warning in alignment.warnings:
            say("warning", warning)
        pipeline.export_alignment(alignment, tsv=tsv, tmx=tmx, inputs=[src, *([tgt] if tgt else []), *pipeline.files_read(config, settings.file)])
    except AlignError as error:
        raise fail(str(error)) from None
    if json_out:
        _print_jsonl(views.records.bead_records(alignment))
        return
    if tgt is not None or alignment.pairing == "units":  # XLIFF/PO/TMX: 'news.xlf#target'
        title = f"{src} ↔ {tgt or alignment.tgt_doc}"
    else:  # a bilingual file: its two languages
        title = f"{src}: {LANGUAGE_NAMES.get(alignment.src_lang, alignment.src_lang)} ↔ {LANGUAGE_NAMES.get(alignment.tgt_lang, alignment.tgt_lang)}"
    console().print(views.terminal.alignment_table(title, alignment))


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Files to check: translations into English or Indonesian, or Russian ones.", readable=False)],
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="Glossary file or folder (repeatable; default glossaries/).", readable=False)] = None,
    source: Annotated[Optional[Path], typer.Option("--source", help="The original of a single FILE: align first, check against it.", readable=False)] = None,
    json_out: Annotated[bool, typer.Option("--json", help="JSON Lines on stdout, one finding per line.")] = False,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="Exit 1 if a finding of this severity (error|warning) exists.")] = None,
    mt: Annotated[Optional[bool], typer.Option("--mt/--no-mt", help="With --source: align with machine translation (the default) or without.", show_default=False)] = None,
    select: Annotated[Optional[str], typer.Option("--select", help=SELECT_HELP)] = None,
    ignore: Annotated[Optional[str], typer.Option("--ignore", help=IGNORE_HELP)] = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", help=CONFIG_HELP, readable=False)] = None,
    xlsx: Annotated[Optional[Path], typer.Option("--xlsx", help="Also write the QA workbook (one row per finding, verdict and note columns) to this file.", readable=False)] = None,
    langs: Annotated[Optional[str], typer.Option("--langs", help=LANGS_HELP)] = None,
    original: Annotated[Optional[str], typer.Option("--original", help=ORIGINAL_HELP)] = None,
) -> None:
    """Flag mistranslated names in FILES against the glossaries."""
    try:
        settings = _settings(files[0], config_file, glossary, select=select, ignore=ignore, fail_on=fail_on, mt=mt, langs=langs, original=original)
        config = settings.config
        level = config.fail_on
        result = pipeline.check_result(files, config, source, log=say)
        if xlsx is not None:
            pipeline.write_workbook(result, xlsx, inputs=[*files, *([source] if source else []), *pipeline.files_read(config, settings.file)])
    except AlignError as error:
        raise fail(str(error)) from None
    findings = result.findings
    if json_out:
        _print_jsonl(views.records.check_record(f) for f in findings)
    else:
        console().print(views.terminal.FindingsView(findings))
    if result.dismissed:  # as align run says it: a finding that vanished was silenced, not fixed
        say("note", f"{result.dismissed} dismissed finding(s) not shown (.align-dismissed.yaml next to the glossaries)")
    if fails(findings, level):
        raise typer.Exit(1)


@app.command()
def fix(
    files: Annotated[list[Path], typer.Argument(help="Files to fix, as align check checks them.", readable=False)],
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="Glossary file or folder (repeatable; default glossaries/).", readable=False)] = None,
    source: Annotated[Optional[Path], typer.Option("--source", help="The original of a single FILE, as for align check.", readable=False)] = None,
    kinds: Annotated[Optional[str], typer.Option("--kinds", help="Kinds to fix, comma-separated (default: known-wrong, case-ending, transliteration, capitalisation).")] = None,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff of the fixes and write nothing (the default).")] = False,
    write: Annotated[bool, typer.Option("--write", help="Write the fixes into the files.")] = False,
    unsafe: Annotated[bool, typer.Option("--unsafe", help="Also fix near-misses (guesses: 'Ernest' may be someone else).")] = False,
    mt: Annotated[Optional[bool], typer.Option("--mt/--no-mt", help="With --source: align with machine translation (the default) or without.", show_default=False)] = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", help=CONFIG_HELP, readable=False)] = None,
    langs: Annotated[Optional[str], typer.Option("--langs", help=LANGS_HELP)] = None,
    original: Annotated[Optional[str], typer.Option("--original", help=ORIGINAL_HELP)] = None,
) -> None:
    """Replace flagged names with the glossary's: a unified diff by default, the files rewritten with --write.

    Exit 0 when nothing is left to fix, 1 when there are fixes not written (as ruff --fix --diff)."""
    if diff and write:
        raise fail("--diff and --write exclude each other")
    try:
        config = _settings(files[0], config_file, glossary, mt=mt, langs=langs, original=original).config
        plans = pipeline.fix_files(files, config, source, kinds, unsafe, log=say)
        if write:
            pipeline.write_fixes(plans)
    except AlignError as error:
        raise fail(str(error)) from None
    root = pipeline.diff_root(plans)
    for plan in plans:
        for line in plan.skipped:
            say("warning", line)
        if plan.in_sources:
            say("note", f"{plan.path}: {plan.in_sources} flagged name(s) in source texts left as they are (align fix changes translations only)")
        if not write:
            if sys.stdout.isatty():
                sys.stdout.write(_shown_diff(plan.diff(root)))
            else:  # for patch: the file's bytes
                sys.stdout.flush()
                sys.stdout.buffer.write(plan.diff_bytes(root))
                sys.stdout.buffer.flush()
    if not write and root != Path.cwd() and any(plan.edits for plan in plans):
        say("note", f"the diff's paths are from {root}: apply it there (cd {root} && git apply, or patch -p1)")
    edits = sum(len(plan.edits) for plan in plans)
    files_changed = sum(bool(plan.edits) for plan in plans)
    by_hand = sum(len(plan.skipped) for plan in plans)  # each warned about above: left for the user
    if write:
        say("note", f"fixed {edits} name(s) in {files_changed} file(s)")
    elif edits:
        say("note", f"{edits} fix(es) in {files_changed} file(s); run with --write to apply them")
    if (edits and not write) or by_hand:
        raise typer.Exit(1)


def _shown_diff(diff: str) -> str:
    """A diff as a terminal may show it: control and bidirectional characters of the file's text and name escaped
    ('\\x1b'), line ends kept. Written to a file or a pipe, for ``patch``, it stays byte for byte the file's."""
    lines = re.findall(r"[^\n]*\n|[^\n]+$", diff)
    return "".join(views.terminal.safe(line.rstrip("\r\n")) + line[len(line.rstrip("\r\n")) :] for line in lines)


@app.command("config")
def config_command(
    folder: Annotated[Path, typer.Argument(help="The folder (or file) whose settings to show.", readable=False)] = Path("."),
    config_file: Annotated[Optional[Path], typer.Option("--config", help=CONFIG_HELP, readable=False)] = None,
    select: Annotated[Optional[str], typer.Option("--select", help=SELECT_HELP)] = None,
    ignore: Annotated[Optional[str], typer.Option("--ignore", help=IGNORE_HELP)] = None,
    langs: Annotated[Optional[str], typer.Option("--langs", help=LANGS_HELP)] = None,
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="Glossary file or folder (repeatable).", readable=False)] = None,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="error or warning.")] = None,
    mt: Annotated[Optional[bool], typer.Option("--mt/--no-mt", help=MT_HELP, show_default=False)] = None,
    original: Annotated[Optional[str], typer.Option("--original", help=ORIGINAL_HELP)] = None,
) -> None:
    """Show the settings in effect for FOLDER and where each came from (default, align.toml, command line)."""
    try:
        settings = _settings(folder, config_file, glossary, select=select, ignore=ignore, langs=langs, fail_on=fail_on, mt=mt, original=original)
    except AlignError as error:
        raise fail(str(error)) from None
    for line in pipeline.describe_settings(settings):
        console().print(views.terminal.plain(line), soft_wrap=True)


glossary_app = typer.Typer(help="Validate glossaries, mine suggestions for them, import and export termbases.", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("validate")
def glossary_validate(files: Annotated[list[Path], typer.Argument(help="Glossary YAML files or folders.", readable=False)]) -> None:
    """Check glossary files; print file:line: message for every problem and exit 2 if there is one (a name that only
    CSV, TSV and XLSX exports refuse is a warning)."""
    report = pipeline.validate_glossaries(files)
    for problem in report.problems:
        say("error", problem)
    for warning in report.warnings:
        say("warning", warning)
    for path, count in report.counts:
        console().print(views.terminal.plain(f"{path}: {count} terms"))
    if report.problems:
        raise typer.Exit(2)


@glossary_app.command("suggest")
def glossary_suggest(
    pairs: Annotated[Path, typer.Option("--pairs", help="Folder of aligned documents (bilingual files or translated pairs).", readable=False)],
    out: Annotated[Path, typer.Option("--out", help="Where to write the suggestions (never your glossary).", readable=False)] = Path("output/glossary-suggestions.yaml"),
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="Known glossaries: their names are not suggested again.", readable=False)] = None,
) -> None:
    """Propose glossary entries from aligned pairs: a Russian name and what the translation made of it."""
    try:
        suggestions = pipeline.suggest(pairs, _settings(pairs, None, glossary).config, out=out)
    except AlignError as error:
        raise fail(str(error)) from None
    console().print(views.terminal.plain(f"{len(suggestions)} suggestions written to {out}"))


@glossary_app.command("import")
def glossary_import(
    termbase: Annotated[Path, typer.Argument(help="TBX (v2 or v3), CSV, TSV or XLSX termbase.", readable=False)],
    out: Annotated[Optional[Path], typer.Option("--out", help="The new glossary file, or a folder for <name>.yaml (default glossaries/<name>.yaml).", readable=False)] = None,
) -> None:
    """Turn a termbase into a new YAML glossary (never over an existing file)."""
    try:
        imported = pipeline.import_glossary(termbase, out)
    except AlignError as error:
        raise fail(str(error)) from None
    for note in imported.notes:
        say("note", note)
    console().print(views.terminal.plain(f"{imported.terms} term(s) written to {imported.path}"))


@glossary_app.command("export")
def glossary_export(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Glossary files or folders (default glossaries/).", readable=False)] = None,
    out: Annotated[Path, typer.Option("--out", help="The new file to write (never over an existing one).", readable=False)] = ...,
    fmt: Annotated[Optional[str], typer.Option("--format", help="tbx (TBX-Basic), csv, tsv or xlsx; default from the --out extension.")] = None,
) -> None:
    """Write glossaries as a termbase for CAT tools and spreadsheets."""
    try:
        count = pipeline.export_glossary(out, _settings(Path("."), None, paths).config, fmt)
    except AlignError as error:
        raise fail(str(error)) from None
    console().print(views.terminal.plain(f"{count} term(s) written to {out}"))


@app.command()
def dismiss(
    ids: Annotated[Optional[list[str]], typer.Argument(help="Finding ids (the id column of findings.jsonl or the review).")] = None,
    out: Annotated[Path, typer.Option("--out", help="The output folder of the run the findings come from.", readable=False)] = Path("output"),
    glossary: Annotated[Optional[list[Path]], typer.Option("--glossary", help="Glossary folder the dismissals file sits in (default glossaries/).", readable=False)] = None,
    note: Annotated[str, typer.Option("--note", help="Why it is fine, for the record.")] = "",
    reviewed: Annotated[Optional[Path], typer.Option("--from", help="A QA workbook (.xlsx): dismiss its rows marked false positive, with their notes.", readable=False)] = None,
    findings: Annotated[Optional[list[Path]], typer.Option("--findings", help="Findings as `align check --json` prints them (JSON Lines), instead of --out's.", readable=False)] = None,
    config_file: Annotated[Optional[Path], typer.Option("--config", help="Settings file to use instead of the align.toml found in this folder or its parents.", readable=False)] = None,
) -> None:
    """Silence reviewed findings in later runs (recorded in .align-dismissed.yaml next to the glossaries: those
    given, else those of the align.toml the run of --out found, from its documents' folder up, or this folder's)."""
    if ids and reviewed is not None:
        raise fail("give finding ids or --from WORKBOOK.xlsx, not both")
    if not ids and reviewed is None:  # --findings says where the ids are found, not which
        raise fail("give the ids of the findings to dismiss (the id column of findings.jsonl, `align check --json` or the review), or --from WORKBOOK.xlsx")
    try:
        config = _settings(pipeline.documents_folder(out) or Path("."), config_file, glossary).config
        if reviewed is not None:
            path, added, warnings = pipeline.dismiss_reviewed(reviewed, config, note)
            for warning in warnings:
                say("warning", warning)
        else:
            recorded = pipeline.run_dismissals(out, log=say) if glossary is None and config_file is None and not findings else None
            path, added = pipeline.dismiss(ids, out, config, note, findings or (), dismissals=recorded)
    except AlignError as error:
        raise fail(str(error)) from None
    console().print(views.terminal.plain(f"dismissed {added} finding(s) in {path}"))


@app.command()
def review(
    out: Annotated[Path, typer.Argument(help="Output folder of an earlier run.", readable=False)] = Path("output"),
    only_flagged: Annotated[bool, typer.Option("--only-flagged", help="Show only beads and segments with findings.")] = False,
    doc: Annotated[Optional[str], typer.Option("--doc", help="Show only this document.")] = None,
    pager: Annotated[bool, typer.Option("--pager/--no-pager", help="Page long views on a terminal.")] = True,
) -> None:
    """Show the side-by-side view of an earlier run again, from its outputs, without recomputing."""
    try:
        shown = views.records.load_views(out)
    except AlignError as error:
        raise fail(str(error)) from None
    if doc is not None and doc not in {v.name for v in shown}:
        raise fail(f"--doc {doc}: no such document in {out}/summary.json")
    views.terminal.show(shown, console(), only_flagged=only_flagged, pager=pager, doc=doc)


if __name__ == "__main__":
    app()
