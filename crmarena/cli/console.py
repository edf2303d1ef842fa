"""Terminal output: results on stdout, progress and messages on stderr, silenced by -q."""

from __future__ import annotations

import click
from rich.console import Console

_state = {"quiet": False}


def set_quiet(quiet: bool) -> None:
    _state["quiet"] = _state["quiet"] or quiet


def is_quiet() -> bool:
    return _state["quiet"]


def err_console() -> Console:
    """Console for progress bars, tables and notes (stderr); quiet under -q."""
    return Console(stderr=True, quiet=is_quiet())


def out_console() -> Console:
    """Console for a command's result (stdout); tables are silenced under -q, data output is not."""
    return Console(quiet=is_quiet())


def _quiet_callback(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if ctx.parent is None:      # the group: a new invocation starts loud unless -q is given
        _state["quiet"] = value
    else:                       # a command: -q after the command name also silences
        set_quiet(value)
    return value


def quiet_option(f):
    """``-q/--quiet`` accepted on every command as well as on the group."""
    return click.option("-q", "--quiet", is_flag=True, expose_value=False, is_eager=True,
                        callback=_quiet_callback, help="Print no progress, tables or notes.")(f)
