"""The typed pipeline API: arguments validated at the edge, stages composed in process."""

from __future__ import annotations

import json

import pytest

from crmarena import pipeline
from crmarena.errors import CrmarenaError


@pytest.mark.parametrize("cls,values,field", [
    (pipeline.SimulateArgs, {"seed": -1, "out": "o"}, "seed"),
    (pipeline.SimulateArgs, {"seed": 1, "out": "o", "ratios": "medieval"}, "ratios"),
    (pipeline.TasksArgs, {"org": "o", "out": "t", "per_task": 0}, "per_task"),
    (pipeline.RunArgs, {"agent": "wizard", "tasks_file": "t", "org": "o", "out": "r"}, "agent"),
    (pipeline.RunArgs, {"agent": "oracle", "tasks_file": "t", "org": "o", "out": "r", "colour": 1}, "colour"),
])
def test_bad_arguments_are_one_line_errors(cls, values, field):
    with pytest.raises(CrmarenaError, match=rf"^{cls.__name__}\.{field}: ") as e:
        cls.of(**values)
    assert "\n" not in str(e.value)


def test_the_stages_compose_in_process(tmp_path):
    org = pipeline.simulate(pipeline.SimulateArgs.of(seed=3, cases=120, out=tmp_path / "org"))
    assert (org.path / "manifest.json").is_file() and len(org.fingerprint) == 16
    tasks = pipeline.build_tasks(pipeline.TasksArgs.of(org=org.path, out=tmp_path / "t.jsonl", per_task=2,
                                                       names=("knowledge_qa", "policy_violation_identification")))
    assert tasks.instances and all(t.org_fingerprint == org.fingerprint for t in tasks.instances)
    run = pipeline.run_agent(pipeline.RunArgs.of(agent="oracle", tasks_file=tasks.path, org=org.path,
                                                 out=tmp_path / "run"))
    assert run.org_fingerprint == org.fingerprint and run.done == len(tasks.instances) and run.errors == 0
    manifest = json.loads((run.run_dir / "run.json").read_text())
    assert manifest["org_fingerprint"] == org.fingerprint and manifest["agent"] == "oracle"
    report = pipeline.evaluate(run.run_dir)
    assert json.dumps(report)          # a plain JSON-able report
