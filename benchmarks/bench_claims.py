"""Candidate claims at scale: how long the finder takes on generated events, how much memory it
holds, how many pairs it proposes and how many of the planted re-reports it finds. Prints
figures; no thresholds.

    .venv/bin/python benchmarks/bench_claims.py [N ...]        (default: 10000 100000)
    .venv/bin/python benchmarks/bench_claims.py --stages N     (time each stage of the finder)

The generated events look like a conflict dataset: ten years, 400 places and 300 actors drawn
with a Zipf-like skew (weight 1/rank: a few cities, armies and words appear everywhere), titles of
3-7 words from a 2,000-word vocabulary of made-up words (also skewed), one day for most events and
a week, a month or a year for some, 2,000 documents. One event in ten is re-reported by another
document with a date a day or two off, a changed title word and a different figure: the pairs
the finder is for ("planted"). The events go straight into the finder's columns (no Python
object per event), so the peak is the finder's own; ``claims_project.py`` writes them into a
project file for ``curator claims``.
"""

from __future__ import annotations

import itertools
import random
import resource
import sys
import time
from dataclasses import dataclass
from datetime import date
from typing import Iterator

import numpy as np

from curator.core.claim_columns import EPOCH_ORDINAL, ColumnsBuilder
from curator.core.claim_pairs import Rules, propose


@dataclass
class Generated:
    key: str
    first: int  # day number (days since 1970-01-01)
    last: int
    place: int
    actors: tuple[int, ...]
    title: str
    document: int
    twin_of: int  # the event it re-reports (its position), or -1


def _skewed(rng: random.Random, n: int) -> int:
    """0..n-1, Zipf-like: k drawn with weight 1/(k+1) (the first of 400 places holds 15% of
    the events, the first ten 45%)."""
    if n not in _WEIGHTS:
        _WEIGHTS[n] = list(itertools.accumulate(1 / (k + 1) for k in range(n)))
    return rng.choices(range(n), cum_weights=_WEIGHTS[n])[0]


_WEIGHTS: dict[int, list[float]] = {}
SYLLABLES = [c + v for c in "bdfghklmnprstvz" for v in "aeiou"]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """Made-up words of two to four syllables (few are one letter apart, as in real titles)."""
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))] = None
    return list(words)


def generate(n: int, seed: int = 7) -> Iterator[Generated]:
    rng = random.Random(seed)
    vocab = vocabulary(2000, rng)
    start = date(2010, 1, 1).toordinal() - EPOCH_ORDINAL
    made = 0
    while made < n:
        first = start + rng.randrange(3650)
        width = rng.choices([1, 7, 30, 365], [80, 10, 8, 2])[0]
        place = _skewed(rng, 400)
        actors = tuple(sorted({_skewed(rng, 300) for _ in range(rng.randint(0, 3))}))
        words = [vocab[_skewed(rng, 2000)] for _ in range(rng.randint(3, 7))]
        doc = rng.randrange(2000)
        figure = rng.randint(1, 500)
        yield Generated(f"e{made:07d}", first, first + width - 1, place, actors,
                        " ".join(words) + f" kills {figure}", doc, -1)
        made += 1
        if rng.random() < 0.1 and made < n:  # the same happening told by another document
            shift = rng.randint(0, 2)
            words[rng.randrange(len(words))] = vocab[rng.randrange(2000)]
            other = (doc + 1 + rng.randrange(1999)) % 2000
            yield Generated(f"e{made:07d}", first + shift, first + shift + width - 1, place, actors,
                            " ".join(words) + f" killed at least {figure - rng.randint(0, 9)}", other, made - 1)
            made += 1


def columns(n: int):
    """The generated events as the finder's columns, and the planted pairs (as row pairs)."""
    builder = ColumnsBuilder()
    planted = []
    for k, g in enumerate(generate(n)):
        builder.add(k, g.first, g.last, ("p", g.place), g.title, g.actors, (g.document,))
        if g.twin_of >= 0:
            planted.append((g.twin_of, k))
    return builder.build(np.arange(n)), np.array(planted, np.int64).reshape(-1, 2)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(n: int, rules: Rules = Rules()) -> None:
    t0 = time.perf_counter()
    cols, planted = columns(n)
    t1 = time.perf_counter()
    found = propose(cols, rules)
    t2 = time.perf_counter()
    pairs = set((found.a * n + found.b).tolist())
    hit = sum(int(a * n + b in pairs) for a, b in planted.tolist())
    print(f"{n:>9,} events: columns {t1 - t0:.1f} s, finder {t2 - t1:.1f} s; {len(found):,} proposed "
          f"({len(found) / n:.2f} per event); planted re-reports found {hit:,} of {len(planted):,} "
          f"({hit / max(len(planted), 1):.1%}); process peak {peak_mb():.0f} MB", flush=True)


def stages(n: int, rules: Rules = Rules()) -> None:
    cols, _ = columns(n)
    last = [time.perf_counter(), ""]

    def progress(share: float, stage: str) -> None:
        if stage != last[1]:
            now = time.perf_counter()
            if last[1]:
                print(f"  {last[1]}: {now - last[0]:.1f} s (peak {peak_mb():.0f} MB)", flush=True)
            last[:] = [now, stage]
    propose(cols, rules, progress)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--stages"]:
        stages(int(args[1]))
    else:
        for size in [int(a) for a in args] or [10_000, 100_000]:
            measure(size)
