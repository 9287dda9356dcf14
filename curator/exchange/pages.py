"""Page labels in exports: a passage of a paged document (a PDF) is cited "p. 12" or "pp. 12–13"
(:mod:`curator.core.pages`). The JSON export gives each such span a derived ``page`` (ignored
on import: the document's ``page_starts`` and the span's offsets say it); the CSV export a
``page`` column. Qt-free."""

from __future__ import annotations

from typing import Callable

from sqlalchemy import select

from curator.core.pages import page_label, stored_page_starts
from curator.core.tables import D


def page_starts_by_uid(conn) -> dict[str, list[int]]:
    """document uid -> its page starts, for the documents that have pages."""
    rows = conn.execute(select(D.c.uid, D.c.page_starts).where(D.c.page_starts != "[]")).all()
    return {uid: starts for uid, text in rows if (starts := stored_page_starts(text))}


def span_pages(conn) -> Callable[[dict], dict]:
    """A span exchange record -> the record with ``page`` when its document has pages."""
    starts = page_starts_by_uid(conn)
    if not starts:
        return lambda rec: rec

    def shown(rec: dict) -> dict:
        pages = starts.get(rec["document"])
        if not pages:
            return rec
        return rec | {"page": page_label(pages, rec["start"], rec["end"])}
    return shown
