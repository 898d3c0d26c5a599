"""Reuse attribution is enforced on every public page.

The test walks the project's URL patterns itself, so a new public page must be
added to ``SAMPLE_URLS`` (and so checked) or this test fails: a template that
forgets the shared base and its footer cannot slip through.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from portal.models import SiteSettings

from .pages import soup, text_of

pytestmark = pytest.mark.django_db

# URL namespaces that are not public pages for readers.
NOT_PUBLIC = {"admin"}
NOT_PUBLIC_PREFIXES = ("admin/", "^media/", "ckeditor/")
# Named URLs that answer machines, not readers: no HTML page, so no footer.
# "healthz" is the JSON health probe for Docker and load balancers (portal/health.py).
# Feeds, sitemaps and robots.txt are XML or plain text for machines; the feeds'
# own attribution (sentence and canonical link in every item) is tested in
# tests/test_feeds_and_sitemaps.py.
# /arxiv/ only redirects to today's archive page (checked below as "archive_day");
# /favicon.ico is an image.
NOT_HTML_PAGES = {
    "healthz",
    "feed",
    "rubric_feed",
    "robots",
    "sitemap",
    "news_sitemap",
    "sitemap_section",
    "archive_sitemap",
    "archive_today",
    "favicon",
    "read_beacon",  # the article page's readership beacon: POST, an empty 204
}


def public_url_names(resolver=None, namespace=""):
    """Yield "namespace:name" for every named public pattern, and None for unnamed ones."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if str(pattern.pattern).startswith(NOT_PUBLIC_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            if pattern.namespace in NOT_PUBLIC:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from public_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.name in NOT_HTML_PAGES:
                continue
            yield f"{namespace}{pattern.name}" if pattern.name else None


def _today_archive_url():
    today = timezone.localdate()
    return f"/arxiv/{today.year}/{today.month}/{today.day}/"


@pytest.fixture
def sample_urls(make_article, expert, lead_rubric, politics):
    article = make_article(
        rubric=lead_rubric, expert=expert, video_url="https://youtu.be/dQw4w9WgXcQ"
    )
    article.tags.add("Cənubi Qafqaz")
    make_article(rubric=politics).tags.add("Cənubi Qafqaz")
    return {
        "articles:home": ["/"],
        "articles:rubric": [lead_rubric.get_absolute_url(), politics.get_absolute_url()],
        "articles:detail": [article.get_absolute_url()],
        "experts:detail": [expert.get_absolute_url()],
        "articles:search": [
            "/axtar/",
            "/axtar/?q=s%C4%B1naq",
            "/axtar/?q=s%C4%B1naq&rubrika=yoxdur&tarixden=d%C3%BCn%C9%99n&say=20",
        ],
        "articles:news_feed": ["/lent/", "/lent/?page=1"],
        "articles:rubric_news_feed": [f"/lent/{politics.slug}/"],
        "articles:archive_day": [_today_archive_url()],
        "articles:archive_month": [_today_archive_url().rsplit("/", 2)[0] + "/"],
        "articles:tag": ["/teq/cenubi-qafqaz/"],
        # A reader asking for a newsroom preview gets the 404 page, footer and all
        # (tests/test_workflow.py checks the preview the newsroom sees).
        "articles:preview": [reverse("articles:preview", kwargs={"pk": article.pk})],
    }


def test_every_public_url_pattern_has_a_sample_to_check(sample_urls):
    names = list(public_url_names())
    assert None not in names, "every public URL pattern needs a name"
    assert set(names) <= set(sample_urls), (
        f"add samples for {sorted(set(names) - set(sample_urls))} to SAMPLE_URLS"
    )


def _pages(client, sample_urls):
    for urls in sample_urls.values():
        for url in urls:
            yield url, client.get(url)
    yield "/404-yoxlama/", client.get("/404-yoxlama/")


def test_every_public_page_carries_the_attribution_with_a_link(client, sample_urls):
    site = SiteSettings.load()
    for url, response in _pages(client, sample_urls):
        notice = soup(response).select_one("footer [data-attribution]")
        assert notice is not None, f"{url}: no attribution notice in the footer"
        assert site.attribution_sentence in " ".join(notice.get_text().split()), url
        assert notice.a["href"] == "http://testserver/", f"{url}: no link to the site"


def test_the_404_page_is_the_sites_own(client, db):
    response = client.get("/404-yoxlama/")
    assert response.status_code == 404
    assert "Səhifə tapılmadı" in text_of(response)


def test_every_article_page_carries_its_canonical_source_line(client, sample_urls):
    for url in sample_urls["articles:detail"]:
        page = soup(client.get(url))
        canonical = f"http://testserver{url}"
        source = page.select_one("[data-source-line]")
        assert source.get_text(" ", strip=True) == f"Mənbə: {canonical}"
        assert source.a["href"] == canonical
        assert page.select_one('link[rel="canonical"]')["href"] == canonical


def test_canonical_links_use_the_configured_site_address(client, settings, sample_urls):
    settings.SITE_URL = "https://www.senzor.az"
    url = sample_urls["articles:detail"][0]
    source = soup(client.get(url)).select_one("[data-source-line] a")
    assert source["href"] == f"https://www.senzor.az{url}"


def test_the_attribution_follows_the_admin_edited_sentence(client, sample_urls):
    site = SiteSettings.load()
    site.attribution_sentence = "İstinad mütləqdir."
    site.save()
    notice = soup(client.get("/")).select_one("footer [data-attribution]")
    assert "İstinad mütləqdir." in notice.get_text()


def test_footer_prints_the_site_facts_from_settings(client, db):
    site = SiteSettings.load()
    footer = " ".join(soup(client.get("/")).footer.get_text(" ").split())
    for fact in (
        site.site_name,
        site.tagline,
        site.founder_and_editor,
        site.phone,
        site.copyright_line,
        site.email,
        site.advertising_email,
    ):
        assert fact in footer


def test_emails_are_links_but_not_plain_text_in_the_html(client, db):
    site = SiteSettings.load()
    response = client.get("/")
    assert site.email not in response.content.decode()
    links = [a["href"] for a in soup(response).footer.select('a[href^="mailto:"]')]
    assert links == [f"mailto:{site.email}", f"mailto:{site.advertising_email}"]
