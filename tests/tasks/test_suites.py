"""Task suites and org kinds: which families a suite gives on a b2c or a b2b org, and the CLI's checks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crmarena.errors import CrmarenaError
from crmarena.tasks.registry import FAMILIES, check_kind, suite_names

SERVICE = ["case_routing", "handle_time", "transfer_count", "named_entity_disambiguation",
           "policy_violation_identification", "knowledge_qa", "top_issue_identification", "monthly_trend_analysis",
           "best_region_identification"]


def test_the_service_suite_is_crmarenas_nine_on_both_kinds():
    assert suite_names("service", "b2c") == SERVICE == suite_names("service", "b2b")


def test_the_pro_suite_holds_every_family_a_b2b_org_supports():
    pro = suite_names("pro", "b2b")
    assert pro[:9] == SERVICE and pro == suite_names("all", "b2b")
    assert set(pro) == {n for n, f in FAMILIES.items() if "b2b" in f.task.kinds}
    assert all(FAMILIES[n].task.suite == "pro" for n in pro[9:])
    b2c = suite_names("pro", "b2c")
    assert set(b2c) <= set(pro) and all("b2c" in FAMILIES[n].task.kinds for n in b2c)


def test_a_task_of_another_kind_and_an_unknown_suite_are_one_line_errors():
    only_b2b = [n for n, f in FAMILIES.items() if "b2c" not in f.task.kinds]
    if only_b2b:
        with pytest.raises(CrmarenaError, match="needs a b2b org"):
            check_kind(only_b2b[:1], "b2c")
    with pytest.raises(CrmarenaError, match="unknown suite"):
        suite_names("sales", "b2b")


def test_tasks_cli_refuses_task_and_suite_together(tmp_path, org):
    out = subprocess.run([sys.executable, "-m", "crmarena", "tasks", str(org(11, 300)), "--task", "handle_time",
                          "--suite", "pro", "--out", str(tmp_path / "t.jsonl")], capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr.strip() == "crmarena: error: give either --task or --suite, not both"
    assert not (tmp_path / "t.jsonl").exists()
