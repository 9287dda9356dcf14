"""A large, valid project for the window benchmark, written straight with sqlite3.

    .venv/bin/python benchmarks/window_project.py N OUT.curator [--seed S]

N events (1,000,000 in about a minute) dated over 2000-2024, each with an evidence passage in
one of 200 documents, one to three actors out of 400 (a few very active, most rare) and mostly a
place out of 60. Titles are short phrases of a few hundred words (so the quick filter finds
anything from a handful of events to most of them). Dates: exact days, intervals, months, years,
open ends and some undated events, all obeying the date rule: ``curator check`` passes.

The event rows the table lists are derived (schema 5): the triggers mark every event written
here, and :func:`build` has Curator list them before it returns, as opening the file would.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from curator.core import Project  # noqa: E402
from curator.core.tables import text_sha256  # noqa: E402

STAMP = "2024-01-01T00:00:00.000000Z"
DOCS = 200
ACTORS = 400
PLACES = 60
FIRST = date(2000, 1, 1)
DAYS = 25 * 365
SENTENCE = "On {day} the {who} met near {place}; reports of the meeting differ.\n"  # a paragraph each
VERBS = ("clashes", "talks", "protest", "ceasefire", "convoy attacked", "arrests", "strike",
         "elections", "summit", "shelling", "march", "raid", "negotiations", "curfew", "floods")
NOUNS = ("army", "militia", "council", "convoy", "protesters", "police", "rebels", "delegates",
         "workers", "students", "farmers", "ministers", "observers", "journalists", "refugees")
SYLLABLES = ("al", "ber", "kar", "mos", "tal", "zan", "dor", "vel", "qua", "rim", "sol", "nek")
ENDINGS = ("ada", "ibar", "oun", "ezzo", "ia", "ovo", "uk", "ar", "eth", "im")


def _names(rng: random.Random, count: int, parts: int) -> list[str]:
    seen: set[str] = set()
    while len(seen) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(parts)) + rng.choice(ENDINGS)
        seen.add(name.capitalize())
    return sorted(seen)


def _date(rng: random.Random) -> tuple[str, str | None, str | None, str]:
    """(edtf, earliest, latest, date_text) obeying the date rule."""
    kind = rng.random()
    day = FIRST + timedelta(days=rng.randrange(DAYS))
    if kind < 0.62:
        iso = day.isoformat()
        return iso, iso, iso, day.strftime("%-d %B %Y")
    if kind < 0.76:
        last = day + timedelta(days=rng.choice((1, 2, 5, 9, 30, 90)))
        return f"{day}/{last}", day.isoformat(), last.isoformat(), ""
    if kind < 0.86:
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return (f"{first.year}-{first.month:02d}", first.isoformat(),
                (following - timedelta(days=1)).isoformat(), day.strftime("%B %Y"))
    if kind < 0.90:
        return str(day.year), f"{day.year}-01-01", f"{day.year}-12-31", str(day.year)
    if kind < 0.92:
        return f"../{day}", None, day.isoformat(), ""
    if kind < 0.94:
        return f"{day}/..", day.isoformat(), None, ""
    return "", None, None, ""


def write_rows(path: Path, n: int, seed: int = 7) -> None:
    """Fill the empty project at ``path`` with ``n`` events and what they refer to."""
    rng = random.Random(seed)
    people = _names(rng, ACTORS, 2)
    places = _names(rng, PLACES, 1)
    words = [f"{rng.choice(SYLLABLES)}{rng.choice(ENDINGS)}{i}" for i in range(300)]
    per_doc = -(-n // DOCS)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA cache_size = -262144")
    conn.execute("BEGIN IMMEDIATE")
    common = (STAMP, STAMP, "bench", None)
    sentence_at: list[tuple[int, int, str]] = []  # per event: (document id, start, quote)
    for d in range(DOCS):
        pieces, offset = [], 0
        for k in range(per_doc):
            text = SENTENCE.format(day=k, who=NOUNS[k % len(NOUNS)], place=places[k % PLACES])
            if d * per_doc + k < n:
                sentence_at.append((d + 1, offset, text[:-1]))
            pieces.append(text)
            offset += len(text)
        text = "".join(pieces)
        conn.execute(
            "INSERT INTO document (id, uid, created_at, updated_at, created_by, deleted_at, title, "
            "source_kind, author, published, published_inferred, source, filename, encoding, text, "
            "sha256, kind, source_sha256, page_starts, metadata, problems) "
            "VALUES (?,?,?,?,?,?,?,'report','','',0,'',?,'utf-8',?,?,'text','','[]','{}','[]')",
            (d + 1, uuid.uuid4().hex, *common, f"Report {d + 1:03d} on {rng.choice(places)}",
             f"report-{d + 1}.txt", text, text_sha256(text)))
    actor_rows = [(i + 1, uuid.uuid4().hex, *common, name, "person" if i % 3 else "group")
                  for i, name in enumerate(people)]
    actor_rows += [(ACTORS + i + 1, uuid.uuid4().hex, *common, name, "place")
                   for i, name in enumerate(places)]
    conn.executemany(
        "INSERT INTO actor (id, uid, created_at, updated_at, created_by, deleted_at, name, kind, "
        "aliases, latitude, longitude, merged_into) VALUES (?,?,?,?,?,?,?,?,'',NULL,NULL,'')",
        actor_rows)
    weights = [1.0 / (i + 1) for i in range(ACTORS)]  # a few very active actors, most rare
    chunk = 100_000
    link_id = 0
    for base in range(0, n, chunk):
        events, spans, evidence, links = [], [], [], []
        for i in range(base + 1, min(n, base + chunk) + 1):
            edtf, earliest, latest, written = _date(rng)
            place = rng.randrange(PLACES) if rng.random() < 0.8 else None
            title = (f"{rng.choice(VERBS)} {rng.choice(NOUNS)} {rng.choice(words)}"
                     if rng.random() < 0.995 else "")
            events.append((i, uuid.uuid4().hex, *common, title, "",
                           places[place] if place is not None else "",
                           None if place is None else ACTORS + place + 1,
                           edtf, earliest, latest, written))
            document_id, start, quote = sentence_at[i - 1]
            spans.append((i, uuid.uuid4().hex, *common, document_id, start, start + len(quote), quote))
            evidence.append((i, uuid.uuid4().hex, *common, i, i))
            for actor in {a for a in rng.choices(range(1, ACTORS + 1), weights, k=rng.randint(1, 3))}:
                link_id += 1
                links.append((link_id, uuid.uuid4().hex, *common, i, actor))
        conn.executemany(
            "INSERT INTO event (id, uid, created_at, updated_at, created_by, deleted_at, title, "
            "description, location, place_id, edtf, earliest, latest, date_text) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", events)
        conn.executemany(
            "INSERT INTO span (id, uid, created_at, updated_at, created_by, deleted_at, document_id, "
            "start, \"end\", quote, tag_id, note, actor_id) VALUES (?,?,?,?,?,?,?,?,?,?,NULL,'',NULL)",
            spans)
        conn.executemany(
            "INSERT INTO event_evidence (id, uid, created_at, updated_at, created_by, deleted_at, "
            "event_id, span_id) VALUES (?,?,?,?,?,?,?,?)", evidence)
        conn.executemany(
            "INSERT INTO event_actor (id, uid, created_at, updated_at, created_by, deleted_at, "
            "event_id, actor_id, role) VALUES (?,?,?,?,?,?,?,?,'')", links)
    conn.execute("COMMIT")
    conn.close()


def build(path: Path, n: int, seed: int = 7) -> float:
    """Create ``path`` with ``n`` events; returns the seconds it took."""
    start = time.perf_counter()
    Project.create(path).close()
    write_rows(path, n, seed)
    with Project.open(path):
        pass  # lists the events the rows above added (see the module docstring)
    return time.perf_counter() - start


def main() -> None:
    args = sys.argv[1:]
    seed = 7
    if "--seed" in args:
        at = args.index("--seed")
        seed = int(args[at + 1])
        del args[at:at + 2]
    n, out = int(args[0]), Path(args[1])
    print(f"{n:,} events in {build(out, n, seed):.1f} s: {out}")


if __name__ == "__main__":
    main()
