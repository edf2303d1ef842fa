"""Questions about one product over one window (top issue, monthly trend, case routing's product):
the shared curation pieces."""

from __future__ import annotations

from crmarena.queries.orgdata import OrgData
from crmarena.queries.task import Draft, Intent

def product_names(org: OrgData) -> dict[str, str]:
    p = org.table("Product")
    return dict(zip(p["id"], p["name"]))


def cases_created_in(org: OrgData, w):
    """The org's cases (with product, issue, owner, state) created inside window ``w``."""
    cp = org.case_products
    return cp[(cp["createdDate"] >= w.start) & (cp["createdDate"] < w.stop)]


def product_window_draft(org: OrgData, w, product: str, intent: Intent, band: str, today=None) -> Draft:
    """A draft asking about one product over one window (top issue, monthly trend); ``today`` is the
    instance's own "today" when it has one (default: the org's)."""
    name = product_names(org)[product]
    own = {"today": today.isoformat()} if today is not None else {}
    return Draft(params={"productId": product, **w.as_params()},
                 slots={"product": name, "product_id": product, "window": w.phrase,
                        "Window": w.phrase[0].upper() + w.phrase[1:]},
                 intent=intent, context={"window": w.describe(), "product": name, "product_id": product, **own},
                 band=band, info={"window": w.spec, "productName": name, **own})
