"""The event listing (schema 5; 7): what the event table sorts and filters by, and the days the
timeline draws by, kept in SQL.

The event table shows a window onto up to millions of events. To sort them by any column and
filter them by words without reading them into Python, every live event has a row in
``event_listing`` holding its sort keys, with an index per sortable column, and a full-text
index (``event_listing_fts``, SQLite's FTS5) over the texts the quick filter searches. These are
*derived*: made from the base tables (events, their actors, place, evidence and documents) and
never edited by hand; exports, merges and copies never carry them as data (a copy rebuilds them).

Keys (the order the table has always had):

- ``date_first``/``date_last``: an event's earliest and latest day; an open start is ``''``
  (before every day), an open end ``U+FFFF`` (after every day); an undated event has NULL in
  both and sorts last in both directions;
- ``title_key``, ``actors_key``, ``location_key``, ``documents_key``: the text the table shows
  (actors joined with ", ", the place's name or the free-text location, the titles of the
  evidence documents joined with "; "), case-folded (Python's ``str.casefold``); a blank text
  is NULL and sorts last in both directions;
- ties are broken by the event's id (descending when the order is).

Days (schema 7, what the timeline draws by, :mod:`curator.core.event_days`): ``day_first`` and
``day_last``, the earliest and latest day as day numbers (or a sentinel when absent or not a day),
and ``day_bits`` (no earliest, no latest, no EDTF value, fuzzy EDTF), so that the timeline reads
them as a plain integer scan instead of computing dates from the events' text.

Keeping it current: triggers on the base tables mark the events an UPDATE or DELETE touches in
``event_listing_stale`` (an append of the id, whoever writes: Curator, a migration, a script);
new rows need no trigger: ids only grow, so the events, actor links and evidence links with ids
above the last ones listed (``event_listing_seen``) are the new ones. (A trigger on INSERT would
make SQLite keep a statement journal for every row inserted into these tables, which carry
foreign keys: three times slower bulk inserts.) :func:`settle` lists the marked and new events
again in a few set-based statements; Curator runs it at the end of every write transaction
(:func:`curator.core.database.write_transaction` and the facade's planned writes), so readers
never see the listing out of step, and when a project opens (for what another program wrote).
A bulk path (import, merge, recovery) needs nothing more: the settle at its commit lists what it
added at once, with a full :func:`rebuild` when that is a large part of the project. A row
inserted with an id below the last listed one (never by Curator) is not seen: ``curator
check`` reports it and ``curator check --fix`` lists it.

Words (the quick filter, :class:`curator.core.event_query.EventQuery`): an event matches when
every word occurs in its title, actors, place/location or document titles. A word is read by
the full-text index's tokenizer (SQLite's ``unicode61`` with diacritics removed): it matches the
*start of a word* of those texts (``alep`` finds "Aleppo", ``leppo`` does not), ignoring case and
accents (``sao`` finds "São Paulo", ``halab`` "Ḥalab"); a typed word with punctuation inside is a
phrase (``al-assad`` finds "al-Assad" and "Al Assad", ``o'brien`` "O'Brien"). A word made only of
punctuation or symbols (``-``, ``😀``), which the tokenizer skips, is looked for as it is,
anywhere in those texts, as the table's filter always did.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from curator.core import event_days

FOLD_FUNCTION = "curator_fold"
TOKENIZER = "unicode61 remove_diacritics 2"
REBUILD_SHARE = 4  # a settle of more than 1/4 of the listed events rebuilds the whole listing
REBUILD_MIN = 20_000  # ...when at least this many are marked
UNDATED_LAST = "\uffff"  # an open end sorts after every day

# ------------------------------------------------------------------ schema
# The listing's objects, in creation order: schema 5's, with schema 7's days and its event trigger.
# migrations.AddEventListing and AddTimelineDays state their own copies of these statements (a step
# never changes with later code); a test checks that the two steps make exactly these.
# (schema 7 added the timeline's days with ALTER TABLE, and a new file has the very text that
# leaves in sqlite_master, so that an upgraded file and a new one have the same schema)
LISTING_TABLE = """CREATE TABLE event_listing (
    event_id INTEGER NOT NULL PRIMARY KEY,
    date_first TEXT,
    date_last TEXT,
    title_key TEXT,
    actors_key TEXT,
    location_key TEXT,
    documents_key TEXT
, day_first INTEGER, day_last INTEGER, day_bits INTEGER)"""
STALE_TABLE = """CREATE TABLE event_listing_stale (
    event_id INTEGER NOT NULL
)"""
SEEN_TABLE = """CREATE TABLE event_listing_seen (
    source TEXT NOT NULL,
    last_id INTEGER NOT NULL
)"""
SEEN_SOURCES = ("event", "event_actor", "event_evidence")
"""The tables whose new rows (ids above the last one listed) touch events: new events, links."""
LISTING_INDEXES = (
    "CREATE INDEX ix_event_listing_date ON event_listing (date_first, date_last, event_id)",
    "CREATE INDEX ix_event_listing_title ON event_listing (title_key, event_id)",
    "CREATE INDEX ix_event_listing_actors ON event_listing (actors_key, event_id)",
    "CREATE INDEX ix_event_listing_location ON event_listing (location_key, event_id)",
    "CREATE INDEX ix_event_listing_documents ON event_listing (documents_key, event_id)",
    # an actor's (or place's) live events, without reading the link rows
    "CREATE INDEX ix_event_actor_actor_live ON event_actor (actor_id, deleted_at, event_id)",
)
_LISTING_ONLY_INDEXES = tuple(sql for sql in LISTING_INDEXES if " ON event_listing " in sql)
FTS_TABLE = (
    "CREATE VIRTUAL TABLE event_listing_fts USING fts5(title_key, actors_key, location_key, "
    "documents_key, content='event_listing', content_rowid='event_id', "
    f"tokenize='{TOKENIZER}', prefix='1 2 3')")

# a mark is a plain append (an event may be marked more than once): no lookup, and no conflict
# the outer statement's conflict policy (INSERT OR FAIL in bulk paths) could turn into an error
_MARK = "INSERT INTO event_listing_stale (event_id)"
LISTING_TRIGGERS = (
    f"""CREATE TRIGGER event_listing_event_update AFTER UPDATE ON event
