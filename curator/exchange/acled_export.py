"""Exporting events as an ACLED-style CSV file (``curator export P events.acled.csv``), streamed.

One row per live dated event, in ACLED's 31 columns (:data:`curator.exchange.acled_columns.ACLED_COLUMNS`,
filled as that module's table says), then one column per other field of the project (so that
an older ACLED file's columns, kept in fields when it was imported, and the project's own
fields come back out). RFC 4180, UTF-8 without a byte order mark, CRLF line ends; a text cell
that begins with = + - @ gets a leading apostrophe (numbers never do). An undated event has no
ACLED date: it is left out, and the report counts it (``undated_left_out``).

The events are read a chunk at a time (by id) from one read transaction, with their actor
links, place, field values and evidence passages in a few queries per chunk, and written as
they come: memory does not grow with the project. :class:`AcledCells` is also what the import
compares a file's rows with (the file's row against what this export would write).
"""

from __future__ import annotations

import csv
import os
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator, Optional

from curator.core.pages import page_label, stored_page_starts
from curator.exchange.acled_columns import (
    ACLED_COLUMNS, COORDINATES_FIELD, EVENT_TYPE_FIELD, FATALITIES_FIELD, FIELD_SUFFIX, FORMULA_LEADS,
    HOME_COLUMNS, ID_COLUMN,
    NUMERIC_COLUMNS, SOURCE_COLUMN, SUB_EVENT_TYPE_FIELD, actor_columns, degrees, fatalities_cell,
    figure_note, notes_with_figure, protect_cell,
)
from curator.exchange.acled_dates import acled_date
from curator.exchange.errors import Cancelled

Progress = Callable[[int, int], bool]
CHUNK = 1_000
EVENT_COLUMNS = "id, uid, description, location, place_id, edtf, earliest, latest, date_text, updated_at"
TEMPLATE_FIELDS = (EVENT_TYPE_FIELD, SUB_EVENT_TYPE_FIELD, FATALITIES_FIELD, COORDINATES_FIELD)


def _marks(values) -> str:
    return ", ".join("?" * len(values))


def epoch_seconds(stamp: str) -> str:
    """A Curator stamp (UTC ISO 8601) as Unix seconds, ACLED's ``timestamp``."""
    return str(int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()))


