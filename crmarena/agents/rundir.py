"""A run folder: ``run.json`` (what was run) and ``episodes.jsonl`` (one line per finished episode).

Each episode is appended as one JSON line, flushed and fsynced before the next is started, so a
crash or a killed process loses no finished episode. A re-run in the same folder skips the
(task idx, trial) pairs already finished; episodes that ended in a provider/harness ``error`` are
run again and their newer line wins. A torn last line (the process died mid-write) is cut off when
the folder is reopened.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from crmarena.errors import CrmarenaError

MANIFEST = "run.json"
EPISODES = "episodes.jsonl"
# What must match for a re-run to continue a folder (trials may grow; concurrency may change).
IDENTITY = ("agent", "model", "tasks_sha256", "store", "org_fingerprint", "interactive", "privacy_prompt")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_manifest(run_dir: str | os.PathLike) -> dict[str, Any]:
    """The ``run.json`` of a run folder: the one place it is parsed (a JSON object with a known shape)."""
    from crmarena.files import read_json_object

    mf = Path(run_dir) / MANIFEST
    data = read_json_object(mf, "run manifest")
    trials = data.get("trials", 1)
    if isinstance(trials, bool) or not isinstance(trials, int) or trials < 1:
        raise CrmarenaError(f"run manifest {mf}: 'trials' must be a positive integer, got {trials!r}")
    instances = data.get("instances", 0)
    if isinstance(instances, bool) or not isinstance(instances, int) or instances < 0:
        raise CrmarenaError(f"run manifest {mf}: 'instances' must be a non-negative integer, got {instances!r}")
    return data


def _repair_tail(path: Path) -> None:
    """Cut a torn last line (no trailing newline) left by a process that died mid-write."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as f:
        f.seek(-1, os.SEEK_END)
        if f.read(1) == b"\n":
            return
        f.seek(0)
        data = f.read()
        cut = data.rfind(b"\n") + 1
        f.truncate(cut)


def read_episodes(path: Path) -> Iterator[dict[str, Any]]:
    """Episode records of a file in order; unreadable lines (a torn tail) are skipped."""
    if not path.exists():
        return
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(rec, dict) and "idx" in rec and "trial" in rec:
                yield rec


def latest_episodes(path: Path) -> dict[tuple[int, int], dict[str, Any]]:
    """The last record of each (idx, trial)."""
    return {(int(r["idx"]), int(r["trial"])): r for r in read_episodes(path)}


@dataclass
class RunDir:
    path: Path
    manifest: dict[str, Any]

    @property
    def episodes_file(self) -> Path:
        return self.path / EPISODES

    @classmethod
    def open(cls, path: str | os.PathLike, manifest: dict[str, Any]) -> "RunDir":
        """Create the folder, or continue it if it holds a run of the same agent, model, tasks and store."""
        from crmarena.files import make_out_dir, write_text_atomic

        p = make_out_dir(Path(path).expanduser().resolve())
        mf = p / MANIFEST
        if mf.exists():
            old = read_manifest(p)
            diff = [k for k in IDENTITY if old.get(k) != manifest.get(k)]
            if diff:
                raise CrmarenaError(f"{p} holds a run with another {', '.join(diff)} "
                                    f"({', '.join(f'{k}={old.get(k)!r}' for k in diff)}); use another --out folder")
            manifest = {**old, **manifest, "trials": max(int(old.get("trials", 1)), int(manifest["trials"]))}
        write_text_atomic(mf, json.dumps(manifest, indent=2) + "\n")
        run = cls(p, manifest)
        _repair_tail(run.episodes_file)
        return run

    def finished(self) -> set[tuple[int, int]]:
        return {k for k, r in latest_episodes(self.episodes_file).items() if r.get("status") != "error"}


class EpisodeWriter:
    """Appends episode records, one flushed and fsynced line each; safe across threads."""

    def __init__(self, path: Path):
        self._f = open(path, "a", encoding="utf-8")
        self._lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
        with self._lock:
            self._f.write(line)
            self._f.flush()
            os.fsync(self._f.fileno())

    def close(self) -> None:
        self._f.close()

    def __enter__(self) -> "EpisodeWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
