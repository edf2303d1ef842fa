"""``crmarena browse``: open the org in Neo4j Browser with its style sheet and guide."""

import click

from crmarena.cli.console import quiet_option


@click.command("browse")
@click.option("--serve/--no-serve", default=False, show_default=True,
              help="Serve the guide on 127.0.0.1 until interrupted, so ':play' can open it.")
@click.option("--port", type=click.IntRange(1024, 65535), default=7476, show_default=True, help="Port of the guide.")
@quiet_option
def browse(serve: bool, port: int) -> None:
    """Print the Neo4j Browser URL and the commands to load the style and the guide."""
    from crmarena.settings import HTTP_PORT, Neo4jSettings
    from crmarena.studies.browser import GRASS_FILE, GUIDE_FILE, asset_dir

    paths = {name: asset_dir() / name for name in (GRASS_FILE, GUIDE_FILE)}
    settings = Neo4jSettings.from_env()
    click.echo(f"Neo4j Browser:  http://127.0.0.1:{HTTP_PORT}/browser/  (connect to {settings.uri} as {settings.user})")
    click.echo(f"Style sheet:    drag {paths[GRASS_FILE]} onto the Browser, or run ':style' and paste it")
    click.echo(f"Guide:          :play http://127.0.0.1:{port}/{GUIDE_FILE}"
               + ("" if serve else "   (start the guide server with 'crmarena browse --serve')"))
    if serve:
        from crmarena.studies.guide_server import make_server

        server = make_server(port)
        click.echo(f"Serving {asset_dir()} on http://127.0.0.1:{port}/ — Ctrl-C to stop.", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


COMMANDS = [browse]
