"""Readers get public pages from the cache, and every newsroom change shows on the next request.

Each invalidation test first proves the pages are cached (a repeat request runs
no SQL at all), then makes the edit, then reads the pages again as a reader.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import Article
from articles.views import ArticleDetailView
from portal.models import SiteSettings

from .pages import sitemap_text, soup, text_of

pytestmark = pytest.mark.django_db


def assert_served_from_cache(client, url):
    """The page is answered without touching the database: it came from the cache."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert not queries.captured_queries, f"{url} was rendered, not served from the cache"
    return response


def warm(client, *urls):
    """Fill the caches with ``urls``; with page caching on, prove the pages are cached."""
    for url in urls:
        assert client.get(url).status_code == 200, url
        if settings.SENZOR_PAGE_CACHE_SECONDS:
            assert_served_from_cache(client, url)


@pytest.fixture
def neighbour(make_article, economy):
    """Another article, whose "Digər xəbərlər" lists the latest ones."""
    return make_article(
        title="Qonşu məqalə", rubric=economy, published_at=timezone.now() - timedelta(days=3)
    )


@pytest.fixture
def story(make_article, politics, expert):
    return make_article(title="Parlament yeni qanun qəbul etdi", rubric=politics, expert=expert)


def public_pages(article, neighbour):
    """Every page that shows ``article``: home, its rubric feed, its own page, its
    expert's page, "Digər xəbərlər" of another article, and search."""
    return [
        "/",
        article.rubric.get_absolute_url(),
        article.get_absolute_url(),
        article.expert.get_absolute_url(),
        neighbour.get_absolute_url(),
        "/axtar/?q=parlament",
    ]


def feeds(article):
    """The RSS feeds that list ``article``: the site's and its rubric's."""
    return ["/rss/", f"{article.rubric.get_absolute_url()}rss/"]


def in_sitemap(client, article):
    return article.get_absolute_url() in sitemap_text(client)


def in_feeds(client, article, text):
    return [text in client.get(url).content.decode() for url in feeds(article)]


