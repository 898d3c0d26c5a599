"""deploy/nginx.conf, run by a real nginx: media from disk with long caching, the rest proxied.

The compose stack's proxy cannot run here (no Docker), so nginx runs the same
file with only its addresses changed: the listening port, the media folder,
and a small echo server standing in for the web replicas.
"""

import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings as django_settings

from .ops import ROOT

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.skipif(
    not os.path.exists(NGINX) and os.environ.get("CI") != "true",
    reason="nginx is not installed (scripts/test.sh installs it)",
)


def free_port(start=8303, stop=8310):
    for port in range(start, stop):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail("no free port in 8303-8309")


def listening(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_nginx_accepts_the_configuration():
    result = subprocess.run(
        [NGINX, "-t", "-c", str(NGINX_CONF)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


class EchoHandler(BaseHTTPRequestHandler):
    """Stands in for gunicorn: answers with the request's path and headers as JSON,
    the page's current ``edition`` (what an editor last saved) and how many
    requests for that path it has answered. A path holding ``cookie`` answers
    with a Set-Cookie, one holding ``private`` as Django's admin does, one
    holding ``slow`` takes half a second to render."""

    protocol_version = "HTTP/1.1"
    served = Counter()
    edition = {"number": 1}
    withdrawn = set()
    lock = threading.Lock()

    def do_GET(self):
        with self.lock:
            self.served[self.path] += 1
            served = self.served[self.path]
        if "slow" in self.path:
            time.sleep(0.5)
        if self.path in self.withdrawn:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = json.dumps(
            {
                "path": self.path,
                "headers": dict(self.headers),
                "served": served,
                "edition": self.edition["number"],
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if "private" in self.path:
            self.send_header("Cache-Control", "max-age=0, no-cache, no-store, private")
        else:  # what Django sends with a reader's page: browsers revalidate it
            self.send_header("Cache-Control", "public, max-age=0, must-revalidate")
        if "cookie" in self.path:
            self.send_header("Set-Cookie", "csrftoken=abc; Path=/")
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.do_GET()

    def log_message(self, *args):
        pass


def adapted_config(tmp_path, port, upstream_port):
    """The real file with the container addresses swapped for local ones."""
    text = NGINX_CONF.read_text()
    replacements = {
        "listen 8080;": f"listen 127.0.0.1:{port};",
        "alias /srv/media/;": f"alias {tmp_path}/media/;",
        "set $web_upstream http://web:8000;": f"set $web_upstream http://127.0.0.1:{upstream_port};",
        "pid /tmp/nginx.pid;": f"pid {tmp_path}/nginx.pid;\nuser root;",
        "access_log /dev/stdout json;": f"access_log {tmp_path}/access.log json;",
    }
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx.conf no longer has {old!r}"
        text = text.replace(old, new)
    for temp in (
        "client_temp",
        "proxy_temp",
        "fastcgi_temp",
        "uwsgi_temp",
        "scgi_temp",
        "nginx-microcache",
    ):
        text = text.replace(f"/tmp/{temp}", f"{tmp_path}/{temp}")
    config = tmp_path / "nginx.conf"
    config.write_text(text)
    return config


@pytest.fixture
def proxy(tmp_path):
    EchoHandler.served.clear()
    EchoHandler.edition["number"] = 1
    EchoHandler.withdrawn.clear()
    upstream = ThreadingHTTPServer(("127.0.0.1", free_port(8305)), EchoHandler)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = free_port()
    (tmp_path / "media" / "articles").mkdir(parents=True)
    (tmp_path / "media" / "articles" / "lead.jpg").write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    config = adapted_config(tmp_path, port, upstream.server_address[1])
    nginx = subprocess.Popen(
        [NGINX, "-c", str(config), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while not listening(port):
            assert nginx.poll() is None, nginx.stderr.read().decode()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)
        yield port, tmp_path
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        upstream.shutdown()
        upstream.server_close()


def get(port, path, headers=None, method="GET"):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        client.request(method, path, headers={"Host": "www.senzor.az", **(headers or {})})
        response = client.getresponse()
        return response.status, response.headers, response.read()
    finally:
        client.close()


def test_media_comes_from_disk_cached_for_a_month_and_sandboxed(proxy):
    port, _ = proxy
    status, headers, body = get(port, "/media/articles/lead.jpg")
    assert status == 200
    assert body == b"\xff\xd8\xff\xe0 jpeg"
    assert headers["Content-Type"] == "image/jpeg"
    assert "max-age=2592000" in headers.get_all("Cache-Control")
    assert "public" in headers.get_all("Cache-Control")
    assert "sandbox" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert get(port, "/media/")[0] == 403, "no directory listings"


def test_pages_go_to_the_web_replicas_with_the_readers_host_and_scheme(proxy):
    port, _ = proxy
    status, _, body = get(port, "/meqale/tokayev/?s=1")
    assert status == 200
    seen = json.loads(body)
    assert seen["path"] == "/meqale/tokayev/?s=1"
    assert seen["headers"]["Host"] == "www.senzor.az"
    assert seen["headers"]["X-Forwarded-Proto"] == "http"
    assert seen["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert len(seen["headers"]["X-Request-ID"]) == 32


def test_the_proxy_answers_its_own_liveness_probe_without_the_app(proxy):
    port, _ = proxy
    status, _, body = get(port, "/proxy-healthz")
    assert (status, body) == (200, b"ok\n")


def test_the_scheme_a_load_balancer_in_front_saw_is_passed_on(proxy):
    port, _ = proxy
    _, _, body = get(port, "/", {"X-Forwarded-Proto": "https"})
    assert json.loads(body)["headers"]["X-Forwarded-Proto"] == "https"


def test_requests_are_logged_as_json(proxy):
    port, tmp_path = proxy
    get(port, "/meqale/tokayev/")
    deadline = time.monotonic() + 5
    log = tmp_path / "access.log"
    while not (log.exists() and log.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.1)
    record = json.loads(log.read_text().splitlines()[-1])
    assert (record["path"], record["status"], record["logger"]) == (
        "/meqale/tokayev/",
        200,
        "nginx",
    )


def test_an_upload_over_the_limit_gets_an_azerbaijani_page_about_20_mb(proxy):
    """30 MB of form post: nginx refuses it before the app, in the site's language."""
    port, _ = proxy
    body = b"x" * (30 * 1024 * 1024)
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        client.putrequest("POST", "/admin/articles/article/add/", skip_host=True)
        client.putheader("Host", "www.senzor.az")
        client.putheader("Content-Type", "multipart/form-data; boundary=x")
        client.putheader("Content-Length", str(len(body)))
        client.endheaders()
        with contextlib.suppress(OSError):  # nginx may answer before reading it all
            client.send(body)
        response = client.getresponse()
        page = response.read().decode()
    finally:
        client.close()
    assert response.status == 413
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Şəkil ən çoxu 20 MB ola bilər" in page
    assert "mətn bu brauzerdə saxlanıb" in page
    assert "Request Entity Too Large" not in page


def test_the_limit_leaves_room_for_a_20_mb_image_and_the_form(proxy):
    """What the app refuses itself (with the typed text kept) still reaches it."""
    from core.images import MAX_UPLOAD_BYTES

    text = NGINX_CONF.read_text()
    limit_mb = int(text.split("client_max_body_size ", 1)[1].split("m;", 1)[0])
    assert limit_mb * 1024 * 1024 > MAX_UPLOAD_BYTES
    assert limit_mb * 1024 * 1024 <= django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE


# --- The microcache for breaking-news spikes ----------------------------------


def microcache_seconds():
    """The longest deploy/nginx.conf serves an anonymous page: its validity plus
    one second, as nginx counts expiry in whole seconds (a copy stored early in a
    second lives until the end of the one after its validity)."""
    valid = int(re.search(r"proxy_cache_valid 200 [^;]*?(\d+)s;", NGINX_CONF.read_text())[1])
    return valid + 1


def served(port, path, headers=None, method="GET"):
    """(how many requests for ``path`` the web replicas had answered, the page's
    edition, the microcache's verdict) for one request through the proxy."""
    status, response_headers, body = get(port, path, headers, method)
    assert status == 200
    page = json.loads(body)
    return page["served"], page["edition"], response_headers.get("X-Microcache")


def test_the_microcache_is_short_and_locked():
    assert 1 <= microcache_seconds() <= 5
    text = NGINX_CONF.read_text()
    assert "proxy_cache_lock on;" in text
    assert re.search(r"proxy_cache_use_stale[^;]*\bupdating\b", text)


def test_an_anonymous_page_is_served_from_the_proxy_for_a_moment(proxy):
    port, _ = proxy
    assert served(port, "/meqale/tokayev/") == (1, 1, "MISS")
    assert served(port, "/meqale/tokayev/") == (1, 1, "HIT")
    assert served(port, "/meqale/tokayev/?utm=x")[0] == 1, "another address is another page"


def test_an_edit_reaches_readers_within_the_microcache_time(proxy):
    port, _ = proxy
    served(port, "/meqale/tokayev/")
    EchoHandler.edition["number"] = 2  # an editor saves
    saved = time.monotonic()
    editions = []
    while (asked := time.monotonic()) - saved < microcache_seconds() + 3:
        editions.append(served(port, "/meqale/tokayev/")[1])
        if editions[-1] == 2:
            break
        time.sleep(0.1)
    assert editions[-1] == 2, "the edit never reached readers"
    # When the reader asked, not when the answer came: on a loaded machine a
    # round trip through nginx and the test's upstream can take a while.
    assert asked - saved <= microcache_seconds() + 1.0
    assert editions[0] == 1, "the copy from before the edit is served for the moment"


def test_a_withdrawn_article_is_gone_within_the_microcache_time(proxy):
    port, _ = proxy
    served(port, "/meqale/geri-cekilen/")
    EchoHandler.withdrawn.add("/meqale/geri-cekilen/")  # an editor unpublishes it
    withdrawn = time.monotonic()
    while get(port, "/meqale/geri-cekilen/")[0] == 200:
        assert time.monotonic() - withdrawn <= microcache_seconds() + 1.0, "still served"
        time.sleep(0.1)


def test_a_reader_with_a_session_is_never_served_nor_stored(proxy):
    port, _ = proxy
    served(port, "/")  # readers' copy
    session = {"Cookie": "csrftoken=x; sessionid=abc"}
    assert served(port, "/", session)[0] == 2
    assert served(port, "/", session)[0] == 3
    assert served(port, "/")[2] == "HIT"  # the readers' copy, not the session's page


def test_posts_are_never_cached(proxy):
    port, _ = proxy
    assert served(port, "/oxu/tokayev/", method="POST")[0] == 1
    assert served(port, "/oxu/tokayev/", method="POST")[0] == 2
    assert served(port, "/axtar/", method="POST")[0] == 1
    assert served(port, "/axtar/", method="POST")[0] == 2


def test_a_response_setting_a_cookie_or_marked_private_is_never_stored(proxy):
    port, _ = proxy
    assert [served(port, "/giris/cookie/")[0] for _ in range(3)] == [1, 2, 3]
    assert [served(port, "/gizli-idare/private/")[0] for _ in range(3)] == [1, 2, 3]


def test_the_admin_and_previews_are_never_cached(proxy):
    port, _ = proxy
    for path in ("/admin/", "/onizleme/7/", "/ckeditor/browse/", "/healthz"):
        assert [served(port, path)[0] for _ in range(2)] == [1, 2], path


def test_a_spike_on_a_cold_page_renders_it_once(proxy):
    """16 readers at once on a page no one has asked for: one render reaches the
    replicas (proxy_cache_lock), the others wait for it."""
    port, _ = proxy
    with ThreadPoolExecutor(16) as readers:
        results = list(readers.map(lambda _: served(port, "/slow/"), range(16)))
    assert EchoHandler.served["/slow/"] == 1
    assert {result[0] for result in results} == {1}
