"""Blocks and partitions: an org cut into blocks is one consistent org, the same from 1 or N Dask
workers, stored as Parquet dataset folders that pyarrow, pandas and Dask read whole."""

import hashlib
import json

import numpy as np
import pandas as pd
import pyarrow.dataset as ds
import pytest

from crmarena.files import read_frame
from crmarena.fingerprint import compute_fingerprint, org_fingerprint
from crmarena.simulator import simulate_org
from crmarena.simulator.blocks import BLOCK_LABELS, STRIDE, plan_blocks
from crmarena.simulator.config import Sizes, load_config
from crmarena.simulator.ids import checksum_ok

CASES, BLOCK = 3000, 1000


@pytest.fixture(scope="module")
def blocked(org):
    return org(seed=5, cases=CASES, ratios="crmarena", block_cases=BLOCK)


def files(path):
    return {str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*.parquet")) if p.is_file()}


def test_plan_cuts_the_org_totals_into_contiguous_customer_ranges():
    cfg = load_config(None, "crmarena")
    sizes = Sizes.of(cfg, 230_000)
    blocks = plan_blocks(cfg, sizes)
    assert len(blocks) == 5                                        # ceil(230k / 50k)
    assert sum(b.sizes.cases for b in blocks) == sizes.cases
    assert sum(b.sizes.customers for b in blocks) == sizes.customers
    assert [b.first_customer for b in blocks] == list(np.cumsum([0] + [b.sizes.customers for b in blocks[:-1]]))
    assert all(b.sizes.orders >= b.sizes.customers and b.sizes.items >= b.sizes.orders for b in blocks)
    assert all(b.sizes.agents == sizes.agents and b.sizes.products == sizes.products for b in blocks)
    assert len(plan_blocks(cfg, Sizes.of(cfg, 50_000))) == 1


def test_block_tables_are_dataset_folders_of_one_part_per_block(blocked):
    manifest = json.loads((blocked / "manifest.json").read_text())
    assert manifest["blocks"] == CASES // BLOCK and manifest["block_cases"] == BLOCK
    for name in BLOCK_LABELS:
        parts = sorted((blocked / f"{name}.parquet").glob("part-*.parquet"))
        assert [p.name for p in parts] == [f"part-{b:05d}.parquet" for b in range(manifest["blocks"])], name
    assert (blocked / "Account.parquet").is_file() and (blocked / "latents" / "agents.parquet").is_file()
    # pyarrow.dataset, pandas and Dask read a folder whole
    assert ds.dataset(blocked / "Case.parquet").count_rows() == manifest["counts"]["Case"] == CASES
    assert len(pd.read_parquet(blocked / "EmailMessage.parquet")) == manifest["counts"]["EmailMessage"]
    dd = pytest.importorskip("dask.dataframe")
    assert len(dd.read_parquet(str(blocked / "OrderItem.parquet")).compute()) == manifest["counts"]["OrderItem"]


def test_every_reference_resolves_across_blocks_and_stays_in_its_block(blocked):
    ids = {label: set(read_frame(blocked / f"{label}.parquet", ["id"])["id"])
           for label in ("Contact", "User", "OrderItem", "Case", "EmailMessage", "LiveChatTranscript", "Order")}
    for label, got in ids.items():
        assert all(checksum_ok(i) for i in list(got)[:2000]), label
    cases = read_frame(blocked / "Case.parquet", ["id", "contactId", "ownerId", "orderItemId"])
    assert len(ids["Case"]) == len(cases)                            # unique over the blocks
    assert set(cases.contactId) <= ids["Contact"] and set(cases.ownerId) <= ids["User"]
    assert set(cases.orderItemId) <= ids["OrderItem"]
    for label, col in (("EmailMessage", "caseId"), ("LiveChatTranscript", "caseId"), ("CaseHistory", "caseId")):
        assert set(read_frame(blocked / f"{label}.parquet", [col])[col]) <= ids["Case"], label
    lat = read_frame(blocked / "latents" / "cases.parquet")
    assert list(lat.caseId) == list(cases.id)
    assert set(lat.violationEmailId.dropna()) <= ids["EmailMessage"]
    assert set(lat.violationChatId.dropna()) <= ids["LiveChatTranscript"]
    # a block's cases are its own customers' order items: block b's rows are numbered from b * STRIDE
    contacts = read_frame(blocked / "Contact.parquet", ["id"]).reset_index().set_index("id")["index"]
    per_block = CASES // BLOCK
    customers = len(contacts)
    for b, part in enumerate(sorted((blocked / "Case.parquet").glob("part-*.parquet"))):
        rows = contacts[read_frame(part, ["contactId"])["contactId"]].to_numpy()
        lo, hi = customers * b // per_block, customers * (b + 1) // per_block
        assert rows.min() >= lo and rows.max() < hi, b
    assert STRIDE == 62 ** 5


def test_sales_references_resolve_across_blocks(blocked):
    ids = {label: set(read_frame(blocked / f"{label}.parquet", ["id"])["id"])
           for label in ("Lead", "Opportunity", "Contract", "Quote", "OpportunityLineItem", "Account", "User")}
    refs = [("Task", "opportunityId", "Opportunity"), ("Task", "leadId", "Lead"), ("Event", "opportunityId", "Opportunity"),
            ("VoiceCallTranscript", "leadId", "Lead"), ("VoiceCallTranscript", "opportunityId", "Opportunity"),
            ("Opportunity", "contractId", "Contract"), ("Opportunity", "accountId", "Account"),
            ("Quote", "opportunityId", "Opportunity"), ("QuoteLineItem", "quoteId", "Quote"),
            ("QuoteLineItem", "opportunityLineItemId", "OpportunityLineItem"), ("Lead", "ownerId", "User")]
    for label, col, target in refs:
        got = set(read_frame(blocked / f"{label}.parquet", [col])[col].dropna())
        assert got and got <= ids[target], (label, col)
    for name, col, label in (("leads", "leadId", "Lead"), ("quotes", "quoteId", "Quote"),
                             ("opportunities", "opportunityId", "Opportunity")):
        assert set(read_frame(blocked / "latents" / f"{name}.parquet", [col])[col]) == ids[label], name


def test_partitions_on_dask_give_the_same_files_and_fingerprint(blocked, tmp_path):
    config = tmp_path / "blocks.yaml"
    config.write_text(f"partition:\n  block_cases: {BLOCK}\n")
    out = simulate_org(seed=5, cases=CASES, ratios="crmarena", config_file=config, out_dir=tmp_path / "p2",
                       partitions=2)
    assert files(out) == files(blocked)
    assert org_fingerprint(out) == org_fingerprint(blocked)
    assert compute_fingerprint(out, json.loads((out / "manifest.json").read_text())["config_hash"]) \
        == org_fingerprint(blocked)


@pytest.mark.parametrize("threads", [1, 3])
def test_blocks_drawn_by_any_number_of_threads_give_the_same_files(blocked, tmp_path, threads):
    config = tmp_path / "blocks.yaml"
    config.write_text(f"partition:\n  block_cases: {BLOCK}\n")
    out = simulate_org(seed=5, cases=CASES, ratios="crmarena", config_file=config, out_dir=tmp_path / "t",
                       threads=threads)
    assert files(out) == files(blocked)
    assert org_fingerprint(out) == org_fingerprint(blocked)


def test_a_block_failing_on_a_thread_is_the_error_and_no_half_org(tmp_path, monkeypatch):
    import crmarena.simulator.blocks as blocks

    drawn = []
    real = blocks.draw_block

    def draw(ctx, block, sink):
        drawn.append(block.index)
        if block.index == 1:
            raise RuntimeError("block 1 broke")
        return real(ctx, block, sink)

    monkeypatch.setattr(blocks, "draw_block", draw)
    config = tmp_path / "blocks.yaml"
    config.write_text("partition:\n  block_cases: 1000\n")
    with pytest.raises(RuntimeError, match="block 1 broke"):
        simulate_org(seed=5, cases=6000, config_file=config, out_dir=tmp_path / "org", threads=2,
                     latent_backend="numpy")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocks.yaml"]     # no org, no partial folder
    assert len(drawn) < 6                                # the blocks not started were cancelled


def test_an_org_of_one_block_is_the_uncut_org(org, tmp_path):
    one = org(seed=4, cases=600)
    config = tmp_path / "big-blocks.yaml"
    config.write_text("partition:\n  block_cases: 5000\n")
    again = simulate_org(seed=4, cases=600, config_file=config, out_dir=tmp_path / "again")
    assert files(again) == files(one)                  # the block size only matters once it cuts
    # the fingerprint the writer took while writing is the one the files give
    manifest = json.loads((one / "manifest.json").read_text())
    assert compute_fingerprint(one, manifest["config_hash"]) == manifest["fingerprint"]
    assert all((one / f"{name}.parquet").is_file() for name in BLOCK_LABELS)


def test_an_unreachable_scheduler_is_one_error_and_no_half_org(tmp_path):
    from crmarena.errors import CrmarenaError

    with pytest.raises(CrmarenaError, match="cannot reach the Dask scheduler at --scheduler nota::address"):
        simulate_org(seed=2, cases=300, out_dir=tmp_path / "org", scheduler="nota::address", latent_backend="numpy")
    assert list(tmp_path.iterdir()) == []


def test_the_writers_fingerprint_is_the_files_in_any_read_batches(blocked, monkeypatch):
    import crmarena.fingerprint as fp

    manifest = json.loads((blocked / "manifest.json").read_text())
    monkeypatch.setattr(fp, "BATCH_ROWS", 777)         # many reader batches per part, unlike the writer's chunks
    assert compute_fingerprint(blocked, manifest["config_hash"]) == manifest["fingerprint"]
