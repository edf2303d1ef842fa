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


def test_schema_json_lists_27_objects():
    import json

    out = crmarena("schema", "--format", "json")
    assert out.returncode == 0
    assert len(json.loads(out.stdout)["objects"]) == 27


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


def _all_commands(group, path=()):
    import click

    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from _all_commands(cmd, path + (name,))
        else:
            yield " ".join(path + (name,)), cmd


def test_every_numeric_option_has_both_bounds_and_floats_are_finite():
    import click

    from crmarena.cli.main import cli
    from crmarena.cli.options import FiniteFloatRange

    seen = 0
    for name, cmd in _all_commands(cli):
        for p in cmd.params:
            t = p.type
            assert t not in (click.INT, click.FLOAT), f"{name} {p.name}: a number without bounds"
            if isinstance(t, (click.IntRange, click.FloatRange)):
                seen += 1
                assert t.min is not None and t.max is not None, f"{name} {p.name}: {t!r} is open-ended"
            if isinstance(t, click.FloatRange):
                assert isinstance(t, FiniteFloatRange), f"{name} {p.name}: accepts nan"
    assert seen >= 15


def test_seed_options_share_the_stated_rule():
    from crmarena.cli.main import cli

    seeds = [(name, p.type) for name, cmd in _all_commands(cli) for p in cmd.params if p.name == "seed"]
    assert {n for n, _ in seeds} == {"simulate", "tasks", "bench tasks"}
    assert all((t.min, t.max) == (0, 2**32 - 1) for _, t in seeds)


def test_help_lists_the_exit_codes():
    out = crmarena("--help").stdout
    for code, meaning in [("2", "bad input"), ("3", "runtime failure"), ("1", "check")]:
        assert any(line.split()[:1] == [code] and meaning in line for line in out.splitlines()), out


def test_check_seed_refuses_what_the_flag_refuses():
    from crmarena.errors import CrmarenaError
    from crmarena.settings import check_seed

    assert check_seed(0) == 0 and check_seed(2**32 - 1) == 2**32 - 1
    for bad in (-1, 2**32, 10**30, True, 1.5, "3"):
        with pytest.raises(CrmarenaError, match="--seed must be an integer from 0 to 4294967295"):
            check_seed(bad)


@pytest.mark.parametrize("text, want", [("x=2024-02-29", "2024-02-29"),
                                        ("x=2024-01-31T10:00:00Z", "2024-01-31T10:00:00+00:00"),
                                        ("x=[1, 2.5]", [1, 2.5]), ("x=-9223372036854775808", -2**63),
                                        ("x=abc", "abc")])
def test_valid_params_still_parse(text, want):
    from crmarena.cli.store_cmd import _param

    key, value = _param(text)
    assert key == "x"
    assert (value.isoformat() if hasattr(value, "isoformat") else value) == want
