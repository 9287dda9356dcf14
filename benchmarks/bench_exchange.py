"""Export and import of N events (default 100,000) with their spans, against plain sqlite3.

Prints, each measured in its own process (so that each peak memory is its own):
  baseline  plain ``sqlite3.executemany`` writing the same rows (documents, events, spans,
            evidence links) into a fresh project file, one transaction, the rows made as they
            are written (a generator: nothing held);
  import    ``import_json`` of the JSON file into a fresh project: read + JSON Schema + data
            checks + merge plan + bulk insert + history;
  export    ``export_json`` of the imported project: read in one read transaction (nothing
            written to the project) + the states held and the sync history + the JSON file;
with the ratio of each to the baseline, the peak memory of each process (ru_maxrss) and the sizes
of the JSON file and of the project it made. The JSON file (format 4, as Curator writes it) is
generated record by record, never held whole.

    .venv/bin/python benchmarks/bench_exchange.py [N] [--repeat R] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Iterator

from curator.core import Project
from curator.core.project import text_sha256

DOCS = 100
STAMP = "2024-01-01T00:00:00.000000Z"
SENTENCE = "On 3 May 2014 the 😀 council met in Aleppo; talks went on for days. "
COMMON = {"created_at": STAMP, "updated_at": STAMP, "created_by": "bench", "deleted_at": None}
KIND_BITS = {"documents": 1, "spans": 2, "events": 3, "evidence": 4}


def _uid(kind: str, i: int) -> str:
    return str(uuid.UUID(int=(KIND_BITS[kind] << 100) | i, version=4))


def _documents(n: int) -> Iterator[dict]:
    text = SENTENCE * -(-n // DOCS)
    sha = text_sha256(text)
    for d in range(DOCS):
        yield {"uid": _uid("documents", d), **COMMON, "title": f"doc {d}", "source_kind": "report",
               "author": "", "published": "", "published_inferred": False, "source": "",
               "filename": f"{d}.txt", "encoding": "", "text": text, "sha256": sha}


def _span(i: int) -> dict:
    start = (i // DOCS) * len(SENTENCE)
    end = start + len(SENTENCE) - 1
    return {"uid": _uid("spans", i), **COMMON, "document": _uid("documents", i % DOCS), "start": start,
            "end": end, "quote": SENTENCE[:-1], "tag": None, "note": "", "actor": None}


def _event(i: int) -> dict:
    return {"uid": _uid("events", i), **COMMON, "title": f"council meeting {i}", "description": "",
            "location": "Aleppo", "edtf": "2014-05-03", "earliest": "2014-05-03", "latest": "2014-05-03",
            "date_text": "3 May 2014", "place": None}


def _evidence(i: int) -> dict:
    return {"uid": _uid("evidence", i), **COMMON, "event": _uid("events", i), "span": _uid("spans", i)}


def _records(n: int) -> dict[str, Iterator[dict]]:
    return {"documents": _documents(n), "tags": iter(()), "actors": iter(()),
            "events": map(_event, range(n)), "spans": map(_span, range(n)),
            "event_actors": iter(()), "evidence": map(_evidence, range(n)),
            "rejected_suggestions": iter(())}


def make_export(n: int) -> dict:
    """The export as one dict (for the benchmarks that want it in memory)."""
    return {"format": "curator-export", "format_version": 4,
            **{key: list(records) for key, records in _records(n).items()}, "sync": {}}


def write_export(n: int, path: Path) -> None:
    """The same export written record by record (format 4, as Curator writes it)."""
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"format":"curator-export","format_version":4')
        for key, records in _records(n).items():
            out.write(f',"{key}":[')
            for i, rec in enumerate(records):
                out.write(("," if i else "") + json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
            out.write("]")
        out.write(',"sync":{}}')


def baseline(path: Path, n: int) -> float:
    """Plain sqlite3.executemany of the same rows into the same tables (ids known up front)."""
    Project.create(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    common = ("uid", "created_at", "updated_at", "created_by", "deleted_at")
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    doc_ids = {_uid("documents", d): d + 1 for d in range(DOCS)}
    conn.executemany(
        "INSERT INTO document (id, uid, created_at, updated_at, created_by, deleted_at, title, "
        "source_kind, author, published, published_inferred, source, filename, encoding, text, sha256, "
        "kind, source_sha256, page_starts, metadata, problems) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'','','[]','{}','[]')",
        ((doc_ids[d["uid"]], *(d[c] for c in common), d["title"], d["source_kind"], d["author"],
          d["published"], False, "", d["filename"], "", d["text"], d["sha256"]) for d in _documents(n)))
    conn.executemany(
        "INSERT INTO event (id, uid, created_at, updated_at, created_by, deleted_at, title, "
        "description, location, edtf, earliest, latest, date_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ((i + 1, *(e[c] for c in common), e["title"], e["description"], e["location"], e["edtf"],
          e["earliest"], e["latest"], e["date_text"]) for i, e in enumerate(map(_event, range(n)))))
    conn.executemany(
        "INSERT INTO span (id, uid, created_at, updated_at, created_by, deleted_at, document_id, "
        "start, \"end\", quote, note) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        ((i + 1, *(s[c] for c in common), doc_ids[s["document"]], s["start"], s["end"], s["quote"],
          s["note"]) for i, s in enumerate(map(_span, range(n)))))
    conn.executemany(
        "INSERT INTO event_evidence (id, uid, created_at, updated_at, created_by, deleted_at, "
        "event_id, span_id) VALUES (?,?,?,?,?,?,?,?)",
        ((i + 1, *(v[c] for c in common), i + 1, i + 1) for i, v in enumerate(map(_evidence, range(n)))))
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase(name: str, n: int, folder: Path) -> None:
    """One measurement, in this process; prints its figures as one JSON line."""
    from curator.exchange.json_format import export_json, import_json

    if name == "baseline":
        seconds = baseline(folder / "baseline.curator", n)
    elif name == "import":
        (folder / "imported.curator").unlink(missing_ok=True)
        with Project.create(folder / "imported.curator") as project:
            t0 = time.perf_counter()
            import_json(project, folder / "in.json")
            seconds = time.perf_counter() - t0
    else:
        with Project.open(folder / "imported.curator") as project:
            t0 = time.perf_counter()
            export_json(project, folder / "out.json")
            seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb()}))


def _run(name: str, n: int, folder: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, str(n), "--phase", name, "--folder", str(folder)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--phase", choices=["baseline", "import", "export"])
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the files")
    args = parser.parse_args()
    if args.phase:
        phase(args.phase, args.n, args.folder)
        return
    with tempfile.TemporaryDirectory(prefix="bench-exchange-", dir=args.keep) as tmp:
        folder = Path(tmp)
        write_export(args.n, folder / "in.json")
        print(f"events (each with a span and an evidence link): {args.n:,}; documents: {DOCS}; "
              f"JSON file {os.path.getsize(folder / 'in.json') / 1e6:,.0f} MB; load average "
              f"{os.getloadavg()[0]:.1f}")
        for run in range(args.repeat):
            (folder / "baseline.curator").unlink(missing_ok=True)
            base = _run("baseline", args.n, folder)
            imp = _run("import", args.n, folder)
            exp = _run("export", args.n, folder)
            size = os.path.getsize(folder / "imported.curator") / 1e6
            print(f"run {run + 1}: load {os.getloadavg()[0]:.1f}")
            print(f"  baseline sqlite3.executemany: {base['seconds']:7.2f} s   peak {base['peak_mb']:6.0f} MB")
            print(f"  import_json:                  {imp['seconds']:7.2f} s   ratio {imp['seconds'] / base['seconds']:4.2f}x"
                  f"   peak {imp['peak_mb']:6.0f} MB   project {size:,.0f} MB")
            print(f"  export_json:                  {exp['seconds']:7.2f} s   ratio {exp['seconds'] / base['seconds']:4.2f}x"
                  f"   peak {exp['peak_mb']:6.0f} MB   file {os.path.getsize(folder / 'out.json') / 1e6:,.0f} MB")


if __name__ == "__main__":
    main()
