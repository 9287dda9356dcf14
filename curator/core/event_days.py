"""An event's days as the timeline reads them, in SQL over the event table (alias ``e``).

Three integers per event, from which :func:`curator.core.timeline_columns.columns_from_rows`
makes the timeline's marks (the rule is written out there):

- the earliest day and the latest day as day numbers (days since 1970-01-01), or
  :data:`NO_DAY` when the value is absent or not an ISO day that exists (``2014-02-30``);
- bits: 1 no earliest, 2 no latest, 4 no EDTF value, 8 fuzzy (the EDTF value is not one exact
  day or an exact day/day interval).

The event listing (schema 7, :mod:`curator.core.listing`) keeps these three per live event in
``day_first``, ``day_last`` and ``day_bits``, computed by these very expressions whenever it
lists an event, so the timeline reads them as a plain integer scan. :data:`COLUMNS_SQL` computes
them from the event table itself: what the timeline read before schema 7, still used when the
listing waits to be brought up to date (a read-only file another program wrote), and the
reference the tests compare the listing with. Qt-free and NumPy-free (the listing is loaded by
every command)."""

from __future__ import annotations

NO_DAY = -(1 << 31)

_D = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
FUZZY_SQL = (  # not one exact day or an exact day/day interval (as is_fuzzy_edtf reads it); the
    # length picks the one pattern that can match, so most rows cost one comparison
    f"CASE length(e.edtf) WHEN 0 THEN 0 WHEN 10 THEN NOT e.edtf GLOB '{_D}' "
    f"WHEN 11 THEN NOT e.edtf GLOB '-{_D}' WHEN 21 THEN NOT e.edtf GLOB '{_D}/{_D}' "
    f"WHEN 22 THEN NOT (e.edtf GLOB '-{_D}/{_D}' OR e.edtf GLOB '{_D}/-{_D}') "
    f"WHEN 23 THEN NOT e.edtf GLOB '-{_D}/-{_D}' ELSE 1 END")


def day_sql(column: str) -> str:
    """SQL for an ISO day column as days since 1970-01-01, or NO_DAY (absent or not a day)."""
    # date(julianday(x)) = x: an ISO day that exists (SQLite reads "2014-02-30" as 2 March)
    return (f"IFNULL(CASE WHEN date(julianday(e.{column})) = e.{column} THEN "
            f"CAST(julianday(e.{column}) - 2440587.5 AS INTEGER) END, {NO_DAY})")


EARLIEST_DAY_SQL = day_sql("earliest")
LATEST_DAY_SQL = day_sql("latest")
BITS_SQL = (f"(IFNULL(e.earliest, '') = '') + 2 * (IFNULL(e.latest, '') = '') + 4 * (e.edtf = '') "
            f"+ 8 * ({FUZZY_SQL})")

COLUMNS_SQL = f"""
    SELECT e.id, {EARLIEST_DAY_SQL}, {LATEST_DAY_SQL},
      {BITS_SQL}
    FROM event e {{hint}} WHERE e.deleted_at IS NULL {{extra}} ORDER BY e.id"""
"""(id, earliest day, latest day, bits) of the live events, computed from the event table
(``{hint}``: an INDEXED BY/NOT INDEXED clause; ``{extra}``: more conditions on ``e``)."""
