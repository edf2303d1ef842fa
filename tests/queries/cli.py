"""Running the CLI in process from the query tests."""

from __future__ import annotations

from pathlib import Path

from crmarena.cli.main import main


def run_cli(*args: str) -> None:
    """Run ``crmarena ARGS`` in process; a non-zero exit fails the test with the message."""
    try:
        main(list(args))
    except SystemExit as e:
        if e.code not in (0, None):
            raise AssertionError(f"crmarena {' '.join(args)} exited {e.code}") from None


def simulate(out: Path, *extra: str) -> Path:
    """``crmarena simulate --seed 7`` (default scale unless ``extra`` says otherwise) into ``out``."""
    run_cli("simulate", "--seed", "7", "--store", "none", "--out", str(out), "-q", *extra)
    return out