WHEN OLD.id IS NOT NEW.id OR OLD.title IS NOT NEW.title OR OLD.location IS NOT NEW.location
    OR OLD.place_id IS NOT NEW.place_id OR OLD.earliest IS NOT NEW.earliest
    OR OLD.latest IS NOT NEW.latest OR OLD.edtf IS NOT NEW.edtf OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
    {_MARK} VALUES (OLD.id), (NEW.id);
END""",
    f"""CREATE TRIGGER event_listing_event_delete AFTER DELETE ON event BEGIN
    {_MARK} VALUES (OLD.id);
END""",
    f"""CREATE TRIGGER event_listing_actor_link_update AFTER UPDATE ON event_actor
WHEN OLD.event_id IS NOT NEW.event_id OR OLD.actor_id IS NOT NEW.actor_id
    OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.id IS NOT NEW.id BEGIN
    {_MARK} VALUES (OLD.event_id), (NEW.event_id);
END""",
    f"""CREATE TRIGGER event_listing_actor_link_delete AFTER DELETE ON event_actor BEGIN
    {_MARK} VALUES (OLD.event_id);
END""",
    f"""CREATE TRIGGER event_listing_evidence_update AFTER UPDATE ON event_evidence
WHEN OLD.event_id IS NOT NEW.event_id OR OLD.span_id IS NOT NEW.span_id
    OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.id IS NOT NEW.id BEGIN
    {_MARK} VALUES (OLD.event_id), (NEW.event_id);
