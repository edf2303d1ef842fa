"""Entry point: the ``crmarena`` group, its commands, and the one place errors become exit codes."""

from __future__ import annotations

import sys

import click

from crmarena import __version__
from crmarena.cli import agents_cmd, bench_cmd, browse_cmd, neo4j_cmd, schema_cmd, simulate_cmd, store_cmd
from crmarena.cli import study_cmd, tasks_cmd
from crmarena.cli.console import quiet_option
from crmarena.errors import CrmarenaError


EXIT_CODES_HELP = """\b
Exit codes:
  0    success
  1    a check ran and failed (e.g. a realism figure outside its range)
  2    bad input: flags, configs, task files, run folders, Parquet tables, Cypher, seeds
  3    runtime failure: unreachable server, crashed engine, provider outage
  130  interrupted
Errors are one line on stderr: 'crmarena: error: ...'. Numeric flags show their
allowed range in each command's --help; seeds are 0 <= seed < 2**32 (others are refused)."""


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog=EXIT_CODES_HELP)
@click.version_option(__version__, "--version", prog_name="crmarena")
@quiet_option
def cli() -> None:
    """crmarena: a self-hosted, reproducible CRMArena.

    Simulate a CRM org with a PyMC latent-variable model, store it as a property graph
    (embedded or Neo4j 5), generate the 9 CRMArena tasks with Cypher gold answers, and run
    and score LangChain agents on them.
    """


for module in (simulate_cmd, schema_cmd, neo4j_cmd, store_cmd, tasks_cmd, agents_cmd, study_cmd,
               browse_cmd, bench_cmd):
    for command in module.COMMANDS:
        cli.add_command(command)


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"crmarena: error: {message}", err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; bad input exits 2, runtime failures 3, each with one line on stderr and no traceback."""
    try:
        rv = cli.main(args=argv, prog_name="crmarena", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as e:
        click.echo(e.ctx.get_help())
        sys.exit(2)
    except click.UsageError as e:
        hint = f" (see '{e.ctx.command_path} --help')" if e.ctx else ""
        _fail(e.format_message().replace("\n", " ") + hint)
    except click.ClickException as e:
        _fail(e.format_message().replace("\n", " "), e.exit_code or 2)
    except click.exceptions.Abort:
        _fail("aborted", 130)
    except CrmarenaError as e:
        _fail(str(e), e.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(rv if isinstance(rv, int) else 0)
