"""The `extract` command line: run a batch, show or normalize one article, eval, report.

Kept light at import time (no spaCy, jieba or Dask) so that `extract --help` is instant;
each command imports what it needs when it runs.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__

app = typer.Typer(
    name="extract",
    help=(
        "Extract validated records (figures, dates, organisations, persons, locations, "
        "policy terms) from Chinese local-government and economic news.\n\n"
        "Examples:\n\n"
        "  extract run corpus/ -o out.jsonl\n\n"
        "  extract show corpus/000_0f9117bebd0753fc.txt\n\n"
        "  extract normalize article.txt --json"
    ),
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"


class EngineName(str, Enum):
    local = "local"
    dask = "dask"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"extract {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Chinese news information extraction."""


def _date_option(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from None


# -- run -----------------------------------------------------------------------------------


@app.command(
    "run",
    epilog=(
        "Examples:\n\n"
        "  extract run corpus/ -o out.jsonl                    (all articles under corpus/)\n\n"
        "  extract run 'news/2025-*.txt' dump.jsonl -o out.jsonl --workers 4\n\n"
        "  extract run corpus/ -o out.jsonl --reference-date 2025-02-12\n\n"
        "  extract run corpus/ -o out.json --format json\n\n"
        "  extract run corpus/ -o out.jsonl --engine dask --scheduler tcp://10.0.0.5:8786\n\n"
        "Rerunning the same command resumes: articles already in the output are skipped."
    ),
)
def run_command(
    paths: List[str] = typer.Argument(..., help="Article files, folders (recursive), globs, .jsonl dumps."),
    output: str = typer.Option(..., "--output", "-o", help="Output file (.jsonl appended and resumable); '-' for stdout."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1,
                                          help="Worker processes (default: the number of cores)."),
    reference_date: Optional[str] = typer.Option(None, "--reference-date", metavar="YYYY-MM-DD",
                                                 help="Date that relative dates resolve against, for articles without 'published' metadata."),
    output_format: OutputFormat = typer.Option(OutputFormat.jsonl, "--format", case_sensitive=False,
                                               help="jsonl: one record per line, appended, resumable; json: one array written at the end."),
    engine: EngineName = typer.Option(EngineName.local, "--engine", case_sensitive=False,
                                      help="local: processes on this machine; dask: a Dask cluster."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                            help="Dask scheduler address (implies --engine dask); without it, dask starts a local cluster."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar on stderr."),
) -> None:
    """Process articles into one validated record each (JSON Lines by default)."""
    from .batch import InputNotFound, default_workers, run_batch

    ref = _date_option(reference_date)
    out_path = None if output == "-" else Path(output)
    bar = _RichProgress() if progress else None
    try:
        summary = run_batch(
            paths, out_path,
            workers=workers or default_workers(),
            engine=engine.value,
            scheduler=scheduler,
            reference_date=ref,
            output_format=output_format.value,
            progress=bar,
        )
    except InputNotFound as exc:
        raise typer.BadParameter(str(exc), param_hint="PATHS") from None
    except KeyboardInterrupt:
        typer.echo("interrupted: every record written so far is complete; rerun the same command to resume",
                   err=True)
        raise typer.Exit(code=130) from None
    _print_summary(summary)
    if summary.failed:
        raise typer.Exit(code=1)


class _RichProgress:
    """A rich progress bar on stderr: done/total, articles/s, elapsed and ETA."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self._bar = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} articles/s"), TimeElapsedColumn(),
            TextColumn("ETA"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False,
        )
        self._task = None

    def start(self, total: int) -> None:
        self._bar.start()
        self._task = self._bar.add_task("extract", total=total, rate="-")

    def advance(self, result) -> None:
        if self._task is None:
            return
        self._bar.advance(self._task)
        speed = self._bar.tasks[0].speed
        self._bar.update(self._task, rate=f"{speed:,.1f}" if speed else "-")

    def stop(self) -> None:
        if self._task is not None:
            self._bar.stop()


def _print_summary(summary) -> None:
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    console.print(
        f"processed {summary.processed}, skipped {summary.skipped}, failed {summary.failed} "
        f"of {summary.total} in {summary.seconds:.1f} s ({summary.rate:.1f} articles/s)"
    )
    if summary.discarded_lines:
        console.print(f"discarded {summary.discarded_lines} unreadable line(s) of the existing output "
                      "(an interrupted write); their articles were processed again")
    for message in summary.failures[:20]:
        console.print(f"  [red]failed[/red] {message}", markup=True)
    if summary.failed > 20:
        console.print(f"  … and {summary.failed - 20} more (records with status \"error\")")


# -- show / normalize -----------------------------------------------------------------------


@app.command(
    "show",
    epilog="Examples:\n\n  extract show corpus/000_0f9117bebd0753fc.txt\n\n"
           "  extract show article.txt --reference-date 2025-02-12 --no-text",
)
def show_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="One article file."),
    reference_date: Optional[str] = typer.Option(None, "--reference-date", metavar="YYYY-MM-DD",
                                                 help="Date that relative dates resolve against."),
    text: bool = typer.Option(True, "--text/--no-text", help="Print the highlighted text too."),
) -> None:
    """Show one article's extraction in the terminal: entities by type, figures, dates, repairs."""
    from .pipeline import Pipeline
    from .show import render

    record = Pipeline().process_file(file, _date_option(reference_date))
    render(record, show_text=text)
    if record.status != "ok":
        raise typer.Exit(code=1)


@app.command(
    "normalize",
    epilog="Examples:\n\n  extract normalize article.txt\n\n  extract normalize article.txt --json > normalized.json",
)
def normalize_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="One article file."),
    as_json: bool = typer.Option(False, "--json", help="Print the full result (text, offsets, repairs) as JSON."),
) -> None:
    """Repair and convert one article to Simplified Chinese and print it."""
    import orjson

    from .normalize import InputError, normalize_file

    try:
        result = normalize_file(file)
    except InputError as exc:
        typer.echo(f"error: {file}: {exc.reason}", err=True)
        raise typer.Exit(code=1) from None
    if as_json:
        sys.stdout.write(orjson.dumps(result.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        sys.stdout.write(result.text + ("" if result.text.endswith("\n") else "\n"))


# -- commands implemented elsewhere -----------------------------------------------------------

# (command name, module, function): registered when their module is present.
EXTERNAL_COMMANDS = (
    ("eval", "extract.evaluate", "eval_command"),
    ("report", "extract.report", "report_command"),
)


def _register_external() -> None:
    for name, module_name, function_name in EXTERNAL_COMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:  # the module exists but one of its imports is missing
                raise
            continue
        function = getattr(module, function_name, None)
        if function is not None:
            app.command(name)(function)


_register_external()


def main() -> None:
    """Console script entry point (`extract`)."""
    app()


if __name__ == "__main__":
    main()