END""",
    f"""CREATE TRIGGER event_listing_evidence_delete AFTER DELETE ON event_evidence BEGIN
    {_MARK} VALUES (OLD.event_id);
END""",
    f"""CREATE TRIGGER event_listing_actor_update AFTER UPDATE ON actor
WHEN OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
    {_MARK} SELECT event_id FROM event_actor WHERE actor_id IN (OLD.id, NEW.id)
        UNION SELECT id FROM event WHERE place_id IN (OLD.id, NEW.id);
END""",
    f"""CREATE TRIGGER event_listing_actor_delete AFTER DELETE ON actor BEGIN
    {_MARK} SELECT event_id FROM event_actor WHERE actor_id = OLD.id
        UNION SELECT id FROM event WHERE place_id = OLD.id;
END""",
    f"""CREATE TRIGGER event_listing_span_update AFTER UPDATE ON span
WHEN OLD.id IS NOT NEW.id OR OLD.document_id IS NOT NEW.document_id
    OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
    {_MARK} SELECT event_id FROM event_evidence WHERE span_id IN (OLD.id, NEW.id);
END""",
    f"""CREATE TRIGGER event_listing_span_delete AFTER DELETE ON span BEGIN
    {_MARK} SELECT event_id FROM event_evidence WHERE span_id = OLD.id;
END""",
    f"""CREATE TRIGGER event_listing_document_update AFTER UPDATE ON document
WHEN OLD.id IS NOT NEW.id OR OLD.title IS NOT NEW.title BEGIN
    {_MARK} SELECT ev.event_id FROM event_evidence ev JOIN span s ON s.id = ev.span_id
        WHERE s.document_id IN (OLD.id, NEW.id);
END""",
    f"""CREATE TRIGGER event_listing_document_delete AFTER DELETE ON document BEGIN
    {_MARK} SELECT ev.event_id FROM event_evidence ev JOIN span s ON s.id = ev.span_id
        WHERE s.document_id = OLD.id;
END""",
)
SCHEMA_STATEMENTS = (LISTING_TABLE, STALE_TABLE, SEEN_TABLE, *LISTING_INDEXES, FTS_TABLE,
                     *LISTING_TRIGGERS,
                     "INSERT INTO event_listing_seen (source, last_id) VALUES "
                     + ", ".join(f"('{t}', 0)" for t in SEEN_SOURCES))
"""Every statement that makes the listing's objects in a file of the base tables, in order
(nothing listed yet: the first settle lists every event)."""

DERIVED_TABLES = ("event_listing", "event_listing_stale", "event_listing_seen", "event_listing_fts")
"""The listing's tables (the FTS5 table's shadow tables are named after it): derived data."""


def is_derived(name: str) -> bool:
    """Whether a table is part of the listing (derived data, rebuilt, never exchanged)."""
    return name in DERIVED_TABLES or name.startswith("event_listing_fts_")


def create(conn: sqlite3.Connection) -> None:
    """Make the listing's objects in a file that has the base tables (a new project)."""
    for sql in SCHEMA_STATEMENTS:
        conn.execute(sql)


# ------------------------------------------------------------------ keys
def fold(text: Optional[str]) -> Optional[str]:
    """A text's sort and search key: case-folded, NULL for a blank (or absent) text."""
    return text.casefold() if text else None


def register_functions(conn: sqlite3.Connection) -> None:
    """The function the listing's keys are made with (Curator's connections have it; the
    schema never calls it, so any program can still write the file)."""
    conn.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)


# What the table shows of an event, as SQL over the base tables (``e``: the event): the place's
# name or the free-text location, the live actors joined with ", " (in link order), the distinct
# titles of the live evidence's documents joined with "; " (in document order) and the document
# of the first live evidence. Project.event_rows reads the same expressions, so that the keys
# below are always the keys of what the table shows.
LOCATION_SQL = """COALESCE((SELECT p.name FROM actor p WHERE p.id = e.place_id AND p.deleted_at IS NULL),
               e.location)"""
