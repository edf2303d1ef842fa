"""Result values as plain Python, identical across backends.

- datetimes: ``datetime`` with ``tzinfo=timezone.utc`` (Neo4j DateTime and the embedded engine's naive
  UTC TIMESTAMP alike); dates: ``datetime.date``
- integers stay ``int`` (the embedded engine's INT128 sums too); floats are rounded to 12 significant digits (engines sum in different orders)
- durations / intervals: seconds as a float
- nodes: a dict of their non-null properties; relationships: ``{"type": T, **properties}``
- lists and maps recursively; everything else (str, bool, None) as is
"""

from __future__ import annotations

import math
from decimal import Decimal
from datetime import date, datetime, timedelta, timezone
from typing import Any

FLOAT_DIGITS = 12


def norm_float(x: float) -> float:
    if math.isnan(x) or math.isinf(x) or x == 0:
        return x + 0.0
    return float(f"{x:.{FLOAT_DIGITS}g}")


def comparable(v: Any) -> Any:
    """A property value from Arrow or from either store, in a form that compares equal across them."""
    if isinstance(v, datetime):
        return v.astimezone(timezone.utc)
    if isinstance(v, float):
        return norm_float(v)
    return v


def _utc(d: datetime) -> datetime:
    return d.replace(tzinfo=timezone.utc) if d.tzinfo is None else d.astimezone(timezone.utc)


def from_embedded(v: Any) -> Any:
    """Normalise a value returned by the embedded engine (naive datetimes are UTC)."""
    if isinstance(v, bool) or v is None or isinstance(v, (int, str)):
        return v
    if isinstance(v, float):
        return norm_float(v)
    if isinstance(v, Decimal):  # sum() of integers is INT128 there
        return int(v) if v == v.to_integral_value() else norm_float(float(v))
    if isinstance(v, datetime):
        return _utc(v)
    if isinstance(v, date):
        return v
    if isinstance(v, timedelta):
        return norm_float(v.total_seconds())
    if isinstance(v, dict):
        if "_LABEL" in v and "_ID" in v:
            if "_SRC" in v and "_DST" in v:
                return {"type": v["_LABEL"], **{k: from_embedded(x) for k, x in v.items()
                                                if not k.startswith("_") and x is not None}}
            return {k: from_embedded(x) for k, x in v.items() if not k.startswith("_") and x is not None}
        return {k: from_embedded(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [from_embedded(x) for x in v]
    return v


def from_neo4j(v: Any) -> Any:
    """Normalise a value returned by the official neo4j driver."""
    from neo4j.graph import Node, Path, Relationship
    from neo4j.time import Date, DateTime, Duration

    if isinstance(v, bool) or v is None or isinstance(v, (int, str)):
        return v
    if isinstance(v, float):
        return norm_float(v)
    if isinstance(v, DateTime):
        return _utc(v.to_native())
    if isinstance(v, Date):
        return v.to_native()
    if isinstance(v, Duration):
        return norm_float(v.months * 30 * 86400 + v.days * 86400 + v.seconds + v.nanoseconds / 1e9)
    if isinstance(v, datetime):
        return _utc(v)
    if isinstance(v, date):
        return v
    if isinstance(v, Node):
        return {k: from_neo4j(x) for k, x in dict(v).items()}
    if isinstance(v, Relationship):
        return {"type": v.type, **{k: from_neo4j(x) for k, x in dict(v).items()}}
    if isinstance(v, Path):
        return [from_neo4j(n) for n in v.nodes]
    if isinstance(v, dict):
        return {k: from_neo4j(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [from_neo4j(x) for x in v]
    return v
