"""Realism report: each figure of the simulated org beside its published range.

Figures come from the org's Parquet tables (what the store holds), plus ``latents/cases.parquet``
for the two quantities the org does not record (delivery dates, sampled breaches). Ranges live
in ``crmarena/data/studies/realism_ranges.yaml``. ``write_outputs`` writes the figures as
``realism.csv`` and a plot of where each figure falls in its range (``realism.png``).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from crmarena.errors import CrmarenaError
from crmarena.files import read_frame
from crmarena.graph_schema.picklists import ACTIVATED


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    low: float
    high: float
    what: str
    source: str

    @property
    def inside(self) -> bool:
        return bool(self.low <= self.value <= self.high)


def ranges() -> dict[str, dict]:
    with open(Path(str(resources.files("crmarena") / "data" / "studies" / "realism_ranges.yaml")), encoding="utf-8") as fh:
        return yaml.safe_load(fh)["figures"]


def ranges_for(kind: str) -> dict[str, dict]:
    """The figures that apply to an org of ``kind``."""
    return {k: r for k, r in ranges().items() if kind in r.get("kinds", (kind,))}


def _read(org: Path, name: str, cols=None) -> pd.DataFrame:
    f = org / name
    if not f.exists():
        raise CrmarenaError(f"{org} is not a simulated org folder: {name} is missing")
    return read_frame(f, cols)


def _month_levels(orders: pd.DataFrame) -> pd.Series:
    d = pd.to_datetime(orders["effectiveDate"])
    full_years = d.dt.year.value_counts()
    keep = d.dt.year.isin(full_years[full_years > 0].index)
    per_month = d[keep].dt.month.value_counts().reindex(range(1, 13), fill_value=0)
    return per_month / per_month.mean()


def measure(org_dir) -> list[Figure]:
    from crmarena.simulator.config import data
    from crmarena.store.org import open_org

    org = open_org(org_dir).path            # a complete org folder: every table of the schema
    orders = _read(org, "Order.parquet", ["id", "status", "effectiveDate", "accountId"])
    items = _read(org, "OrderItem.parquet", ["id", "orderId", "productId", "quantity", "unitPrice"])
    cases = _read(org, "Case.parquet", ["id", "origin", "createdDate", "closedDate", "accountId", "orderItemId", "issueId"])
    issues = _read(org, "Issue.parquet", ["id", "name"]).set_index("id")["name"]
    hist = _read(org, "CaseHistory.parquet", ["caseId", "field", "oldOwnerId"])
    acc = _read(org, "Account.parquet", ["id", "shippingState"])
    lat = _read(org, "latents/cases.parquet", ["caseId", "violatedArticleId", "deliveryDate"])
    v: dict[str, float] = {}
    active = orders[orders["status"] == ACTIVATED]
    v["contact_rate"] = len(cases) / len(active)
    group = {i["name"]: i["group"] for i in data("issues")["issues"]}
    g = cases["issueId"].map(issues).map(group).value_counts(normalize=True)
    v["where_is_my_order_share"] = g.get("where_is_my_order", 0.0)
    v["returns_share"] = g.get("returns", 0.0)
    v["damaged_or_wrong_share"] = g.get("damaged_or_wrong", 0.0)
    v["items_per_order"] = len(items) / len(orders)
    value = (items["quantity"] * items["unitPrice"]).groupby(items["orderId"]).sum()
    v["order_value"] = float(value.mean())
    per_cust = orders.groupby("accountId").size()
    v["repeat_purchase_rate"] = float((per_cust > 1).mean())
    spend = value.groupby(orders.set_index("id").loc[value.index, "accountId"].to_numpy()).sum().sort_values(ascending=False)
    v["top20_spend_share"] = float(spend.iloc[: max(1, len(spend) // 5)].sum() / spend.sum())
    lv = _month_levels(orders)
    v["november_lift"], v["december_lift"], v["jan_feb_level"] = lv[11], lv[12], (lv[1] + lv[2]) / 2
    from crmarena.simulator.orders import holiday_days

    day = pd.to_datetime(orders["effectiveDate"]).dt.date
    first, last = day.min(), day.max()
    cms = [d for d in holiday_days(first, last) if d.weekday() == 0]
    per_day = day.value_counts()
    v["cyber_monday_factor"] = float(np.mean([per_day.get(d, 0) for d in cms]) / (len(orders) / ((last - first).days + 1)))
    closed = cases.dropna(subset=["closedDate"])
    hours = (closed["closedDate"] - closed["createdDate"]).dt.total_seconds() / 3600
    v["log_handle_time_skew"] = float(pd.Series(np.log(hours)).skew())
    v["median_resolution_hours"] = float(hours.median())
    v["email_resolution_hours"] = float(hours[closed["origin"] == "Email"].median())
    moved = set(hist.dropna(subset=["oldOwnerId"])["caseId"])
    v["transfer_rate"] = float(cases["id"].isin(moved).mean())
    from scipy import stats

    owner = _read(org, "Case.parquet", ["id", "ownerId"]).set_index("id")["ownerId"]
    direct = closed[~closed["id"].isin(moved)]
    logs = np.log(hours[direct.index])
    groups = [x.to_numpy() for _, x in logs.groupby(owner.loc[direct["id"]].to_numpy()) if len(x) > 1]
    v["agent_handle_time_p"] = float(stats.f_oneway(*groups).pvalue) if len(groups) > 2 else float("nan")
    c = cases.sort_values("createdDate")
    nxt = c.groupby("orderItemId")["createdDate"].shift(-1)
    repeat = (nxt - c["createdDate"]) <= pd.Timedelta(days=7)
    v["repeat_contact_rate"] = float(repeat.mean())
    fcr = c["closedDate"].notna() & ~c["id"].isin(moved) & ~repeat
    v["first_contact_resolution"] = float(fcr[c["closedDate"].notna()].mean())
    v["policy_violation_rate"] = float(lat["violatedArticleId"].notna().mean())
    pop = pd.Series({k: s["pop"] for k, s in data("states")["states"].items()})
    share = acc["shippingState"].value_counts(normalize=True)
    v["california_ratio"] = share.get("CA", 0) / (pop["CA"] / pop.sum())
    v["texas_ratio"] = share.get("TX", 0) / (pop["TX"] / pop.sum())
    ci = cases.merge(items[["id", "orderId"]], left_on="orderItemId", right_on="id", suffixes=("", "_i")) \
              .merge(orders[["id", "effectiveDate"]], left_on="orderId", right_on="id", suffixes=("", "_o")) \
              .merge(lat, left_on="id", right_on="caseId").merge(acc, left_on="accountId", right_on="id", suffixes=("", "_a"))
    bd = np.busday_count(pd.to_datetime(ci["effectiveDate"]).to_numpy().astype("datetime64[D]"),
                         pd.to_datetime(ci["deliveryDate"]).to_numpy().astype("datetime64[D]"))
    v["delivery_business_days"] = float(np.median(bd))
    far = ci["shippingState"].isin(["AK", "HI"]).to_numpy()
    v["alaska_hawaii_days"] = float(bd[far].mean()) if far.any() else float("nan")
    from crmarena.queries.orgdata import OrgData
    from crmarena.studies.funnel import funnel_figures

    data_ = OrgData(org)
    v |= funnel_figures(org, data_.today)
    out = []
    for name, r in ranges_for(data_.manifest.get("kind", "b2c")).items():
        out.append(Figure(name, float(v[name]), float(r["low"]), float(r["high"]), r["what"], r["source"]))
    return out


def frame(figures: list[Figure]) -> pd.DataFrame:
    return pd.DataFrame([{"figure": f.name, "simulated": f.value, "low": f.low, "high": f.high,
                          "inside": f.inside, "what": f.what, "source": f.source} for f in figures])


def write_outputs(figures: list[Figure], out_dir: str | Path) -> tuple[Path, Path]:
    """``realism.csv`` (one row per figure) and ``realism.png`` into ``out_dir``."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise CrmarenaError(f"--out {out} is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    csv = out / "realism.csv"
    frame(figures).to_csv(csv, index=False)
    return csv, _plot(figures, out / "realism.png")


def _plot(figures: list[Figure], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pos = [(f.value - f.low) / (f.high - f.low) if f.high > f.low else 0.5 for f in figures]
    fig, ax = plt.subplots(figsize=(7, 0.28 * len(figures) + 1.6))
    y = np.arange(len(figures))[::-1]
    ax.axvspan(0, 1, color="#D8EAD3", label="published range")
    ax.scatter(np.clip(pos, -1, 2), y, c=["#2E7D32" if f.inside else "#C62828" for f in figures], zorder=3)
    ax.set_yticks(y, [f.name for f in figures], fontsize=7)
    ax.set_xlim(-1.05, 2.05)
    ax.set_xlabel("position in the published range (0 = low end, 1 = high end; clipped to [-1, 2])")
    inside = sum(f.inside for f in figures)
    ax.set_title(f"Realism: {inside}/{len(figures)} simulated figures inside their published range", fontsize=10)
    ax.legend(fontsize=7, loc="lower right")
    fig.text(0.01, 0.01, "Green: inside its range; red: outside; no dot: undefined on this org (NaN, counted "
                         "outside). Values and sources in realism.csv.", fontsize=7)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
