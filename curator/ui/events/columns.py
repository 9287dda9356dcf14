"""The event table's columns, declared once: each column's header, cell text, tooltip, editor
text, edit command (None: read-only) and width (:class:`EventColumn`), and the date texts the
table and the timeline share (``date_display``: "26 August  (26 August 2013)"). How each
column sorts is the event listing's (SQL: :mod:`curator.core.listing`, ``ORDER_COLUMNS`` in
:mod:`curator.ui.events.table_model`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Optional

from curator.core.records import EventRow
from curator.ui.store import commands
from curator.ui.store.row_model import ColumnSpec, TableColumn

if TYPE_CHECKING:
    from curator.ui.events.table import EventTableModel

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _day(iso: str) -> Optional[date]:
    try:
        return date.fromisoformat(iso)
    except (TypeError, ValueError):
        return None


def _day_text(iso: str) -> str:
    day = _day(iso)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else iso


def compact_interval(earliest: Optional[str], latest: Optional[str]) -> str:
    """``8 May 2014``, ``May 2014``, ``2014`` when the interval is exactly that day, month or year;
    ``2014-05-01 – 2014-05-10`` otherwise; an open end as ``… – 31 December 1899`` or
    ``1 January 1945 – open``; empty when undated."""
    if not earliest and not latest:
        return ""
    if not earliest:
        return f"… – {_day_text(latest)}"
    if not latest:
        return f"{_day_text(earliest)} – open"
    a, b = _day(earliest), _day(latest)
    if a is None or b is None:
        return earliest if earliest == latest else f"{earliest} – {latest}"
    if a == b:
        return f"{a.day} {_MONTHS[a.month - 1]} {a.year}"
    month_end = b == date.max or date.fromordinal(b.toordinal() + 1).day == 1
    if a.day == 1 and (b.year, b.month) == (a.year, a.month) and month_end:
        return f"{_MONTHS[a.month - 1]} {a.year}"
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and a.year == b.year:
        return str(a.year)
    return f"{earliest} – {latest}"


def date_display(row: EventRow) -> str:
    """What the Date cell shows: the expression as written, with the interval when it says more."""
    interval = compact_interval(row.earliest, row.latest)
    text = " ".join((row.date_text or "").split())
    if text and interval and not interval.casefold().startswith(text.casefold()):
        return f"{text}  ({interval})"  # "26 August" reads as "26 August 2013" below
    return interval or text or row.edtf


def date_tooltip(row: EventRow) -> str:
    if not row.earliest and not row.latest and not row.edtf:
        return "Undated: type a date, e.g. 8 May 2014, spring 2014, 2014-05-01/2014-05-10"
    lines = [f"EDTF: {row.edtf or '—'}"]
    if row.earliest or row.latest:
        lines.append(f"Interval: {row.earliest or 'open'} to {row.latest or 'open'} (inclusive)")
    if row.date_text:
        lines.append(f"As written: {row.date_text}")
    return "\n".join(lines)


def date_edit_text(row: EventRow) -> str:
    """What the Date cell's editor starts from: the expression as written, else the EDTF."""
    return row.date_text or row.edtf or compact_interval(row.earliest, row.latest)


def _edit_date(model: "EventTableModel", row: EventRow, text: str):
    return model._date_command(row, text)


def _edit_actors(model: "EventTableModel", row: EventRow, text: str):
    names = [n for n in (" ".join(p.split()) for p in text.split(",")) if n]
    if names == [n for n in row.actors.split(", ") if n]:
        return None
    return commands.SetEventActors(model.workspace, row.id, names)


def _edit_field(field: str, normalise):
    def edit(model: "EventTableModel", row: EventRow, text: str):
        text = normalise(text)
        if text == getattr(row, field):
            return None
        return commands.EditEventField(model.workspace, row.id, field, text)
    return edit


def _text_column(header: str, field: str, edit=None, width=None) -> ColumnSpec:
    return ColumnSpec(header, display=lambda row: getattr(row, field), edit=edit, width=width)


class EventColumn(TableColumn):
    """The event table's columns, in order: header, cell text, edit (None: read-only)."""

    DATE = ColumnSpec("Date", display=date_display, edit=_edit_date, edit_text=date_edit_text,
                      tooltip=date_tooltip, width=220)
    TITLE = _text_column("Title", "title", _edit_field("title", lambda t: " ".join(t.split())), 290)
    ACTORS = _text_column("Actors", "actors", _edit_actors, 150)
    LOCATION = _text_column("Location", "location", _edit_field("location", str.strip), 100)
    DOCUMENT = _text_column("Document", "documents")
