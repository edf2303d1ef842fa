import pytest


@pytest.fixture(scope="module")
def neo4j_org(tmp_path_factory, neo4j_settings):
    """A small simulated org loaded into the real Neo4j server (replacing whatever org it held)."""
    from crmarena.simulator import simulate_org
    from crmarena.store import load_org

    org = simulate_org(seed=3, cases=200, out_dir=tmp_path_factory.mktemp("browser") / "org")
    load_org(org, backend="neo4j", settings=neo4j_settings, quiet=True)
    return org