ACTORS_SQL = """COALESCE((SELECT group_concat(name, ', ') FROM (
          SELECT a.name AS name FROM event_actor ea JOIN actor a ON a.id = ea.actor_id
          WHERE ea.event_id = e.id AND ea.deleted_at IS NULL AND a.deleted_at IS NULL
          ORDER BY ea.id)), '')"""
DOCUMENTS_SQL = """COALESCE((SELECT group_concat(title, '; ') FROM (
          SELECT DISTINCT d.title AS title FROM event_evidence ev
          JOIN span s ON s.id = ev.span_id JOIN document d ON d.id = s.document_id
          WHERE ev.event_id = e.id AND ev.deleted_at IS NULL AND s.deleted_at IS NULL
          ORDER BY d.id)), '')"""
FIRST_DOCUMENT_SQL = """(SELECT s.document_id FROM event_evidence ev JOIN span s ON s.id = ev.span_id
          WHERE ev.event_id = e.id AND ev.deleted_at IS NULL AND s.deleted_at IS NULL
          ORDER BY ev.id LIMIT 1)"""

# The rows the listing holds, computed from the base tables: one per live event. The inner query
# is run whole (LIMIT -1: a co-routine, not flattened into the outer one), so each event's
# actors and documents are read once. Printable ASCII text is folded by SQLite's lower() (the
# same as casefold there); anything else by Python's casefold.
_DISPLAY = f"""SELECT e.id AS id, e.earliest AS earliest, e.latest AS latest, e.title AS title,
      {LOCATION_SQL} AS location, {ACTORS_SQL} AS actors, {DOCUMENTS_SQL} AS documents,
      {event_days.EARLIEST_DAY_SQL} AS day_first, {event_days.LATEST_DAY_SQL} AS day_last,
      {event_days.BITS_SQL} AS day_bits
    FROM event e WHERE e.deleted_at IS NULL {{where}} ORDER BY e.id LIMIT -1"""


def _key(column: str) -> str:
    return (f"CASE WHEN {column} = '' THEN NULL WHEN {column} GLOB '*[^ -~]*' "
            f"THEN {FOLD_FUNCTION}({column}) ELSE lower({column}) END")


_KEYS = f"""SELECT id,
      CASE WHEN coalesce(earliest, '') = '' AND coalesce(latest, '') = '' THEN NULL
           ELSE coalesce(earliest, '') END,
      CASE WHEN coalesce(earliest, '') = '' AND coalesce(latest, '') = '' THEN NULL
           ELSE coalesce(nullif(latest, ''), char(65535)) END,
      {_key('title')}, {_key('actors')}, {_key('location')}, {_key('documents')},
      day_first, day_last, day_bits
    FROM ({_DISPLAY})"""
KEY_COLUMNS = ("event_id", "date_first", "date_last", "title_key", "actors_key", "location_key",
               "documents_key", "day_first", "day_last", "day_bits")
TEXT_COLUMNS = ("title_key", "actors_key", "location_key", "documents_key")
_INSERT = f"INSERT INTO event_listing ({', '.join(KEY_COLUMNS)}) {_KEYS}"
_STALE = "(SELECT event_id FROM event_listing_stale)"
_FTS_COLUMNS = ", ".join(TEXT_COLUMNS)


def expected_rows_sql(where: str = "") -> str:
    """The query giving the listing's rows as the base tables say they should be (``where``: an
    extra condition on ``e``, the event)."""
    return _KEYS.format(where=where)


def _seen(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT source, last_id FROM event_listing_seen").fetchall())


def _unseen(conn: sqlite3.Connection) -> tuple[dict[str, int], dict[str, int]]:
    """(last id listed, highest id now) per table of :data:`SEEN_SOURCES`."""
    seen = _seen(conn)
    top = {t: conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] for t in SEEN_SOURCES}
    return seen, top


