"""`extract report`: one self-contained, offline HTML page to read and review a batch of records.

    extract report out.jsonl -o report.html
    extract report big.jsonl -o sample.html --sample 500

The page shows a corpus summary, then each article's text with its entities highlighted by
type, its repaired and unrecoverable spans, and tables of its items. Reviewers mark items
right, acceptable or wrong, add missing ones, and export a gold file for `extract eval`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .page import build_page, compact_article, embed_json, write_report

__all__ = ["build_page", "compact_article", "embed_json", "report_command", "write_report"]


def report_command(
    records: Path = typer.Argument(..., help="records: .jsonl (one per line) or .json", exists=True, dir_okay=False),
    output: Path = typer.Option("report.html", "-o", "--output", help="the HTML file to write"),
    sample: Optional[int] = typer.Option(
        None, "--sample", min=1, help="embed N randomly chosen articles (the summary still covers all)"
    ),
) -> None:
    """Write a self-contained HTML review page for a batch of records (works offline).

    Examples:

      extract report out.jsonl -o report.html

      extract report big.jsonl -o sample.html --sample 500
    """
    try:
        summary = write_report(records, output, sample=sample)
    except (OSError, ValueError) as error:  # orjson.JSONDecodeError is a ValueError
        typer.echo(f"error: {records}: {error}", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(f"wrote {output}: {summary['articles']} article(s), {summary['failures']} failure(s)")
