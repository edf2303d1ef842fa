"""Seed streams keyed by component name: the one seeding helper of the simulator and the task generator.

Each component (a latent variable, a record step, a text field) draws from its own generator,
seeded by ``SeedSequence([master seed, sha256(name) words])``. A stream depends only on the master
seed and its own name, so ablating one latent or adding a component never shifts any other draw.
"""

from __future__ import annotations

import hashlib
import zlib

import numpy as np


def name_key(name: str) -> list[int]:
    """Four 32-bit words of sha256(name): the name's part of the entropy."""
    d = hashlib.sha256(name.encode("utf-8")).digest()
    return [int.from_bytes(d[i:i + 4], "little") for i in range(0, 16, 4)]


def seed_sequence(seed: int, name: str) -> np.random.SeedSequence:
    if seed < 0:
        raise ValueError("seeds are non-negative integers")
    return np.random.SeedSequence([seed & 0xFFFFFFFF, seed >> 32] + name_key(name))


class Streams:
    """``streams("orders.date")`` -> a fresh ``numpy.random.Generator`` for that component.

    ``block`` keys the streams of one block of the org's records (``simulator/blocks.py``): block b > 0
    draws ``orders.date`` from the stream ``orders.date#b``; block 0 keeps the bare name, so an org of
    one block is drawn exactly as an uncut org.
    """

    def __init__(self, seed: int, block: int = 0):
        self.seed, self.block = int(seed), int(block)
        self._used: set[str] = set()

    def __call__(self, name: str) -> np.random.Generator:
        if name in self._used:   # two components sharing a stream would correlate silently
            raise RuntimeError(f"seed stream {name!r} requested twice")
        self._used.add(name)
        return np.random.default_rng(seed_sequence(self.seed, f"{name}#{self.block}" if self.block else name))

    def seed_of(self, name: str) -> int:
        """A 63-bit integer seed for APIs that take one (Faker)."""
        return int(seed_sequence(self.seed, name).generate_state(2, np.uint64)[0] >> np.uint64(1))


def curation_stream(seed: int, name: str, *extra: int) -> np.random.Generator:
    """The task generator's stream of a task (``extra`` tells a task's several streams apart).

    ``default_rng([seed, crc32(name), *extra])``: an older keying than ``Streams``'s, kept so the task
    files of a seed stay byte-identical; like a ``Streams`` stream it depends on the seed and its name only.
    """
    return np.random.default_rng([seed, zlib.crc32(name.encode()), *extra])