class TestReadersGetCachedPages:
    def test_a_repeated_page_comes_from_the_cache_with_revalidation_headers(
        self, client, story, neighbour
    ):
        for url in public_pages(story, neighbour):
            client.get(url)
            response = assert_served_from_cache(client, url)
            cache_control = response["Cache-Control"]
            assert "public" in cache_control and "max-age=0" in cache_control, url
            assert "must-revalidate" in cache_control, url
            assert "Cookie" in response["Vary"], url
            assert response["ETag"].startswith('"'), url

    def test_a_reader_with_the_current_copy_gets_304_without_a_body(self, client, story):
        etag = client.get("/")["ETag"]
        response = client.get("/", headers={"if-none-match": etag})
        assert response.status_code == 304
        assert response.content == b""

    def test_the_etag_changes_when_the_page_does(self, client, story):
        etag = client.get("/")["ETag"]
        story.title = "Başqa başlıq"
        story.save()
        response = client.get("/", headers={"if-none-match": etag})
        assert response.status_code == 200
        assert "Başqa başlıq" in text_of(response)

    def test_cached_pages_keep_the_attribution_and_the_canonical_link(self, client, story):
        site = SiteSettings.load()
        client.get(story.get_absolute_url())
        page = soup(assert_served_from_cache(client, story.get_absolute_url()))
        assert site.attribution_sentence in page.select_one("footer [data-attribution]").text
        assert page.select_one("link[rel=canonical]")["href"].endswith(story.get_absolute_url())

    def test_tracking_parameters_share_the_page_but_page_numbers_do_not(
        self, client, make_article, politics
    ):
        for number in range(12):
            make_article(title=f"Xəbər {number}", rubric=politics)
        feed = politics.get_absolute_url()
        client.get(feed)
        assert_served_from_cache(client, f"{feed}?utm_source=facebook")
        second_page = text_of(client.get(f"{feed}?page=2"))
        assert "Xəbər 0" in second_page and "Xəbər 11" not in second_page

    def test_a_cached_page_is_answered_before_sessions_authentication_and_the_view(
        self, client, story, monkeypatch
    ):
        client.get(story.get_absolute_url())

        def view_ran(*args, **kwargs):
            raise AssertionError("the view ran for a page in the cache")

        monkeypatch.setattr(ArticleDetailView, "get", view_ran)
        response = client.get(story.get_absolute_url())
        assert response.status_code == 200
        assert story.title in text_of(response)
        assert not hasattr(response.wsgi_request, "session")
        assert not hasattr(response.wsgi_request, "user")

    def test_a_cached_page_carries_every_header_the_rendered_page_had(self, client, story):
        for url in ("/", story.get_absolute_url(), "/rss/"):
            rendered = client.get(url)
            cached = assert_served_from_cache(client, url)
            assert dict(cached.headers) == dict(rendered.headers), url
            assert "default-src 'self'" in cached["Content-Security-Policy"], url
            assert cached["X-Frame-Options"] == "DENY", url
            assert "Accept-Language" in cached["Vary"] and "Cookie" in cached["Vary"], url

    def test_a_head_request_gets_the_cached_page_headers(self, client, story):
        page = client.get(story.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            response = client.head(story.get_absolute_url())
        assert response.status_code == 200
        assert not queries.captured_queries
        assert response["ETag"] == page["ETag"]

    def test_missing_pages_and_redirects_are_not_stored(self, client, story):
        old_address = story.get_absolute_url()
        story.slug = "parlament-qanunu"
        story.save()
        for url, status in (("/meqale/bele-meqale-yoxdur/", 404), (old_address, 301)):
            assert client.get(url).status_code == status
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == status
            assert queries.captured_queries, f"{url} came from the page cache"

    def test_a_reader_with_an_unknown_session_cookie_gets_a_fresh_public_page(self, client, story):
        client.get(story.get_absolute_url())
        client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session-this-site-issued"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(story.get_absolute_url())
        assert response.status_code == 200
        assert story.title in text_of(response)
        assert queries.captured_queries, "a request with a session cookie got a stored page"
        assert "private" not in response.get("Cache-Control", "")


class TestTheNewsroomAlwaysSeesFreshPages:
    def test_logged_in_pages_are_rendered_and_marked_private(self, client, admin_user, story):
        client.force_login(admin_user)
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        assert queries.captured_queries, "a logged-in user got a cached page"
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]

    def test_a_logged_in_visit_never_fills_the_readers_cache(self, client, admin_user, story):
        client.force_login(admin_user)
        client.get(story.get_absolute_url())
        client.logout()
        with CaptureQueriesContext(connection) as queries:
            client.get(story.get_absolute_url())
        assert queries.captured_queries, "the reader got the page a logged-in user rendered"


