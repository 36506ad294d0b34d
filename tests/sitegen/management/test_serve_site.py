import functools
import threading
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

import pytest

from django.core.management import CommandError, call_command

from sitegen.management.commands.serve_site import BuildFolderHandler


def test_serve_site_needs_a_bake_first(db):
    with pytest.raises(CommandError, match="run `manage.py bake` first"):
        call_command("serve_site")


@pytest.fixture
def served_build(shop, build_dir):
    from io import StringIO

    call_command("bake", stdout=StringIO())
    handler = functools.partial(BuildFolderHandler, directory=str(build_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url):
    try:
        with urllib.request.urlopen(url) as response:  # noqa: S310 - a local test server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_pages_are_served_like_a_static_host(served_build):
    assert get(f"{served_build}/katalog/batik-parang/")[0] == 200
    status, body = get(f"{served_build}/tidak-ada/")
    assert status == 404 and 'href="/"' in body


def test_the_private_folder_is_not_served(served_build):
    assert get(f"{served_build}/.etalase/state.json")[0] == 404
