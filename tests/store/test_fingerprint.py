"""The org fingerprint: a content digest of the org's tables, stored with the loaded graph on both
stores, checked against the manifest at load, and refusing a store that holds another org."""

from __future__ import annotations

import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crmarena.errors import CrmarenaError
from crmarena.fingerprint import compute_fingerprint, org_fingerprint, table_digest
from tests.store.synthetic_org import write_synthetic_org


def test_table_digest_depends_on_values_not_on_encoding(tmp_path):
    t = pa.table({"id": [f"x{i}" for i in range(5000)], "n": list(range(5000)),
                  "tags": [[i, i + 1] for i in range(5000)]})
    pq.write_table(t, tmp_path / "a.parquet", row_group_size=100, compression="zstd")
    pq.write_table(t, tmp_path / "b.parquet", row_group_size=4096, compression="snappy", use_dictionary=False)
    assert table_digest(tmp_path / "a.parquet") == table_digest(tmp_path / "b.parquet")
    changed = t.set_column(1, "n", pa.array([*range(4999), 0]))
    pq.write_table(changed, tmp_path / "c.parquet")
    assert table_digest(tmp_path / "c.parquet") != table_digest(tmp_path / "a.parquet")
    renamed = t.rename_columns(["id", "m", "tags"])
    pq.write_table(renamed, tmp_path / "d.parquet")
    assert table_digest(tmp_path / "d.parquet") != table_digest(tmp_path / "a.parquet")


def test_fixed_size_list_columns_are_hashed_by_value(tmp_path):
    """A latent matrix column (fixed-size list of floats) counts in the digest position by position."""
    rows = [[0.1 * i, 0.2, 0.3] for i in range(3000)]
    t = pa.table({"id": list(range(3000)), "w": pa.array(rows, pa.list_(pa.float64(), 3))})
    pq.write_table(t, tmp_path / "a.parquet", row_group_size=500)
    pq.write_table(t, tmp_path / "b.parquet", row_group_size=3000, compression="snappy")
    assert table_digest(tmp_path / "a.parquet") == table_digest(tmp_path / "b.parquet")
    rows[2999] = [0.2, 0.2, 0.3]            # one cell changed
    pq.write_table(t.set_column(1, "w", pa.array(rows, pa.list_(pa.float64(), 3))), tmp_path / "c.parquet")
    swapped = [[r[1], r[0], r[2]] for r in rows[:2999]] + [rows[2999]]  # positions matter
    pq.write_table(t.set_column(1, "w", pa.array(swapped, pa.list_(pa.float64(), 3))), tmp_path / "d.parquet")
    digests = {table_digest(tmp_path / f"{x}.parquet") for x in "acd"}
    assert len(digests) == 3


