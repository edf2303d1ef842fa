"""Simulator settings: defaults from ``data/simulator/defaults.yaml``, a preset, ``--config`` overrides.

Everything is validated with pydantic at the edge; a bad value raises ``CrmarenaError`` naming the key.
``Sizes`` turns (cases, preset) into exact object counts.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from crmarena.errors import CrmarenaError

CHANNELS = ("Email", "Phone", "Web", "Chat")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Timeline(_Strict):
    start: date
    today: date
    yearly_growth: float = Field(ge=-0.5, le=2.0)

    @model_validator(mode="after")
    def _ordered(self):
        if (self.today - self.start).days < 365:
            raise ValueError("timeline.today must be at least 365 days after timeline.start")
        return self


class Preset(_Strict):
    orders_per_case: float = Field(gt=0.2)
    orders_per_customer: float = Field(ge=1.0)
    items_per_order: float = Field(ge=1.0, le=50)
    agents_per_case: float = Field(gt=0)
    products_per_case: float = Field(gt=0)
    emails_per_case: float = Field(ge=0, le=50)
    channel_mix: dict[str, float]

    @model_validator(mode="after")
    def _channels(self):
        if set(self.channel_mix) != set(CHANNELS) or any(v < 0 for v in self.channel_mix.values()) \
                or sum(self.channel_mix.values()) <= 0:
            raise ValueError(f"channel_mix needs non-negative weights for exactly {', '.join(CHANNELS)}")
        return self


class SizeLimits(_Strict):
    min_agents: int = Field(ge=2)
    max_agents: int = Field(ge=2)
    min_customers: int = Field(ge=1)
    min_products: int = Field(ge=12)
    max_products: int = Field(ge=12)
    draft_order_share: float = Field(ge=0, lt=0.5)
    max_transfers: int = Field(ge=0, le=10)

    @model_validator(mode="after")
    def _bounds(self):
        for what in ("agents", "products"):
            if getattr(self, f"min_{what}") > getattr(self, f"max_{what}"):
                raise ValueError(f"sizes.min_{what} must not exceed sizes.max_{what}")
        return self


class Catalogue(_Strict):
    popularity_shape: float = Field(gt=0)
    price_sigma: float = Field(ge=0)
    promo_discount: tuple[float, float]
    extra_quantity_rate: float = Field(ge=0)


class CaseSettings(_Strict):
    contact_delay_days: dict[str, float]
    business_hours: tuple[int, int]
    handle_log_hours: float
    handle_sigma: float = Field(gt=0)
    channel_log_offset: dict[str, float]
    transfer_log_offset: float
    followup_share: float = Field(ge=0, le=1)
    open_backlog_days: float = Field(gt=0)
    open_share_recent: float = Field(ge=0, le=1)


class SalesSettings(_Strict):
    opportunities_per_case: float = Field(gt=0, le=100)
    leads_per_opportunity: float = Field(gt=0, le=100)
    rep_share: float = Field(gt=0, le=1)
    items_per_opportunity: float = Field(ge=0, le=50)
    quantity_mean: float = Field(ge=0, le=1000)
    segment_units: dict[str, float]
    cycle_median_days: dict[str, float]
    cycle_sigma: float = Field(gt=0, le=3)
    segment_win_offset: dict[str, float]
    quote_share_lost: float = Field(ge=0, le=1)
    conversion_logit: float
    conversion_per_factor: float
    lead_call_share: float = Field(ge=0, le=1)
    tasks_per_stage: float = Field(ge=1, le=20)
    event_share: float = Field(ge=0, le=1)
    wrong_stage_share: float = Field(ge=0, le=0.5)
    invalid_config_share: float = Field(ge=0, le=0.5)

    @model_validator(mode="after")
    def _segments(self):
        names = {s["name"] for s in data("sales")["companies"]["segments"]}
        for what in ("cycle_median_days", "segment_win_offset", "segment_units"):
            if set(getattr(self, what)) != names:
                raise ValueError(f"sales.{what} needs exactly the segments {', '.join(sorted(names))}")
        for what in ("cycle_median_days", "segment_units"):
            if any(v <= 0 for v in getattr(self, what).values()):
                raise ValueError(f"sales.{what} must be positive")
        return self


class Partition(_Strict):
    block_cases: int = Field(ge=1000, le=10_000_000)


class SimConfig(_Strict):
    default_cases: int = Field(ge=1)
    preset: str
    timeline: Timeline
    presets: dict[str, Preset]
    sizes: SizeLimits
    catalogue: Catalogue
    cases: CaseSettings
    sales: SalesSettings
    partition: Partition
    latents: dict[str, dict[str, float | list[float]]]

    @property
    def ratios(self) -> Preset:
        return self.presets[self.preset]

    def latent(self, name: str) -> dict:
        return self.latents[name]

    def digest(self) -> str:
        """sha256 of the effective settings (the manifest's config hash)."""
        return hashlib.sha256(json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()


def quarter_starts(start: date, today: date) -> list[date]:
    """First days of the calendar quarters overlapping [start, today)."""
    out, d = [], date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    while d < today:
        out.append(d)
        d = date(d.year + (d.month == 10), (d.month + 2) % 12 + 1, 1)
    return out


def data_file(name: str) -> Path:
    return Path(str(resources.files("crmarena") / "data" / "simulator" / name))


@lru_cache(maxsize=None)
def data(name: str) -> dict:
    """A data file of ``crmarena/data/simulator`` (issues, policies, catalogue, states)."""
    from crmarena.files import load_yaml

    with open(data_file(name + ".yaml"), encoding="utf-8") as fh:
        return load_yaml(fh)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(base[k], v) if isinstance(v, dict) and isinstance(base.get(k), dict) else v
    return out


def load_config(config_file: str | Path | None = None, ratios: str | None = None) -> SimConfig:
    """Defaults, overridden by ``config_file`` (same nesting), then the ``ratios`` preset name."""
    from crmarena.files import load_yaml, read_yaml_mapping

    raw = load_yaml(data_file("defaults.yaml").read_text(encoding="utf-8"))
    if config_file is not None:
        raw = _merge(raw, read_yaml_mapping(config_file, "config"))
    if ratios is not None:
        raw["preset"] = ratios
    try:
        cfg = SimConfig.model_validate(raw)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "config"
        raise CrmarenaError(f"bad simulator config at {where}: {err['msg']}") from None
    if cfg.preset not in cfg.presets:
        raise CrmarenaError(f"unknown ratios preset {cfg.preset!r} (choose {', '.join(sorted(cfg.presets))})")
    from crmarena.simulator.latents import validate_params

    validate_params(cfg)
    return cfg


class Sizes(BaseModel):
    """Exact object counts of one org (emails, chats and history rows follow from the draws)."""

    model_config = ConfigDict(frozen=True)
    cases: int
    customers: int
    orders: int
    items: int
    agents: int
    products: int
    categories: int
    issues: int
    pricebooks: int
    accounts: int           # b2c: one per customer; b2b: the companies the customers (contacts) work at
    opportunities: int
    leads: int
    reps: int               # the users who sell (the first ``reps`` of a seeded permutation)
    territories: int

    @classmethod
    def of(cls, cfg: SimConfig, cases: int, kind: str = "b2c") -> "Sizes":
        r, lim = cfg.ratios, cfg.sizes
        orders = max(round(cases * r.orders_per_case), 10)
        customers = min(orders, max(lim.min_customers, round(orders / r.orders_per_customer)))
        items = max(orders, round(orders * r.items_per_order))
        categories = len(data("catalogue")["categories"])
        products = int(min(lim.max_products, max(lim.min_products, round(cases * r.products_per_case))))
        quarters = len(quarter_starts(cfg.timeline.start, cfg.timeline.today))
        agents = int(min(lim.max_agents, max(lim.min_agents, round(cases * r.agents_per_case))))
        sales, territories = cfg.sales, len(data("sales")["territories"])
        per_account = data("sales")["companies"]["contacts_per_account"]
        accounts = customers if kind == "b2c" else max(1, round(customers / per_account))
        opportunities = max(20, round(cases * sales.opportunities_per_case))
        return cls(cases=cases, customers=customers, orders=orders, items=items, agents=agents,
                   products=products,
                   categories=categories, issues=len(data("issues")["issues"]), pricebooks=1 + max(1, quarters),
                   accounts=accounts, opportunities=opportunities,
                   leads=max(20, round(opportunities * sales.leads_per_opportunity)),
                   reps=min(agents, max(2 * territories, round(agents * sales.rep_share))), territories=territories)
