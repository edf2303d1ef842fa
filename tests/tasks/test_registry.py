"""The task registry: every family is one complete folder, registered once; its tools join the toolbox."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from crmarena.errors import CrmarenaError
from crmarena.tasks.registry import FAMILIES, check_names, family, get_task, task_tools

ROOT = resources.files("crmarena") / "tasks"


def folders() -> set[str]:
    return {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}


def test_every_folder_is_registered_once_under_its_task_name():
    assert set(FAMILIES) == folders()
    for name, fam in FAMILIES.items():
        assert fam.task.name == name and fam.package == f"crmarena.tasks.{name}"
        assert get_task(name).phrases.questions, name


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_a_family_folder_holds_its_pieces(name):
    folder = ROOT / name
    for piece in ("__init__.py", "task.py", "phrases.yaml", "oracle.py"):
        assert (folder / piece).is_file(), f"{name} lacks {piece}"
    assert callable(family(name).solver())


def test_family_tools_are_their_own_and_every_solver_call_exists():
    from crmarena.agents.tools import SHARED_FUNCTIONS, tools_by_name

    owned = [t for f in FAMILIES.values() for t in f.tools()]
    assert len(owned) == len(set(owned)) == len(task_tools())       # a tool belongs to one family
    assert not set(owned) & set(SHARED_FUNCTIONS)
    box = tools_by_name("flex")
    for name in FAMILIES:
        plan = (ROOT / name / "oracle.py").read_text()
        for tool in re.findall(r'call\("([a-z_]+)"', plan):
            assert tool in box, f"{name}'s oracle calls {tool}, which no toolbox holds"


def test_unknown_task_names_are_one_line_errors():
    with pytest.raises(CrmarenaError, match="unknown task 'nope'; valid tasks: case_routing"):
        check_names(["handle_time", "nope"])
    assert check_names(["best_region_identification", "handle_time", "handle_time"]) == [
        "handle_time", "best_region_identification"]
    assert check_names([]) == list(FAMILIES)
