"""A large, valid project for benchmarks and screenshots, written straight with sqlite3.

    .venv/bin/python benchmarks/big_project.py N OUT.curator [--seed S]

N events (1,000,000 in about a minute) over 1990-2024, shaped like an event dataset: a steady
background, a few conflicts that flare up for months or years, and a weekly rhythm. Each event
has an evidence passage (one of 200 documents), one to three actors out of 400 (a few very
active, most rare) and mostly a place. Dates: 62 % exact days, 12 % exact intervals (days to
months), 9 % months, 4 % years, 5 % approximate days (``~``), 2 % open ends (``../day`` or
``day/..``), 6 % undated. Every row obeys the date rule and ``curator check`` passes.
"""

from __future__ import annotations

import sqlite3
import sys
import time
import uuid
from pathlib import Path

import numpy as np

from curator.core import Project
from curator.core.tables import text_sha256

STAMP = "2024-01-01T00:00:00.000000Z"
DOCS = 200
ACTORS = 400
PLACES = 60
FIRST_DAY = int(np.datetime64("1990-01-01", "D").astype(np.int64))
LAST_DAY = int(np.datetime64("2024-12-31", "D").astype(np.int64))
SENTENCE = "On {day} the {who} clashed near {place}; reports of the fighting differ.\n"  # a paragraph each
WORDS = ("army", "militia", "council", "convoy", "protesters", "police", "rebels", "delegates")
PLACE_NAMES = [f"{a}{b}" for a in ("Al", "Ber", "Kar", "Mos", "Tal", "Zan") for b in
               ("ada", "ibar", "oun", "ezzo", "ia", "ovo", "uk", "ar", "eth", "im")]


def _days(rng: np.random.Generator, n: int) -> np.ndarray:
    """Start days: 45 % uniform background, 55 % in flare-ups (conflicts of months to years)."""
    background = rng.integers(FIRST_DAY, LAST_DAY, n)
    centres = rng.integers(FIRST_DAY + 400, LAST_DAY - 400, 14)
    widths = rng.integers(20, 500, 14).astype(np.float64)
    pick = rng.integers(0, 14, n)
    flare = np.clip(np.round(rng.normal(centres[pick], widths[pick])), FIRST_DAY, LAST_DAY)
    days = np.where(rng.random(n) < 0.45, background, flare).astype(np.int64)
    weekend = ((days + 3) % 7) >= 5  # 1970-01-01 was a Thursday: fewer events at weekends
    shift = rng.random(n) < 0.5
    days[weekend & shift] -= 2
    return np.clip(days, FIRST_DAY, LAST_DAY)


def _iso(day: int) -> str:
    return str(np.datetime64(int(day), "D"))


def _date_fields(kind: int, day: int, length: int) -> tuple[str, str | None, str | None]:
    """(edtf, earliest, latest) for one event of ``kind``."""
    iso = _iso(day)
    if kind == 0:
        return iso, iso, iso
    if kind == 1:
        last = _iso(min(day + length, LAST_DAY))
        return f"{iso}/{last}", iso, last
    if kind == 2:
        month = iso[:7]
        first = np.datetime64(month, "M")
        end = str((first + 1).astype("datetime64[D]") - 1)
        return month, f"{month}-01", end
    if kind == 3:
        return iso[:4], f"{iso[:4]}-01-01", f"{iso[:4]}-12-31"
    if kind == 4:
        return f"{iso}~", iso, iso
    if kind == 5:
        return f"../{iso}", None, iso
    if kind == 6:
        return f"{iso}/..", iso, None
    return "", None, None


