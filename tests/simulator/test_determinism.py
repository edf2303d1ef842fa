"""Same seed + config => identical bytes (in-process and across processes); per-component seed
streams => ablating one latent leaves unrelated tables byte-identical; atomic writes."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from crmarena.errors import CrmarenaError, ServiceError
from crmarena.simulator import simulate_org

SMALL = 120


def digests(org: Path) -> dict[str, str]:
    return {str(p.relative_to(org)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(org.rglob("*.parquet"))}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return simulate_org(seed=3, cases=SMALL, out_dir=tmp_path_factory.mktemp("det") / "base")


def test_same_seed_same_bytes_across_processes(base, tmp_path):
    code = (f"from crmarena.simulator import simulate_org; simulate_org(seed=3, cases={SMALL}, "
            f"out_dir={str(tmp_path / 'again')!r})")
    subprocess.run([sys.executable, "-c", code], check=True)
    a, b = digests(base), digests(tmp_path / "again")
    assert len(a) == 27 + 10
    assert a == b


def test_other_seed_other_org(base, tmp_path):
    other = digests(simulate_org(seed=4, cases=SMALL, out_dir=tmp_path / "s4"))
    assert other["Case.parquet"] != digests(base)["Case.parquet"]
    assert other["Account.parquet"] != digests(base)["Account.parquet"]


@pytest.mark.parametrize("latent, unchanged, changed", [
    ("agent_skill", ["Account", "Contact", "User", "Product", "ProductCategory", "Pricebook", "PricebookEntry",
                     "Order", "OrderItem", "KnowledgeArticle", "Issue"], ["CaseHistory"]),
    ("policy_violation", ["Account", "Product", "Order", "OrderItem", "Case", "CaseHistory"], ["latents/cases"]),
    ("shopping_habit", ["Account", "Contact", "User", "Product", "PricebookEntry"], ["Order"]),
])
def test_ablation_leaves_unrelated_draws(base, tmp_path, latent, unchanged, changed):
    ab = digests(simulate_org(seed=3, cases=SMALL, out_dir=tmp_path / latent, ablate=[latent]))
    full = digests(base)
    for label in unchanged:
        assert ab[f"{label}.parquet"] == full[f"{label}.parquet"], label
    for label in changed:
        assert ab[f"{label}.parquet"] != full[f"{label}.parquet"], label


def test_unknown_latent_names_the_valid_ones(tmp_path):
    with pytest.raises(CrmarenaError, match="agent_skill.*policy_violation"):
        simulate_org(seed=1, cases=10, out_dir=tmp_path / "x", ablate=["charisma"])
    assert not (tmp_path / "x").exists()


def test_bad_config_is_a_crmarena_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("latents:\n  agent_skill:\n    agent_sd: -1\n")
    with pytest.raises(CrmarenaError, match="agent_skill.agent_sd"):
        simulate_org(seed=1, cases=10, out_dir=tmp_path / "x", config_file=bad)
    bad.write_text("timeline:\n  today: not-a-date\n")
    with pytest.raises(CrmarenaError, match="timeline.today"):
        simulate_org(seed=1, cases=10, out_dir=tmp_path / "x", config_file=bad)
    bad.write_text("sizes: {max_transfers: 2, bogus: 1}\n")
    with pytest.raises(CrmarenaError, match="bogus"):
        simulate_org(seed=1, cases=10, out_dir=tmp_path / "x", config_file=bad)


def test_config_override_changes_the_org(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("timeline: {start: 2021-01-01, today: 2022-07-01}\nsizes: {max_transfers: 0}\n")
    org = simulate_org(seed=1, cases=80, out_dir=tmp_path / "o", config_file=cfg)
    import pandas as pd

    orders = pd.read_parquet(org / "Order.parquet")
    assert str(orders["effectiveDate"].min()) >= "2021-01-01" and str(orders["effectiveDate"].max()) < "2022-07-01"
    h = pd.read_parquet(org / "CaseHistory.parquet")
    assert h["oldOwnerId"].notna().sum() == 0          # no transfers allowed


def test_failed_write_leaves_no_half_org(tmp_path, monkeypatch, base):
    import crmarena.simulator.writer as w

    target = tmp_path / "org"
    simulate_org(seed=3, cases=SMALL, out_dir=target)
    before = digests(target)
    calls = []
    real = w.PartSink.__call__

    def failing(self, name, table, last=True, part=0, parts=1):
        calls.append(name)
        if len(calls) == 5:
            raise OSError("disk full")
        real(self, name, table, last, part, parts)

    monkeypatch.setattr(w.PartSink, "__call__", failing)
    with pytest.raises(ServiceError, match="writing the org to .* failed: disk full"):    # exit 3, one line
        simulate_org(seed=9, cases=SMALL, out_dir=target)
    assert digests(target) == before                   # the old org is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org"]   # no partial folder left


def test_refuses_a_folder_that_is_not_an_org(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(CrmarenaError, match="not a simulated org"):
        simulate_org(seed=1, cases=10, out_dir=tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
