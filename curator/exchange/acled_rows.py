"""Reading an ACLED-style CSV file row by row, and checking each row. Qt-free, no database.

:class:`AcledFile` opens the file (UTF-8, with or without a byte order mark, or UTF-16 with
one; the delimiter is the one of comma, semicolon and tab that splits the header into ACLED's
column names), reads and checks its header, and yields each row's cells by column name, in
bounded memory. :class:`RowReader` turns a row's cells into an :class:`AcledRecord` (what the
row says, in Curator's terms) or a list of problems, each naming the row and the column:

    row 17, event_date: '2014-13-01' is not a date: there is no month 13

Rows are numbered as a spreadsheet numbers them: the header is row 1, the first event row 2.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator, Optional

from curator.core.conflict_template import ACLED_TAXONOMY, EVENT_TYPE_OF
from curator.core.errors import CuratorError, InvalidInput
from curator.core.field_kinds import NAME_LIMIT, RESERVED_NAMES, read_value
from curator.core.records import DateFields, FieldInfo
from curator.exchange.acled_columns import (
    ACLED_COLUMNS, ACTOR_COLUMNS, HOME_COLUMNS, ID_COLUMN, LEGACY_SPELLINGS, REQUIRED,
    fatalities_cell, field_name_of, fold, is_uid, read_fatalities, read_figure_note, split_actors, unprotect_cell,
)
from curator.exchange.acled_dates import AcledDateError, interval_of, read_event_date, read_precision
from curator.exchange.errors import Problem

DELIMITERS = (",", ";", "\t")
_PANDAS_INDEX = re.compile(r"^Unnamed: [0-9]+$")
_KNOWN = {c.casefold(): c for c in ACLED_COLUMNS}
_KNOWN.update({c: c for c in ("event_id_no_cnty", "data_id", "iso3")})  # ACLED's before 2023
_UNDECODED = re.compile("[\udc80-\udcff]")
_GUARDED = ("'", " ", "\t")  # cells that may need stripping down to a formula guard


@dataclass
class AcledRecord:
    """What one row says, in Curator's terms. ``given`` names the parts its file holds (a
    column the file lacks leaves an existing event's part as it is)."""

    row: int
    given: frozenset = frozenset()
    event_id: str = ""
    date: Optional[DateFields] = None
    event_type: str = ""
    sub_event_type: str = ""
    actor1: str = ""
    assoc_actor_1: tuple = ()
    actor2: str = ""
    assoc_actor_2: tuple = ()
    location: str = ""
    coordinates: Optional[tuple] = None  # (latitude, longitude)
    fatalities: str = ""  # the figure as Curator writes it ("12", "at least 70"); "" none
    description: str = ""
    extras: dict = field(default_factory=dict)  # folded column name -> text ("" none)

    PARTS = ("event_id", "date", "event_type", "sub_event_type", *ACTOR_COLUMNS, "location",
             "coordinates", "fatalities", "description")

    def as_json(self) -> list:
        date = None if self.date is None else [self.date.edtf, self.date.earliest, self.date.latest,
                                               self.date.date_text]
        return [self.row, sorted(self.given), self.event_id, date, self.event_type, self.sub_event_type,
                self.actor1, list(self.assoc_actor_1), self.actor2, list(self.assoc_actor_2),
                self.location, None if self.coordinates is None else list(self.coordinates),
                self.fatalities, self.description, self.extras]

    @classmethod
    def from_json(cls, data: list) -> "AcledRecord":
        (row, given, event_id, date, event_type, sub_event_type, actor1, assoc1, actor2, assoc2,
         location, coordinates, fatalities, description, extras) = data
        return cls(row, frozenset(given), event_id, None if date is None else DateFields(*date),
                   event_type, sub_event_type, actor1, tuple(assoc1), actor2, tuple(assoc2), location,
                   None if coordinates is None else tuple(coordinates), fatalities, description, extras)

    def key(self, part: str):
        """A part as compared with another record's (names ignoring case; dates by interval)."""
        if part.startswith("extra:"):
            return self.extras.get(part[6:], "")
        value = getattr(self, part)
        if part == "event_id":  # a uid is the event's own identity, not an ACLED id to keep
            return "" if is_uid(value) else value
        if part == "date":
            return None if value is None else (value.edtf, value.earliest, value.latest)
        if part in ("actor1", "actor2", "location", "event_type", "sub_event_type"):
            return value.casefold()
        if part in ("assoc_actor_1", "assoc_actor_2"):
            return tuple(v.casefold() for v in value)
        if part == "description":
            return value.strip()
        return value

    def overlay(self, given: "AcledRecord") -> "AcledRecord":
        """This record with the parts ``given`` holds taken from it."""
        merged = AcledRecord(given.row, self.given | given.given, **{p: getattr(self, p) for p in self.PARTS},
                             extras=dict(self.extras))
        for part in given.given:
            if part.startswith("extra:"):
                merged.extras[part[6:]] = given.extras.get(part[6:], "")
            else:
                setattr(merged, part, getattr(given, part))
        return merged


