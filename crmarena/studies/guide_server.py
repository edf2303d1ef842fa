"""Serve the Browser guide and style sheet on loopback so ``:play`` can open them.

Neo4j Browser fetches guides with XHR, so responses carry a CORS header; the local server's
``browser.remote_content_hostname_whitelist`` must allow the host (``crmarena neo4j start`` does).
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from crmarena.errors import CrmarenaError
from crmarena.studies.browser import asset_dir

DEFAULT_PORT = 7476


class _GuideHandler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_OPTIONS(self) -> None:  # the Browser's CORS preflight
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "GET, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", self.headers.get("Access-Control-Request-Headers", "*"))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args) -> None:  # quiet: the CLI prints what matters
        pass


def make_server(port: int = DEFAULT_PORT, directory: Path | None = None) -> ThreadingHTTPServer:
    handler = functools.partial(_GuideHandler, directory=str(directory or asset_dir()))
    try:
        return ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as e:
        raise CrmarenaError(f"cannot serve the guide on 127.0.0.1:{port}: {e.strerror or e}") from None


def serve_in_background(port: int = DEFAULT_PORT, directory: Path | None = None) -> ThreadingHTTPServer:
    server = make_server(port, directory)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
