"""A project of generated conflict events for measuring `curator claims` (the events of
``bench_claims.generate``: skewed places, actors and title words, one in ten re-reported by
another document), written straight with sqlite3, then opened once so that the event listing is
made.

    .venv/bin/python benchmarks/claims_project.py N OUT.curator

Each event has one evidence passage in its document (2,000 documents), its place (one of 400
place records) and its actors (of 300).
"""

from __future__ import annotations

import sqlite3
import sys
import time
import uuid
from datetime import date
from pathlib import Path

from bench_claims import generate
from curator.core import Project
from curator.core.claim_columns import EPOCH_ORDINAL
from curator.core.tables import text_sha256

STAMP = "2024-01-01T00:00:00.000000Z"
DOCS, ACTORS, PLACES = 2000, 300, 400
SENTENCE = "The sources report this happening with their own figures and dates.\n"


def _iso(day: int) -> str:
    return date.fromordinal(day + EPOCH_ORDINAL).isoformat()


def build(path: Path, n: int) -> dict:
    Project.create(path, annotator="bench").close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN IMMEDIATE")
    common = (STAMP, STAMP, "bench", None)
    tag_id = conn.execute("SELECT id FROM tag WHERE name = 'Event' AND deleted_at IS NULL").fetchone()[0]
    conn.executemany(
        "INSERT INTO actor (id, uid, created_at, updated_at, created_by, deleted_at, name, kind, "
        "aliases, merged_into) VALUES (?,?,?,?,?,?,?,?,'','')",
        [(i + 1, str(uuid.uuid4()), *common, f"Actor {i}", "group") for i in range(ACTORS)]
        + [(ACTORS + 1 + i, str(uuid.uuid4()), *common, f"Place {i}", "place") for i in range(PLACES)])
    events = list(generate(n))
    per_doc = [0] * DOCS
    slots = []
    for g in events:
        slots.append(per_doc[g.document])
        per_doc[g.document] += 1
    for d in range(DOCS):
        text = SENTENCE * max(per_doc[d], 1)
        conn.execute(
            "INSERT INTO document (id, uid, created_at, updated_at, created_by, deleted_at, title, "
            "source_kind, author, published, published_inferred, source, filename, encoding, text, "
            "sha256, kind, source_sha256, page_starts, metadata, problems) "
            "VALUES (?,?,?,?,?,?,?,'report','','',0,'',?,'',?,?,'text','','[]','{}','[]')",
            (d + 1, str(uuid.uuid4()), *common, f"Report {d + 1:04d}", f"{d + 1}.txt", text, text_sha256(text)))

    def event_rows():
        for k, g in enumerate(events):
            first, last = _iso(g.first), _iso(g.last)
            edtf = first if first == last else f"{first}/{last}"
            yield (k + 1, str(uuid.uuid4()), *common, g.title, "", "", ACTORS + 1 + g.place, edtf, first, last, edtf)
    conn.executemany(
        "INSERT INTO event (id, uid, created_at, updated_at, created_by, deleted_at, title, description, "
        "location, place_id, edtf, earliest, latest, date_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", event_rows())
    quote = SENTENCE[:-1]
    conn.executemany(
        "INSERT INTO span (id, uid, created_at, updated_at, created_by, deleted_at, document_id, "
        "start, \"end\", quote, tag_id, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,'')",
        ((k + 1, str(uuid.uuid4()), *common, g.document + 1, slots[k] * len(SENTENCE),
          slots[k] * len(SENTENCE) + len(quote), quote, tag_id) for k, g in enumerate(events)))
    conn.executemany(
        "INSERT INTO event_evidence (id, uid, created_at, updated_at, created_by, deleted_at, event_id, span_id) "
        "VALUES (?,?,?,?,?,?,?,?)", ((k + 1, str(uuid.uuid4()), *common, k + 1, k + 1) for k in range(n)))

    def links():
        link = 0
        for k, g in enumerate(events):
            for actor in g.actors:
                link += 1
                yield (link, str(uuid.uuid4()), *common, k + 1, actor + 1, "")
    conn.executemany(
        "INSERT INTO event_actor (id, uid, created_at, updated_at, created_by, deleted_at, event_id, "
        "actor_id, role) VALUES (?,?,?,?,?,?,?,?,?)", links())
    conn.execute("COMMIT")
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("event", "event_actor", "span")}
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    Project.open(path).close()  # lists the events (the event listing) once
    return counts


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    started = time.perf_counter()
    print(build(Path(sys.argv[2]), int(sys.argv[1])), f"{time.perf_counter() - started:.1f} s")
