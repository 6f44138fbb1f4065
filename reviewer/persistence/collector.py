"""Keeping Python's cyclic garbage collector out of bulk loads.

Reading an export or unpickling the record cache builds hundreds of thousands of small
objects (records, their dicts and tuples) that hold no reference cycles. With the
collector on, every few hundred allocations it walks the young objects, and as the heap
grows it walks everything: unpickling 100,000 records took 2.2 s with it and 0.5 s
without. The records are freed by reference counting as usual; only the cycle hunt waits.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(lasting: bool = False) -> Iterator[None]:
    """Run the block with the cyclic collector off (back on after, if it was on).

    With `lasting`, what the block built is meant to live as long as the process (the
    loaded records, a reviewer's tables): it is moved out of the collector's sight before
    the collector comes back, or its first full collection would walk it all (0.3 s at
    100,000 records), and walk it again every so often after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if lasting:
            gc.freeze()
        if was_enabled:
            gc.enable()
