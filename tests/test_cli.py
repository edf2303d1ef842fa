import subprocess
import sys

import pytest

COMMANDS = ["simulate", "schema", "neo4j", "load", "query", "tasks", "run", "eval", "study", "browse", "bench"]


def crmarena(*args):
    return subprocess.run([sys.executable, "-m", "crmarena", *args], capture_output=True, text=True)


def test_help_lists_every_command():
    out = crmarena("--help")
    assert out.returncode == 0
    for c in COMMANDS:
        assert f"  {c} " in out.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_everywhere(command):
    assert crmarena(command, "--help").returncode == 0


def test_version():
    out = crmarena("--version")
    assert out.returncode == 0 and "crmarena, version" in out.stdout


@pytest.mark.parametrize("args", [["simulate", "--seed", "x"], ["schema", "--format", "yaml"], ["nope"],
                                  ["simulate", "--seed", "1", "--cases", "-5"]])
def test_bad_input_is_one_line_and_exit_2(args):
    out = crmarena(*args)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and out.stderr.startswith("crmarena: error:")


def test_schema_json_lists_16_objects():
    import json

    out = crmarena("schema", "--format", "json")
    assert out.returncode == 0
    assert len(json.loads(out.stdout)["objects"]) == 16


def test_quiet_does_not_leak_into_the_next_invocation():
    from click.testing import CliRunner

    from crmarena.cli.console import is_quiet
    from crmarena.cli.main import cli

    runner = CliRunner()
    assert runner.invoke(cli, ["schema", "--format", "json", "-q"]).exit_code == 0
    assert is_quiet()
    assert runner.invoke(cli, ["schema", "--format", "json"]).exit_code == 0
    assert not is_quiet()


@pytest.mark.parametrize("flag, want", [((), "crmarena"), (("--ratios", "realistic"), "realistic")])
def test_config_preset_holds_unless_ratios_is_given(tmp_path, flag, want):
    import json

    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("preset: crmarena\n")
    out = crmarena("simulate", "--seed", "1", "--cases", "100", "--config", str(cfg), *flag, "--store", "none",
                   "--out", str(tmp_path / "org"), "-q")
    assert out.returncode == 0, out.stderr
    assert json.loads((tmp_path / "org" / "manifest.json").read_text())["ratios"] == want
