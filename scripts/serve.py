#!/usr/bin/env python3
"""Serve the Tolok repository as a static site on the loopback interface.

    python3 scripts/serve.py [--port 8080] [--host 127.0.0.1] [--root DIR] [--quiet]

The repository root is served so that the pages in www/ can load ../pkg/, ../specs/ and
../data/; "/" redirects to /www/index.html. Every response carries a strict
Content-Security-Policy (the same one a deployment should send) and Cache-Control: no-store,
so that a rebuilt pkg/ is always picked up. `--port 0` picks a free port; the first line
printed to stdout is always "Serving Tolok at http://HOST:PORT/" (the browser tests read it).

Tests can also use it in-process:  server = make_server(port=0); server.serve_forever().
Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import functools
import ipaddress
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'none'"
)

# Explicit types, so the answer never depends on the machine's /etc/mime.types.
MIME_TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".ts": "text/plain; charset=utf-8",  # pkg/*.d.ts: readable, never executed
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}


class Handler(SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler plus security headers, fixed MIME types and a root redirect."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    quiet = False

    def end_headers(self) -> None:
        # end_headers runs for every response, errors and redirects included.
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def send_head(self):
        path = urlsplit(self.path).path
        if path == "/":
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", "/www/index.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        # Never serve dot-folders (.git, .ci) or their files.
        if any(part.startswith(".") for part in path.split("/") if part):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        return super().send_head()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
        if not self.quiet:
            super().log_message(format, *args)


def make_server(host: str = "127.0.0.1", port: int = 8080, root: Path | str = ROOT,
                quiet: bool = False) -> ThreadingHTTPServer:
    """Bind (loopback only) and return the server; call serve_forever() on it."""
    host = "127.0.0.1" if host == "localhost" else host
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"refusing to bind {host}: this server binds loopback addresses only")
    handler = functools.partial(Handler, directory=str(root))
    Handler.quiet = quiet
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (0 = any free port)")
    parser.add_argument("--root", default=str(ROOT), help="folder to serve (default: repo root)")
    parser.add_argument("--quiet", action="store_true", help="do not log requests")
    args = parser.parse_args(argv)
    try:
        server = make_server(args.host, args.port, args.root, args.quiet)
    except (ValueError, OSError) as err:
        print(f"serve.py: {err}", file=sys.stderr)
        return 2
    host, port = server.server_address[:2]
    print(f"Serving Tolok at http://{host}:{port}/", flush=True)
    print(f"  explorer: http://{host}:{port}/www/index.html  (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
