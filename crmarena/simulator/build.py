"""The forward pass: catalogue, people, latents, the sales world -> the blocks (``blocks.py``: orders
-> cases -> messages -> 6 of the 16 service tables; leads -> deals -> activities -> 9 of the 11 sales
tables, ``simulator/sales``).

In a b2b org the customers of the service side are the contacts of companies (``people.Companies``):
orders, cases and chats name the contact's company as their account.

``generate`` runs the steps in dependency order, handing every table to ``sink(name, table, last)``
as soon as it exists (the writer; a block's tables as ``sink(name, table, last, part, parts)``), and returns the row counts and per-phase times. Steps that need
no latent (catalogue, Faker pools, people) run first, while PyMC is imported in the background.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crmarena.simulator.allocator import trim
from crmarena.simulator.blocks import SHARED_LABELS, BlockContext, draw_block, plan_blocks
from crmarena.simulator.catalogue import build_catalogue, epoch_day
from crmarena.simulator.config import data
from crmarena.simulator.draws import DAY
from crmarena.simulator.knowledge import articles, slug
from crmarena.simulator.people import COMPANY_DOMAIN, MAIL_DOMAINS, build_companies, build_people, company_pool, \
    faker_pools, state_codes
from crmarena.simulator.sales.build import sales_shared, shared_latent_tables
from crmarena.simulator.sales.tables import policy_articles
from crmarena.simulator.seeds import Streams
from crmarena.simulator.tables import Assembler, dates, emails, phones, timestamps
from crmarena.simulator.text import product_descriptions, product_names, strings, take


@dataclass
class Generated:
    counts: dict[str, int]
    latents: dict[str, int]
    phases: dict[str, float] = field(default_factory=dict)
    blocks: int = 1


def generate(cfg, sizes, seed: int, ablate: tuple[str, ...], latent_draw, sink, step=lambda name: None,
             kind: str = "b2c", run_blocks=None) -> Generated:
    """``run_blocks(ctx, blocks) -> [row counts per block]`` draws the blocks (``blocks.py``); by
    default one after the other in this process, their tables handed to ``sink(name, table, last,
    part, parts)``."""
    phases: dict[str, float] = {}
    t = [time.perf_counter()]

    def lap(name):
        now = time.perf_counter()
        phases[name] = now - t[0]
        t[0] = now
        step(name)

    streams = Streams(seed)
    a = Assembler(sink, kind=kind)
    cat = build_catalogue(cfg, sizes, streams)
    pools = faker_pools(streams)
    pools.companies = company_pool(streams, sizes.accounts + sizes.leads // 2 if kind == "b2b" else sizes.leads // 2 + 1)
    people = build_people(cfg, sizes, streams, pools)
    companies = build_companies(sizes, streams, pools) if kind == "b2b" else None
    if companies is not None:     # a contact lives where their company is
        people.cust_state = companies.state[companies.contact_account]
    acc_of = companies.contact_account if companies is not None else np.arange(sizes.customers)
    _people_tables(a, sizes, pools, people, companies)
    pname = _catalogue_tables(a, cfg, sizes, cat, kind)
    lap("catalogue and people")
    lat = latent_draw(cfg, sizes, seed, ablate)
    lap("latents")
    shared = sales_shared(sizes, streams, lat, a, pools, people, companies, acc_of)
    blocks = plan_blocks(cfg, sizes)
    ctx = _block_context(a, cfg, sizes, seed, kind, lat, cat, people, pools, acc_of, pname, shared)
    a.kept.clear()                # the blocks read the context only (at 10M cases the people were ~0.5 GB)
    del people, companies
    trim(collect=True)
    for counts in (run_blocks or in_process(sink))(ctx, blocks):
        for label, n in counts.items():
            a.counts[label] = a.counts.get(label, 0) + n
    block_latents = {k.split("/", 1)[1]: a.counts.pop(k) for k in list(a.counts) if k.startswith("latents/")}
    lap("blocks")
    latents = _latent_tables(a, lat, acc_of) | shared_latent_tables(a, lat, shared)
    for name, table in latents.items():
        sink(f"latents/{name}", table, True)
    return Generated(a.counts, {k: v.num_rows for k, v in latents.items()} | block_latents, phases, len(blocks))


def in_process(sink):
    """``run_blocks`` drawing the blocks one after the other here, each table to its part in ``sink``."""
    def run(ctx, blocks) -> list[dict[str, int]]:
        return [draw_block(ctx, b, lambda name, table, last, b=b: sink(name, table, last, b.index, len(blocks)))
                for b in blocks]
    return run


def _block_context(a: Assembler, cfg, sizes, seed, kind, lat, cat, people, pools, acc_of, pname, shared) -> BlockContext:
    first, last = strings(pools.first), strings(pools.last)
    records = {label: a.all_records(label) for label in SHARED_LABELS}
    return BlockContext(cfg=cfg, sizes=sizes, seed=seed, kind=kind, lat=lat, cat=cat,
                        cust_state=people.cust_state, acc_of=acc_of, pname=pname,
                        cust_first=take(first, people.cust_first), agent_first=take(first, people.agent_first),
                        agent_last=take(last, people.agent_last),
                        cust_mail=a.kept["Contact"]["email"].combine_chunks(),
                        agent_mail=a.kept["User"]["email"].combine_chunks(), records=records, pools=pools,
                        sales=shared)


def _people_tables(a: Assembler, sizes, pools, p, companies) -> None:
    A, C = sizes.agents, sizes.customers
    first, last = strings(pools.first), strings(pools.last)
    af, al = take(first, p.agent_first), take(last, p.agent_last)
    a.add("User", {"firstName": af, "lastName": al, "email": emails(af, al, A, COMPANY_DOMAIN),
                   "phone": phones(p.agent_phone),
                   "alias": pc.utf8_lower(pc.binary_join_element_wise(pc.utf8_slice_codeunits(af, 0, 1),
                                                                      pc.utf8_slice_codeunits(al, 0, 4), ""))})
    cf, cl = take(first, p.cust_first), take(last, p.cust_last)
    mail = emails(cf, cl, C, take(strings(MAIL_DOMAINS), p.cust_domain))
    zips = strings(z for zs in pools.zips for z in zs)
    z_off = np.cumsum([0] + [len(z) for z in pools.zips])[:-1]
    if companies is not None:
        _company_tables(a, sizes, pools, p, companies, cf, cl, zips, z_off)
        return
    a.add("Account", {"firstName": cf, "lastName": cl, "personEmail": mail, "phone": phones(p.cust_phone),
                      "shippingStreet": take(strings(pools.street), p.cust_street),
                      "shippingCity": take(strings(pools.city), p.cust_city),
                      "shippingState": take(strings(state_codes()), p.cust_state),
                      "shippingPostalCode": take(zips, z_off[p.cust_state] + p.cust_zip)})
    a.add("Contact", {"firstName": cf, "lastName": cl, "email": mail,
                      "accountId": a.ref("Account", np.arange(C)), "ownerId": a.ref("User", p.contact_owner)})


def _company_tables(a: Assembler, sizes, pools, p, c, cf, cl, zips, z_off) -> None:
    """b2b: Account rows are companies; Contact rows are the people working there (the customers)."""
    comp = data("sales")["companies"]
    a.add("Account", {"name": pools.companies.names(c.name),
                      "industry": take(strings(comp["industries"]), c.industry),
                      "numberOfEmployees": pa.array(c.employees), "phone": phones(c.phone),
                      "shippingStreet": take(strings(pools.street), c.street),
                      "shippingCity": take(strings(pools.city), c.city),
                      "shippingState": take(strings(state_codes()), c.state),
                      "shippingPostalCode": take(zips, z_off[c.state] + c.zip)})
    domain = pc.binary_join_element_wise(pools.companies.domains(c.name[c.contact_account]), ".example", "")
    a.add("Contact", {"firstName": cf, "lastName": cl, "email": emails(cf, cl, sizes.customers, domain),
                      "title": take(strings(comp["titles"]), c.contact_title), "phone": phones(c.contact_phone),
                      "accountId": a.ref("Account", c.contact_account), "ownerId": a.ref("User", p.contact_owner)})


def _catalogue_tables(a: Assembler, cfg, sizes, cat, kind: str) -> pa.Array:
    issues = data("issues")["issues"]
    a.add("Issue", {"name": strings(i["name"] for i in issues), "description": strings(i["description"] for i in issues)})
    arts = [(x.title, x.answer, x.summary, x.url_name) for x in articles()]
    if kind == "b2b":     # the sales policies (their numbers are what quote approval, routing ... test)
        arts += [(t, body, summary, slug(t)) for t, body, summary in policy_articles()]
    a.add("KnowledgeArticle", {"title": strings(x[0] for x in arts), "faqAnswer": strings(x[1] for x in arts),
                               "summary": strings(x[2] for x in arts), "urlName": strings(x[3] for x in arts)})
    P = sizes.products
    a.add("ProductCategory", {"name": strings(cat.category_names)})
    pname = product_names(cat)
    a.add("Product", {"name": pname, "description": product_descriptions(cat, pname), "isActive": pa.array(cat.active)})
    a.add("ProductCategoryProduct", {"productCategoryId": a.ref("ProductCategory", cat.product_category),
                                     "productId": a.ref("Product", np.arange(P))})
    B = len(cat.book_names)
    today = epoch_day(cfg.timeline.today) * DAY
    a.add("Pricebook", {"name": strings(cat.book_names),
                        "isActive": pa.array((cat.book_start < today) & (cat.book_end >= today)),
                        "validFrom": timestamps(cat.book_start), "validTo": timestamps(cat.book_end - 1)})
    a.add("PricebookEntry", {"unitPrice": pa.array(cat.entry_price.ravel()),
                             "pricebookId": a.ref("Pricebook", np.repeat(np.arange(B), P)),
                             "productId": a.ref("Product", np.tile(np.arange(P), B))})
    return pname


def _latent_tables(a: Assembler, lat, acc_of) -> dict[str, pa.Table]:
    """The true latents beside the org (never loaded into the graph)."""
    def mat(x):
        x = np.ascontiguousarray(x, dtype=np.float64)
        return pa.FixedSizeListArray.from_arrays(pa.array(x.ravel()), x.shape[1])

    n = lambda label: a.counts[label]  # noqa: E731
    return {
        "customers": pa.table({"accountId": a.ref("Account", acc_of),
                               "monthWeights": mat(lat["shopping_habit.month_weights"]),
                               "categoryPrefs": mat(lat["shopping_habit.category_prefs"]),
                               "intensity": lat["shopping_habit.intensity"],
                               "complaintPropensity": lat["complaint_habit.propensity"],
                               "channelPrefs": mat(lat["complaint_habit.channel_prefs"])}),
        "agents": pa.table({"userId": a.ref("User", np.arange(n("User"))), "skill": mat(lat["agent_skill.skill"]),
                            "logSpeed": lat["agent_skill.log_speed"], "violationRate": lat["policy_violation.rate"],
                            "articlePrefs": mat(lat["policy_violation.article_prefs"]),
                            "workload": lat["agent_workload.weight"]}),
        "products": pa.table({"productId": a.ref("Product", np.arange(n("Product"))),
                              "defectProfile": mat(lat["product_defect.profile"]),
                              "defectRate": lat["product_defect.rate"]}),
        "states": pa.table({"state": strings(state_codes()), "logOffset": lat["region_speed.log_offset"]}),
    }