def waiting_ids(conn: sqlite3.Connection) -> set[int]:
    """The events waiting to be listed again: marked, or touched by new rows."""
    seen = _seen(conn)
    return {r[0] for r in conn.execute(
        "SELECT event_id FROM event_listing_stale UNION "
        "SELECT id FROM event WHERE id > ? UNION SELECT event_id FROM event_actor WHERE id > ? "
        "UNION SELECT event_id FROM event_evidence WHERE id > ?",
        (seen.get("event", 0), seen.get("event_actor", 0), seen.get("event_evidence", 0)))}


def stale_count(conn: sqlite3.Connection) -> int:
    """How many events wait to be listed again."""
    return len(waiting_ids(conn))


def needs_settle(conn: sqlite3.Connection) -> bool:
    """Whether anything waits to be listed (a few index lookups)."""
    if conn.execute("SELECT 1 FROM event_listing_stale LIMIT 1").fetchone() is not None:
        return True
    seen, top = _unseen(conn)
    return any(top[t] > seen.get(t, 0) for t in SEEN_SOURCES)


def settle(conn: sqlite3.Connection) -> int:
    """List again the events written since the last settle (inside the caller's write
    transaction, on a connection with :func:`register_functions`): the ones the triggers marked
    (updated, deleted) and the ones new rows touch (events, actor and evidence links with ids
    above the last listed: Curator never inserts below it). Returns how many marks and new rows
    it took in (0: nothing to do, read in a few index lookups)."""
    seen, top = _unseen(conn)
    marks = conn.execute("SELECT count(*) FROM event_listing_stale").fetchone()[0]
    new = sum(max(0, top[t] - seen.get(t, 0)) for t in SEEN_SOURCES)
    if not marks and not new:
        return 0
    if marks + new >= REBUILD_MIN and (marks + new) * REBUILD_SHARE > listed_count(conn):
        rebuild(conn)
        return marks + new
    conn.execute(f"{_MARK} SELECT id FROM event WHERE id > ?", (seen.get("event", 0),))
    for table in ("event_actor", "event_evidence"):
        conn.execute(f"{_MARK} SELECT event_id FROM {table} WHERE id > ?", (seen.get(table, 0),))
    conn.execute(f"INSERT INTO event_listing_fts (event_listing_fts, rowid, {_FTS_COLUMNS}) "
                 f"SELECT 'delete', event_id, {_FTS_COLUMNS} FROM event_listing "
                 f"WHERE event_id IN {_STALE}")
    conn.execute(f"DELETE FROM event_listing WHERE event_id IN {_STALE}")
    conn.execute(_INSERT.format(where=f"AND e.id IN {_STALE}"))
    conn.execute(f"INSERT INTO event_listing_fts (rowid, {_FTS_COLUMNS}) "
                 f"SELECT event_id, {_FTS_COLUMNS} FROM event_listing WHERE event_id IN {_STALE}")
    _done(conn, top)
    return marks + new


def _done(conn: sqlite3.Connection, top: dict[str, int]) -> None:
    conn.execute("DELETE FROM event_listing_stale")
    conn.executemany("UPDATE event_listing_seen SET last_id = ? WHERE source = ?",
                     [(top[t], t) for t in SEEN_SOURCES])


def listed_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM event_listing").fetchone()[0]


def rebuild(conn: sqlite3.Connection) -> None:
    """Make the whole listing again from the base tables (inside the caller's transaction): the
    rows in one statement, the full-text index in one more."""
    _, top = _unseen(conn)
    conn.execute("DELETE FROM event_listing")
    for sql in _LISTING_ONLY_INDEXES:  # made again after the rows: sorting once is faster
        conn.execute(f"DROP INDEX {sql.split()[2]}")
    conn.execute(_INSERT.format(where=""))
    for sql in _LISTING_ONLY_INDEXES:
        conn.execute(sql)
    conn.execute("INSERT INTO event_listing_fts (event_listing_fts) VALUES ('rebuild')")
    _done(conn, top)