def field_name_problem(name: str) -> Optional[str]:
    """Why a column cannot be kept in a field of its name (None: it can)."""
    if not name.strip() or _PANDAS_INDEX.match(name.strip()):
        return "no name (a spreadsheet's or pandas' row numbers)"
    if " ".join(name.split()).casefold() in RESERVED_NAMES:
        return f"{name!r} is one of the event's own fields"
    if len(name) > NAME_LIMIT:
        return f"its name is longer than {NAME_LIMIT} characters"
    return None


class AcledFile:
    """An ACLED-style CSV file, read row by row (a context manager). ``columns`` are the
    header's names (ACLED's own in lower case), ``ignored`` the columns left out, with why;
    :meth:`rows` yields (row number, cells by column) and raises nothing for a row: a row's
    own problems are the RowReader's to find, except a wrong number of cells
    (``row_problems``)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.size = 0
        self.encoding = "utf-8"
        self.bom = False
        self._raw: Optional[IO[bytes]] = None
        self._text: Optional[IO[str]] = None
        self.delimiter = ","
        self.columns: list[str] = []
        self.ignored: dict[str, str] = {}
        self.header_problems: list[Problem] = []

    def __enter__(self) -> "AcledFile":
        try:
            self._raw = open(self.path, "rb")
            self.size = self.path.stat().st_size
        except OSError as exc:
            raise CuratorError(f"{self.path} cannot be read: {exc.strerror or exc}") from exc
        head = self._raw.read(4)
        self._raw.seek(0)
        self.bom = head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if head.startswith(codecs.BOM_UTF8):
            self.encoding, skip = "utf-8", 3
        elif self.bom:
            self.encoding, skip = "utf-16", 0  # the codec reads (and drops) the mark
        else:
            self.encoding, skip = "utf-8", 0
        self._raw.seek(skip)
        self._text = io.TextIOWrapper(self._raw, encoding=self.encoding, errors="surrogateescape",
                                      newline="")
        self._read_header()
        return self

    def __exit__(self, *exc) -> None:
        if self._text is not None:
            self._text.detach()
        if self._raw is not None:
            self._raw.close()

    @property
    def bytes_read(self) -> int:
        return self._raw.tell() if self._raw is not None and not self._raw.closed else 0

    def _read_header(self) -> None:
        try:
            line = self._text.readline()
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"{self.path.name} is not UTF-8 or UTF-16 text ({exc.reason})") from None
        if not line.strip():
            raise InvalidInput(f"{self.path.name} is empty: an ACLED file starts with a header row "
                               f"({', '.join(REQUIRED)}, ...)")
        self.delimiter = max(DELIMITERS, key=lambda d: sum(
            n.strip().casefold() in _KNOWN for n in next(csv.reader([line], delimiter=d))))
        names = next(csv.reader([line], delimiter=self.delimiter))
        if _UNDECODED.search(line):
            self.header_problems.append(Problem("row 1", _undecoded(line)))
        known = [n for n in names if n.strip().casefold() in _KNOWN]
        if not known:
            shown = ", ".join(repr(n) for n in names[:6]) + (", …" if len(names) > 6 else "")
            raise InvalidInput(f"{self.path.name} is not an ACLED file: none of its columns ({shown}) is one "
                               f"of ACLED's ({', '.join(REQUIRED)}, ...)")
        seen: dict[str, int] = {}
        for number, raw in enumerate(names, 1):
            name = _KNOWN.get(raw.strip().casefold(), raw.strip())
            self.columns.append(name)
            folded = name.casefold()
            if folded in seen:
                self.header_problems.append(Problem(
                    f"row 1, {name}", f"the column appears twice (columns {seen[folded]} and {number})"))
            seen.setdefault(folded, number)
            if name not in HOME_COLUMNS and name not in ACLED_COLUMNS and name not in self.ignored:
                why = field_name_problem(name)
                if why is not None:
                    self.ignored[name] = why
        for name in REQUIRED:
            if name not in seen:
                self.header_problems.append(Problem(
                    f"row 1, {name}", f"the column is missing (an ACLED file has {', '.join(REQUIRED)})"))
        if ("latitude" in seen) != ("longitude" in seen):
            have, lack = ("latitude", "longitude") if "latitude" in seen else ("longitude", "latitude")
            self.header_problems.append(Problem(f"row 1, {lack}", f"the column is missing ({have} needs it)"))

    def rows(self) -> Iterator[tuple[int, dict[str, str], Optional[Problem]]]:
        """(row number, cells by column, a problem with the row's shape or None); blank lines
        are skipped (and counted)."""
        reader = csv.reader(self._text, delimiter=self.delimiter)
        number = 1
        width = len(self.columns)
        try:
            for cells in reader:
                number += 1
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                problem = None
                if len(cells) != width:
                    problem = Problem(f"row {number}", f"{len(cells)} cells where the header has {width} "
                                                       "(a quote left open, or a delimiter inside an unquoted cell?)")
                yield number, dict(zip(self.columns, cells)), problem
        except csv.Error as exc:
            raise InvalidInput(f"{self.path.name}, row {number + 1}: not CSV text the file's reader can "
                               f"follow ({exc})") from None
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"{self.path.name}, after row {number}: not {self.encoding} text "
                               f"({exc.reason})") from None


def _undecoded(text: str) -> str:
    found = _UNDECODED.search(text)
    byte = ord(found.group()) - 0xDC00
    return (f"byte 0x{byte:02X} is not UTF-8: the file is in another encoding; save it as UTF-8 "
            "(in a spreadsheet: CSV UTF-8)")


class RowReader:
    """Checks rows and makes records of them, against the project's fields (``fields``: live
    fields by casefolded name) and ACLED's taxonomy (with the choices the project's "event
    type" and "sub-event type" fields add to it)."""

    def __init__(self, columns: list[str], fields: dict[str, FieldInfo], ignored: dict[str, str]):
        self.columns = [c for c in columns if c not in ignored]
        self._kept = set(self.columns)
        self.fields = fields
        self.extra_columns = [c for c in self.columns if c not in HOME_COLUMNS]
        self.field_names = {fold(field_name_of(c)): field_name_of(c) for c in self.extra_columns}
        """folded field name -> the field's name, for each column kept in a field"""
        self._extras = [(c, fold(field_name_of(c)), fields.get(fold(field_name_of(c)))) for c in self.extra_columns]
        self.types = {t.casefold(): t for t in ACLED_TAXONOMY}
        self.sub_types = {s.casefold(): s for s in EVENT_TYPE_OF}
        self.sub_types.update({old: new for old, new in LEGACY_SPELLINGS.items()})
        for name, into in (("event type", self.types), ("sub-event type", self.sub_types)):
            known = fields.get(name)
            if known is not None and known.kind == "choice":
                for choice in known.choices:
                    into.setdefault(choice.casefold(), choice)

    def record(self, number: int, cells: dict[str, str], strict: bool = True
               ) -> tuple[AcledRecord, list[Problem]]:
        """The record of a row and its problems (strict: an empty event_date is one too). Other
        empty cells are values not given: ACLED's rows always have a type, actor1 and location,
        but Curator's export of an event without them leaves them empty, and imports back."""
        problems: list[Problem] = []
        kept = self._kept
        cells = {c: unprotect_cell(v.strip()) if v[:1] in _GUARDED else v.strip()
                 for c, v in cells.items() if c in kept}
        given = set()
        rec = AcledRecord(number)

        def refuse(column: str, message: str) -> None:
            problems.append(Problem(f"row {number}, {column}", message))

        if _UNDECODED.search("".join(cells.values())):
            for column, value in cells.items():
                if _UNDECODED.search(value):
                    refuse(column, _undecoded(value))
                    cells[column] = _UNDECODED.sub("\ufffd", value)
        if ID_COLUMN in cells:
            rec.event_id = " ".join(cells[ID_COLUMN].split())
            given.add("event_id")
        if "event_date" in cells:
            given.add("date")
            rec.date = self._date(cells, refuse, strict)
        for column in ("event_type", "sub_event_type"):
            if column in cells:
                given.add(column)
                setattr(rec, column, self._type(column, cells[column], refuse))
        if rec.event_type and rec.sub_event_type:
            belongs = EVENT_TYPE_OF.get(rec.sub_event_type)
            if belongs is not None and rec.event_type in ACLED_TAXONOMY and belongs != rec.event_type:
                refuse("sub_event_type", f"{rec.sub_event_type!r} is a sub-event type of {belongs}, "
                                         f"not of {rec.event_type}")
        for column in ACTOR_COLUMNS:
            if column in cells:
                given.add(column)
                if column.startswith("assoc"):
                    setattr(rec, column, split_actors(cells[column]))
                else:
                    setattr(rec, column, " ".join(cells[column].split()))
        if "location" in cells:
            given.add("location")
            rec.location = " ".join(cells["location"].split())
        if "latitude" in cells and "longitude" in cells:
            given.add("coordinates")
            rec.coordinates = self._coordinates(cells, refuse)
        notes = cells.get("notes", "")
        if "fatalities" in cells:
            given.add("fatalities")
            try:
                count = read_fatalities(cells["fatalities"])
            except ValueError as exc:
                refuse("fatalities", str(exc))
                count = None
            rec.fatalities = "" if count is None else str(count)
            if count is not None and "notes" in cells:
                notes, figure = read_figure_note(notes, fatalities_cell(count, count))
                if figure is not None:
                    rec.fatalities = figure.canonical()
        if "notes" in cells:
            given.add("description")
            rec.description = notes
        for column, folded, field_info in self._extras:
            if column in cells:
                given.add(f"extra:{folded}")
                text = cells[column]
                rec.extras[folded] = text if not text or field_info is None or field_info.kind == "text" \
                    else self._extra(column, field_info, text, refuse)
        rec.given = frozenset(given)
        return rec, problems

    def _date(self, cells, refuse, strict) -> Optional[DateFields]:
        text = cells["event_date"]
        if not text:
            if strict:
                refuse("event_date", "is empty: every ACLED event has a date")
            return None
        try:
            day = read_event_date(text)
        except AcledDateError as exc:
            refuse("event_date", str(exc))
            return None
        try:
            precision = read_precision(cells.get("time_precision", ""))
        except AcledDateError as exc:
            refuse("time_precision", str(exc))
            return None
        year = cells.get("year", "").removesuffix(".0")
        if year and year != str(day.year):
            refuse("year", f"{cells['year']!r} is not the year of event_date ({day.isoformat()})")
        return interval_of(day, precision, " ".join(text.split()))

    def _type(self, column: str, text: str, refuse) -> str:
        clean = " ".join(text.split())
        if not clean:
            return ""
        known = (self.types if column == "event_type" else self.sub_types).get(clean.casefold())
        if known is None:
            if column == "event_type":
                refuse(column, f"{clean!r} is not one of ACLED's event types ({', '.join(ACLED_TAXONOMY)})")
            else:
                refuse(column, f"{clean!r} is not one of ACLED's 25 sub-event types")
            return ""
        return known

    @staticmethod
    def _coordinates(cells, refuse) -> Optional[tuple]:
        texts = {c: cells[c] for c in ("latitude", "longitude")}
        if not texts["latitude"] and not texts["longitude"]:
            return None
        values = {}
        for column, limit in (("latitude", 90), ("longitude", 180)):
            text = texts[column]
            if not text:
                other = "longitude" if column == "latitude" else "latitude"
                refuse(column, f"is empty while {other} is given")
                continue
            try:
                value = float(text.replace("−", "-"))
            except ValueError:
                refuse(column, f"{text!r} is not a number of degrees")
                continue
            if not -limit <= value <= limit:
                refuse(column, f"{text!r} is outside -{limit}..{limit}")
                continue
            values[column] = value
        if len(values) != 2:
            return None
        return values["latitude"], values["longitude"]

    @staticmethod
    def _extra(column: str, field_info: FieldInfo, text: str, refuse) -> str:
        """The text a field of another kind than text keeps of a cell (a text field keeps the
        cell as it is, its ends stripped)."""
        try:
            stored = read_value(field_info.name, field_info.kind, field_info.choices, text)
        except InvalidInput as exc:
            message = str(exc)
            prefix = f"{field_info.name}: "
            refuse(column, (message[len(prefix):] if message.startswith(prefix) else message)
                   + f" (the project's field {field_info.name!r} is a {field_info.kind} field)")
            return ""
        return "" if stored is None else stored.text
