"""Blocks: the fixed cut of an org's records, so any number of workers makes the same org.

The customers are cut into ``ceil(cases / partition.block_cases)`` contiguous ranges; block b holds
its customers' orders and order items, the cases among them, their history, emails and chats, and
their row of ``latents/cases``; and the same share of the sales records: its range of leads, its
opportunities (on any account) with their line items, quotes, contracts and activities, and their
latents. Its quotas (orders, items, cases, leads, opportunities) are the same cut of the org's
totals, and it draws from its own streams (``Streams(seed, b)``), so a block is a pure function of
(seed, settings, b) and of the pieces shared by every block, drawn once before any block and sent to
each: the catalogue, the agents, the latents, the customers' names, states and e-mail addresses, the
sales reps, territories and accounts, and the id records of the labels a block points at
(``BlockContext``).

A block's rows get the row numbers ``b * STRIDE + local row`` (``STRIDE`` = 62^5: the id's last five
base62 digits are the local row, the four before them the block), so its ids need no other block's
counts. Block 0 keeps the plain row numbers and the bare stream names: an org of one block is drawn
exactly as an uncut org.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pyarrow as pa

from crmarena.simulator.latents import module

STRIDE = 62 ** 5
SHARED_LABELS = ("User", "Account", "Contact", "Issue", "KnowledgeArticle", "Product", "Pricebook", "PricebookEntry")
SERVICE_BLOCK_LABELS = ("Order", "OrderItem", "Case", "CaseHistory", "EmailMessage", "LiveChatTranscript", "latents/cases")
SALES_BLOCK_LABELS = ("Lead", "Contract", "Opportunity", "OpportunityLineItem", "Quote", "QuoteLineItem", "Task", "Event",
                      "VoiceCallTranscript", "latents/leads", "latents/quotes", "latents/opportunities")
BLOCK_LABELS = SERVICE_BLOCK_LABELS + SALES_BLOCK_LABELS


@dataclass(frozen=True)
class Block:
    index: int
    first_customer: int
    first_lead: int
    sizes: object             # the block's Sizes: its customers, orders, items, cases, leads and opportunities;
                              # the shared counts (agents, products, accounts, reps) as the org's

    @property
    def base(self) -> int:
        return self.index * STRIDE

    @property
    def customers(self) -> slice:
        return slice(self.first_customer, self.first_customer + self.sizes.customers)

    @property
    def leads(self) -> slice:
        return slice(self.first_lead, self.first_lead + self.sizes.leads)


def _cut(total: int, n: int) -> np.ndarray:
    """n near-equal parts of ``total`` (the first ones never larger)."""
    bounds = (total * np.arange(n + 1, dtype=np.int64)) // n
    return np.diff(bounds)


def plan_blocks(cfg, sizes) -> list[Block]:
    """The org's blocks (one for any org up to ``partition.block_cases`` cases)."""
    n = int(min(-(-sizes.cases // cfg.partition.block_cases), sizes.customers))
    keys = ("customers", "orders", "items", "cases", "leads", "opportunities")
    cut = {k: _cut(getattr(sizes, k), n) for k in keys}
    cut["orders"] = np.maximum(cut["orders"], cut["customers"])     # every customer's first order
    cut["items"] = np.maximum(cut["items"], cut["orders"])          # every order's first item
    first = {k: np.concatenate([[0], np.cumsum(cut[k])[:-1]]) for k in ("customers", "leads")}
    return [Block(b, int(first["customers"][b]), int(first["leads"][b]),
                  sizes.model_copy(update={k: int(cut[k][b]) for k in keys})) for b in range(n)]


@dataclass
class BlockContext:
    """What every block reads, drawn once (pickled to each worker)."""
    cfg: object
    sizes: object             # the org's
    seed: int
    kind: str
    lat: dict                 # every latent, whole
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
    pools: object             # people.FakerPools: first and last names, company names
    sales: object             # sales.build.SalesShared: the reps' world, account names and companies


def block_latents(ctx: BlockContext, block: Block) -> dict:
    """``ctx.lat`` with every per-customer and per-lead latent cut to the block's customers and leads."""
    cuts = {"customer": (ctx.sizes.customers, block.customers), "lead": (ctx.sizes.leads, block.leads)}
    out = {}
    for k, v in ctx.lat.items():
        unit = module(k.split(".", 1)[0]).UNIT
        n, cut = cuts.get(unit, (None, None))
        out[k] = v[cut] if n is not None and np.ndim(v) >= 1 and np.shape(v)[0] == n else v
    return out


def draw_block(ctx: BlockContext, block: Block, sink) -> dict[str, int]:
    """Draw one block's records and hand its tables to ``sink(name, table, last)``; its row counts."""
    from crmarena.simulator.catalogue import epoch_day
    from crmarena.simulator.cases import build_cases
    from crmarena.simulator.config import data
    from crmarena.simulator.draws import DAY
    from crmarena.simulator.messages import build_messages
    from crmarena.simulator.orders import build_orders
    from crmarena.simulator.sales.build import build_sales, sales_latent_tables
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
    del orders, cases, msgs
    sales = build_sales(cfg, bs, streams, lat, a, ctx.cat, ctx.pools, ctx.pname, ctx.sales)
    for name, table in sales_latent_tables(a, lat, sales).items():
        sink(f"latents/{name}", table, True)
        a.counts[f"latents/{name}"] = table.num_rows
    return a.counts
