"""Emails and chat transcripts of each case, and where a policy breach is written.

- emails: Email/Web cases open with a customer email and get the agent's reply (2 messages), every
  case gets Poisson more follow-ups so the total is ≈ ``emails_per_case``; messages alternate
  customer/agent and are spread over the case's life (none after today);
- chats: every Chat case has one transcript with the owner at creation;
- breach: the case's agent message (its chat, else its last agent email) carries a violation
  w.p. policy_violation.rate[author]; the article ~ policy_violation.article_prefs[author].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crmarena.simulator.cases import Cases, owner_at
from crmarena.simulator.config import CHANNELS
from crmarena.simulator.draws import rowcat

EMAIL_FIRST = np.array([c in ("Email", "Web") for c in CHANNELS])
CHAT = CHANNELS.index("Chat")


@dataclass
class Messages:
    e_case: np.ndarray        # (E,) sorted by case then time
    e_time: np.ndarray
    e_incoming: np.ndarray    # bool: customer -> agent
    e_agent: np.ndarray       # the agent writing (outgoing) or addressed (incoming)
    e_first: np.ndarray       # bool: first email of its case
    h_case: np.ndarray        # (H,) chats
    h_start: np.ndarray
    h_end: np.ndarray
    h_agent: np.ndarray
    v_article: np.ndarray     # (N,) policy index breached on the case, -1 = none
    v_agent: np.ndarray       # (N,) agent who wrote it, -1
    v_email: np.ndarray       # (N,) email row carrying it, -1
    v_chat: np.ndarray        # (N,) chat row carrying it, -1
    v_n: np.ndarray           # (N,) the number stated in the breach


def build_messages(cfg, sizes, streams, lat, cases: Cases, today: int, policies: list[dict]) -> Messages:
    N = sizes.cases
    r = streams("messages.emails")
    first = EMAIL_FIRST[cases.origin]
    extra = max(0.0, cfg.ratios.emails_per_case - 2 * first.mean())
    n_e = 2 * first + r.poisson(extra, N)
    e_case = np.repeat(np.arange(N), n_e)
    start = np.repeat(np.cumsum(n_e) - n_e, n_e)
    j = np.arange(len(e_case)) - start
    span = (cases.created + (cases.handle_hours * 3600).astype(np.int64) - cases.created)[e_case]
    e_time = cases.created[e_case] + ((j + 0.2 + 0.6 * r.random(len(e_case))) / n_e[e_case] * span).astype(np.int64)
    keep = e_time < today
    e_case, e_time, j = e_case[keep], e_time[keep], j[keep]
    incoming = (j % 2 == 0) == first[e_case]
    agent = owner_at(cases, e_case, e_time)
    # chats
    r = streams("messages.chats")
    h_case = np.flatnonzero(cases.origin == CHAT)
    dur = r.uniform(360, 900, len(h_case)).astype(np.int64)
    h_start = cases.created[h_case]
    h_end = np.minimum(h_start + dur, h_start + np.maximum(((cases.handle_hours[h_case] * 3600) * 0.9).astype(np.int64), 60))
    h_agent = cases.owners[h_case, 0]
    # breaches
    r = streams("messages.violations")
    v_email = np.full(N, -1)
    out = np.flatnonzero(~incoming)
    v_email[e_case[out]] = out                                      # the last agent email of the case
    v_chat = np.full(N, -1)
    v_chat[h_case] = np.arange(len(h_case))
    v_email[v_chat >= 0] = -1
    author = np.where(v_chat >= 0, cases.owners[:, 0], np.where(v_email >= 0, agent[np.maximum(v_email, 0)], -1))
    has = (author >= 0) & (r.random(N) < lat["policy_violation.rate"][np.maximum(author, 0)])
    article = rowcat(r, lat["policy_violation.article_prefs"], np.maximum(author, 0))
    lo = np.array([p["n"][0] for p in policies])[article]
    hi = np.array([p["n"][1] for p in policies])[article]
    v_n = lo + (r.random(N) * (hi - lo + 1)).astype(np.int64)
    v_article = np.where(has, article, -1)
    return Messages(e_case, e_time, incoming, agent, j == 0, h_case, h_start, h_end, h_agent, v_article,
                    np.where(has, author, -1), np.where(has, v_email, -1), np.where(has, v_chat, -1),
                    np.where(has, v_n, 0))
