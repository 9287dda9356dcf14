"""Pausing Python's cyclic garbage collector while bulk data is built.

Decoding and checking an export creates millions of small dicts and strings at once, none of them
in reference cycles; the collector would otherwise rescan the whole growing heap again and again
(a third of an import's time at 100,000 events). Reference counting still frees everything.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