def test_fingerprint_covers_config_and_every_table(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_synthetic_org(a, cases=30, seed=3)
    write_synthetic_org(b, cases=30, seed=4)      # same size, same ids, other content
    assert compute_fingerprint(a, "c1") == compute_fingerprint(a, "c1")
    assert compute_fingerprint(a, "c1") != compute_fingerprint(a, "c2")
    assert compute_fingerprint(a, "c1") != compute_fingerprint(b, "c1")


def test_load_refuses_tables_changed_after_the_manifest(tmp_path):
    from crmarena.store import load_org

    org = tmp_path / "org"
    write_synthetic_org(org, cases=30, seed=3)
    (org / "manifest.json").write_text(json.dumps({"config_hash": "c", "fingerprint": "0123456789abcdef"}))
    with pytest.raises(CrmarenaError, match=r"not the org its manifest describes \(fingerprint 0123456789abcdef"):
        load_org(org, "embedded", quiet=True, remember=False)
    assert not (org / "graph.lbug").exists()          # nothing half-built


def test_the_embedded_graph_carries_its_org_fingerprint(org_dir, embedded):
    fp = org_fingerprint(org_dir)
    assert len(fp) == 16 and embedded.org_fingerprint() == fp
    with pytest.raises(CrmarenaError, match="CrmarenaOrg"):   # not a schema label: agents cannot name it
        embedded.run("MATCH (o:CrmarenaOrg) RETURN o.fingerprint AS f")


def test_an_isolated_store_reads_the_same_fingerprint(org_dir):
    from crmarena.store import open_store

    with open_store("embedded", org_dir=org_dir, isolated=True) as s:
        assert s.org_fingerprint() == org_fingerprint(org_dir)


def test_open_task_store_rebuilds_a_database_of_another_org(tmp_path):
    from crmarena.queries.stores import open_task_store
    from crmarena.store import load_org

    a, b = tmp_path / "a", tmp_path / "b"
    write_synthetic_org(a, cases=30, seed=3)
    write_synthetic_org(b, cases=30, seed=4)
    load_org(a, "embedded", quiet=True, remember=False)
    shutil.copy(a / "graph.lbug", b / "graph.lbug")       # b's folder now holds a's graph
    shutil.copytree(a / "graph.search", b / "graph.search")
    with open_task_store(b, "embedded", remember=False) as store:
        assert store.org_fingerprint() == org_fingerprint(b) != org_fingerprint(a)


@pytest.mark.neo4j
def test_neo4j_refuses_an_org_it_does_not_hold(tmp_path, neo4j_settings):
    from crmarena.queries.stores import open_task_store
    from crmarena.store import load_org, open_store

    a, b = tmp_path / "a", tmp_path / "b"
    write_synthetic_org(a, cases=30, seed=3)
    write_synthetic_org(b, cases=30, seed=4)
    load_org(a, "neo4j", settings=neo4j_settings, quiet=True, remember=False)
    with open_store("neo4j", settings=neo4j_settings) as s:
        assert s.org_fingerprint() == org_fingerprint(a)
        nodes, _ = s.counts()
        assert "CrmarenaOrg" not in nodes
    with open_task_store(a, "neo4j", remember=False) as store:
        assert store.org_fingerprint() == org_fingerprint(a)
    with pytest.raises(CrmarenaError) as e:
        with open_task_store(b, "neo4j", remember=False):
            pass
    msg = str(e.value)
    assert org_fingerprint(a) in msg and org_fingerprint(b) in msg and "crmarena load" in msg and "\n" not in msg


def test_table_hasher_gives_one_digest_for_any_batching():
    """The writer hashes a table in the chunks it writes, table_digest in the reader's batches."""
    import datetime as dt

    import numpy as np

    from crmarena.fingerprint import TableHasher

    n = 5000
    rng = np.random.default_rng(1)
    t = pa.table({
        "s": pa.array([None if i % 7 == 0 else "x" * int(rng.integers(0, 9)) for i in range(n)]),
        "i": pa.array([None if i % 5 == 0 else i for i in range(n)], pa.int64()),
        "f": pa.array(rng.random(n)), "b": pa.array([None if i % 3 == 0 else i % 2 == 0 for i in range(n)]),
        "t": pa.array([dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=i) for i in range(n)],
                      pa.timestamp("us", tz="UTC")),
        "l": pa.array([[i, i + 1][: i % 3] for i in range(n)]),
        "w": pa.array([[0.5 * i, 1.0] for i in range(n)], pa.list_(pa.float64(), 2))})

    def digest(cuts):
        h = TableHasher(t.column_names)
        for a, b in zip([0, *cuts], [*cuts, n]):
            h.update(t.slice(a, b - a))
        return h.hexdigest()

    whole = digest([])
    assert digest([1, 2, 977, 4096]) == whole == digest(list(range(100, n, 100)))
    assert digest([]) != TableHasher(t.column_names).hexdigest()
    changed = t.set_column(0, "s", pa.array(["y"] + t.column("s").to_pylist()[1:]))
    h = TableHasher(t.column_names)
    h.update(changed)
    assert h.hexdigest() != whole
