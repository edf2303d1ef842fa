"""The service tables of one block (``blocks.py``): orders, order items, cases, their history, emails
and chats, and the block's rows of ``latents/cases``.

Row arguments are the block's own rows (its Assembler adds the block's row base to every id); the
customer, account, user, product and price-book references are the org's rows, whose ids every block
shares (``BlockContext.records``).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from crmarena.graph_schema.picklists import ACTIVATED, DRAFT
from crmarena.simulator import conversation as conv
from crmarena.simulator.cases import FIELDS, STATUSES
from crmarena.simulator.config import CHANNELS
from crmarena.simulator.tables import Assembler, dates, timestamps
from crmarena.simulator.text import strings, take


def order_tables(a: Assembler, sizes, orders, acc_of) -> None:
    P = sizes.products
    a.add("Order", {"status": take(strings([ACTIVATED, DRAFT]), orders.draft.astype(np.int64)),
                    "effectiveDate": dates(orders.day), "accountId": a.ref("Account", acc_of[orders.customer]),
                    "pricebookId": a.ref("Pricebook", orders.book)})
    io = orders.item_order
    a.add("OrderItem", {"quantity": pa.array(orders.item_quantity.astype(np.int64)), "unitPrice": pa.array(orders.item_price),
                        "orderId": a.ref("Order", io), "productId": a.ref("Product", orders.item_product),
                        "pricebookEntryId": a.ref("PricebookEntry", orders.book[io] * P + orders.item_product)})
    a.release("Order")


def case_tables(a: Assembler, streams, ctx, cases, msgs) -> None:
    pname, acc_of = ctx.pname, ctx.acc_of
    subject, desc = conv.case_text(streams, cases, pname)
    a.add("Case", {"subject": subject, "description": desc, "status": take(strings(STATUSES), cases.status),
                   "priority": take(strings(["Low", "Medium", "High"]), cases.priority),
                   "origin": take(strings(CHANNELS), cases.origin), "createdDate": timestamps(cases.created),
                   "closedDate": timestamps(np.maximum(cases.closed, 0), cases.closed < 0),
                   "contactId": a.ref("Contact", cases.customer), "accountId": a.ref("Account", acc_of[cases.customer]),
                   "ownerId": a.ref("User", cases.owner), "orderItemId": a.ref("OrderItem", cases.item),
                   "issueId": a.ref("Issue", cases.issue)})
    a.release("OrderItem")
    a.add("CaseHistory", {"field": take(strings(FIELDS), cases.h_field), "createdDate": timestamps(cases.h_time),
                          "caseId": a.ref("Case", cases.h_case), "oldOwnerId": a.ref("User", cases.h_old),
                          "newOwnerId": a.ref("User", cases.h_new)})
    cust_first, agent_first, agent_last = ctx.cust_first, ctx.agent_first, ctx.agent_last
    breach = conv.breach_lines(streams, msgs, cases, pname)
    mail_pool, n_cust = pa.concat_arrays([ctx.cust_mail, ctx.agent_mail]), len(ctx.cust_mail)
    E = len(msgs.e_case)
    chunks = conv.email_chunks(streams, msgs, cases, subject, desc, pname, cust_first, agent_first, agent_last, breach)
    if E == 0:
        chunks = iter([(0, pa.array([], pa.string()), pa.array([], pa.string()))])
    for start, subj, body in chunks:
        stop = start + len(subj)
        ec, inc, ag = msgs.e_case[start:stop], msgs.e_incoming[start:stop], msgs.e_agent[start:stop]
        a.add("EmailMessage", {"subject": subj, "textBody": body,
                               "fromAddress": take(mail_pool, np.where(inc, cases.customer[ec], n_cust + ag)),
                               "toIds": a.ref_either(inc, "User", ag, "Contact", cases.customer[ec]),
                               "messageDate": timestamps(msgs.e_time[start:stop]), "caseId": a.ref("Case", ec)},
              n=stop - start, first=start, last=stop >= E)
    hc = msgs.h_case
    a.add("LiveChatTranscript", {"body": conv.chat_text(streams, msgs, cases, desc, pname, cust_first, agent_first, breach),
                                 "endTime": timestamps(msgs.h_end), "caseId": a.ref("Case", hc),
                                 "accountId": a.ref("Account", acc_of[cases.customer[hc]]),
                                 "contactId": a.ref("Contact", cases.customer[hc]), "ownerId": a.ref("User", msgs.h_agent)},
          n=len(hc))


def case_latents(a: Assembler, cases, msgs, orders) -> pa.Table:
    """The block's rows of ``latents/cases``: the breach each case carries and the drawn truths."""
    return pa.table({"caseId": a.ref("Case", np.arange(len(cases.item))),
                     "violatedArticleId": a.ref("KnowledgeArticle", msgs.v_article),
                     "violatingAgentId": a.ref("User", msgs.v_agent),
                     "violationEmailId": a.ref("EmailMessage", msgs.v_email),
                     "violationChatId": a.ref("LiveChatTranscript", msgs.v_chat),
                     "drawnTransfers": cases.transfers.astype(np.int64),
                     "drawnHandleHours": cases.handle_hours,
                     "deliveryDate": dates(orders.delivery_day[orders.item_order[cases.item]])})
