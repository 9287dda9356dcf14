"""Groups that pairs make: two pairs sharing a member are one group (union-find). Claim links
make happenings this way, and so do the candidate pairs a report is asked for."""

from __future__ import annotations

from typing import Iterable


def components(pairs: Iterable[tuple[int, int]]) -> dict[int, int]:
    """member -> the smallest member of its group, for every member of a pair."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in parent}
