"""The neo4j-admin import files: integer row ids that give back the org's own nodes and relationships,
one node file per part, and a foreign key naming no node refused before anything is imported."""

import shutil

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from crmarena.errors import CrmarenaError
from crmarena.store.admin_files import node_header, rel_header, write_import_files
from crmarena.store.org import open_org


def _read(files: list[str], header: list[str]) -> pa.Table:
    """What neo4j-admin reads from ``--nodes=L=header,part,...``: the header line, then every part's rows."""
    assert open(files[0]).read().strip() == ",".join(header)
    names = [h.split(":")[0] or h for h in header]
    opts = pacsv.ReadOptions(column_names=names)
    conv = pacsv.ConvertOptions(column_types={n: pa.string() for n in names if n == "id"})
    return pa.concat_tables([pacsv.read_csv(f, read_options=opts, convert_options=conv) for f in files[1:]])


def _arguments(files) -> dict[str, list[str]]:
    out = {}
    for a in files.arguments:
        kind, rest = a.split("=", 1)
        name, paths = rest.split("=", 1)
        out.setdefault(name, []).append((kind, paths.split(",")))
    return out


@pytest.fixture(scope="module")
def blocked_org(org):
    return open_org(org(seed=5, cases=3000, ratios="crmarena", block_cases=1000))


def test_row_ids_give_back_the_orgs_ids_and_relationships(blocked_org, tmp_path):
    org = blocked_org
    files = write_import_files(org, tmp_path / "imp", threads=2)
    args = _arguments(files)
    case = org.schema.node("Case")
    (kind, case_files), = args["Case"]
    assert kind == "--nodes" and len(case_files) == 1 + len(org.parts(case)) > 2     # header + one per block
    org_id, base = {}, 0                    # import id -> the org's id, over every label
    for node in org.schema.nodes:
        (_, paths), = args[node.label]
        got = _read(paths, node_header(node))
        want = org.table(node, ["id"]).column("id").to_pylist()
        assert got.column(0).to_pylist() == list(range(base, base + len(want)))   # unique over the org
        assert got.column("id").to_pylist() == want
        assert files.nodes[node.label] == len(want)
        org_id.update(zip(range(base, base + len(want)), want))
        base += len(want)
    for rel in org.schema.relationships:
        path = tmp_path / "imp" / f"{rel.source}.{rel.type}.{rel.target}.csv"
        t = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
            column_types={h: pa.int64() for h in rel_header(rel)}))
        assert t.column_names == rel_header(rel)
        pairs = [(org_id[a], org_id[b]) for a, b in zip(t.column(0).to_pylist(), t.column(1).to_pylist())]
        want = org.rel_table(org.table(org.schema.node(rel.source)), rel)
        assert pairs == list(zip(want.column("from").to_pylist(), want.column("to").to_pylist()))
    assert sum(files.relationships.values()) == sum(
        org.rel_table(org.table(org.schema.node(r.source)), r).num_rows for r in org.schema.relationships)


def test_a_foreign_key_naming_no_node_is_refused(blocked_org, tmp_path):
    path = tmp_path / "org"
    shutil.copytree(blocked_org.path, path, ignore=shutil.ignore_patterns("graph.*"))
    part = path / "Case.parquet" / "part-00001.parquet"
    t = pq.read_table(part)
    i = t.column_names.index("accountId")
    t = t.set_column(i, "accountId", pa.array(["001NOSUCHACCOUNT00"] + t.column(i).to_pylist()[1:]))
    pq.write_table(t, part)
    with pytest.raises(CrmarenaError, match=r"Case.accountId names 1 Account id\(s\) that no Account has "
                                            r"\(e.g. '001NOSUCHACCOUNT00'\)"):
        write_import_files(open_org(path), tmp_path / "imp")
