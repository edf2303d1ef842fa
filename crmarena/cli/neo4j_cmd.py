"""``crmarena neo4j start|stop|status``: a local Neo4j 5.26 Community server for development and CI."""

import click

from crmarena.cli.console import quiet_option


@click.group("neo4j")
def neo4j() -> None:
    """Manage a local Neo4j 5.26 Community server (Bolt 7687, HTTP 7474 on 127.0.0.1).

    The server is assembled once from Maven Central (needs Java 17+ and Maven) into
    $CRMARENA_NEO4J_HOME (default ~/.local/share/crmarena/neo4j-5.26); the password of user
    'neo4j' is NEO4J_PASSWORD (default: crmarena.settings.DEFAULT_PASSWORD). Without Java,
    use docker/compose.yaml instead.
    """


@neo4j.command("start")
@quiet_option
def start() -> None:
    """Obtain (Maven Central), configure and start the server; wait for Bolt."""
    from crmarena.cli.console import err_console
    from crmarena.store.server import start as start_server

    console = err_console()
    result = start_server(progress=lambda message: console.print(message, soft_wrap=True, highlight=False))
    cfg = result.config
    if result.already_running:
        click.echo(f"Neo4j is already running (pid {result.pid}, {result.agent}) on {cfg.bolt_uri}, "
                   f"Browser {cfg.browser_url}")
        return
    obtained = "already there" if result.obtain_s is None else f"{result.obtain_s:.1f} s"
    click.echo(f"Neo4j {cfg.version} running (pid {result.pid}) on {cfg.bolt_uri}, Browser {cfg.browser_url}")
    click.echo(f"time to obtain: {obtained}; time to start: {result.start_s:.1f} s; home: {cfg.home}")


@neo4j.command("stop")
@quiet_option
def stop() -> None:
    """Stop the local server."""
    from crmarena.store.server import stop as stop_server

    pid, how = stop_server()
    click.echo("Neo4j is not running" if pid is None else f"Neo4j (pid {pid}) {how}")


@neo4j.command("status")
@quiet_option
def status() -> None:
    """Say whether the local server runs and answers."""
    from crmarena.store.server import status as server_status

    st = server_status()
    version = st.version or "not obtained yet"
    if st.running:
        state = "running" if st.answering else "running but not answering"
        click.echo(f"Neo4j is {state} (pid {st.pid}, version {version}, {st.detail})")
    else:
        click.echo(f"Neo4j is stopped (version {version})")
    click.echo(f"Bolt: {st.bolt_uri}   Browser: {st.browser_url}   home: {st.home}")


COMMANDS = [neo4j]
