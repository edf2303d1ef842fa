"""Episode records as ``eval`` reads them: every line of ``episodes.jsonl`` validated, none skipped silently.

A line that is not JSON, not an object, lacks a field scoring needs, or was cut off mid-write (a
torn last line) is *bad*. ``read_run_episodes`` refuses the first bad line with a ``CrmarenaError``
naming the file and line number, or with ``skip_bad=True`` returns the bad lines beside the records
so the report can count them. (The runner's own reader, ``rundir.read_episodes``, tolerates a torn
tail because a resumed run rewrites it; a score must not.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from crmarena.errors import CrmarenaError


class EpisodeRecord(BaseModel):
    """The fields of one episode line that scoring and the report use (others are kept, unread)."""

    model_config = ConfigDict(extra="allow")

    idx: int = Field(ge=0)
    trial: int = Field(ge=0)
    task: str
    gold: list[str] = Field(min_length=1)
    reward_metric: Literal["exact_match", "fuzzy_match", "refusal"]
    answer: str | None = None
    status: str = "?"
    turns: int = 0
    usage: dict[str, Any] = Field(default_factory=dict)
    cost_usd: float | None = None

    @classmethod
    def parse_line(cls, line: str) -> "EpisodeRecord":
        data = json.loads(line)
        if not isinstance(data, dict):
            raise ValueError(f"a JSON {type(data).__name__}, not an object")
        # report-only fields may be null in hand-made or external episodes; scoring fields may not
        defaults = {"usage": {}, "status": "?", "turns": 0}
        data = {**data, **{k: v for k, v in defaults.items() if data.get(k) is None}}
        return cls.model_validate(data)

    def tokens(self, kind: str) -> int:
        v = self.usage.get(kind)
        return int(v) if isinstance(v, (int, float)) else 0


@dataclass(frozen=True)
class BadLine:
    file: str
    line: int
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "reason": self.reason}


def _reason(e: Exception) -> str:
    if isinstance(e, json.JSONDecodeError):
        return f"not JSON: {e.msg} at column {e.colno}"
    if isinstance(e, ValidationError):
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "record"
        return f"{where}: {err['msg']}"
    return str(e)


def read_run_episodes(path: Path, *, skip_bad: bool = False
                      ) -> tuple[dict[tuple[int, int], EpisodeRecord], list[BadLine]]:
    """The last record of each (idx, trial) of an episodes file, and its bad lines (when skipped)."""
    if not path.exists():
        return {}, []
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        raise CrmarenaError(f"{path} is not UTF-8 text (byte {e.start}); it is not an episodes file") from None
    lines = text.split("\n")
    torn = lines[-1] != ""          # no newline after the last line: the writer died mid-line
    latest: dict[tuple[int, int], EpisodeRecord] = {}
    bad: list[BadLine] = []
    for n, line in enumerate(lines if torn else lines[:-1], 1):
        if not line.strip():
            continue
        try:
            rec = EpisodeRecord.parse_line(line)
        except (ValueError, ValidationError) as e:
            reason = _reason(e)
            if torn and n == len(lines):
                reason = f"truncated last line, no newline (the run stopped mid-write): {reason}"
            b = BadLine(str(path), n, reason)
            if not skip_bad:
                raise CrmarenaError(f"{b.file} line {b.line}: malformed episode ({b.reason}); "
                                    "repair or remove the line, or pass --skip-bad to count and skip it") from None
            bad.append(b)
            continue
        latest[(rec.idx, rec.trial)] = rec
    return latest, bad