class AcledCells:
    """The ACLED cells of events, read through ``raw`` (a plain sqlite3 connection, inside the
    caller's transaction). ``columns`` is the header: ACLED's columns, then the other fields."""

    def __init__(self, raw):
        self.raw = raw
        fields = raw.execute("SELECT id, name, kind FROM event_field WHERE deleted_at IS NULL "
                             "ORDER BY position, id").fetchall()
        by_name = {name.casefold(): (field_id, name, kind) for field_id, name, kind in reversed(fields)}
        self.template = {name: by_name.get(name, (None,))[0] for name in TEMPLATE_FIELDS}
        self.column_fields = {c: by_name[c][0] for c in ACLED_COLUMNS
                              if c not in HOME_COLUMNS and c in by_name}
        if ID_COLUMN in by_name:
            self.column_fields[ID_COLUMN] = by_name[ID_COLUMN][0]
        used = set(self.template.values()) | set(self.column_fields.values())
        taken = {c.casefold() for c in ACLED_COLUMNS}
        self.other_fields: dict[str, int] = {}
        for field_id, name, _ in fields:
            if field_id in used:
                continue
            header = name
            while header.casefold() in taken:
                header += FIELD_SUFFIX
            taken.add(header.casefold())
            self.other_fields[header] = field_id
        self.columns = [*ACLED_COLUMNS, *self.other_fields]
        self.field_ids = sorted(i for i in (*used, *self.other_fields.values()) if i is not None)
        self._pages: dict[int, list[int]] = {}

    def event_rows(self, ids: list[int]) -> list[tuple]:
        """The event rows (EVENT_COLUMNS) of these ids, live or not, in id order."""
        return self.raw.execute(f"SELECT {EVENT_COLUMNS} FROM event WHERE id IN ({_marks(ids)}) ORDER BY id",
                                ids).fetchall()

    def cells(self, events: list[tuple]) -> list[dict[str, str]]:
        """The cells of each event row (EVENT_COLUMNS); an undated event's date cells are empty."""
        if not events:
            return []
        ids = [e[0] for e in events]
        links, values, evidence, places = self._links(ids), self._values(ids), self._evidence(ids), \
            self._places({e[4] for e in events if e[4] is not None})
        return [self._cells(e, links.get(e[0], ()), values.get(e[0], {}), evidence.get(e[0], ()),
                            places.get(e[4])) for e in events]

    def _cells(self, event, links, values, evidence, place) -> dict[str, str]:
        event_id, uid, description, location, _, edtf, earliest, latest, date_text, updated_at = event
        cells = dict.fromkeys(self.columns, "")
        stamp = max([updated_at, *(v[-1] for v in values.values()), *(link[2] for link in links)])
        cells["timestamp"] = epoch_seconds(stamp)
        given_id = values.get(self.column_fields.get(ID_COLUMN))
        cells[ID_COLUMN] = given_id[0] if given_id and given_id[0] else uid
        when = acled_date(edtf, earliest, latest, date_text)
        if when is not None:
            day, precision = when
            cells.update(event_date=day.isoformat(), year=str(day.year), time_precision=str(precision))
        for column, name in (("event_type", EVENT_TYPE_FIELD), ("sub_event_type", SUB_EVENT_TYPE_FIELD)):
            value = values.get(self.template[name])
            cells[column] = value[0] if value else ""
        for column, names in actor_columns((name, role) for name, role, _ in links).items():
            cells[column] = "; ".join(names)
        cells["location"] = location
        point = values.get(self.template[COORDINATES_FIELD])
        if point and point[4] is not None and point[5] is not None:
            cells["latitude"], cells["longitude"] = degrees(point[4]), degrees(point[5])
        elif place is not None and place[1] is not None and place[2] is not None:
            cells["latitude"], cells["longitude"] = degrees(place[1]), degrees(place[2])
        figure = values.get(self.template[FATALITIES_FIELD])
        note = ""
        if figure and (figure[1] is not None or figure[2] is not None):
            cells["fatalities"] = fatalities_cell(figure[1], figure[2])
            note = figure_note(figure[1], figure[2], figure[3])
        quotes = [f"\u201c{' '.join(quote.split())}\u201d ({title}{', ' + page if page else ''})"
                  for quote, title, page in evidence]
        cells["notes"] = notes_with_figure(" ".join(p for p in (description, *quotes) if p), note)
        for column, field_id in self.column_fields.items():
            if column != ID_COLUMN and field_id in values:
                cells[column] = values[field_id][0]
        titles = list(dict.fromkeys(title for _, title, _ in evidence if title))
        sources = [s.strip() for s in cells[SOURCE_COLUMN].split(";") if s.strip()]
        cells[SOURCE_COLUMN] = "; ".join(dict.fromkeys([*sources, *[t for t in titles if t not in sources]]))
        for header, field_id in self.other_fields.items():
            value = values.get(field_id)
            cells[header] = value[0] if value else ""
        return cells

    def _links(self, ids: list[int]) -> dict[int, list[tuple]]:
        found: dict[int, list[tuple]] = {}
        for event_id, name, role, stamp in self.raw.execute(
                "SELECT ea.event_id, a.name, ea.role, ea.updated_at FROM event_actor ea "
                "JOIN actor a ON a.id = ea.actor_id "
                f"WHERE ea.event_id IN ({_marks(ids)}) AND likely(ea.deleted_at IS NULL) "
                "AND likely(a.deleted_at IS NULL) "
                "ORDER BY ea.id", ids):
            found.setdefault(event_id, []).append((name, role, stamp))
        return found

    def _values(self, ids: list[int]) -> dict[int, dict[int, tuple]]:
        """event id -> field id -> (text, low, high, qualifier, lat, lon, stamp), of live fields.
        (Found through the index by event: ``likely()`` keeps SQLite from choosing the index on
        deleted_at, which would read every live value, as would one on the fields.)"""
        found: dict[int, dict[int, tuple]] = {}
        if not self.field_ids:
            return found
        wanted = set(self.field_ids)
        for event_id, field_id, *value in self.raw.execute(
                "SELECT event_id, field_id, text, low, high, qualifier, latitude, longitude, updated_at "
                f"FROM event_field_value WHERE event_id IN ({_marks(ids)}) AND likely(deleted_at IS NULL)", ids):
            if field_id in wanted:
                found.setdefault(event_id, {})[field_id] = value
        return found

    def _evidence(self, ids: list[int]) -> dict[int, list[tuple]]:
        """event id -> [(quote, document title, page label)] in link order."""
        rows = self.raw.execute(
            "SELECT ev.event_id, s.quote, s.start, s.\"end\", d.id, d.title FROM event_evidence ev "
            "JOIN span s ON s.id = ev.span_id JOIN document d ON d.id = s.document_id "
            f"WHERE ev.event_id IN ({_marks(ids)}) AND likely(ev.deleted_at IS NULL) "
            "AND likely(s.deleted_at IS NULL) AND likely(d.deleted_at IS NULL) ORDER BY ev.id", ids).fetchall()
        missing = sorted({r[4] for r in rows} - set(self._pages))
        if missing:
            for doc_id, starts in self.raw.execute(
                    f"SELECT id, page_starts FROM document WHERE id IN ({_marks(missing)})", missing):
                self._pages[doc_id] = stored_page_starts(starts)
        found: dict[int, list[tuple]] = {}
        for event_id, quote, start, end, doc_id, title in rows:
            found.setdefault(event_id, []).append((quote, title, page_label(self._pages.get(doc_id, ()), start, end)))
        return found

    def _places(self, ids: set[int]) -> dict[int, tuple]:
        if not ids:
            return {}
        ordered = sorted(ids)
        return {r[0]: r for r in self.raw.execute(
            f"SELECT id, latitude, longitude FROM actor WHERE id IN ({_marks(ordered)}) AND likely(deleted_at IS NULL)",
            ordered)}


