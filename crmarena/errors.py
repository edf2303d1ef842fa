"""The one error type users see: a one-line message and exit code 2, never a traceback."""


class CrmarenaError(Exception):
    """Bad input or an unusable environment (flags, configs, Cypher, seeds, files, servers).

    The CLI prints ``crmarena: error: <message>`` on one line and exits with code 2.
    """

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


class NotYetAvailable(CrmarenaError):
    def __init__(self, what: str, issue: int):
        super().__init__(f"{what} is not yet available (tracked in issue {issue})")
