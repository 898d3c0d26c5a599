"""What feed readers and search engines receive: RSS, sitemaps, robots.txt."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from articles import sitemaps
from articles.models import Article
from articles.newsdesk import month_url
from articles.sitemaps import NEWS_MAX_URLS, ArticleSitemap
from portal.models import SiteSettings

from .pages import sitemap_documents
from .uploads import png_upload

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml_of(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)


def feed_items(client, url):
    return {item.findtext("title"): item for item in xml_of(client.get(url)).iter("item")}


@pytest.fixture
def published(make_article, expert, lead_rubric, economy):
    editorial = make_article(
        title="Tokayev Soçiyə gedir",
        lead="Qazaxıstan prezidenti Rusiyaya səfər edir.",
        rubric=lead_rubric,
        expert=expert,
        image=png_upload(size=(1000, 600)),
        image_alt="Prezident təyyarədən enir",
    )
    news = make_article(title="Manat sabit qalır", rubric=economy)
    make_article(title="Qaralama yazı", status=Article.Status.DRAFT, rubric=economy)
    return editorial, news


class TestRssFeeds:
    def test_the_site_feed_lists_public_articles_only(self, client, published):
        items = feed_items(client, "/rss/")
        assert set(items) == {"Tokayev Soçiyə gedir", "Manat sabit qalır"}

    def test_the_channel_is_the_site_in_azerbaijani(self, client, published):
        channel = xml_of(client.get("/rss/")).find("channel")
        site = SiteSettings.load()
        assert channel.findtext("title") == site.site_name
        assert channel.findtext("description") == site.tagline
        assert channel.findtext("language") == "az"
        assert channel.findtext("link") == "http://testserver/"

    def test_an_item_has_link_date_lead_expert_and_image(self, client, published):
        editorial, _ = published
        item = feed_items(client, "/rss/")["Tokayev Soçiyə gedir"]
        canonical = f"http://testserver{editorial.get_absolute_url()}"
        assert item.findtext("link") == canonical
        assert item.findtext("guid") == canonical
        assert parsedate_to_datetime(item.findtext("pubDate")) == editorial.published_at.replace(
            microsecond=0
        )
        assert item.findtext("category") == "Baş yazı"
        assert "Kənan Novruzov" in item.findtext("{http://purl.org/dc/elements/1.1/}creator")
        assert "Qazaxıstan prezidenti Rusiyaya səfər edir." in item.findtext("description")
        enclosure = item.find("enclosure")
        assert enclosure.get("type") == "image/jpeg"
        assert enclosure.get("url").startswith("http://testserver/media/renditions/")
        assert client.get(enclosure.get("url")[len("http://testserver") :]).status_code == 200

    def test_every_item_carries_the_attribution_and_its_canonical_link(self, client, published):
        sentence = SiteSettings.load().attribution_sentence
        for url in ("/rss/", "/rubrika/iqtisadiyyat/rss/"):
            for item in feed_items(client, url).values():
                description = item.findtext("description")
                canonical = item.findtext("link")
                assert sentence in description, url
                assert f'Mənbə: <a href="{canonical}">{canonical}</a>' in description, url

    def test_feed_links_use_the_configured_site_address(self, client, settings, published):
        settings.SITE_URL = "https://senzor.az"
        item = feed_items(client, "/rss/")["Manat sabit qalır"]
        assert item.findtext("link") == "https://senzor.az/meqale/manat-sabit-qalir/"
        assert "https://senzor.az/meqale/manat-sabit-qalir/" in item.findtext("description")

    def test_a_rubric_feed_has_only_its_rubric(self, client, published):
        channel = xml_of(client.get("/rubrika/iqtisadiyyat/rss/")).find("channel")
        assert channel.findtext("title").startswith("İqtisadiyyat")
        assert [item.findtext("title") for item in channel.iter("item")] == ["Manat sabit qalır"]

    def test_an_unknown_rubric_feed_is_a_404(self, client, db):
        assert client.get("/rubrika/yoxdur/rss/").status_code == 404

    def test_pages_point_feed_readers_to_the_feeds(self, client, published, economy):
        from .pages import soup

        home = soup(client.get("/")).select('link[type="application/rss+xml"]')
        rubric = soup(client.get("/rubrika/iqtisadiyyat/")).select(
            'link[type="application/rss+xml"]'
        )
        assert [link["href"] for link in home] == ["/rss/"]
        assert "/rubrika/iqtisadiyyat/rss/" in [link["href"] for link in rubric]


def sitemaps_named_by_the_index(client):
    """The addresses ``/sitemap.xml`` (a sitemap index) names."""
    index = xml_of(client.get("/sitemap.xml"))
    assert index.tag == f"{SITEMAP}sitemapindex"
    return [loc.text for loc in index.iter(f"{SITEMAP}loc")]


def local(address):
    return address.removeprefix("http://testserver")


class TestSitemaps:
    def test_the_sitemap_lists_public_articles_rubrics_and_experts_with_lastmod(
        self, client, published, expert
    ):
        editorial, news = published
        urls = {
            url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
            for document in sitemap_documents(client)
            for url in ET.fromstring(document).iter(f"{SITEMAP}url")
        }
        base = "http://testserver"
        assert set(urls) == {
            base + editorial.get_absolute_url(),
            base + news.get_absolute_url(),
            base + "/rubrika/bas-yazi/",
            base + "/rubrika/siyaset/",
            base + "/rubrika/iqtisadiyyat/",
            base + expert.get_absolute_url(),
            # The archive's months, from the first public article's to this one.
            *{
                base + month_url(timezone.localdate(article.published_at).replace(day=1))
                for article in (editorial, news)
            },
            base + month_url(timezone.localdate().replace(day=1)),
        }
        # Dates in Baku, as the sitemap writes them (the UTC date differs after midnight there).
        updated = timezone.localdate(news.updated_at).isoformat()
        assert urls[base + news.get_absolute_url()] == updated
        assert (
            urls[base + "/rubrika/iqtisadiyyat/"]
            == timezone.localdate(news.published_at).isoformat()
        )
        assert urls[base + "/rubrika/siyaset/"] is None  # no public article yet

    def test_the_sitemap_is_an_index_of_section_pages_of_bounded_size(
        self, client, politics, monkeypatch
    ):
        """A crawler finds every public article through the index; a page of the
        articles sitemap holds at most ARTICLES_PER_SITEMAP_PAGE ids, so it costs
        the same however large the archive is."""
        monkeypatch.setattr(sitemaps, "ARTICLES_PER_SITEMAP_PAGE", 3)
        monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 3)
        now = timezone.now()
        created = Article.objects.bulk_create(
            Article(
                title=f"Xəbər {number}",
                slug=f"arxiv-{number}",
                body="<p>Mətn.</p>",
                rubric=politics,
                status=Article.Status.DRAFT if number == 4 else Article.Status.PUBLISHED,
                published_at=now - timedelta(hours=number),
            )
            for number in range(8)
        )
        index = xml_of(client.get("/sitemap.xml"))
        assert index.tag == f"{SITEMAP}sitemapindex"
        locations = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
        # Pages of 3 ids from the lowest id rounded down to a multiple of 3.
        base = (min(article.pk for article in created) - 1) // 3 * 3
        pages = -(-(max(article.pk for article in created) - base) // 3)
        assert locations == [
            "http://testserver/sitemap-articles.xml",
            *[f"http://testserver/sitemap-articles.xml?p={page}" for page in range(2, pages + 1)],
            "http://testserver/sitemap-rubrics.xml",
            "http://testserver/sitemap-experts.xml",
            "http://testserver/sitemap-archive.xml",
            "http://testserver/sitemap-tags.xml",
        ]
        listed = []
        for page in range(1, pages + 1):
            urls = list(xml_of(client.get(f"/sitemap-articles.xml?p={page}")).iter(f"{SITEMAP}url"))
            assert len(urls) <= 3
            listed += [url.findtext(f"{SITEMAP}loc") for url in urls]
        assert sorted(listed) == sorted(
            f"http://testserver/meqale/arxiv-{number}/" for number in range(8) if number != 4
        )
        assert client.get(f"/sitemap-articles.xml?p={pages + 1}").status_code == 404
        assert client.get("/sitemap-articles.xml?p=iki").status_code == 404
        assert client.get("/sitemap-yoxdur.xml").status_code == 404

    def test_the_news_sitemap_has_the_last_two_days_only(self, client, make_article):
        make_article(title="Bu günün xəbəri")
        make_article(title="Üç gün əvvəlki", published_at=timezone.now() - timedelta(days=3))
        root = xml_of(client.get("/sitemap-news.xml"))
        assert root.tag == f"{SITEMAP}urlset"
        entries = list(root.iter(f"{SITEMAP}url"))
        assert [entry.findtext(f"{NEWS}news/{NEWS}title") for entry in entries] == [
            "Bu günün xəbəri"
        ]
        news = entries[0].find(f"{NEWS}news")
        publication = news.find(f"{NEWS}publication")
        assert publication.findtext(f"{NEWS}name") == SiteSettings.load().site_name
        assert publication.findtext(f"{NEWS}language") == "az"
        published = news.findtext(f"{NEWS}publication_date")
        assert published.endswith("+04:00")  # W3C date-time, Baku time

    def test_the_news_sitemap_stops_at_1000_urls(self, client, make_article, politics):
        now = timezone.now()
        Article.objects.bulk_create(
            Article(
                title=f"Xəbər {number}",
                slug=f"xeber-{number}",
                body="<p>Mətn.</p>",
                rubric=politics,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(seconds=number),
            )
            for number in range(NEWS_MAX_URLS + 5)
        )
        root = xml_of(client.get("/sitemap-news.xml"))
        assert len(list(root.iter(f"{SITEMAP}url"))) == NEWS_MAX_URLS

    def test_the_index_names_one_sitemap_per_section(self, client, published):
        assert sitemaps_named_by_the_index(client) == [
            "http://testserver/sitemap-articles.xml",
            "http://testserver/sitemap-rubrics.xml",
            "http://testserver/sitemap-experts.xml",
            "http://testserver/sitemap-archive.xml",
            "http://testserver/sitemap-tags.xml",
        ]

    def test_past_the_page_size_the_index_names_every_page_and_each_is_kept_apart(
        self, client, make_article, politics, monkeypatch
    ):
        """The page size is 50 000 (the protocol's limit); here it is 2."""
        monkeypatch.setattr(ArticleSitemap, "limit", 2)
        for number in range(5):
            make_article(
                title=f"Səhifələnən xəbər {number}",
                published_at=timezone.now() - timedelta(hours=number),
            )
        named = sitemaps_named_by_the_index(client)
        assert named[:3] == [
            "http://testserver/sitemap-articles.xml",
            "http://testserver/sitemap-articles.xml?p=2",
            "http://testserver/sitemap-articles.xml?p=3",
        ]

        def titles_on(address):
            urls = xml_of(client.get(local(address))).iter(f"{SITEMAP}loc")
            return [loc.text.rsplit("/", 2)[-2] for loc in urls]

        pages = [titles_on(address) for address in named[:3]]
        # Pages are id ranges aligned to the page size, so that they stay put as
        # articles are added: the first holds one or two of these five, as the
        # database's id sequence stands (on PostgreSQL, after earlier tests).
        first_id = Article.objects.order_by("pk").values_list("pk", flat=True).first()
        assert [len(page) for page in pages] == ([2, 2, 1] if first_id % 2 else [1, 2, 2])
        assert len({slug for page in pages for slug in page}) == 5
        assert [titles_on(address) for address in named[:3]] == pages  # now from the cache
        for wrong in ("?p=4", "?p=-1", "?p=abc", "?p=0"):
            assert client.get(f"/sitemap-articles.xml{wrong}").status_code == 404, wrong
        assert client.get("/sitemap-yoxdur.xml").status_code == 404

    def test_the_archive_sitemap_names_every_month_since_the_first_article_newest_first(
        self, client, make_article, django_assert_max_num_queries
    ):
        """Months across a year's end, each a calendar page that answers; the
        months come from one query (the first public article), however many."""
        today = timezone.localdate()
        make_article(title="Köhnə xəbər", published_at=timezone.now() - timedelta(days=430))
        make_article(title="Qaralama", status=Article.Status.DRAFT, published_at=None)
        with django_assert_max_num_queries(2):  # the first article; the page cache's lookup
            locations = [
                local(loc.text)
                for loc in xml_of(client.get("/sitemap-archive.xml")).iter(f"{SITEMAP}loc")
            ]
        first = timezone.localdate(timezone.now() - timedelta(days=430)).replace(day=1)
        expected, month = [], today.replace(day=1)
        while month >= first:
            expected.append(f"/arxiv/{month.year}/{month.month}/")
            month = (month - timedelta(days=1)).replace(day=1)
        assert locations == expected
        assert len(locations) in (15, 16)  # 430 days back: fifteen or sixteen months
        for address in (locations[0], locations[-1]):
            assert client.get(address).status_code == 200

    def test_the_archive_sitemap_is_empty_before_the_first_public_article(self, client, db):
        assert list(xml_of(client.get("/sitemap-archive.xml")).iter(f"{SITEMAP}url")) == []

    def test_sitemaps_use_the_configured_site_address(self, client, settings, published):
        settings.SITE_URL = "https://senzor.az"
        for url in (
            "/sitemap.xml",
            "/sitemap-articles.xml",
            "/sitemap-news.xml",
            "/sitemap-archive.xml",
        ):
            locations = [loc.text for loc in xml_of(client.get(url)).iter(f"{SITEMAP}loc")]
            assert locations
            assert all(location.startswith("https://senzor.az/") for location in locations)


def test_robots_txt_points_to_both_sitemaps_and_keeps_search_out(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /axtar/" in lines
    assert "User-agent: *" in lines
