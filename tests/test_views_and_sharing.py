""" "Baxış sayı" (how many times an article was read) and the share links of an article."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, ArticleDailyViews, ArticleTotalViews
from articles.readership import add_readings, aggregate_views, record_view, view_buffer

from .pages import soup, text_of
from .test_article_media import LISTED_ITEMS, LISTED_TITLE

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"

pytestmark = pytest.mark.django_db


def read(client, article):
    """A reader's visit: the page, then the beacon its script sends (the page
    itself counts nothing while SENZOR_READERSHIP_BEACON is on)."""
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.post(f"/oxu/{article.slug}/", HTTP_USER_AGENT=BROWSER).status_code == 204


def view_count_on_page(client, url):
    counts = soup(client.get(url)).select(".article__header .view-count")
    return counts[0].get_text() if counts else None


def test_the_article_page_shows_the_aggregated_readings(client, make_article):
    article = make_article()
    add_readings(article.pk, timezone.localdate() - timedelta(days=3), 1200)
    add_readings(article.pk, timezone.localdate(), 34)
    assert view_count_on_page(client, article.get_absolute_url()) == "1\u00a0234 baxış"


def test_readings_reach_the_cached_page_when_they_are_aggregated(client, make_article):
    article = make_article()
    url = article.get_absolute_url()
    assert view_count_on_page(client, url) == "0 baxış"  # cached now
    for _ in range(2):
        read(client, article)
    assert aggregate_views() == 2
    assert view_count_on_page(client, url) == "2 baxış"


def test_staff_and_previews_are_not_readers(client, make_article, editor, login):
    article = make_article()
    draft = make_article(status=Article.Status.DRAFT)
    newsroom = login(editor)
    assert newsroom.get(article.get_absolute_url()).status_code == 200
    assert newsroom.get(f"/onizleme/{article.pk}/").status_code == 200
    assert newsroom.get(f"/onizleme/{draft.pk}/").status_code == 200
    assert newsroom.post(f"/oxu/{article.slug}/").status_code == 204
    assert view_buffer.pending() == {}
    read(client, article)
    assert sum(view_buffer.pending().values()) == 1


def listed_view_counts(client, url):
    return {
        card.select_one(LISTED_TITLE).get_text(strip=True): card.select_one(
            ".view-count"
        ).get_text()
        for card in soup(client.get(url)).select(LISTED_ITEMS)
    }


def test_lists_show_the_view_count(client, make_article, politics):
    read = make_article(title="Oxunan")
    make_article(title="Oxunmayan")
    add_readings(read.pk, timezone.localdate(), 5)
    for url in ("/", politics.get_absolute_url()):
        counts = listed_view_counts(client, url)
        assert counts["Oxunan"] == "5 baxış", url
        assert counts["Oxunmayan"] == "0 baxış", url


def test_lists_add_each_aggregation_to_the_count(client, make_article, politics):
    article = make_article(title="Oxunan")
    urls = ("/", politics.get_absolute_url(), "/lent/", "/axtar/?q=oxunan")
    # Lists refresh their counts with the page cache (within a minute), not at
    # each aggregation: none of them is cached yet here.
    for _ in range(2):
        read(client, article)
    assert aggregate_views() == 2
    for _ in range(3):
        read(client, article)
    record_view(article.slug, now=timezone.now() - timedelta(days=1))  # counted yesterday
    assert aggregate_views() == 4
    for url in urls:
        assert listed_view_counts(client, url)["Oxunan"] == "6 baxış", url
    total = ArticleTotalViews.objects.get(article=article).views
    assert total == sum(
        ArticleDailyViews.objects.filter(article=article).values_list("views", flat=True)
    )


def test_readings_of_a_day_are_added_to_the_total_in_one_transaction(make_article):
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        add_readings(article.pk, timezone.localdate(), 5)
        ArticleTotalViews.objects.create(article=article)  # the total's row is there already
    assert not ArticleDailyViews.objects.exists()
    assert not ArticleTotalViews.objects.exists()


def test_a_tag_page_counts_only_public_articles(client, make_article):
    make_article().tags.add("Neft")
    make_article(status=Article.Status.DRAFT).tags.add("Neft")
    make_article(published_at=timezone.now() + timedelta(hours=2)).tags.add("Neft")
    assert "Bu teqlə dərc olunmuş məqalələr: 1" in text_of(client.get("/teq/neft/"))


# --- Share links -------------------------------------------------------------------


def share_links(client, article):
    page = soup(client.get(article.get_absolute_url()))
    return {a.get_text(strip=True): a["href"] for a in page.select(".share a")}


def test_share_links_carry_the_canonical_address_and_title(client, make_article, settings):
    settings.SITE_URL = "https://www.senzor.az"
    article = make_article(title="Tokayev Soçiyə gedir")
    canonical = f"https://www.senzor.az{article.get_absolute_url()}"
    links = share_links(client, article)
    assert set(links) == {"WhatsApp", "Telegram", "Facebook", "X", "Linki kopyala"}

    def query(name):
        return parse_qs(urlsplit(links[name]).query)

    assert urlsplit(links["WhatsApp"]).netloc == "wa.me"
    assert query("WhatsApp")["text"] == [f"Tokayev Soçiyə gedir {canonical}"]
    assert query("Telegram") == {"url": [canonical], "text": ["Tokayev Soçiyə gedir"]}
    assert query("Facebook") == {"u": [canonical]}
    assert query("X") == {"url": [canonical], "text": ["Tokayev Soçiyə gedir"]}
    # Without a script, "Linki kopyala" is the canonical link itself (the "Mənbə").
    assert links["Linki kopyala"] == canonical


def test_share_links_are_plain_links_that_load_nothing(client, make_article):
    article = make_article()
    page = soup(client.get(article.get_absolute_url()))
    for link in page.select(".share a[target=_blank]"):
        assert "noopener" in link["rel"]
    external = [
        tag.get("src")
        for tag in page.select("script, img, iframe")
        if tag.get("src", "")[:4] == "http"
    ]
    assert external == []
    assert page.select_one(".share [data-copy-status][role=status]") is not None
