"""Hardening a reader and an attacker can observe: headers, login lockout, uploads, passwords.

Each test names what would go wrong for a real visitor if the protection
were removed (an injected script running, the site framed by a phishing page,
a password guessed by brute force, an uploaded SVG running in our origin).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from PIL import Image

from core.sanitizer import EMBED_HOSTS

from .pages import soup, text_of

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(django_settings.BASE_DIR)
ADMIN_LOGIN = "/admin/login/"


def csp_directives(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def public_pages(make_article, expert, lead_rubric):
    article = make_article(rubric=lead_rubric, expert=expert)
    return ["/", lead_rubric.get_absolute_url(), article.get_absolute_url(), "/yoxdur/"]


# --- Headers -------------------------------------------------------------------


def test_public_pages_forbid_inline_script_and_framing(client, public_pages):
    for url in public_pages:
        response = client.get(url)
        policy = csp_directives(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert policy["object-src"] == ["'none'"], url
        assert "'unsafe-inline'" not in policy["style-src"], url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url


def test_public_pages_carry_no_inline_script_or_event_handler(client, public_pages):
    """Under the policy above an inline script would silently not run: keep none."""
    for url in public_pages:
        page = soup(client.get(url))
        for script in page.find_all("script"):
            is_data = script.get("type") == "application/ld+json"
            assert script.get("src") or is_data, f"{url}: inline script {script}"
        for element in page.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, f"{url}: event handler on <{element.name}>"


def test_article_embeds_allowed_by_the_sanitizer_may_be_framed(client, public_pages):
    frame_sources = csp_directives(client.get("/"))["frame-src"]
    assert {f"https://{host}" for host in EMBED_HOSTS} <= set(frame_sources)


def test_admin_allows_the_editors_inline_styles_but_still_no_inline_script(client, db):
    policy = csp_directives(client.get(ADMIN_LOGIN))
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["script-src"] == ["'self'"]


def _settings_in_production(extra_env=None):
    """Import the settings in a fresh interpreter as production would, and report some."""
    env = {
        **os.environ,
        "SENZOR_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 64,
        "DJANGO_ALLOWED_HOSTS": "senzor.az",
        "DJANGO_DEBUG": "",
        **(extra_env or {}),
    }
    script = (
        "import json, django; django.setup();"
        "from django.conf import settings as s; from django.urls import reverse;"
        "print(json.dumps({name: getattr(s, name) for name in ("
        "'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE',"
        "'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY')} | {'admin': reverse('admin:index')}))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "senzor.settings"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_and_only_secure_http_only_cookies():
    production = _settings_in_production()
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["CSRF_COOKIE_HTTPONLY"] is True


def test_the_admin_address_comes_from_the_environment():
    production = _settings_in_production({"SENZOR_ADMIN_URL": "/redaksiya-7f3k/"})
    assert production["admin"] == "/redaksiya-7f3k/"


def test_development_has_no_hsts_so_plain_http_localhost_keeps_working(client, db):
    assert "Strict-Transport-Security" not in client.get("/")


# --- Login throttling ----------------------------------------------------------


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "leyla", password="Redaksiya-parolu-2026", is_staff=True
    )


def _login(username, password, address="203.0.113.7"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(ADMIN_LOGIN, {"username": username, "password": password})
    return client, response


def _fail_times(count, username, address="203.0.113.7"):
    for _ in range(count):
        _, response = _login(username, "yanlış-parol-123", address)
        # The login form again with its error, or the lockout page from the last one on.
        assert response.status_code in (200, 429)


def test_five_wrong_passwords_lock_the_user_out_even_with_the_right_one(editor):
    limit = django_settings.AXES_FAILURE_LIMIT
    _fail_times(limit - 1, "leyla", address="198.51.100.1")
    _fail_times(1, "leyla", address="198.51.100.2")  # guessing from a second address
    _, response = _login("leyla", "Redaksiya-parolu-2026", address="198.51.100.3")
    assert response.status_code == 429
    assert "Giriş müvəqqəti bağlanıb" in text_of(response)
    assert "_auth_user_id" not in response.wsgi_request.session


def test_one_address_guessing_many_usernames_is_locked_out(editor):
    for number in range(django_settings.AXES_FAILURE_LIMIT):
        _fail_times(1, f"admin{number}", address="203.0.113.50")
    _, locked = _login("leyla", "Redaksiya-parolu-2026", address="203.0.113.50")
    assert locked.status_code == 429
    client, allowed = _login("leyla", "Redaksiya-parolu-2026", address="203.0.113.51")
    assert allowed.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_successful_login_forgets_earlier_mistakes(editor):
    limit = django_settings.AXES_FAILURE_LIMIT
    _fail_times(limit - 1, "leyla")
    _, response = _login("leyla", "Redaksiya-parolu-2026")
    assert response.status_code == 302
    _fail_times(limit - 1, "leyla")
    _, again = _login("leyla", "Redaksiya-parolu-2026")
    assert again.status_code == 302


@pytest.fixture
def chief_editor_client(db):
    chief = get_user_model().objects.create_user(
        "aynur", password="Baş-redaktor-2026", is_staff=True
    )
    chief.groups.add(Group.objects.get(name="Baş redaktor"))
    client = Client()
    client.force_login(chief)
    return client


def test_the_chief_editor_sees_the_lockout_and_can_lift_it(editor, chief_editor_client):
    _fail_times(django_settings.AXES_FAILURE_LIMIT, "leyla", address="192.0.2.10")
    page = chief_editor_client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200
    rows = text_of(page)
    assert "leyla" in rows and "192.0.2.10" in rows

    attempt = AccessAttempt.objects.get(username="leyla")
    chief_editor_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    _, response = _login("leyla", "Redaksiya-parolu-2026", address="192.0.2.10")
    assert response.status_code == 302


def test_an_author_does_not_see_the_lockouts(editor):
    editor.groups.add(Group.objects.get(name="Müəllif"))
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_behind_a_proxy_the_readers_address_is_taken_from_the_proxy_hop(settings, editor):
    settings.SENZOR_TRUSTED_PROXY_COUNT = 1
    for number in range(settings.AXES_FAILURE_LIMIT):
        client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"1.1.1.{number}, 192.0.2.99")
        client.post(ADMIN_LOGIN, {"username": f"x{number}", "password": "yanlış-parol-123"})
    # Another reader behind the same proxy is not locked out by the attacker.
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.100")
    response = other.post(ADMIN_LOGIN, {"username": "leyla", "password": "Redaksiya-parolu-2026"})
    assert response.status_code == 302


def test_the_test_client_and_scripts_log_in_without_a_request_to_throttle(editor, client):
    assert client.login(username="leyla", password="Redaksiya-parolu-2026")
    assert client.get("/admin/").status_code == 200


# --- Passwords -----------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["Qısa-parol1", "123456789012345", "password1234", "leyla-redaktor"],
    ids=["11 characters", "only digits", "common", "like the username"],
)
def test_weak_passwords_are_refused(password):
    user = get_user_model()(username="leyla-redaktor")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_twelve_character_unusual_password_is_accepted():
    validate_password("Xəzər-küləyi7", get_user_model()(username="leyla"))


def test_the_admin_refuses_an_eleven_character_password_with_a_clear_message(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "nigar", "password1": "Qısa-parol1", "password2": "Qısa-parol1"},
    )
    assert response.status_code == 200
    assert "12" in text_of(response)
    assert not get_user_model().objects.filter(username="nigar").exists()


# --- Uploads -------------------------------------------------------------------


def _put_in_media(name, content):
    path = Path(django_settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    "name, content",
    [
        ("articles/2026/11/x.svg", SVG_WITH_SCRIPT),
        ("articles/2026/11/x.html", b"<script>alert(1)</script>"),
        ("articles/2026/11/x.htm", b"<script>alert(1)</script>"),
        ("articles/2026/11/noext", b"<script>alert(1)</script>"),
    ],
)
def test_media_that_is_not_a_raster_image_is_only_ever_downloaded(client, name, content):
    _put_in_media(name, content)
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_media_images_keep_their_type_but_are_sandboxed(client, tmp_path):
    picture = tmp_path / "p.png"
    Image.new("RGB", (4, 4), "red").save(picture)
    _put_in_media("articles/2026/11/p.png", picture.read_bytes())
    response = client.get("/media/articles/2026/11/p.png")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_media_outside_the_media_folder_is_not_served(client):
    for url in ("/media/../senzor/urls.py", "/media/%2e%2e/senzor/urls.py"):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert "SECRET_KEY" not in response.content.decode()
        assert "Yanlış sorğu" in text_of(response) or "Səhifə tapılmadı" in text_of(response)


def test_readers_cannot_reach_the_upload_forms(client, db):
    for url in ("/admin/articles/article/add/", "/admin/experts/expert/add/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(ADMIN_LOGIN)


# --- The database away ---------------------------------------------------------


def _every_query_raises(monkeypatch, error):
    def execute(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(CursorWrapper, "execute", execute)
    monkeypatch.setattr(CursorWrapper, "executemany", execute)


@pytest.mark.parametrize("url", ["/", "/rubrika/siyaset/", "/axtar/?q=baki", "/yoxdur/"])
def test_with_the_database_away_readers_get_the_503_page(monkeypatch, politics, url):
    _every_query_raises(monkeypatch, OperationalError("connection refused"))
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Sayt müvəqqəti əlçatan deyil" in text_of(response)


def test_a_programming_error_is_still_a_500_not_a_503(monkeypatch, db):
    _every_query_raises(monkeypatch, ValueError("a bug"))
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Xəta baş verdi" in text_of(response)


def test_a_database_outage_logs_one_line_per_request_not_a_traceback(monkeypatch, politics, caplog):
    _every_query_raises(monkeypatch, OperationalError("connection refused"))
    with caplog.at_level("WARNING"):
        Client(raise_request_exception=False).get("/")
    tracebacks = [record for record in caplog.records if record.exc_info]
    assert tracebacks == []
    assert any("answering 503" in record.getMessage() for record in caplog.records)


def test_a_programming_error_keeps_its_traceback_in_the_log(monkeypatch, db, caplog):
    _every_query_raises(monkeypatch, ValueError("a bug"))
    with caplog.at_level("ERROR"):
        Client(raise_request_exception=False).get("/")
    assert any(record.name == "django.request" and record.exc_info for record in caplog.records)


@pytest.mark.parametrize(
    "next_address", ["https://kənar-sayt.example/", "//kənar-sayt.example/", "javascript:alert(1)"]
)
def test_a_login_with_a_refused_next_lands_on_the_admin_front_page(editor, next_address):
    client = Client(REMOTE_ADDR="203.0.113.8")
    response = client.post(
        f"{ADMIN_LOGIN}?next={next_address}",
        {"username": "leyla", "password": "Redaksiya-parolu-2026", "next": next_address},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200
