"""A large, valid project written straight with sqlite3 (for start-up and window benchmarks).

``build_project(path, n)`` creates a project file through :meth:`Project.create` (so the schema,
application id and tag set are Curator's own), then writes N events, each with one evidence
passage in one of 100 documents, one or two actors out of 300 and one of 50 places, with dates
spread over ten years, in one transaction with ``executemany``. ``curator check`` passes on the
result. 1,000,000 events take about a minute and ~1 GB of disk.

    .venv/bin/python benchmarks/big_project.py N OUT.curator
"""

from __future__ import annotations

import random
import sqlite3
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

from curator.core.project import Project, text_sha256

STAMP = "2024-01-01T00:00:00.000000Z"
DOCS, ACTORS, PLACES = 100, 300, 50
SENTENCE = "On 3 May 2014 the 😀 council met in Aleppo; talks went on for days. "
CHUNK = 50_000


def _common() -> tuple:
    return (str(uuid.uuid4()), STAMP, STAMP, "bench", None)


def build_project(path: str | Path, n: int, seed: int = 7) -> Path:
    """Write a project of ``n`` events to ``path`` (which must not exist)."""
    path = Path(path)
    Project.create(path, "bench").close()
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("BEGIN IMMEDIATE")
    per_doc = -(-n // DOCS)
    text = SENTENCE * per_doc
    conn.executemany(
        "INSERT INTO document (uid, created_at, updated_at, created_by, deleted_at, id, title, source_kind,"
        " author, published, published_inferred, source, filename, encoding, text, sha256)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(*_common(), d + 1, f"report {d}", "report", "", "2014", False, "", f"{d}.txt", "utf-8", text,
          text_sha256(text)) for d in range(DOCS)])
    actors = [(*_common(), a + 1, f"actor {a:03d}", "group" if a % 3 else "person", "", None, None, "")
              for a in range(ACTORS)]
    actors += [(*_common(), ACTORS + p + 1, f"place {p:02d}", "place", "", 36.0 + p / 100, 37.0 + p / 100, "")
               for p in range(PLACES)]
    conn.executemany(
        "INSERT INTO actor (uid, created_at, updated_at, created_by, deleted_at, id, name, kind, aliases,"
        " latitude, longitude, merged_into) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", actors)
    first_day = date(2010, 1, 1)
    length = len(SENTENCE)
    for base in range(0, n, CHUNK):
        events, spans, evidence, links = [], [], [], []
        for i in range(base, min(n, base + CHUNK)):
            eid = i + 1
            first = first_day + timedelta(days=rng.randrange(3650))
            last = first + timedelta(days=rng.choice((0, 0, 0, 2, 9, 30)))
            edtf = first.isoformat() if first == last else f"{first}/{last}"
            place = ACTORS + 1 + rng.randrange(PLACES) if i % 4 else None
            events.append((*_common(), eid, f"event {rng.randrange(10**6):06d}", "", "", place, edtf,
                           first.isoformat(), last.isoformat(), edtf))
            start = (i // DOCS) * length
            spans.append((*_common(), eid, i % DOCS + 1, start, start + length - 1, SENTENCE[:-1], None, "", None))
            evidence.append((*_common(), eid, eid, eid))
            for actor in {rng.randrange(ACTORS) + 1 for _ in range(1 + i % 2)}:
                links.append((*_common(), eid, actor, "" if i % 5 else "attacker"))
        conn.executemany(
            "INSERT INTO event (uid, created_at, updated_at, created_by, deleted_at, id, title, description,"
            " location, place_id, edtf, earliest, latest, date_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            events)
        conn.executemany(
            "INSERT INTO span (uid, created_at, updated_at, created_by, deleted_at, id, document_id, start,"
            ' "end", quote, tag_id, note, actor_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)', spans)
        conn.executemany(
            "INSERT INTO event_evidence (uid, created_at, updated_at, created_by, deleted_at, id, event_id,"
            " span_id) VALUES (?,?,?,?,?,?,?,?)", evidence)
        conn.executemany(
            "INSERT INTO event_actor (uid, created_at, updated_at, created_by, deleted_at, event_id,"
            " actor_id, role) VALUES (?,?,?,?,?,?,?,?)", links)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out = build_project(sys.argv[2], int(sys.argv[1]))
    print(out)
