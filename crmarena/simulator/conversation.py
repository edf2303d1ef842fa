"""The words of cases, emails and chats (customer's and agent's voice), and the breach lines.

A breach is one sentence in the agent's words stating the concrete violation of the sampled policy
article (policies.yaml ``breach`` templates with the case's product and a number on the wrong side
of the policy's limit), appended to the agent message chosen in ``messages.py``.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crmarena.simulator.config import data
from crmarena.simulator.text import numbers, render, strings, take


def _groups():
    issues = data("issues")["issues"]
    groups = list(data("text")["requests"])
    return np.array([groups.index(i["group"]) for i in issues]), groups


def case_text(streams, cases, pname: pa.Array):
    """(subject, description, phrase index) of every case."""
    t, issues = data("text"), data("issues")["issues"]
    r = streams("text.cases")
    N = len(cases.issue)
    product = take(pname, cases.product)
    issue = take(strings(i["name"] for i in issues), cases.issue)
    phrases = strings(p for i in issues for p in i["phrases"])
    phrase = take(phrases, cases.issue * 3 + r.integers(0, 3, N))
    group, names = _groups()
    requests = strings(x for g in names for x in t["requests"][g])
    request = take(requests, group[cases.issue] * 2 + r.integers(0, 2, N))
    subject = render(t["case_subject"], r.integers(0, len(t["case_subject"]), N), {"issue": issue, "product": product})
    desc = render(t["case_description"], r.integers(0, len(t["case_description"]), N),
                  {"product": product, "phrase": phrase, "request": request})
    return subject, desc


def agent_reply(r, issue: np.ndarray, product: pa.Array) -> pa.Array:
    t = data("text")
    group, names = _groups()
    replies = [x for g in names for x in t["replies"][g]]
    choice = group[issue] * 2 + r.integers(0, 2, len(issue))
    return render(replies, choice, {"product": product})


def breach_lines(streams, msgs, cases, pname: pa.Array) -> pa.Array:
    """Per case: " " + the breach sentence, or "" when no violation was sampled."""
    pol = data("policies")["policies"]
    r = streams("text.breach")
    N = len(cases.issue)
    has = msgs.v_article >= 0
    templates = [""] + [" " + b for p in pol for b in p["breach"]]
    choice = np.where(has, 1 + msgs.v_article * 2 + r.integers(0, 2, N), 0)
    return render(templates, choice, {"product": take(pname, cases.product), "n": numbers(msgs.v_n)})


def merge(mask: np.ndarray, when_true: pa.Array, when_false: pa.Array) -> pa.Array:
    """Rows where ``mask`` from ``when_true`` (computed on those rows only), the others from ``when_false``."""
    t, f = np.flatnonzero(mask), np.flatnonzero(~mask)
    inv = np.empty(len(mask), np.int64)
    inv[np.concatenate([t, f])] = np.arange(len(mask))
    both = pa.concat_arrays([x.combine_chunks() if isinstance(x, pa.ChunkedArray) else x for x in (when_true, when_false)])
    return both.take(pa.array(inv))


def email_chunks(streams, msgs, cases, subject, desc, pname, cust_first, agent_first, agent_last, breach,
                 chunk: int = 400_000):
    """Yield (first row, subject, body) of the emails in chunks of ``chunk`` rows (bounded memory)."""
    t = data("text")
    r = streams("text.emails")
    E = len(msgs.e_case)
    pick_c = r.integers(0, len(t["customer_followups"]), E)
    pick_a = r.integers(0, len(t["agent_followups"]), E)
    pick_r = r.integers(0, 2, E)
    group, _ = _groups()
    replies = [x for g in _groups()[1] for x in t["replies"][g]]
    out = np.flatnonzero(~msgs.e_incoming)
    firsts = out[np.r_[True, msgs.e_case[out][1:] != msgs.e_case[out][:-1]]] if len(out) else out
    first_answer = np.zeros(E, bool)
    first_answer[firsts] = True
    carrier = np.zeros(E, bool)
    carrier[msgs.v_email[msgs.v_email >= 0]] = True
    company = t["company"] + " Customer Care"
    for a in range(0, E, chunk):
        b = min(E, a + chunk)
        ec, inc = msgs.e_case[a:b], msgs.e_incoming[a:b]
        first = take(cust_first, cases.customer[ec])
        subj = merge(msgs.e_first[a:b], take(subject, ec[msgs.e_first[a:b]]),
                     pc.binary_join_element_wise("Re: ", take(subject, ec[~msgs.e_first[a:b]]), ""))
        # customer's words: the case description first, follow-ups later
        i_rows = np.flatnonzero(inc)
        ie = ec[i_rows]
        opening = msgs.e_first[a:b][i_rows]
        follow = render(t["customer_followups"], pick_c[a:b][i_rows][~opening],
                        {"product": take(pname, cases.product[ie[~opening]])})
        words_c = merge(opening, take(desc, ie[opening]), follow)
        body_in = pc.binary_join_element_wise("Hi,\n\n", words_c, "\n\nThanks,\n", first.take(pa.array(i_rows)), "")
        # agent's words: the issue's reply in the first answer, follow-ups later, the breach on its carrier
        o_rows = np.flatnonzero(~inc)
        oe = ec[o_rows]
        fa = first_answer[a:b][o_rows]
        prod = take(pname, cases.product[oe])
        answer = render(replies, group[cases.issue[oe[fa]]] * 2 + pick_r[a:b][o_rows][fa], {"product": prod.filter(pa.array(fa))})
        later = render(t["agent_followups"], pick_a[a:b][o_rows][~fa], {"product": prod.filter(pa.array(~fa))})
        words_a = merge(fa, answer, later)
        words_a = pc.binary_join_element_wise(words_a, pc.if_else(pa.array(carrier[a:b][o_rows]), take(breach, oe), ""), "")
        ag = msgs.e_agent[a:b][o_rows]
        body_out = pc.binary_join_element_wise("Hello ", first.take(pa.array(o_rows)), ",\n\n", words_a,
                                               "\n\nBest regards,\n", take(agent_first, ag), " ", take(agent_last, ag),
                                               "\n", company, "")
        yield a, subj, merge(inc, body_in, body_out)


def chat_text(streams, msgs, cases, desc, pname, cust_first, agent_first, breach):
    t = data("text")
    r = streams("text.chats")
    hc = msgs.h_case
    H = len(hc)
    product = take(pname, cases.product[hc])
    first, agent = take(cust_first, cases.customer[hc]), take(agent_first, msgs.h_agent)
    reply = agent_reply(r, cases.issue[hc], product)
    thanks = take(strings(t["chat_thanks"]), r.integers(0, len(t["chat_thanks"]), H))
    return pc.binary_join_element_wise(
        agent, ": Hi ", first, ", thanks for contacting ", t["company"], ". How can I help you today?\n",
        first, ": ", take(desc, hc), "\n", agent, ": ", reply, take(breach, hc), "\n", first, ": ", thanks, "")
