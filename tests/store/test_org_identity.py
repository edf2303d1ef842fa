"""org_mismatch: a store holds an org folder only when counts, sampled properties and relationships agree
(ids alone cannot tell two orgs of one size apart)."""

from __future__ import annotations

import shutil

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from crmarena.graph_schema.arrow import table_file
from crmarena.store.org import open_org
from crmarena.store.org_identity import org_mismatch, sample_rows
from tests.store.synthetic_org import write_synthetic_org


def _copy(org_dir, dest):
    shutil.copytree(org_dir, dest, ignore=shutil.ignore_patterns("graph.*"))
    return open_org(dest)


def test_the_store_holds_its_own_org(org_dir, embedded):
    assert org_mismatch(embedded, open_org(org_dir)) is None


def test_an_org_of_the_same_size_with_other_values_is_told_apart(embedded, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    write_synthetic_org(other, cases=60, seed=12)
    got = org_mismatch(embedded, open_org(other))
    assert got is not None and "holds other values" in got


def test_another_owner_on_a_sampled_case_is_told_apart(org_dir, embedded, tmp_path):
    org = _copy(org_dir, tmp_path / "edited")
    f = org.path / table_file("Case")
    t = pq.read_table(f)
    sampled = sample_rows(org, org.schema.node("Case")).column("id").to_pylist()
    owners = t.column("ownerId").to_pylist()
    row = t.column("id").to_pylist().index(sampled[-1])
    owners[row] = next(o for o in owners if o is not None and o != owners[row])
    pq.write_table(t.set_column(t.column_names.index("ownerId"), "ownerId", pa.array(owners, t.schema.field("ownerId").type)), f)
    assert org_mismatch(embedded, org) == "Case nodes have other OWNED_BY relationships there"


def test_a_count_off_by_one_is_told_apart(org_dir, embedded, tmp_path):
    org = _copy(org_dir, tmp_path / "fewer")
    f = org.path / table_file("EmailMessage")
    t = pq.read_table(f)
    pq.write_table(t.filter(pc.not_equal(t.column("id"), t.column("id")[0])), f)
    assert org_mismatch(embedded, org) == f"{t.num_rows:,} EmailMessage nodes there, {t.num_rows - 1:,} in the folder"


@pytest.mark.parametrize("k", [1, 3])
def test_samples_come_from_the_first_and_last_row_groups(org_dir, tmp_path, k):
    org = _copy(org_dir, tmp_path / "groups")
    f = org.path / table_file("Case")
    t = pq.read_table(f)
    pq.write_table(t, f, row_group_size=10)
    ids = sample_rows(org, org.schema.node("Case"), k).column("id").to_pylist()
    first, last = t.column("id").to_pylist()[:10], t.column("id").to_pylist()[-(t.num_rows % 10 or 10):]
    assert len(ids) == 2 * k and set(ids[:k]) <= set(first) and set(ids[k:]) <= set(last)
