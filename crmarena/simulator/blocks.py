"""Blocks: the fixed cut of an org's service records, so any number of workers makes the same org.

The customers are cut into ``ceil(cases / partition.block_cases)`` contiguous ranges; block b holds
its customers' orders and order items, the cases among them, their history, emails and chats, and
their row of ``latents/cases``. Its quotas (orders, items, cases) are the same cut of the org's
totals, and it draws from its own streams (``Streams(seed, b)``), so a block is a pure function of
(seed, settings, b) and of the pieces shared by every block, drawn once before any block and sent to
each: the catalogue, the agents, the latents, the customers' names, states and e-mail addresses and
the id records of the labels a block points at (``BlockContext``).

A block's rows get the row numbers ``b * STRIDE + local row`` (``STRIDE`` = 62^5: the id's last five
base62 digits are the local row, the four before them the block), so its ids need no other block's
counts. Block 0 keeps the plain row numbers and the bare stream names: an org of one block is drawn
exactly as an uncut org.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pyarrow as pa

from crmarena.simulator.latents import SERVICE_LATENTS, module

STRIDE = 62 ** 5
SHARED_LABELS = ("User", "Account", "Contact", "Issue", "KnowledgeArticle", "Product", "Pricebook", "PricebookEntry")
BLOCK_LABELS = ("Order", "OrderItem", "Case", "CaseHistory", "EmailMessage", "LiveChatTranscript", "latents/cases")


@dataclass(frozen=True)
class Block:
    index: int
    first_customer: int
    sizes: object             # the block's Sizes: its customers, orders, items and cases; shared counts as the org's

    @property
    def base(self) -> int:
        return self.index * STRIDE

    @property
    def customers(self) -> slice:
        return slice(self.first_customer, self.first_customer + self.sizes.customers)


def _cut(total: int, n: int) -> np.ndarray:
    """n near-equal parts of ``total`` (the first ones never larger)."""
    bounds = (total * np.arange(n + 1, dtype=np.int64)) // n
    return np.diff(bounds)


def plan_blocks(cfg, sizes) -> list[Block]:
    """The org's blocks (one for any org up to ``partition.block_cases`` cases)."""
    n = int(min(-(-sizes.cases // cfg.partition.block_cases), sizes.customers))
    customers, orders, items, cases = (_cut(getattr(sizes, k), n) for k in ("customers", "orders", "items", "cases"))
    orders = np.maximum(orders, customers)          # every customer's first order
    items = np.maximum(items, orders)               # every order's first item
    first = np.concatenate([[0], np.cumsum(customers)[:-1]])
    return [Block(b, int(first[b]), sizes.model_copy(update=dict(
        customers=int(customers[b]), orders=int(orders[b]), items=int(items[b]), cases=int(cases[b]))))
        for b in range(n)]


@dataclass
class BlockContext:
    """What every block reads, drawn once (pickled to each worker)."""
    cfg: object
    sizes: object             # the org's
    seed: int
    kind: str
    lat: dict                 # the service latents, whole
    cat: object               # catalogue.Catalogue
    cust_state: np.ndarray    # (customers,)
    acc_of: np.ndarray        # (customers,) the account of each customer
    pname: pa.Array           # product names
    cust_first: pa.Array      # (customers,) first names
    agent_first: pa.Array
    agent_last: pa.Array
    cust_mail: pa.Array
    agent_mail: pa.Array
    records: dict             # label -> id records of SHARED_LABELS


def service_latents(lat: dict) -> dict:
    """The latents the service records read (the sales latents stay with the sales side)."""
    return {k: v for k, v in lat.items() if k.split(".", 1)[0] in SERVICE_LATENTS}


def block_latents(ctx: BlockContext, block: Block) -> dict:
    """``ctx.lat`` with every per-customer latent cut to the block's customers."""
    units = {name: module(name).UNIT for name in SERVICE_LATENTS}
    C, cut = ctx.sizes.customers, block.customers
    out = {}
    for k, v in ctx.lat.items():
        per_customer = units[k.split(".", 1)[0]] == "customer" and np.ndim(v) >= 1 and np.shape(v)[0] == C
        out[k] = v[cut] if per_customer else v
    return out


def draw_block(ctx: BlockContext, block: Block, sink) -> dict[str, int]:
    """Draw one block's records and hand its tables to ``sink(name, table, last)``; its row counts."""
    from crmarena.simulator.catalogue import epoch_day
    from crmarena.simulator.cases import build_cases
    from crmarena.simulator.config import data
    from crmarena.simulator.draws import DAY
    from crmarena.simulator.messages import build_messages
    from crmarena.simulator.orders import build_orders
    from crmarena.simulator.seeds import Streams
    from crmarena.simulator.service import case_latents, case_tables, order_tables
    from crmarena.simulator.tables import Assembler

    cfg, bs, streams = ctx.cfg, block.sizes, Streams(ctx.seed, block.index)
    lat, state = block_latents(ctx, block), ctx.cust_state[block.customers]
    orders = build_orders(cfg, bs, streams, lat, ctx.cat, state)
    cases = build_cases(cfg, bs, streams, lat, orders, state)
    msgs = build_messages(cfg, bs, streams, lat, cases, epoch_day(cfg.timeline.today) * DAY,
                          data("policies")["policies"])
    c0 = block.first_customer       # the draws number the block's customers from 0; the tables the org's
    orders, cases = replace(orders, customer=orders.customer + c0), replace(cases, customer=cases.customer + c0)
    a = Assembler(sink, keep=(), kind=ctx.kind, base=block.base, shared=ctx.records)
    order_tables(a, ctx.sizes, orders, ctx.acc_of)
    case_tables(a, streams, ctx, cases, msgs)
    sink("latents/cases", case_latents(a, cases, msgs, orders), True)
    a.counts["latents/cases"] = len(cases.item)
    return a.counts