class TestEveryEditShowsOnTheNextRequest:
    """With the page cache on, and off (then the shared blocks: the article,
    "Digər xəbərlər", masthead and footer come from the fragment cache)."""

    @pytest.fixture(autouse=True, params=[60, 0], ids=["page cache", "fragments only"])
    def _page_cache(self, request, settings):
        settings.SENZOR_PAGE_CACHE_SECONDS = request.param

    def test_publishing_a_draft(self, client, make_article, politics, expert, neighbour):
        draft = make_article(
            title="Parlament yeni qanun qəbul etdi",
            rubric=politics,
            expert=expert,
            status=Article.Status.DRAFT,
        )
        client.get("/axtar/?q=parlament")
        warm(client, "/", politics.get_absolute_url(), expert.get_absolute_url())
        warm(client, neighbour.get_absolute_url(), "/axtar/?q=parlament", "/sitemap.xml")
        warm(client, *feeds(draft))
        assert client.get(draft.get_absolute_url()).status_code == 404

        workflow.publish(draft)

        for url in public_pages(draft, neighbour):
            assert "Parlament yeni qanun qəbul etdi" in text_of(client.get(url)), url
        assert in_feeds(client, draft, "Parlament yeni qanun qəbul etdi") == [True, True]
        assert in_sitemap(client, draft)

    def test_editing_a_published_article(self, client, story, neighbour):
        warm(client, *public_pages(story, neighbour), *feeds(story))

        story.title = "Parlament qanunu ikinci oxunuşda qəbul etdi"
        story.save()

        for url in public_pages(story, neighbour):
            page = text_of(client.get(url))
            assert "ikinci oxunuşda" in page, url
            assert "Parlament yeni qanun qəbul etdi" not in page, url
        assert in_feeds(client, story, "ikinci oxunuşda") == [True, True]

    def test_unpublishing_an_article(self, client, story, neighbour):
        pages = public_pages(story, neighbour)
        warm(client, *pages, *feeds(story), "/sitemap.xml")

        workflow.unpublish(story)

        assert client.get(story.get_absolute_url()).status_code == 404
        for url in set(pages) - {story.get_absolute_url()}:
            assert "Parlament yeni qanun" not in text_of(client.get(url)), url
        assert in_feeds(client, story, "Parlament yeni qanun") == [False, False]
        assert not in_sitemap(client, story)

    def test_deleting_an_article(self, client, story, neighbour):
        pages = public_pages(story, neighbour)
        warm(client, *pages, *feeds(story), "/sitemap.xml")

        story.delete()

        assert client.get(pages[2]).status_code == 404
        for url in set(pages) - {pages[2]}:
            assert "Parlament yeni qanun" not in text_of(client.get(url)), url
        assert in_feeds(client, story, "Parlament yeni qanun") == [False, False]
        assert not in_sitemap(client, story)

    def test_moving_an_article_to_another_rubric(self, client, story, neighbour, economy):
        old_feed = story.rubric.get_absolute_url()
        warm(client, old_feed, economy.get_absolute_url(), story.get_absolute_url())

        story.rubric = economy
        story.save()

        assert "Parlament yeni qanun" not in text_of(client.get(old_feed))
        assert "Parlament yeni qanun" in text_of(client.get(economy.get_absolute_url()))
        label = soup(client.get(story.get_absolute_url())).select_one(".article .rubric-label")
        assert label.get_text(strip=True) == economy.name

    def test_a_scheduled_article_appears_when_its_minute_comes(
        self, client, make_article, politics, monkeypatch
    ):
        scheduled = make_article(
            title="Səhər saat doqquzun xəbəri",
            rubric=politics,
            published_at=timezone.now() + timedelta(minutes=10),
        )
        warm(client, "/", politics.get_absolute_url())
        assert "doqquzun xəbəri" not in text_of(client.get("/"))

        later = timezone.now() + timedelta(minutes=11)
        monkeypatch.setattr(timezone, "now", lambda: later)

        assert "doqquzun xəbəri" in text_of(client.get("/"))
        assert "doqquzun xəbəri" in text_of(client.get(politics.get_absolute_url()))
        assert client.get(scheduled.get_absolute_url()).status_code == 200

    def test_a_bulk_update_outside_the_admin_form(self, client, story, neighbour):
        warm(client, *public_pages(story, neighbour))

        Article.objects.filter(pk=story.pk).update(title="Toplu dəyişdirilmiş başlıq")

        for url in ["/", story.rubric.get_absolute_url(), story.get_absolute_url()]:
            assert "Toplu dəyişdirilmiş başlıq" in text_of(client.get(url)), url

    def test_changing_the_site_settings(self, client, story, neighbour):
        pages = public_pages(story, neighbour)
        warm(client, *pages)

        warm(client, "/rss/")

        site = SiteSettings.objects.get()
        site.tagline = "müstəqil təhlil portalı"
        site.save()

        for url in [*pages, "/rss/"]:
            assert "müstəqil təhlil portalı" in client.get(url).content.decode(), url

    def test_renaming_a_rubric_changes_every_menu(self, client, story, neighbour, politics):
        pages = public_pages(story, neighbour)
        warm(client, *pages)

        politics.name = "Daxili siyasət"
        politics.save()

        for url in pages:
            menu = soup(client.get(url)).select_one("nav.rubric-menu")
            assert "Daxili siyasət" in menu.get_text(), url

    def test_editing_an_expert_changes_their_signature_everywhere(
        self, client, story, neighbour, expert
    ):
        warm(client, story.get_absolute_url(), expert.get_absolute_url(), "/")

        expert.signature = "Strateji Araşdırmalar Mərkəzinin aparıcı eksperti"
        expert.save()

        signature = soup(client.get(story.get_absolute_url())).select_one(".signature")
        assert "aparıcı eksperti" in signature.get_text()
        assert "aparıcı eksperti" in text_of(client.get(expert.get_absolute_url()))
