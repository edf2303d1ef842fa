"""``crmarena bench all``: every stage measured on one org, each in its own process; and the typed
tasks stage refusing a missed quota unless it is allowed (the bench allows it and says so)."""

from __future__ import annotations

import json

import pytest

from crmarena.errors import CrmarenaError


def test_bench_all_measures_every_stage_on_one_org(tmp_path):
    from crmarena.bench_all import run_bench_all

    rows = {r.stage: r for r in run_bench_all(300, tmp_path, per_task=1)}
    assert list(rows) == ["simulate (numpy reference latents)", "simulate (PyMC latents)", "tasks (curation, embedded)",
                          "load embedded (COPY FROM Parquet)", "gold answers, embedded (warm pass)"]
    manifest = json.loads((tmp_path / "org" / "manifest.json").read_text())
    sim = rows["simulate (PyMC latents)"]
    assert sim.rows == sum(manifest["counts"].values()) == rows["simulate (numpy reference latents)"].rows
    assert not (tmp_path / "org-numpy").exists()                    # the reference org is not kept
    instances = (tmp_path / "tasks.jsonl").read_text().splitlines()
    assert rows["tasks (curation, embedded)"].rows == len(instances) == rows["gold answers, embedded (warm pass)"].rows
    assert "differ" not in rows["gold answers, embedded (warm pass)"].note   # the gold answers agree with the file
    assert rows["load embedded (COPY FROM Parquet)"].rows > sim.rows        # nodes and relationships
    for r in rows.values():
        assert r.seconds > 0 and r.peak_rss_mb > 50 and r.per_second > 0


def test_typed_tasks_stage_refuses_a_missed_quota(org, tmp_path):
    from crmarena import pipeline

    small = org(7, cases=300)
    args = dict(org=small, out=tmp_path / "t.jsonl", per_task=200, names=("knowledge_qa",))   # 140 facts
    with pytest.raises(CrmarenaError, match="cannot supply every quota: knowledge_qa"):
        pipeline.build_tasks(pipeline.TasksArgs.of(**args))
    assert not (tmp_path / "t.jsonl").exists()
    r = pipeline.build_tasks(pipeline.TasksArgs.of(**args, allow_shortfall=True))
    assert r.shortfall.startswith("knowledge_qa") and len(r.instances) < 200
    assert len((tmp_path / "t.jsonl").read_text().splitlines()) == len(r.instances)


@pytest.mark.neo4j
@pytest.mark.slow
def test_admin_import_stage_imports_the_whole_org_and_times_its_gold_answers(org, tmp_path):
    from crmarena import pipeline
    from crmarena.bench_all import STAGES
    from crmarena.store import open_store

    path, tasks = org(7, cases=300, loaded=True), tmp_path / "t.jsonl"
    r = pipeline.build_tasks(pipeline.TasksArgs.of(org=path, out=tasks, per_task=2, allow_shortfall=True))
    load, gold = STAGES["admin-import"](dict(org=str(path), tasks=str(tasks)))
    with open_store("embedded", org_dir=path) as s:
        assert load["rows"] == sum(s.counts()[0].values()) + sum(s.counts()[1].values()) > 0   # nodes + rels
    assert load["seconds"] > 0
    assert load["note"].startswith("time: CSV files ") and "neo4j-admin import" in load["note"]
    assert not (path / "neo4j-import").exists()
    assert gold["rows"] == len(r.instances) > 0 and "differ" not in gold["note"]   # Neo4j agrees with the file
