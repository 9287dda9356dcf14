"""Candidate claims at scale: how long the finder takes on generated events, and how many pairs
it scores and proposes. Prints figures; no thresholds.

    .venv/bin/python benchmarks/bench_claims.py [N ...]     (default: 10000 100000)

The generated events look like a conflict dataset: ten years, 400 places and 300 actors drawn
with a Zipf-like skew (weight 1/rank: a few cities, armies and words appear everywhere), titles of 3-7 words from a
2,000-word vocabulary (also skewed), one day for most events and a week, a month or a year for
some, 2,000 documents. One event in ten is re-reported by another document with a date a day or
two off, a changed title word and a different figure: the pairs the finder is for.
"""

from __future__ import annotations

import itertools
import random
import sys
import time
import resource
from datetime import date, timedelta

from curator.core.claims import ClaimEvent, _Prepared, candidate_pairs, find_candidates


def _skewed(rng: random.Random, n: int) -> int:
    """0..n-1, Zipf-like: k drawn with weight 1/(k+1) (the first of 400 places holds 15% of
    the events, the first ten 45%)."""
    if n not in _WEIGHTS:
        _WEIGHTS[n] = list(itertools.accumulate(1 / (k + 1) for k in range(n)))
    return rng.choices(range(n), cum_weights=_WEIGHTS[n])[0]


_WEIGHTS: dict[int, list[float]] = {}


def generate(n: int, seed: int = 7) -> list[ClaimEvent]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(2000)]
    start = date(2010, 1, 1).toordinal()
    events = []
    while len(events) < n:
        first = start + rng.randrange(3650)
        width = rng.choices([1, 7, 30, 365], [80, 10, 8, 2])[0]
        place = _skewed(rng, 400)
        actors = tuple({(f"a{k}", f"Actor {k}") for k in (_skewed(rng, 300) for _ in range(rng.randint(0, 3)))})
        words = [vocab[_skewed(rng, 2000)] for _ in range(rng.randint(3, 7))]
        doc = rng.randrange(2000)
        figure = rng.randint(1, 500)
        i = len(events)
        events.append(ClaimEvent(
            key=f"e{i}", title=" ".join(words) + f" kills {figure}",
            earliest=date.fromordinal(first).isoformat(), latest=date.fromordinal(first + width - 1).isoformat(),
            place_key=f"p{place}", location=f"Place {place}", actors=actors,
            documents=((f"d{doc}", f"Document {doc}"),)))
        if rng.random() < 0.1 and len(events) < n:  # the same happening told by another document
            shift = rng.randint(0, 2)
            words[rng.randrange(len(words))] = vocab[rng.randrange(2000)]
            other = (doc + 1 + rng.randrange(1999)) % 2000
            events.append(ClaimEvent(
                key=f"e{len(events)}", title=" ".join(words) + f" killed at least {figure - rng.randint(0, 9)}",
                earliest=date.fromordinal(first + shift).isoformat(),
                latest=date.fromordinal(first + shift + width - 1).isoformat(),
                place_key=f"p{place}", location=f"Place {place}", actors=actors,
                documents=((f"d{other}", f"Document {other}"),)))
    return events


def measure(n: int) -> None:
    events = generate(n)
    t0 = time.perf_counter()
    prepared = [_Prepared(e, i) for i, e in enumerate(events)]
    pairs = candidate_pairs(prepared, 7)
    t1 = time.perf_counter()
    found = find_candidates(events)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"{n:>7} events: {len(pairs):>9,} pairs near in time sharing a key (of {n * (n - 1) // 2:,} possible), "
          f"blocking {t1 - t0:.1f} s; find_candidates {t2 - t1:.1f} s in all, "
          f"{len(found):,} proposed; process peak {peak / 2**20:.0f} MB")


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [10_000, 100_000]:
        measure(size)
