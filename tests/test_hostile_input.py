"""Hostile addresses: whatever a scraper or an attacker types, the site answers calmly.

Hypothesis generates paths and query strings (unicode, very long, percent-
encoded, broken encodings, SQL and template syntax, null bytes) for every
public URL pattern, found by walking the URL configuration, so a new page is
covered the day it is added. The promise: never a 500 or a traceback, a
redirect only to this site, and every 4xx is the site's own page (masthead,
footer with the attribution), never Django's or the server's bare text.
"""

import re
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .pages import soup

pytestmark = pytest.mark.django_db

# Patterns that are not public pages, or not HTML pages at all.
NOT_PUBLIC_PREFIXES = ("admin/", "ckeditor/")
# The readership beacon answers a page's script (POST, an empty 204), not a reader.
NOT_HTML = {"healthz", "articles:read_beacon"}

HOSTILE = [
    "' OR '1'='1' --",
    "1; DROP TABLE articles_article; --",
    '" UNION SELECT password FROM auth_user --',
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "${7*7}",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%00",
    "\x00",
    "%ff%fe%fd",
    "%",
    "%%%",
    "%E0%A4%A",
    "\ud7ff\ue000",
    "ƏəİıŞşÇçĞğÖöÜü",
    "𝕊𝕖𝕟𝕫𝕠𝕣 🦀",
    "\u202e\u200b\ufeff",
    "a" * 5000,
    "ə" * 2000,
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "[]",
    "{}",
    "\r\nSet-Cookie: x=1",
]

# Anything a URL could carry: arbitrary unicode (no surrogates), or a known nasty.
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=80),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=300, max_size=3000),
)

# Segments are sent either percent-encoded, as a browser does, or raw.
path_segment = st.one_of(
    hostile_text.map(lambda text: quote(text, safe="")),
    hostile_text.map(lambda text: quote(text, safe="/%")),
)

QUERY_KEYS = ["page", "q", "sort", "utm_source", "format", "id"]
# The search page's own filters (articles/search_form.py).
QUERY_KEYS += ["rubrika", "ekspert", "tarixden", "tarixe", "sira", "say"]
query_string = st.one_of(
    st.dictionaries(
        st.one_of(st.sampled_from(QUERY_KEYS), hostile_text), hostile_text, max_size=4
    ).map(urlencode),
    # Raw, possibly broken, query strings (bad %-escapes, lone '=' and '&').
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=300),
)


def public_routes(resolver=None, prefix=""):
    """Yield (name, route) for every public pattern, route like "meqale/<slug:slug>/"."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(NOT_PUBLIC_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            yield from public_routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            namespace = resolver.namespace if isinstance(resolver, URLResolver) else None
            name = pattern.name or route
            yield (f"{namespace}:{name}" if namespace else name), route


ROUTES = dict(public_routes())
# Both converter syntax (<slug:slug>) and regex groups ((?P<path>.*)).
PARAMETER = re.compile(r"<[^>]+>|\(\?P<[^>]+>[^)]*\)")


def fill(route, segments):
    """The route with its parameters replaced by generated segments, as a path."""
    plain = route.lstrip("^").rstrip("$")
    pieces = PARAMETER.split(plain)
    path = pieces[0]
    for segment, piece in zip(segments, pieces[1:], strict=False):
        path += segment + piece
    return "/" + path


def parameter_count(route):
    return len(PARAMETER.findall(route))


@pytest.fixture
def content(make_article, expert, lead_rubric):
    """Some real content, so the generated requests also reach full pages."""
    for number in range(12):
        make_article(rubric=lead_rubric, expert=expert, title=f"Məqalə {number} şəki")


def assert_calm_answer(response, url):
    body = response.content.decode("utf-8", errors="replace")
    assert response.status_code < 500, f"{url}: {response.status_code}"
    assert "Traceback" not in body, url
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        assert location.startswith("/") and not location.startswith("//"), (url, location)
    elif 400 <= response.status_code < 500:
        page = soup(response)
        assert page.select_one("footer [data-attribution]"), f"{url}: not the site's own page"
        assert page.select_one("[data-error], .error-page"), f"{url}: not an error page"


def test_every_public_pattern_is_covered():
    """Guard: the walker sees the site's pages; a broken walker would test nothing."""
    assert {"articles:home", "articles:detail", "experts:detail"} <= set(ROUTES)


@pytest.mark.parametrize("name", sorted(ROUTES))
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_paths_and_queries_never_break_a_page(name, content, data):
    route = ROUTES[name]
    segments = [data.draw(path_segment) for _ in range(parameter_count(route))]
    path = fill(route, segments)
    query = data.draw(query_string)
    client = Client(raise_request_exception=False)
    response = client.get(path, QUERY_STRING=query)
    if name in NOT_HTML:
        assert response.status_code < 500, path
        return
    assert_calm_answer(response, f"{path}?{query}")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(segments=st.lists(path_segment, min_size=1, max_size=4))
def test_paths_that_match_no_pattern_get_the_sites_404(segments, db):
    path = "/" + "/".join(segments)
    response = Client(raise_request_exception=False).get(path)
    assert_calm_answer(response, path)


@pytest.mark.parametrize("host", ["evil.example", "senzor.az:99999", "a" * 300, "[::1"])
def test_a_forged_host_header_gets_the_sites_400_page(host, db):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "Traceback" not in response.content.decode()
    assert "Yanlış sorğu" in soup(response).get_text()
