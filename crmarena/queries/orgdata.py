"""The org folder as the curators read it: Parquet tables (pandas), the manifest's "today", latents.

Curators sample parameters from the tables (fast, no store round trips); gold answers are never
computed here — they come from the task's Cypher on the store.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from crmarena.errors import CrmarenaError
from crmarena.files import read_frame, read_json_object
from crmarena.graph_schema.arrow import table_file

MANIFEST = "manifest.json"
LATENTS_DIR = "latents"


class OrgData:
    def __init__(self, org_dir: str | Path):
        self.path = Path(org_dir).expanduser().resolve()
        if not (self.path / table_file("Case")).exists():
            raise CrmarenaError(f"{self.path} is not an org folder: {table_file('Case')} is missing")
        self._tables: dict[str, pd.DataFrame] = {}
        self.cache: dict = {}          # curators' derived tables, per org

    def table(self, label: str) -> pd.DataFrame:
        """The whole ``<Label>.parquet`` table (cached; treat as read-only)."""
        if label not in self._tables:
            f = self.path / table_file(label)
            if not f.exists():
                raise CrmarenaError(f"{self.path} is not an org folder: {f.name} is missing")
            self._tables[label] = read_frame(f)
        return self._tables[label]

    @cached_property
    def manifest(self) -> dict:
        f = self.path / MANIFEST
        if not f.is_file():
            return {}
        return read_json_object(f, "org manifest")

    @cached_property
    def today(self) -> date:
        """The org's "today" (manifest), else the day after its last case was created."""
        raw = self.manifest.get("today")
        if raw:
            try:
                return datetime.fromisoformat(str(raw).replace("Z", "+00:00")).date() if "T" in str(raw) \
                    else date.fromisoformat(str(raw))
            except ValueError:
                raise CrmarenaError(f"{self.path / MANIFEST}: bad 'today' value {raw!r}") from None
        last = self.table("Case")["createdDate"].max()
        return (last + pd.Timedelta(days=1)).date()

    @cached_property
    def first_day(self) -> date:
        """The day the org's case history starts."""
        return self.table("Case")["createdDate"].min().date()

    def latents(self, name: str) -> pd.DataFrame | None:
        f = self.path / LATENTS_DIR / f"{name}.parquet"
        return read_frame(f) if f.exists() else None

    @cached_property
    def created(self) -> np.ndarray:
        """Sorted case creation times as naive-UTC datetime64[us] (for window case counts)."""
        t = self.table("Case")["createdDate"].dt.tz_convert("UTC").dt.tz_localize(None)
        return np.sort(t.to_numpy().astype("datetime64[us]"))

    @cached_property
    def case_products(self) -> pd.DataFrame:
        """Cases with their product id (via the order item), issue, owner, account and state."""
        cases = self.table("Case")
        items = self.table("OrderItem")[["id", "productId"]].rename(columns={"id": "orderItemId"})
        acc = self.table("Account")[["id", "shippingState"]].rename(columns={"id": "accountId"})
        return cases.merge(items, on="orderItemId", how="left").merge(acc, on="accountId", how="left")
