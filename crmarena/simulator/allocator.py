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


def trim(collect: bool = False) -> None:
    """Hand the C heap's free pages back to the kernel (glibc's ``malloc_trim``; elsewhere nothing),
    after a garbage collection when ``collect`` (0.1 s with PyMC loaded: once per run, not per block).

    Called once the shared pieces are drawn, before any block: the catalogue, people and latent draws
    leave freed memory inside the heap that glibc keeps (at 10M cases 255 MB of the 1.64 GB resident
    before the blocks); and after each block, whose thread's arena keeps what it freed.
    """
    import ctypes
    import gc
    import sys

    if not sys.platform.startswith("linux"):
        return
    if collect:
        gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):      # not glibc (musl, ...): its heap is its own business
        pass
