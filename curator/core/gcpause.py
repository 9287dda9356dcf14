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


def settle_long_lived() -> None:
    """Collect what is garbage now and set every object alive aside from the collector
    (:func:`gc.freeze`): a window's modules, classes, widgets and open project live as long as
    it does, and a full collection that walks them all took 50-100 ms, on whichever thread
    happened to trigger it, holding up the window. Called when a project has been shown: the
    objects set aside before (the project shown until then among them) are given back first, so
    cycles left by what was closed are still collected."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
