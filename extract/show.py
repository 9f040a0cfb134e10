"""One record, readable in a terminal: the text with entities coloured, then a table per type."""

from __future__ import annotations

from typing import Iterable, Optional, Sequence

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .records import Record

# Highlight style per item type, shared by the legend, the text and the table titles.
STYLES = {
    "organisations": "bold cyan",
    "persons": "bold magenta",
    "locations": "bold green",
    "policy_terms": "bold yellow",
    "figures": "bold blue",
    "dates": "bold red",
    "repairs": "underline",
    "unrecoverable": "reverse red",
}
TITLES = {
    "organisations": "Organisations",
    "persons": "Persons",
    "locations": "Locations",
    "policy_terms": "Policy terms",
    "figures": "Figures",
    "dates": "Dates",
    "repairs": "Repairs",
    "unrecoverable": "Unrecoverable spans",
}


def render(record: Record, console: Optional[Console] = None, *, show_text: bool = True) -> None:
    """Prints `record` to `console` (stdout by default)."""
    console = console or Console()
    console.print(_header(record))
    if record.errors:
        console.print(_table("Errors", "bold red", ["stage", "message"],
                             [[e.stage, e.message] for e in record.errors]))
    if record.text is None:  # nothing was read: the errors say why
        return
    if show_text:
        console.print(Panel(highlighted_text(record), title="Normalized text", title_align="left"))
        console.print(_legend())
    for table in _tables(record):
        console.print(table)


def _header(record: Record) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    src = record.source
    ref = record.reference_date
    rows = [
        ("article", record.article_id),
        ("status", Text(record.status, style="green" if record.status == "ok" else "bold red")),
        ("source", src.path or "(in-memory text)"),
        ("encoding / script", f"{src.encoding or '-'} / {src.script or '-'}"),
        ("reference date", f"{ref.value or '-'}" + (" (inferred)" if ref.inferred else "")),
    ]
    rows += [(name, value) for name, value in (("title", src.title), ("url", src.url)) if value]
    for name, value in rows:
        grid.add_row(name, value)
    return grid


def highlighted_text(record: Record) -> Text:
    """The normalized text with every mention styled by its type (later types win overlaps)."""
    text = Text(record.text.normalized if record.text else "")
    for field, spans in _spans_by_type(record):
        for start, end in spans:
            text.stylize(STYLES[field], start, end)
    return text


def _spans_by_type(record: Record) -> Iterable[tuple[str, list[tuple[int, int]]]]:
    yield "repairs", [tuple(r.normalized_span) for r in record.repairs]
    for field in ("locations", "organisations", "persons", "policy_terms"):
        yield field, [tuple(m.span) for item in getattr(record, field) for m in item.mentions]
    yield "figures", [tuple(f.span) for f in record.figures]
    yield "dates", [tuple(d.span) for d in record.dates]
    yield "unrecoverable", [tuple(u.normalized_span) for u in record.unrecoverable]


def _legend() -> Text:
    legend = Text("legend: ")
    for field, style in STYLES.items():
        legend.append(TITLES[field], style=style)
        legend.append("  ")
    return legend


def _tables(record: Record) -> Iterable[Table]:
    yield _table(TITLES["organisations"], STYLES["organisations"], ["name", "type", "aliases", "mentions"],
                 [[o.name, o.type, "、".join(o.aliases), str(len(o.mentions))] for o in record.organisations])
    yield _table(TITLES["persons"], STYLES["persons"], ["name", "title", "organisation", "mentions"],
                 [[p.name, p.title or "", p.organisation or "", str(len(p.mentions))] for p in record.persons])
    yield _table(TITLES["locations"], STYLES["locations"], ["name", "parent", "aliases", "mentions"],
                 [[loc.name, loc.parent or "", "、".join(loc.aliases), str(len(loc.mentions))]
                  for loc in record.locations])
    yield _table(TITLES["policy_terms"], STYLES["policy_terms"], ["term", "kind", "definition", "mentions"],
                 [[t.term, t.kind, t.definition or "", str(len(t.mentions))] for t in record.policy_terms])
    yield _table(TITLES["figures"], STYLES["figures"], ["text", "value", "unit", "approx", "measure"],
                 [[f.text, _number(f.value, f.value_max), f.unit, f.approx, f.measure or ""]
                  for f in record.figures])
    yield _table(TITLES["dates"], STYLES["dates"], ["text", "start", "end", "granularity", "notes"],
                 [[d.text, str(d.start or ""), str(d.end or ""), d.granularity, _date_notes(d)]
                  for d in record.dates])
    yield _table(TITLES["repairs"], "bold", ["kind", "before", "after", "confidence", "original span"],
                 [[r.kind, r.before, r.after, f"{r.confidence:.2f}", _span(r.original_span)]
                  for r in record.repairs])
    yield _table(TITLES["unrecoverable"], "bold red", ["context", "note", "original span"],
                 [[u.context, u.note, _span(u.original_span)] for u in record.unrecoverable])


def _table(title: str, style: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    table = Table(title=f"{title} ({len(rows)})", title_style=style, title_justify="left",
                  show_edge=False, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def _number(value, value_max) -> str:
    low = f"{value:,}"
    return f"{low} – {value_max:,}" if value_max is not None else low


def _date_notes(date) -> str:
    notes = [flag for flag in ("vague", "relative", "inferred") if getattr(date, flag)]
    return ", ".join(notes)


def _span(span) -> str:
    return f"[{span[0]}, {span[1]})"