def mark_all(conn: sqlite3.Connection) -> None:
    """Make the next :func:`settle` list every event again."""
    conn.execute("UPDATE event_listing_seen SET last_id = 0")


def stale_note(conn: sqlite3.Connection) -> list[str]:
    """``curator check``'s note when events wait to be listed again (another program wrote, or
    the project is read-only and could not be brought up to date)."""
    marked = stale_count(conn)
    if not marked:
        return []
    return [f"event listing: {marked:,} event{'s' if marked != 1 else ''} waiting to be listed again "
            "(Curator lists them when it next writes to the project)"]


def problems(conn: sqlite3.Connection, limit: int = 5) -> list[str]:
    """``curator check``: a line when listing rows disagree with the base tables (missing,
    extra or with other keys; events waiting to be listed again are not counted), else none."""
    register_functions(conn)
    columns = ", ".join(KEY_COLUMNS)
    expected = expected_rows_sql()
    wrong = [r[0] for r in conn.execute(
        f"SELECT id FROM (SELECT * FROM ({expected}) EXCEPT SELECT {columns} FROM event_listing) "
        f"UNION SELECT event_id FROM (SELECT {columns} FROM event_listing EXCEPT "
        f"SELECT * FROM ({expected})) ORDER BY 1").fetchall()]
    waiting = waiting_ids(conn)
    wrong = [event_id for event_id in wrong if event_id not in waiting]
    if not wrong:
        return []
    shown = ", ".join(str(i) for i in wrong[:limit]) + (", …" if len(wrong) > limit else "")
    return [f"event listing: {len(wrong):,} event{'s' if len(wrong) != 1 else ''} listed otherwise "
            f"than the events say (event {shown}); `curator check --fix` lists them again"]


