"""Merging two copies of a project of N events (default 100,000), each with a span and an evidence
link: a `.curator` copy is made, then each side edits 1% of the events (this side the title, the
other side the description of the same events: edits that merge field by field), then the copy
is merged back. Prints the time of the copy, of the merge, and of merging the same file again.

    .venv/bin/python benchmarks/bench_merge.py [N]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from bench_exchange import make_export
from curator.core import Project
from curator.exchange.copy import export_copy
from curator.exchange.json_format import import_json
from curator.exchange.merge_file import merge_file


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "in.json"
        source.write_text(json.dumps(make_export(n), ensure_ascii=False), encoding="utf-8")
        with Project.create(tmp / "a.curator") as a:
            import_json(a, source)
            t0 = time.perf_counter()
            export_copy(a, tmp / "b.curator")
            copy = time.perf_counter() - t0
            with Project.open(tmp / "b.curator") as b:
                with a._read() as conn:
                    edited = [r[0] for r in conn.exec_driver_sql(
                        "SELECT id FROM event ORDER BY id LIMIT ?", (max(1, n // 100),))]
                for event in edited:
                    a.update_event(event, title=f"a {event}")
                    b.update_event(event, description=f"b {event}")
            t0 = time.perf_counter()
            report = merge_file(a, tmp / "b.curator")
            merge = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = merge_file(a, tmp / "b.curator")
            repeat = time.perf_counter() - t0
    print(f"events (each with a span and an evidence link): {n:,}; edited on both sides: {len(edited):,}")
    print(f"export_copy:                   {copy:7.2f} s")
    print(f"merge_file:                    {merge:7.2f} s   merged field by field: "
          f"{report['merged_field_by_field']}, conflicts: {report['conflicts']}")
    print(f"merge_file again (no change):  {repeat:7.2f} s   updated: {again['updated']}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
