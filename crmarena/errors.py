"""The errors users see: a one-line message and a documented exit code, never a traceback.

Exit codes of every command (``crmarena --help`` and the README list them too):

- 0: success
- 1: a check ran and failed (e.g. a realism figure outside its published range)
- 2: bad input: flags, configs, task files, run folders, Parquet tables, Cypher, seeds (``CrmarenaError``)
- 3: a runtime failure outside the input: an unreachable server, a crashed engine, a provider outage
  (``ServiceError``)
- 130: interrupted (Ctrl-C)
"""

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_SERVICE = 3
EXIT_INTERRUPTED = 130


class CrmarenaError(Exception):
    """Bad input or an unusable environment (flags, configs, Cypher, seeds, files).

    The CLI prints ``crmarena: error: <message>`` on one line and exits with code 2.
    """

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


class ServiceError(CrmarenaError):
    """A runtime failure the input did not cause (unreachable server, engine crash, provider outage): exit 3.

    A subclass, so code that catches ``CrmarenaError`` still catches it.
    """

    exit_code = EXIT_SERVICE


class NotYetAvailable(CrmarenaError):
    def __init__(self, what: str, issue: int):
        super().__init__(f"{what} is not yet available (tracked in issue {issue})")