def index_problems(conn: sqlite3.Connection) -> list[str]:
    """``curator check``: a line when the full-text index disagrees with the listing. FTS5's own
    check, which SQLite runs as an INSERT: on a connection that may write, inside a transaction
    the caller rolls back (it writes nothing)."""
    try:
        conn.execute("INSERT INTO event_listing_fts (event_listing_fts, rank) "
                     "VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise
        return ["event listing: its full-text index is out of step with the events; "
                "`curator check --fix` makes it again"]
    return []


# ------------------------------------------------------------------ orders
@dataclass(frozen=True)
class ListingOrder:
    """An order of the event table: by ``column`` ("date", "title", "actors", "location",
    "documents"; None: by id), ascending or ``descending``. Rows with a blank key come last in
    both directions, by id (descending when the order is)."""

    column: Optional[str] = "date"
    descending: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return ORDER_KEYS[self.column]

    def sql(self, where: str = "") -> tuple[str, str]:
        """(present part, blank part): two queries of ``event_id`` in this order, each a range of
        the column's index (``where``: more conditions on the listing row ``l``)."""
        direction = " DESC" if self.descending else ""
        extra = f" AND {where}" if where else ""
        if not self.keys:
            return (f"SELECT event_id FROM event_listing l WHERE 1{extra} ORDER BY event_id{direction}",
                    "")
        first = self.keys[0]
        order = ", ".join(f"{k}{direction}" for k in (*self.keys, "event_id"))
        return (f"SELECT event_id FROM event_listing l WHERE {first} IS NOT NULL{extra} ORDER BY {order}",
                f"SELECT event_id FROM event_listing l WHERE {first} IS NULL{extra} "
                f"ORDER BY event_id{direction}")


ORDER_KEYS: dict[Optional[str], tuple[str, ...]] = {
    None: (), "date": ("date_first", "date_last"), "title": ("title_key",),
    "actors": ("actors_key",), "location": ("location_key",), "documents": ("documents_key",)}


def sort_key(order: ListingOrder, row: tuple) -> tuple:
    """The position key of a listing row ``(event_id, *order.keys)`` in ``order``: rows compare
    as the order places them (Python compares str as SQLite compares TEXT: by code point)."""
    event_id, *keys = row
    if not order.keys:
        return (0, -event_id if order.descending else event_id)
    if keys[0] is None:
        return (1, -event_id if order.descending else event_id)
    if order.descending:
        return (0, *(_Reversed(k) for k in keys), -event_id)
    return (0, *keys, event_id)


class _Reversed:
    """A key compared the other way round (descending text)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __lt__(self, other: "_Reversed") -> bool:
        return other.value < self.value

    def __gt__(self, other: "_Reversed") -> bool:
        return other.value > self.value

    def __eq__(self, other) -> bool:
        return isinstance(other, _Reversed) and other.value == self.value

    def __le__(self, other: "_Reversed") -> bool:
        return other.value <= self.value

    def __ge__(self, other: "_Reversed") -> bool:
        return other.value >= self.value

    __hash__ = None


# ------------------------------------------------------------------ words
@dataclass(frozen=True)
class WordMatch:
    """How the quick filter's words are looked for: ``fts`` the FTS5 query of the words the
    tokenizer reads (None: none), ``literal`` the words it skips (found as substrings)."""

    fts: Optional[str]
    literal: tuple[str, ...]


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"*'


@lru_cache(maxsize=256)
def word_match(words: tuple[str, ...]) -> WordMatch:
    """The query of case-folded ``words`` (see the module docstring). A word is a phrase of its
    tokens, the last one a prefix; a word with no token (it does not match itself) is literal."""
    phrases, literal = [], []
    with _memory_index() as mem:
        for word in dict.fromkeys(words):
            mem.execute("DELETE FROM words")
            mem.execute("INSERT INTO words (rowid, title_key) VALUES (1, ?)", (word,))
            if mem.execute("SELECT 1 FROM words WHERE words MATCH ?", (_phrase(word),)).fetchone():
                phrases.append(_phrase(word))
            else:
                literal.append(word)
    return WordMatch(" AND ".join(phrases) if phrases else None, tuple(literal))


class _memory_index:
    """A small in-memory FTS5 table tokenized as the listing's (for a few rows at a time)."""

    def __enter__(self) -> sqlite3.Connection:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute(f"CREATE VIRTUAL TABLE words USING fts5({_FTS_COLUMNS}, "
                          f"tokenize='{TOKENIZER}')")
        return self.conn

    def __exit__(self, *exc) -> None:
        self.conn.close()


def literal_condition(words: Iterable[str], alias: str = "l") -> tuple[str, list[str]]:
    """SQL (and its parameters) true when every literal word occurs in one of the texts."""
    parts, params = [], []
    for word in words:
        parts.append("(" + " OR ".join(f"instr({alias}.{c}, ?) > 0" for c in TEXT_COLUMNS) + ")")
        params += [word] * len(TEXT_COLUMNS)
    return " AND ".join(parts), params


def rows_matching_words(rows: Iterable[tuple], words: tuple[str, ...]) -> set[int]:
    """Of listing rows ``(event_id, title_key, actors_key, location_key, documents_key)``, the
    ids whose texts hold every word, decided exactly as the full-text index decides (for the few
    rows an edit touched)."""
    rows = list(rows)
    match = word_match(words)
    found = {r[0] for r in rows}
    if match.fts is not None:
        with _memory_index() as mem:
            mem.executemany(f"INSERT INTO words (rowid, {_FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?)", rows)
            found &= {r[0] for r in mem.execute("SELECT rowid FROM words WHERE words MATCH ?",
                                                (match.fts,))}
    for word in match.literal:
        found = {r[0] for r in rows if r[0] in found and any(t and word in t for t in r[1:])}
    return found