def iter_live_events(raw, chunk: int = CHUNK) -> Iterator[list[tuple]]:
    """The live events' rows (EVENT_COLUMNS), a chunk at a time, in id order."""
    last = 0
    while True:
        rows = raw.execute(f"SELECT {EVENT_COLUMNS} FROM event WHERE deleted_at IS NULL AND id > ? "
                           "ORDER BY id LIMIT ?", (last, chunk)).fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def write_row(writer, columns: list[str], cells: dict[str, str]) -> None:
    """One row; text cells guarded as :func:`protect_cell` says (numbers never)."""
    writer.writerow([cell if not cell or cell[0] not in FORMULA_LEADS or c in NUMERIC_COLUMNS
                     else protect_cell(cell) for c, cell in ((c, cells[c]) for c in columns)])


def export_acled(project, path: str | Path, progress: Optional[Progress] = None) -> dict:
    """Write the project's live dated events to ``path`` as ACLED-style CSV (through a
    temporary file beside it, moved into place when complete; removed on failure or cancel).
    Nothing is written to the project."""
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    written = undated = 0
    try:
        with project._read() as conn:
            raw = conn.connection.driver_connection
            total = raw.execute("SELECT count(*) FROM event WHERE deleted_at IS NULL").fetchone()[0]
            if progress is not None and progress(0, total) is False:
                raise Cancelled()
            reader = AcledCells(raw)
            with open(tmp, "w", encoding="utf-8", errors="surrogatepass", newline="") as fh:
                writer = csv.writer(fh, dialect="excel", lineterminator="\r\n")
                writer.writerow(reader.columns)
                for events in iter_live_events(raw):
                    for cells in reader.cells(events):
                        if cells["event_date"]:
                            write_row(writer, reader.columns, cells)
                            written += 1
                        else:
                            undated += 1
                    if progress is not None and progress(written + undated, total) is False:
                        raise Cancelled()
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return {"format": "acled", "path": str(path), "events": written, "undated_left_out": undated,
            "columns": len(reader.columns)}
