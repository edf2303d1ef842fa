"""Agents (User) and customers (Account + Contact): names and addresses from seeded Faker pools.

Faker is called a few thousand times to fill pools (first names, last names, streets, cities, ZIP
codes per state); records then index the pools with numpy, so the cost does not grow with the org.
Customers live in US states in proportion to population (times an online-shopping factor).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crmarena.simulator.config import data
from crmarena.simulator.draws import categorical

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
