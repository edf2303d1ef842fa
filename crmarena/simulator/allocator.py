"""The Arrow memory pool the simulator allocates from: the C library's malloc, not mimalloc.

A block allocates and frees a few hundred MB of short-lived Arrow buffers; Arrow's default mimalloc
pool hands freed pages back to the kernel within milliseconds (its purge delay) and the next block
faults them in again. With the system allocator a 1M-case org (2 threads) took 21.7-23.2 s against
24.0-24.7 s, with 3.1 s of kernel time against 4.5-4.8 s and a lower peak (1.21 against 1.27-1.31
GiB), measured alternately in one session. The pool is process-wide, so it is set for one run and
put back after.
"""

from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def simulator_pool():
    """Allocate Arrow buffers from the system pool inside the block (the previous default after)."""
    import pyarrow as pa

    before = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(before)
