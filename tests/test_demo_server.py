"""The README's first command: the demo serves the site's own 404 page, footer and
attribution included, never Django's debug page, and its static files still load.

Runs ``scripts/demo.sh`` itself (without its pip install) on a throw-away SQLite
database, media and static folder, on a free port.
"""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    work = tmp_path_factory.mktemp("demo")
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "SENZOR_"))
    }
    env.update(
        SENZOR_DEMO_INSTALL="0",
        SENZOR_DEMO_ADDRESS=f"127.0.0.1:{port}",
        DATABASE_URL=f"sqlite:///{work}/demo.sqlite3",
        DJANGO_MEDIA_ROOT=str(work / "media"),
        DJANGO_STATIC_ROOT=str(work / "static"),
    )
    server = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "demo.sh")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if server.poll() is not None:
                pytest.fail(f"demo.sh stopped: {server.stderr.read().decode()[-2000:]}")
            try:
                _get(base + "/healthz")
                break
            except OSError:
                time.sleep(1)
        else:
            pytest.fail("the demo did not start within 180 s")
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_a_missing_page_is_the_sites_own_404_with_its_footer(demo_server):
    status, body = _get(demo_server + "/bele-sehife-yoxdur/")
    assert status == 404
    page = BeautifulSoup(body.decode(), "html.parser")
    assert "Səhifə tapılmadı" in page.h1.get_text()
    assert page.select_one("footer [data-attribution] a") is not None
    assert "URLconf" not in body.decode() and "DEBUG = True" not in body.decode()


def test_the_demos_static_files_are_served(demo_server):
    page = BeautifulSoup(_get(demo_server + "/")[1].decode(), "html.parser")
    stylesheet = page.select_one('link[rel="stylesheet"]')["href"]
    assert _get(demo_server + stylesheet)[0] == 200
    assert _get(demo_server + "/static/admin/css/base.css")[0] == 200