def build(path: Path, n: int, seed: int = 7) -> dict:
    """Write a project of ``n`` events at ``path`` (which must not exist); returns counts."""
    rng = np.random.default_rng(seed)
    Project.create(path, annotator="bench").close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN IMMEDIATE")
    common = (STAMP, STAMP, "bench", None)
    tag_id = conn.execute("SELECT id FROM tag WHERE name = 'Event' AND deleted_at IS NULL").fetchone()[0]

    # actors (Zipf-like activity) and places
    names = [f"{WORDS[i % len(WORDS)].capitalize()} group {i:03d}" for i in range(ACTORS)]
    conn.executemany(
        "INSERT INTO actor (id, uid, created_at, updated_at, created_by, deleted_at, name, kind, "
        "aliases, merged_into) VALUES (?,?,?,?,?,?,?,?,'','')",
        [(i + 1, str(uuid.uuid4()), *common, name, "group") for i, name in enumerate(names)]
        + [(ACTORS + 1 + i, str(uuid.uuid4()), *common, place, "place")
           for i, place in enumerate(PLACE_NAMES[:PLACES])])

    # documents: each a run of sentences, one per evidence passage it holds
    per_doc = -(-n // DOCS)
    sentence = SENTENCE.format(day="that day", who="forces", place="the town")
    text_len = len(sentence)
    for d in range(DOCS):
        text = sentence * per_doc
        conn.execute(
            "INSERT INTO document (id, uid, created_at, updated_at, created_by, deleted_at, title, "
            "source_kind, author, published, published_inferred, source, filename, encoding, text, "
            "sha256, kind, source_sha256, page_starts, metadata, problems) "
            "VALUES (?,?,?,?,?,?,?,'report','','',0,'',?,'',?,?,'text','','[]','{}','[]')",
            (d + 1, str(uuid.uuid4()), *common, f"Field report {d + 1:03d}", f"{d + 1}.txt", text,
             text_sha256(text)))

    days = _days(rng, n)
    kinds = rng.choice(8, n, p=[0.62, 0.12, 0.09, 0.04, 0.05, 0.01, 0.01, 0.06])
    lengths = rng.integers(1, 120, n)
    places = np.where(rng.random(n) < 0.75, ACTORS + 1 + rng.integers(0, PLACES, n), 0)
    zipf = np.minimum(rng.zipf(1.6, (n, 3)) - 1, ACTORS - 1)
    n_actors = rng.choice(4, n, p=[0.08, 0.55, 0.3, 0.07])
    quote = sentence[:-1]

    def events():
        for i in range(n):
            edtf, earliest, latest = _date_fields(int(kinds[i]), int(days[i]), int(lengths[i]))
            place = int(places[i]) or None
            yield (i + 1, str(uuid.uuid4()), *common, f"{WORDS[i % 8].capitalize()} clash {i + 1}",
                   "", "" if place else "somewhere", place, edtf, earliest, latest, edtf)

    conn.executemany(
        "INSERT INTO event (id, uid, created_at, updated_at, created_by, deleted_at, title, "
        "description, location, place_id, edtf, earliest, latest, date_text) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", events())

    def spans():
        for i in range(n):
            start = (i // DOCS) * text_len
            yield (i + 1, str(uuid.uuid4()), *common, i % DOCS + 1, start, start + text_len - 1,
                   quote, tag_id)

    conn.executemany(
        "INSERT INTO span (id, uid, created_at, updated_at, created_by, deleted_at, document_id, "
        "start, \"end\", quote, tag_id, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,'')", spans())
    conn.executemany(
        "INSERT INTO event_evidence (id, uid, created_at, updated_at, created_by, deleted_at, "
        "event_id, span_id) VALUES (?,?,?,?,?,?,?,?)",
        ((i + 1, str(uuid.uuid4()), *common, i + 1, i + 1) for i in range(n)))

    def links():
        link = 0
        for i in range(n):
            for actor in dict.fromkeys(zipf[i, :int(n_actors[i])].tolist()):
                link += 1
                yield (link, str(uuid.uuid4()), *common, i + 1, actor + 1, "")

    conn.executemany(
        "INSERT INTO event_actor (id, uid, created_at, updated_at, created_by, deleted_at, "
        "event_id, actor_id, role) VALUES (?,?,?,?,?,?,?,?,?)", links())
    conn.execute("COMMIT")
    counts = {k: conn.execute(f"SELECT COUNT(*) FROM {k}").fetchone()[0]
              for k in ("event", "event_actor", "span", "document", "actor")}
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return counts


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    n, out = int(argv[0]), Path(argv[1])
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 7
    start = time.perf_counter()
    counts = build(out, n, seed)
    print(f"{out}: {counts} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
