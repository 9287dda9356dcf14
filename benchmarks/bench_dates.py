"""Throughput of the date finder: MB of text per second over the seed corpus repeated.

Run: ``python benchmarks/bench_dates.py [MEGABYTES]`` (default 4). Prints the figures; no
threshold here (the target is at least 1 MB/s).
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from curator.temporal import find_dates

ROOT = Path(__file__).resolve().parent.parent


def corpus(megabytes: float) -> list[str]:
    """The seed texts, repeated until they hold ``megabytes`` MB of UTF-8."""
    seeds = [p.read_bytes().decode("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts, size = [], 0
    while size < megabytes * 1_000_000:
        for text in seeds:
            texts.append(text)
            size += len(text.encode("utf-8"))
    return texts


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 4.0
    texts = corpus(megabytes)
    size = sum(len(t.encode("utf-8")) for t in texts)
    joined = "\n\n".join(texts)
    for label, batch in (("per document", texts), ("one long text", [joined])):
        started = time.perf_counter()
        found = sum(len(find_dates(text, date(2016, 1, 1))) for text in batch)
        seconds = time.perf_counter() - started
        print(f"find_dates {label}: {size / 1e6:.2f} MB in {seconds:.2f} s = "
              f"{size / 1e6 / seconds:.2f} MB/s ({found} dates, {found / seconds:,.0f} dates/s)")


if __name__ == "__main__":
    main()
