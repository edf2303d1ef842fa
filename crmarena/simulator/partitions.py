"""Who draws the org's blocks (``blocks.py``): threads of this process, or Dask workers.

``--threads N`` (``thread_runner``): N blocks at once in this process, each drawn and written by one
thread (numpy, Arrow and the Parquet writer release the GIL for their work, so two threads keep two
cores busy); memory grows by one block per thread. ``--partitions N [--scheduler ADDRESS]``
(``dask_runner``): the blocks as Dask tasks.

Each block is one Dask task: a worker draws it from the shared context (scattered once to every
worker) and writes its part of each block table straight into the org's unfinished folder
(``<Label>.parquet/part-NNNNN.parquet``), returning only its row counts and the content digests
of its parts (the org's fingerprint needs no second read). A ``LocalCluster`` of N
single-threaded worker processes by default; ``--scheduler`` uses a running cluster instead, whose
workers must see the output folder (a shared file system) and run the same crmarena version.
The blocks, not the workers, decide the org: 1 and N partitions give the same files.

Worker processes are spawned, so a script calling ``simulate_org(..., partitions=N)`` needs the usual
``if __name__ == "__main__":`` guard (each worker imports the main module); the CLI has it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from crmarena.errors import CrmarenaError, ServiceError


def write_block(ctx, block, root: str, parts: int) -> tuple[dict[str, int], dict, dict]:
    """One block's task (a Dask task, or one of ``thread_runner``'s threads): draw ``block`` and write
    its tables under ``root``; its row counts and the content digests of the parts it wrote (for the
    org's fingerprint)."""
    from crmarena.simulator.allocator import simulator_pool, trim
    from crmarena.simulator.blocks import draw_block
    from crmarena.simulator.writer import PartSink

    sink = PartSink(Path(root))
    try:
        with simulator_pool():       # a Dask worker process's own pool (in-process, run() set it already)
            counts = draw_block(ctx, block, lambda name, table, last: sink(name, table, last, block.index, parts))
        trim()                       # the block's freed pages back to the kernel before the next block
        return counts, sink.digests, sink.parts
    finally:
        sink.close()


def default_threads() -> int:
    """Blocks drawn at once in one process by default: one per usable core, at most 4 (past that the
    threads wait for each other's Python work more than they gain)."""
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(4, cores))


def thread_runner(threads: int, writer):
    """``run_blocks`` for ``build.generate``: ``threads`` blocks at once, each written by its own thread
    into ``writer``'s folder (the queued writes of the shared tables finish first). Blocks are pure
    functions of (seed, settings, index), so the org does not depend on ``threads``; on a failure the
    blocks not started are cancelled and the running ones finish before the error propagates (the
    writer then removes the folder). One thread or one block: drawn here, written by the writer's
    background thread (``build.in_process``)."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from crmarena.simulator.build import in_process

    root = writer.tmp

    def run(ctx, blocks) -> list[dict[str, int]]:
        if threads == 1 or len(blocks) == 1:
            return in_process(writer.write)(ctx, blocks)
        writer.drain()
        pool = ThreadPoolExecutor(min(threads, len(blocks)), thread_name_prefix="crmarena-block")
        try:
            futures = {pool.submit(write_block, ctx, b, str(root), len(blocks)): b.index for b in blocks}
            counts = {}
            for f in as_completed(futures):          # the first failure stops the rest at once
                try:
                    n, digests, parts = f.result()
                except OSError as e:
                    raise ServiceError(f"writing the org's blocks to {root} failed: {e.strerror or e}") from None
                writer.add_parts(digests, parts)
                counts[futures[f]] = n
            return [counts[b.index] for b in blocks]
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    return run


def _client(partitions: int, scheduler: str | None, blocks: int):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise CrmarenaError("--partitions and --scheduler need dask.distributed "
                            "(pip install 'dask[distributed]')") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="10s"), None
        except (OSError, TimeoutError, ValueError) as e:
            raise CrmarenaError(f"cannot reach the Dask scheduler at --scheduler {scheduler}: {e}") from None
    import dask

    # Not Dask's default MALLOC_TRIM_THRESHOLD_=65536 for the workers: with it glibc hands every freed
    # array back to the kernel and the next one faults its pages in again (a block then costs 1.5-2x
    # the CPU it costs in one process, measured); the single-thread BLAS settings stay.
    environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ").items()
               if k != "MALLOC_TRIM_THRESHOLD_"}
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        cluster = LocalCluster(n_workers=min(partitions, blocks), threads_per_worker=1, processes=True,
                               dashboard_address=None, memory_limit=0, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def dask_runner(partitions: int, scheduler: str | None, writer):
    """``run_blocks`` for ``build.generate``: the blocks as Dask tasks writing into ``writer``'s folder."""
    root = writer.tmp

    def run(ctx, blocks) -> list[dict[str, int]]:
        client, cluster = _client(partitions, scheduler, len(blocks))
        try:
            shared = client.scatter(ctx, broadcast=True, hash=False)
            futures = [client.submit(write_block, shared, b, str(root), len(blocks), key=f"crmarena-block-{b.index}",
                                     pure=False) for b in blocks]
            counts = []
            for n, digests, parts in client.gather(futures):
                writer.add_parts(digests, parts)
                counts.append(n)
            return counts
        except OSError as e:      # a worker could not write its part (disk full, folder gone)
            raise ServiceError(f"writing the org's blocks to {root} failed: {e.strerror or e}") from None
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    return run
