"""What the studies read from an org folder's Parquet tables, and small measures over them.

Shared by ``signatures`` and ``transfer_network`` (each imports this, neither imports the other).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from crmarena.errors import CrmarenaError
from crmarena.files import read_frame
from crmarena.graph_schema.arrow import table_file


def read_table(org_dir: Path, label: str, columns: list[str] | None = None) -> pd.DataFrame:
    path = Path(org_dir) / table_file(label)
    if not path.exists():
        raise CrmarenaError(f"{org_dir} is not an org folder: {path.name} is missing")
    return read_frame(path, columns)


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = all equal, near 1 = one holds everything)."""
    v = np.sort(np.asarray(values, dtype=float))
    if v.sum() == 0:
        return 0.0
    n = len(v)
    return float((2 * np.arange(1, n + 1) - n - 1).dot(v) / (n * v.sum()))
