"""Agents (User) and customers (Account + Contact): names and addresses from seeded Faker pools.

Faker is called a few thousand times to fill pools (first names, last names, streets, cities, ZIP
codes per state); records then index the pools with numpy, so the cost does not grow with the org.
Customers live in US states in proportion to population (times an online-shopping factor).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crmarena.simulator.config import data
from crmarena.simulator.draws import categorical
from crmarena.simulator.text import numbers, take

COMPANY_DOMAIN = "summitsports.example"
MAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example", "inbox.example"]
POOL = 1500


@dataclass
class Pools:
    first: list[str]
    last: list[str]
    street: list[str]
    city: list[str]
    zips: list[list[str]]          # per state
    companies: "CompanyNames | None" = None   # company names (leads, b2b accounts), set by build.generate


@dataclass
class People:
    agent_first: np.ndarray        # pool indices
    agent_last: np.ndarray
    cust_first: np.ndarray
    cust_last: np.ndarray
    cust_state: np.ndarray         # state index (states.yaml order)
    cust_street: np.ndarray
    cust_city: np.ndarray
    cust_zip: np.ndarray           # index into the state's ZIP pool
    cust_domain: np.ndarray
    cust_phone: np.ndarray         # 10-digit numbers (int64)
    agent_phone: np.ndarray
    contact_owner: np.ndarray      # agent index owning each contact


def state_codes() -> list[str]:
    return list(data("states")["states"])


def state_weights() -> np.ndarray:
    s = data("states")["states"]
    w = np.array([v["pop"] * v.get("online", 1.0) for v in s.values()])
    return w / w.sum()


def _unique(values, n: int) -> list[str]:
    return list(dict.fromkeys(values))[:n]


def faker_pools(streams) -> Pools:
    from faker import Faker

    def fk(name: str) -> "Faker":
        f = Faker("en_US")
        f.seed_instance(streams.seed_of(f"people.faker.{name}"))
        return f

    f = fk("first")
    first = _unique((f.first_name() for _ in range(POOL * 3)), POOL)
    f = fk("last")
    last = _unique((f.last_name() for _ in range(POOL * 3)), POOL)
    f = fk("street")
    street = _unique((f.street_address() for _ in range(POOL)), POOL)
    f = fk("city")
    city = _unique((f.city() for _ in range(POOL)), POOL // 3)
    f = fk("zip")
    zips = [_unique((f.zipcode_in_state(code) for _ in range(12)), 12) for code in state_codes()]
    return Pools(first, last, street, city, zips)


@dataclass(frozen=True)
class CompanyNames:
    """``n`` distinct company names without holding them: the ``i``-th is base name ``i % H`` (``H``
    distinct Faker names), numbered `` {i // H + 1}`` past the first ``H``. Blocks take the names and
    e-mail domains of their leads' companies from it (at 10M cases the whole pool would be 9.5M strings)."""

    base: pa.Array
    n: int

    def __len__(self) -> int:
        return self.n

    def names(self, idx: np.ndarray) -> pa.Array:
        idx = np.asarray(idx, np.int64)
        h = len(self.base)
        names = take(self.base, idx % h)
        past = idx >= h
        if not past.any():
            return names
        suffix = pc.if_else(pa.array(past), pc.binary_join_element_wise(" ", numbers(idx // h + 1), ""), "")
        return pc.binary_join_element_wise(names, suffix, "")

    def domains(self, idx: np.ndarray) -> pa.Array:
        """The letters of each name, lower-case (numbers and spaces dropped: the base name's)."""
        return take(self._domains, np.asarray(idx, np.int64) % len(self.base))

    @cached_property
    def _domains(self) -> pa.Array:
        return pc.utf8_lower(pc.replace_substring_regex(self.base, r"[^A-Za-z]", ""))


def company_pool(streams, n: int) -> CompanyNames:
    """``n`` distinct company names (Faker last names and a suffix, numbered past the pool)."""
    from crmarena.simulator.config import data

    from faker import Faker

    f = Faker("en_US")
    f.seed_instance(streams.seed_of("people.faker.company"))
    suffixes = data("sales")["companies"]["suffixes"]
    names = _unique((f"{f.last_name()} {f.random_element(suffixes)}" for _ in range(min(n, POOL) * 3)), n)
    return CompanyNames(pa.array(names, pa.string()), n)


@dataclass
class Companies:
    """The b2b org's accounts: companies, each with several contacts (the service side's customers)."""

    name: np.ndarray               # index into Pools.companies (CompanyNames)
    industry: np.ndarray
    segment: np.ndarray            # sales.yaml companies.segments index
    employees: np.ndarray
    state: np.ndarray
    street: np.ndarray
    city: np.ndarray
    zip: np.ndarray
    phone: np.ndarray
    contact_account: np.ndarray    # (C,) the company of each contact
    contact_title: np.ndarray
    contact_phone: np.ndarray


def build_companies(sizes, streams, pools: Pools) -> Companies:
    from crmarena.simulator.config import data

    comp = data("sales")["companies"]
    K, C = sizes.accounts, sizes.customers
    r = streams("people.companies")
    segs = comp["segments"]
    segment = categorical(r, np.array([s["share"] for s in segs]), K)
    med = np.array([s["median_employees"] for s in segs], float)[segment]
    lo, hi = (np.array([s[k] for s in segs])[segment] for k in ("lo", "hi"))
    employees = np.clip(np.round(med * r.lognormal(0.0, 0.6, K)), lo, hi).astype(np.int64)
    state = categorical(r, state_weights(), K)
    n_zip = np.array([len(z) for z in pools.zips])
    rc = streams("people.companies.contacts")
    contact_account = np.concatenate([np.arange(min(K, C)), rc.integers(0, K, max(C - K, 0))])
    return Companies(name=r.permutation(len(pools.companies))[:K], industry=r.integers(0, len(comp["industries"]), K),
                     segment=segment, employees=employees, state=state,
                     street=r.integers(0, len(pools.street), K), city=r.integers(0, len(pools.city), K),
                     zip=(r.random(K) * n_zip[state]).astype(np.int64), phone=r.integers(2_012_000_000, 9_899_999_999, K),
                     contact_account=contact_account, contact_title=rc.integers(0, len(comp["titles"]), C),
                     contact_phone=rc.integers(2_012_000_000, 9_899_999_999, C))


def build_people(cfg, sizes, streams, pools: Pools) -> People:
    A, C = sizes.agents, sizes.customers
    ra, rc = streams("people.agents"), streams("people.customers")
    n_zip = np.array([len(z) for z in pools.zips])
    state = categorical(rc, state_weights(), C)
    return People(
        agent_first=ra.integers(0, len(pools.first), A), agent_last=ra.integers(0, len(pools.last), A),
        cust_first=rc.integers(0, len(pools.first), C), cust_last=rc.integers(0, len(pools.last), C),
        cust_state=state, cust_street=rc.integers(0, len(pools.street), C),
        cust_city=rc.integers(0, len(pools.city), C), cust_zip=(rc.random(C) * n_zip[state]).astype(np.int64),
        cust_domain=rc.integers(0, len(MAIL_DOMAINS), C),
        cust_phone=rc.integers(2_012_000_000, 9_899_999_999, C), agent_phone=ra.integers(2_012_000_000, 9_899_999_999, A),
        contact_owner=streams("people.contact_owner").integers(0, A, C))
