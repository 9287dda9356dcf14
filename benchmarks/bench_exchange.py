"""Export and import of N events (default 100,000) with their spans, against plain sqlite3.

Prints three figures and two ratios:
  baseline  plain ``sqlite3.executemany`` writing the same rows (documents, events, spans,
            evidence links) into a fresh project file, one transaction;
  import    ``import_json``: read + JSON Schema + data checks + merge plan + bulk insert + history;
  export    ``export_json``: read in one read transaction (nothing written to the project) +
            the states held and the sync history + JSON file.

    .venv/bin/python benchmarks/bench_exchange.py [N]
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

from curator.core import Project
from curator.core.project import text_sha256
from curator.exchange.json_format import export_json, import_json

DOCS = 100
STAMP = "2024-01-01T00:00:00.000000Z"
V2_SPAN = {"tag": None, "note": "", "actor": None}  # format 2: an unlabelled passage


def make_export(n: int) -> dict:
    sentence = "On 3 May 2014 the 😀 council met in Aleppo; talks went on for days. "
    per_doc = -(-n // DOCS)
    docs, spans, events, evidence = [], [], [], []
    common = {"created_at": STAMP, "updated_at": STAMP, "created_by": "bench", "deleted_at": None}
    for d in range(DOCS):
        text = sentence * per_doc
        docs.append({"uid": str(uuid.uuid4()), **common, "title": f"doc {d}", "source_kind": "report",
                     "author": "", "published": "", "filename": f"{d}.txt", "text": text,
                     "sha256": text_sha256(text)})
    for i in range(n):
        doc = docs[i % DOCS]
        start = (i // DOCS) * len(sentence)
        end = start + len(sentence) - 1
        span = {"uid": str(uuid.uuid4()), **common, "document": doc["uid"], "start": start,
                "end": end, "quote": doc["text"][start:end], **V2_SPAN}
        event = {"uid": str(uuid.uuid4()), **common, "title": f"council meeting {i}", "description": "",
                 "location": "Aleppo", "edtf": "2014-05-03", "earliest": "2014-05-03",
                 "latest": "2014-05-03", "date_text": "3 May 2014", "place": None}
        spans.append(span)
        events.append(event)
        evidence.append({"uid": str(uuid.uuid4()), **common, "event": event["uid"], "span": span["uid"]})
    return {"format": "curator-export", "format_version": 2, "documents": docs, "tags": [], "spans": spans,
            "events": events, "actors": [], "event_actors": [], "evidence": evidence, "sync": {}}


def baseline(path: Path, data: dict) -> float:
    """Plain sqlite3.executemany of the same rows into the same tables (ids known up front)."""
    Project.create(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    common = ("uid", "created_at", "updated_at", "created_by", "deleted_at")
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    doc_ids = {d["uid"]: i for i, d in enumerate(data["documents"], 1)}
    conn.executemany(
        "INSERT INTO document (id, uid, created_at, updated_at, created_by, deleted_at, title, "
        "source_kind, author, published, published_inferred, source, filename, encoding, text, sha256) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(doc_ids[d["uid"]], *(d[c] for c in common), d["title"], d["source_kind"], d["author"],
          d["published"], False, "", d["filename"], "", d["text"], d["sha256"]) for d in data["documents"]])
    conn.executemany(
        "INSERT INTO event (id, uid, created_at, updated_at, created_by, deleted_at, title, "
        "description, location, edtf, earliest, latest, date_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(i, *(e[c] for c in common), e["title"], e["description"], e["location"], e["edtf"],
          e["earliest"], e["latest"], e["date_text"]) for i, e in enumerate(data["events"], 1)])
    conn.executemany(
        "INSERT INTO span (id, uid, created_at, updated_at, created_by, deleted_at, document_id, "
        "start, \"end\", quote, note) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(i, *(s[c] for c in common), doc_ids[s["document"]], s["start"], s["end"], s["quote"],
          s["note"]) for i, s in enumerate(data["spans"], 1)])
    conn.executemany(
        "INSERT INTO event_evidence (id, uid, created_at, updated_at, created_by, deleted_at, "
        "event_id, span_id) VALUES (?,?,?,?,?,?,?,?)",
        [(i, *(v[c] for c in common), i, i) for i, v in enumerate(data["evidence"], 1)])
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed


def main(n: int) -> None:
    data = make_export(n)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "in.json"
        source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        base = baseline(tmp / "baseline.curator", data)
        with Project.create(tmp / "imported.curator") as project:
            t0 = time.perf_counter()
            import_json(project, source)
            imp = time.perf_counter() - t0
            t0 = time.perf_counter()
            export_json(project, tmp / "out.json")
            exp = time.perf_counter() - t0
    print(f"events (each with a span and an evidence link): {n:,}; documents: {DOCS}")
    print(f"baseline sqlite3.executemany: {base:7.2f} s")
    print(f"import_json:                  {imp:7.2f} s   ratio {imp / base:4.2f}x")
    print(f"export_json:                  {exp:7.2f} s   ratio {exp / base:4.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
