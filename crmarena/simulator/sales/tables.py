"""The 11 sales tables, and the sales policies as knowledge-article rows (b2b orgs)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crmarena.graph_schema.picklists import allowed
from crmarena.simulator.catalogue import epoch_day
from crmarena.simulator.config import data
from crmarena.simulator.draws import DAY
from crmarena.simulator.people import state_codes
from crmarena.simulator.sales.world import territory_states
from crmarena.simulator.tables import dates, phones, timestamps
from crmarena.simulator.text import strings, take

SEGMENT_LIMIT_LINE = "{segment} accounts: at most {limit}% on any quote line."


def policy_articles() -> list[tuple[str, str, str]]:
    """(title, body, summary) of each sales policy, with the numbers the tasks test."""
    p = data("sales")["policies"]
    limits = p["discount"]["max_line_discount"]
    disc = ("A quote can be approved only if every line's discount stays within the limit of the account's "
            "segment (by number of employees: Small below 100, Mid-Market 100 to 999, Enterprise 1,000 or more). "
            + " ".join(SEGMENT_LIMIT_LINE.format(segment=k, limit=v) for k, v in limits.items())
            + " A quote with any line above its limit must be rejected.")
    rules = " ".join(r["text"] for r in p["configuration"]["rules"])
    conf = p["confidentiality"]
    return [
        (p["discount"]["title"], disc, "The largest line discount a quote may carry, by account segment."),
        (p["configuration"]["title"], rules, "Quantity limits, pack sizes and required companion products on quotes."),
        (p["routing"]["title"], " ".join(p["routing"]["text"].split()), "Which sales rep a new lead goes to."),
        (p["priority"]["title"], " ".join(p["priority"]["text"].split()), "Which open task to work on first."),
        (conf["title"], " ".join(conf["text"].format(rebate=conf["rebate"], margin=conf["margin"]).split()),
         "Internal only: rebates and margin floors."),
    ]


def territory_descriptions() -> list[str]:
    return [f"Covers the {t['name']} territory. States: {', '.join(s)}."
            for t, s in zip(data("sales")["territories"], territory_states())]


def territory_tables(a, world) -> None:
    """The org's territories and who sells in them (drawn once, before any block)."""
    sd = data("sales")
    a.add("Territory", {"name": strings(t["name"] for t in sd["territories"]), "description": strings(territory_descriptions())})
    a.add("UserTerritoryAssociation", {"userId": a.ref("User", world.rep_user), "territoryId": a.ref("Territory", world.rep_territory)})


