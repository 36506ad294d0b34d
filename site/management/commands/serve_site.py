"""``manage.py serve_site``: look at the baked site in a browser, as the public will see it."""

import functools
import os
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.management.base import BaseCommand, CommandError

from sitegen.build_folder import PRIVATE_DIR, read_manifest
from sitegen.management.commands._sites import add_site_arguments, chosen_sites
from sitegen.sites import build_dir


class BuildFolderHandler(SimpleHTTPRequestHandler):
    """Serves the build like a static host: 404.html for a missing path, nothing private, and
    an HTTP redirect for a redirect of the build's manifest (as S3 answers one)."""

    def send_head(self):
        if self.path.lstrip("/").startswith(PRIVATE_DIR):
            self.send_not_found()
            return None
        if location := self._redirect_location():
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if not (self.directory and self._exists(self.translate_path(self.path))):
            self.send_not_found()
            return None
        return super().send_head()

    def _redirect_location(self) -> str | None:
        """Where the build redirects this request's path (its manifest's ``redirect``), if it
        does: read at each request, so a bake meanwhile is served at once."""
        path = unquote(urlsplit(self.path).path).lstrip("/")
        if path == "" or path.endswith("/"):
            path += "index.html"
        try:
            manifest = read_manifest(Path(self.directory))
        except (OSError, ValueError):
            return None
        entry = manifest.get(path)
        return entry.redirect if entry else None

    @staticmethod
    def _exists(path):
        return os.path.isfile(path) or os.path.isfile(os.path.join(path, "index.html"))

    def send_not_found(self):
        page = b"Not found"
        try:
            with open(f"{self.directory}/404.html", "rb") as not_found:
                page = not_found.read()
        except OSError:
            pass
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page)

    def log_message(self, format, *args):  # noqa: A002 - the name http.server uses
        pass


class Command(BaseCommand):
    help = (
        "Serve a site's build folder (ETALASE_BUILD_DIR for the default site) on 127.0.0.1 for "
        "a look at the baked site."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=8001, help="Port on 127.0.0.1 (default 8001)."
        )
        add_site_arguments(parser)

    def handle(self, *args, port, site, **options):
        folder = build_dir(chosen_sites(site)[0])
        if not (folder / "index.html").exists():
            bake = "manage.py bake" + (f" --site {site}" if site else "")
            raise CommandError(f"No baked site in {folder}: run `{bake}` first.")
        handler = functools.partial(BuildFolderHandler, directory=str(folder))
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as error:
            raise CommandError(
                f"Cannot listen on 127.0.0.1:{port}: {error}. Try --port."
            ) from error
        self.stdout.write(f"Serving {folder} at http://127.0.0.1:{port}/ (Ctrl+C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
