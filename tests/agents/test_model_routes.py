"""The model routes of `crmarena run`: llamacpp:PATH.gguf and --base-url refuse bad input in one line, exit 2."""

from __future__ import annotations

import pytest

from crmarena.cli.main import main


def run(args, capsys):
    with pytest.raises(SystemExit) as e:
        main(args)
    return e.value.code, capsys.readouterr().err


@pytest.mark.parametrize("model,extra,message", [
    ("llamacpp:/nonexistent/model.gguf", [], "no GGUF model file at /nonexistent/model.gguf"),
    ("llamacpp:", [], "no GGUF model file"),
    ("llamacpp:{bogus}", [], "is not a GGUF file"),
    ("openai:qwen", ["--base-url", "ftp://x"], "--base-url must be an http(s) URL"),
    ("anthropic:claude", ["--base-url", "http://127.0.0.1:9/v1"], "--base-url needs --model openai:NAME"),
])
def test_bad_model_routes(tasks_file, tmp_path, capsys, model, extra, message):
    bogus = tmp_path / "not.gguf"
    bogus.write_text("not a model")
    out = tmp_path / "run"
    code, err = run(["run", "--agent", "fc", "--model", model.format(bogus=bogus), *extra, "--tasks", str(tasks_file),
                     "--out", str(out), "-q"], capsys)
    assert code == 2 and message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not out.exists()                                             # nothing half-written


def test_run_help_names_the_local_routes(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    text = capsys.readouterr().out
    assert "llamacpp:PATH.gguf" in text and "--base-url" in text and "--schema" in text