def sales_tables(a, cfg, world, leads, deals, acts, pools, cat, pname, acc_names: pa.Array) -> None:
    """One block's leads, contracts, opportunities, line items, quotes, quote lines and activities."""
    sd = data("sales")
    first, last = strings(pools.first), strings(pools.last)
    rep_user = world.rep_user
    user = lambda reps: a.ref("User", np.where(np.asarray(reps) >= 0, rep_user[np.maximum(reps, 0)], -1))  # noqa: E731
    # leads
    lf, ll = take(first, leads.first), take(last, leads.last)
    comp = pools.companies.names(leads.company)
    mail = pc.binary_join_element_wise(pc.utf8_lower(lf), ".", pc.utf8_lower(ll), "@",
                                       pools.companies.domains(leads.company), ".example", "")
    conv = leads.status == 2
    a.add("Lead", {"firstName": lf, "lastName": ll, "company": comp,
                   "title": take(strings(sd["companies"]["titles"]), leads.title), "email": mail,
                   "phone": phones(leads.phone), "state": take(strings(state_codes()), leads.state),
                   "status": take(strings(allowed("Lead", "status")), leads.status),
                   "createdDate": timestamps(leads.created), "isConverted": pa.array(conv),
                   "convertedDate": pa.array(np.maximum(leads.converted_day, 0).astype(np.int32), pa.int32(),
                                             mask=~conv).cast(pa.date32()),
                   "ownerId": user(leads.rep), "convertedAccountId": a.ref("Account", leads.account),
                   "convertedContactId": a.ref("Contact", leads.contact)})
    # contracts before opportunities (an opportunity names its contract)
    O = len(deals.account)
    C = len(deals.c_opp)
    t_day = epoch_day(cfg.timeline.today)
    expired = deals.c_start + deals.c_term * 30 < t_day
    c_status = np.where(deals.c_start > t_day, 0, np.where(expired, 2, 1))
    a.add("Contract", {"status": take(strings(allowed("Contract", "status")), c_status),
                       "startDate": dates(deals.c_start), "contractTerm": pa.array(deals.c_term.astype(np.int64)),
                       "companySignedDate": dates(deals.c_company_signed),
                       "customerSignedDate": dates(deals.close_day[deals.c_opp]),
                       "description": strings(f"{int(t)}-month supply agreement." for t in deals.c_term),
                       "accountId": a.ref("Account", deals.account[deals.c_opp])}, n=C)
    contract_of = np.full(O, -1, np.int64)
    contract_of[deals.c_opp] = np.arange(C)
    stage_names = allowed("Opportunity", "stageName")
    prob = np.array([x["probability"] for x in sd["stages"]] + [100, 0], float)
    names = pc.binary_join_element_wise(take(acc_names, deals.account), " - ",
                                        take(strings(cat.category_names), cat.product_category[_first_item(deals)]), " deal", "")
    a.add("Opportunity", {"name": names, "amount": pa.array(np.round(deals.amount, 2)),
                          "probability": pa.array(prob[deals.stage]),
                          "stageName": take(strings(stage_names), deals.stage),
                          "createdDate": timestamps(deals.created), "closeDate": dates(deals.close_day),
                          "description": pc.binary_join_element_wise("Supply of ", take(pname, deals.li_product[_first_idx(deals)]),
                                                                     " and related products.", ""),
                          "accountId": a.ref("Account", deals.account), "contactId": a.ref("Contact", deals.contact),
                          "ownerId": user(deals.rep), "contractId": a.ref("Contract", contract_of[np.arange(O)])})
    a.add("OpportunityLineItem", {"quantity": pa.array(deals.li_quantity), "totalPrice": pa.array(np.round(deals.li_quantity * deals.li_price, 2)),
                                  "opportunityId": a.ref("Opportunity", deals.li_opp),
                                  "productId": a.ref("Product", deals.li_product),
                                  "pricebookEntryId": a.ref("PricebookEntry", deals.li_product)})
    Q = len(deals.q_opp)
    q_names = pc.binary_join_element_wise("Quote for ", take(names, deals.q_opp), "")
    a.add("Quote", {"name": q_names, "status": take(strings(allowed("Quote", "status")), deals.q_status),
                    "createdDate": timestamps(deals.q_created), "expirationDate": dates(deals.q_created // DAY + 30),
                    "description": strings(["Volume pricing as discussed."] * Q),
                    "opportunityId": a.ref("Opportunity", deals.q_opp), "accountId": a.ref("Account", deals.account[deals.q_opp]),
                    "contactId": a.ref("Contact", deals.contact[deals.q_opp])}, n=Q)
    unit = deals.li_price[deals.ql_item]
    a.add("QuoteLineItem", {"quantity": pa.array(deals.ql_quantity), "unitPrice": pa.array(unit),
                            "discount": pa.array(deals.ql_discount),
                            "totalPrice": pa.array(np.round(deals.ql_quantity * unit * (1 - deals.ql_discount / 100), 2)),
                            "quoteId": a.ref("Quote", deals.ql_quote), "opportunityLineItemId": a.ref("OpportunityLineItem", deals.ql_item),
                            "productId": a.ref("Product", deals.li_product[deals.ql_item]),
                            "pricebookEntryId": a.ref("PricebookEntry", deals.li_product[deals.ql_item])}, n=len(deals.ql_quote))
    a.add("Task", {"subject": acts.t_subject, "description": acts.t_desc,
                   "status": take(strings(allowed("Task", "status")), acts.t_status),
                   "priority": take(strings(allowed("Task", "priority")), acts.t_priority),
                   "activityDate": dates(acts.t_day), "ownerId": user(acts.t_rep),
                   "opportunityId": a.ref("Opportunity", acts.t_opp), "leadId": a.ref("Lead", acts.t_lead)},
          n=len(acts.t_opp))
    E = len(acts.e_opp)
    a.add("Event", {"subject": acts.e_subject, "description": pc.binary_join_element_wise(acts.e_subject, " with the buyer.", ""),
                    "startDateTime": timestamps(acts.e_start), "durationInMinutes": pa.array(acts.e_minutes.astype(np.int64)),
                    "isAllDayEvent": pa.array(np.zeros(E, bool)), "location": acts.e_location,
                    "ownerId": user(acts.e_rep), "opportunityId": a.ref("Opportunity", acts.e_opp),
                    "leadId": a.ref("Lead", np.full(E, -1, np.int64))}, n=E)
    vt = acts.v_time
    a.add("VoiceCallTranscript", {"body": acts.v_body, "createdDate": timestamps(vt),
                                  "endTime": timestamps(vt + acts.v_minutes * 60),
                                  "leadId": a.ref("Lead", acts.v_lead), "opportunityId": a.ref("Opportunity", acts.v_opp)},
          n=len(vt))


def _first_idx(deals) -> np.ndarray:
    return np.searchsorted(deals.li_opp, np.arange(len(deals.account)))


def _first_item(deals) -> np.ndarray:
    return deals.li_product[_first_idx(deals)]
