"""The Project facade's tag set and highlights (a mixin of :class:`curator.core.project.Project`;
it relies on the facade's transactions).

A highlight is a span with a label (``tag_id``), an optional note and optionally the actor or
place it mentions (``actor_id``). Spans may overlap and nest. Deleting spans (one, or several in
one transaction so that undoing "Accept all" found mentions is one step) and reading a
document's spans as columns for the text view live here too.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from sqlalchemy import Connection, bindparam, func, insert, select, update

from curator.core import database as db
from curator.core.errors import InvalidInput, InvalidOffsets, NotFound
from curator.core.records import SpanColumns, SpanInfo, TagInfo
from curator.core.tables import A, D, EV, S, T, clean_name

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
TAG_FIELDS = ("name", "color", "shortcut", "description", "position")
SPAN_FIELDS = ("tag_id", "note", "actor_id")
SHORTCUT_KEYS = tuple("123456789")

_COLUMN_SPANS = ('SELECT id, start, "end", tag_id FROM span '
                 "WHERE document_id = ? AND deleted_at IS NULL")
# likely(): nearly every row is live, which SQLite cannot know; without it the planner reads
# the deleted_at index (every row) instead of the document's spans (0.3 s at 1M events)
_COLUMN_EVIDENCE = ("SELECT ev.span_id, ev.event_id FROM event_evidence ev "
                    "JOIN span s ON s.id = ev.span_id AND likely(s.deleted_at IS NULL) AND s.document_id = ? "
                    "JOIN event e ON e.id = ev.event_id AND likely(e.deleted_at IS NULL) "
                    "WHERE likely(ev.deleted_at IS NULL) ORDER BY ev.span_id, ev.event_id")


class AnnotationsMixin:
    # ------------------------------------------------------------------ tags
    _TAG_COLUMNS = (T.c.id, T.c.uid, T.c.name, T.c.color, T.c.shortcut, T.c.description, T.c.position)

    def tags(self) -> list[TagInfo]:
        """The live tag set in palette order."""
        with self._read() as conn:
            rows = conn.execute(select(*self._TAG_COLUMNS).where(T.c.deleted_at.is_(None))
                                .order_by(T.c.position, T.c.id)).all()
        return [TagInfo(*r) for r in rows]

    def tag(self, tag_id: int) -> TagInfo:
        with self._read() as conn:
            row = conn.execute(select(*self._TAG_COLUMNS).where(
                T.c.id == tag_id, T.c.deleted_at.is_(None))).first()
        if row is None:
            raise NotFound(f"no tag with id {tag_id}")
        return TagInfo(*row)

    def tag_by_shortcut(self, key: str) -> Optional[TagInfo]:
        if not key:
            return None
        with self._read() as conn:
            row = conn.execute(select(*self._TAG_COLUMNS).where(
                T.c.shortcut == key, T.c.deleted_at.is_(None)).order_by(T.c.position)).first()
        return TagInfo(*row) if row else None

    def add_tag(self, name: str, color: str, shortcut: str = "", description: str = "") -> int:
        with self._write() as conn:
            values = self._checked_tag(conn, None, {"name": name, "color": color,
                                                    "shortcut": shortcut, "description": description})
            position = conn.execute(select(func.max(T.c.position))
                                    .where(T.c.deleted_at.is_(None))).scalar()
            row = self._new_record() | values | {"position": 0 if position is None else position + 1}
            return conn.execute(insert(T).values(row)).inserted_primary_key[0]

    def update_tag(self, tag_id: int, **changes) -> dict:
        """Change name, color, shortcut, description and/or position; returns the previous values
        of the changed fields (for undo)."""
        unknown = set(changes) - set(TAG_FIELDS)
        if unknown:
            raise InvalidInput(f"tags have no field {', '.join(sorted(unknown))}")
        with self._write() as conn:
            current = conn.execute(select(*(T.c[f] for f in TAG_FIELDS)).where(
                T.c.id == tag_id, T.c.deleted_at.is_(None))).first()
            if current is None:
                raise NotFound(f"no tag with id {tag_id}")
            values = self._checked_tag(conn, tag_id, changes)
            previous = {k: current._mapping[k] for k in values}
            if values:
                conn.execute(update(T).where(T.c.id == tag_id).values(**values, updated_at=db.utc_now()))
        return previous

    def _checked_tag(self, conn: Connection, tag_id: Optional[int], values: dict) -> dict:
        out = {}
        others = [r for r in conn.execute(select(T.c.id, T.c.name, T.c.shortcut).where(
            T.c.deleted_at.is_(None))).all() if r[0] != tag_id]
        if "name" in values:
            name = clean_name(values["name"])
            if not name:
                raise InvalidInput("a tag needs a name")
            if any(other.casefold() == name.casefold() for _, other, _ in others):
                raise InvalidInput(f"there is already a tag named {name!r}")
            out["name"] = name
        if "color" in values:
            color = values["color"]
            if not isinstance(color, str) or not _COLOR.match(color):
                raise InvalidInput(f"a tag's colour must be written #rrggbb, not {color!r}")
            out["color"] = color.lower()
        if "shortcut" in values:
            key = values["shortcut"] or ""
            if key and key not in SHORTCUT_KEYS:
                raise InvalidInput(f"a tag's key must be one of 1 to 9 (or none), not {key!r}")
            taken = [name for _, name, other in others if key and other == key]
            if taken:
                raise InvalidInput(f"key {key} is already used by the tag {taken[0]!r}")
            out["shortcut"] = key
        if "description" in values:
            if not isinstance(values["description"], str):
                raise InvalidInput("a tag's description must be text")
            out["description"] = values["description"]
        if "position" in values:
            if not isinstance(values["position"], int) or isinstance(values["position"], bool):
                raise InvalidInput("a tag's position must be a whole number")
            out["position"] = values["position"]
        return out

    def delete_tag(self, tag_id: int) -> str:
        """Tombstone a tag; refused while live highlights carry it. Returns the stamp."""
        now = db.utc_now()
        with self._write() as conn:
            name = conn.execute(select(T.c.name).where(T.c.id == tag_id, T.c.deleted_at.is_(None))).scalar()
            if name is None:
                raise NotFound(f"no tag with id {tag_id}")
            used = conn.execute(select(func.count()).select_from(S).where(
                S.c.tag_id == tag_id, S.c.deleted_at.is_(None))).scalar()
            if used:
                raise InvalidInput(f"the tag {name!r} labels {used} highlight{'s' if used != 1 else ''}: "
                                   f"relabel or delete {'them' if used != 1 else 'it'} first")
            conn.execute(update(T).where(T.c.id == tag_id).values(deleted_at=now, updated_at=now))
        return now

    def restore_tag(self, tag_id: int, stamp: str) -> None:
        with self._write() as conn:
            conn.execute(update(T).where(T.c.id == tag_id, T.c.deleted_at == stamp)
                         .values(deleted_at=None, updated_at=db.utc_now()))

    # ------------------------------------------------------------------ highlights
    def add_highlight(self, document_id: int, start: int, end: int, *, tag_id: Optional[int] = None,
                      note: str = "", actor_id: Optional[int] = None) -> int:
        return self.add_highlights([dict(document_id=document_id, start=start, end=end,
                                         tag_id=tag_id, note=note, actor_id=actor_id)])[0]

    def add_highlights(self, items: Iterable[dict]) -> list[int]:
        """Several highlights in one transaction (all or none), inserted with one executemany.
        Each item has document_id, start, end and optionally tag_id, note, actor_id."""
        items = list(items)
        if not items:
            return []
        now = db.utc_now()
        with self._write() as conn:
            doc_ids = {item["document_id"] for item in items}
            texts = dict(conn.execute(select(D.c.id, D.c.text).where(
                D.c.id.in_(doc_ids), D.c.deleted_at.is_(None))).all())
            tag_ids = self._live_ids(conn, T, {i.get("tag_id") for i in items} - {None})
            actor_ids = self._live_ids(conn, A, {i.get("actor_id") for i in items} - {None})
            next_id = (conn.execute(select(func.max(S.c.id))).scalar() or 0) + 1
            rows = []
            for n, item in enumerate(items):
                text = texts.get(item["document_id"])
                if text is None:
                    raise NotFound(f"no document with id {item['document_id']}")
                start, end = item["start"], item["end"]
                self._check_offsets(start, end, len(text))
                tag_id, actor_id = item.get("tag_id"), item.get("actor_id")
                if tag_id is not None and tag_id not in tag_ids:
                    raise NotFound(f"no tag with id {tag_id}")
                if actor_id is not None and actor_id not in actor_ids:
                    raise NotFound(f"no actor or place with id {actor_id}")
                note = item.get("note") or ""
                if not isinstance(note, str):
                    raise InvalidInput("a note must be text")
                rows.append(self._new_record(now) | {
                    "id": next_id + n, "document_id": item["document_id"], "start": start,
                    "end": end, "quote": text[start:end], "tag_id": tag_id, "note": note,
                    "actor_id": actor_id})
            columns = list(rows[0])
            compiled = insert(S).values({c: bindparam(c) for c in columns}).compile(dialect=conn.dialect)
            order = compiled.positiontup  # one compiled statement, the driver's executemany
            conn.exec_driver_sql(compiled.string, [tuple(row[c] for c in order) for row in rows])
        return [row["id"] for row in rows]

    @staticmethod
    def _check_offsets(start, end, length: int) -> None:
        ok = all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end))
        if not (ok and 0 <= start < end <= length):
            raise InvalidOffsets(
                f"span {start}..{end} is not a non-empty passage of the document (0..{length})")

    @staticmethod
    def _live_ids(conn: Connection, table, ids: set) -> set:
        if not ids:
            return set()
        return set(conn.execute(select(table.c.id).where(
            table.c.id.in_(ids), table.c.deleted_at.is_(None))).scalars())

    def update_span(self, span_id: int, **changes) -> dict:
        """Change a span's tag_id, note and/or actor_id; returns the previous values of the
        changed fields (for undo)."""
        unknown = set(changes) - set(SPAN_FIELDS)
        if unknown:
            raise InvalidInput(f"spans have no field {', '.join(sorted(unknown))}")
        with self._write() as conn:
            current = conn.execute(select(S.c.tag_id, S.c.note, S.c.actor_id).where(
                S.c.id == span_id, S.c.deleted_at.is_(None))).first()
            if current is None:
                raise NotFound(f"no span with id {span_id}")
            if changes.get("tag_id") is not None:
                self._require(conn, T, changes["tag_id"])
            if changes.get("actor_id") is not None:
                if not self._live_ids(conn, A, {changes["actor_id"]}):
                    raise NotFound(f"no actor or place with id {changes['actor_id']}")
            if "note" in changes:
                if changes["note"] is None:
                    changes["note"] = ""
                if not isinstance(changes["note"], str):
                    raise InvalidInput("a note must be text")
            previous = {k: current._mapping[k] for k in changes}
            if changes:
                conn.execute(update(S).where(S.c.id == span_id).values(**changes, updated_at=db.utc_now()))
        return previous

    def delete_span(self, span_id: int) -> str:
        """Tombstone a live span and its evidence links; returns the stamp :meth:`restore_span`
        takes. Unlike :meth:`delete_spans`, a span already gone raises NotFound."""
        now = db.utc_now()
        with self._write() as conn:
            self._require(conn, S, span_id)
            self._tombstone_spans(conn, [span_id], now)
        return now

    def restore_span(self, span_id: int, stamp: str) -> None:
        """Undo :meth:`delete_span`: the span and the evidence links that deletion tombstoned."""
        self.restore_spans([span_id], stamp)

    def delete_spans(self, span_ids: Iterable[int]) -> str:
        """Tombstone live spans (and their evidence links) in one transaction; returns the stamp
        :meth:`restore_spans` takes. Ids of spans already gone are ignored."""
        ids = list(span_ids)
        now = db.utc_now()
        with self._write() as conn:
            if ids:
                self._tombstone_spans(conn, ids, now)
        return now

    def _tombstone_spans(self, conn: Connection, ids: list[int], now: str) -> None:
        self._tombstone(conn, EV, EV.c.span_id.in_(ids), now)
        self._tombstone(conn, S, S.c.id.in_(ids), now)

    def restore_spans(self, span_ids: Iterable[int], stamp: str) -> None:
        """Undo :meth:`delete_spans`: exactly the spans and links that deletion tombstoned."""
        ids = list(span_ids)
        now = db.utc_now()
        with self._write() as conn:
            if ids:
                self._untombstone(conn, S, S.c.id.in_(ids), stamp, now)
                self._untombstone(conn, EV, EV.c.span_id.in_(ids), stamp, now)

    def span(self, span_id: int) -> SpanInfo:
        with self._read() as conn:
            infos = self._span_infos(conn, S.c.id == span_id)
        if not infos:
            raise NotFound(f"no span with id {span_id}")
        return infos[0]

    def span_count(self, document_id: int) -> int:
        """How many live spans ``document_id`` has (from the document's index, not its spans)."""
        with self._read() as conn:
            return conn.exec_driver_sql(
                "SELECT count(*) FROM span WHERE document_id = ? AND likely(deleted_at IS NULL)",
                (document_id,)).scalar()

    def span_columns(self, document_id: int) -> SpanColumns:
        """The live spans of ``document_id`` as columns, in one read transaction.

        :meth:`spans` builds one :class:`~curator.core.records.SpanInfo` per span (quote, note,
        uid...), about 1 s for 100,000 spans; the text view needs only where each span is, its
        label and which events cite it, to draw the visible ones, and asks for the few under the
        pointer in full with :meth:`span`. This reads just that, one query per table on the
        driver's cursor (plain tuples, no Row objects), no per-span objects."""
        with self._read() as conn:
            cursor = conn.connection.driver_connection.cursor()
            try:
                rows = cursor.execute(_COLUMN_SPANS, (document_id,)).fetchall()
                evidence = cursor.execute(_COLUMN_EVIDENCE, (document_id,)).fetchall()
            finally:
                cursor.close()
        if rows:
            ids, starts, ends, tag_ids = (list(column) for column in zip(*rows))
        else:
            ids, starts, ends, tag_ids = [], [], [], []
        return SpanColumns(ids, starts, ends, tag_ids, evidence)
