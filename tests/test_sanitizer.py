"""Safe rich text: what an editor types goes through the server's allow-list before readers see it.

Each hostile body is saved through the admin's article form by an editor and
then read on the public article page, as a reader's browser would get it.
"""

import json
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from articles.models import Article
from core.sanitizer import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    EMBED_HOSTS,
    TOOLBAR_OUTPUT,
    editor_allowed_content,
)

from .newsroom import ARTICLE_ADMIN, form_values
from .pages import soup

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">bax</a>',
    '<a href="JaVaScRiPt:alert(1)">bax</a>',
    '<a href="&#106;avascript:alert(1)">bax</a>',
    '<a href="java&#x09;script:alert(1)">bax</a>',
    '<a href="  javascript:alert(1)">bax</a>',
    '<a href="vbscript:msgbox(1)">bax</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bax</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="x">',
    "<img src=`javascript:alert(1)`>",
    '<img src="x.jpg" alt="x" onmouseover="alert(1)">',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe src="https://evil.example/embed"></iframe>',
    '<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>',
    '<iframe src="http://www.youtube.com/embed/x"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<p style="background:url(javascript:alert(1))">stil</p>',
    '<div style="width: expression(alert(1))">stil</div>',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type="submit"></form>',
    '<button formaction="javascript:alert(1)">düymə</button>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    '"><script>alert(1)</script>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<table background="javascript:alert(1)"><tr><td>xana</td></tr></table>',
    '<p><a href="https://senzor.az" onclick="alert(1)" target="_blank">keçid</a></p>',
    '<p id="x" class="y" data-x="1" onfocus="alert(1)" tabindex="1">atributlar</p>',
]

SAFE_SCHEMES = {"http", "https", "mailto", ""}


@pytest.fixture
def publish_through_admin(login, editor, politics):
    """Save a body as a published article through the admin form; return the public page."""
    browser = login(editor)

    def publish(body):
        values = form_values(browser.get(f"{ARTICLE_ADMIN}add/"))
        values.update(title="Sınaq", rubric=politics.pk, body=body, _publish="Dərc et")
        response = browser.post(f"{ARTICLE_ADMIN}add/", values)
        assert response.status_code == 302, response.content[:500]
        article = Article.objects.latest("pk")
        return article, soup(browser.get(article.get_absolute_url()))

    return publish


def _assert_only_allow_listed(body):
    """Every element, attribute and URL of the article body is on the allow-list."""
    for element in body.find_all(True):
        assert element.name in ALLOWED_TAGS, f"<{element.name}> reached the reader"
        allowed = ALLOWED_ATTRIBUTES.get(element.name, set()) | (
            {"rel"} if element.name == "a" else set()
        )
        assert set(element.attrs) <= allowed, f"<{element.name} {element.attrs}>"
        for attribute in ("href", "src"):
            if element.has_attr(attribute):
                url = urlsplit(element[attribute].strip())
                assert url.scheme.lower() in SAFE_SCHEMES, element
        if element.name == "iframe":
            url = urlsplit(element["src"])
            assert url.scheme == "https" and url.hostname in EMBED_HOSTS, element


def _assert_page_runs_no_injected_code(page):
    for script in page.find_all("script"):
        assert script.get("src") or script.get("type") == "application/ld+json", script
    for element in page.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")], element
        assert not (element.name == "a" and "javascript" in element.get("href", "").lower())


def test_there_are_at_least_thirty_payloads():
    assert len(set(XSS_PAYLOADS)) >= 30


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_hostile_body_reaches_the_reader_harmless(publish_through_admin, payload):
    article, page = publish_through_admin(f"<p>Giriş.</p>{payload}<p>Son.</p>")
    body = page.select_one(".article__body")
    assert body is not None
    _assert_only_allow_listed(body)
    _assert_page_runs_no_injected_code(page)
    text = body.get_text(" ", strip=True)
    assert text.startswith("Giriş.")  # the article itself survives


def test_hostile_title_kicker_and_lead_are_printed_as_text(login, editor, politics, client):
    browser = login(editor)
    values = form_values(browser.get(f"{ARTICLE_ADMIN}add/"))
    values.update(
        title="<script>alert(1)</script> başlıq",
        kicker='"><img src=x onerror=alert(1)>',
        lead="<b onmouseover=alert(1)>xülasə</b>",
        rubric=politics.pk,
        body="<p>x</p>",
        _publish="Dərc et",
    )
    browser.post(f"{ARTICLE_ADMIN}add/", values)
    page = soup(client.get(Article.objects.get().get_absolute_url()))
    assert page.select_one("h1").get_text() == "<script>alert(1)</script> başlıq"
    _assert_page_runs_no_injected_code(page)
    assert page.select_one(".article__lead b") is None


def test_what_the_toolbar_makes_is_kept_as_written(publish_through_admin):
    written = (
        "<h2>Başlıq</h2><h3>Alt başlıq</h3><h4>Kiçik</h4>"
        "<p><strong>qalın</strong> <em>kursiv</em><br>sətir</p>"
        "<ul><li>bir</li></ul><ol><li>iki</li></ol>"
        "<blockquote><p>sitat</p></blockquote>"
        '<p><a href="https://senzor.az/" title="Sayt">keçid</a> '
        '<a href="mailto:info@senzor.az">poçt</a></p>'
        '<p><img src="/media/editor/2026/11/sekil.jpg" alt="Şəkil" width="800" height="450"></p>'
        '<table><caption>Cədvəl</caption><thead><tr><th scope="col">A</th></tr></thead>'
        '<tbody><tr><td colspan="1">1</td></tr></tbody></table><hr>'
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315" '
        'title="Video" allowfullscreen=""></iframe>'
    )
    article, page = publish_through_admin(written)
    body = page.select_one(".article__body")
    for selector in (
        "h2", "h3", "h4", "strong", "em", "br", "ul li", "ol li", "blockquote p",
        'a[href="https://senzor.az/"][title="Sayt"]', 'a[href^="mailto:"]',
        'img[alt="Şəkil"][width="800"]', "table caption", 'th[scope="col"]', "td", "hr",
        'iframe[src="https://www.youtube-nocookie.com/embed/abc"][allowfullscreen]',
    ):  # fmt: skip
        assert body.select_one(selector) is not None, selector
    assert body.select_one("a")["rel"] == ["noopener", "noreferrer"]


def test_the_toolbar_offers_exactly_the_allow_list():
    config = settings.CKEDITOR_CONFIGS["default"]
    buttons = [button for group in config["toolbar_Senzor"] for button in group]
    assert set(buttons) == set(TOOLBAR_OUTPUT), "every button needs its output listed"
    assert set().union(*TOOLBAR_OUTPUT.values()) | {"br"} == ALLOWED_TAGS
    assert set(config["format_tags"].split(";")) == TOOLBAR_OUTPUT["Format"]


def test_the_editor_filters_to_the_same_allow_list_as_the_server(login, editor, politics):
    page = soup(login(editor).get(f"{ARTICLE_ADMIN}add/"))
    editor_config = json.loads(page.select_one("textarea[name=body]")["data-config"])
    assert editor_config["allowedContent"] == editor_allowed_content()
    rules = dict(
        (rule.split("[")[0], set(rule[:-1].split("[")[1].split(",")) if "[" in rule else None)
        for rule in editor_config["allowedContent"].split("; ")[1:]
    )
    assert rules == ALLOWED_ATTRIBUTES
    plain = set(editor_config["allowedContent"].split("; ")[0].split())
    assert plain | set(rules) == ALLOWED_TAGS
