"""The news desk as readers and editors see it: Xəbər lenti, Manşet, Təcili, Arxiv.

End times pass with no cron: tests move the clock (``timezone.now``) and make
the process read the next due moment again, as it does once a second.
"""

from datetime import date, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, TopStory
from articles.schedule import forget_local_schedule
from articles.views import NewsFeedView
from core.dates import day_heading, group_by_day
from portal.models import SiteSettings

from .pages import soup, text_of

pytestmark = pytest.mark.django_db


def baku(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def clock(monkeypatch):
    """``clock.move(minutes=…)``: every ``timezone.now()`` is that much later, and
    this process reads the next due moment again (as it does after a second)."""

    class Clock:
        offset = timedelta()

        def move(self, **delta):
            self.offset += timedelta(**delta)
            forget_local_schedule()

    real_now = timezone.now
    moved = Clock()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + moved.offset)
    yield moved
    forget_local_schedule()


def titles(elements):
    return [element.get_text(" ", strip=True) for element in elements]


# --- Day headings (core.dates) ------------------------------------------------


def test_day_headings_say_today_yesterday_then_the_date():
    today = date(2026, 11, 27)
    assert day_heading(today, today) == "Bu gün"
    assert day_heading(date(2026, 11, 26), today) == "Dünən"
    assert day_heading(date(2026, 11, 25), today) == "25 noyabr"
    assert day_heading(date(2025, 12, 31), today) == "31 dekabr 2025"


def test_items_are_grouped_by_their_day_in_baku_time(make_article):
    now = baku(2026, 11, 27, 10, 0)
    # 23:30 in Baku on the 26th is 19:30 UTC: the day is Baku's, not UTC's.
    late = make_article(published_at=baku(2026, 11, 26, 23, 30))
    early = make_article(published_at=baku(2026, 11, 27, 0, 30))
    groups = group_by_day([early, late], now)
    assert [(heading, items) for _, heading, items in groups] == [
        ("Bu gün", [early]),
        ("Dünən", [late]),
    ]


# --- Xəbər lenti ----------------------------------------------------------------


def test_the_feed_lists_every_item_newest_first_with_its_time_under_day_headings(
    client, make_article, economy
):
    now = timezone.localtime()
    make_article(title="Dünənki xəbər", published_at=now - timedelta(days=1))
    make_article(
        title="Bu günkü iqtisadiyyat", rubric=economy, published_at=now - timedelta(minutes=5)
    )
    make_article(title="Planlı xəbər", published_at=now + timedelta(hours=1))
    make_article(title="Qaralama xəbər", status=Article.Status.DRAFT)

    page = soup(client.get("/lent/"))

    assert titles(page.select(".feed-day__heading")) == ["Bu gün", "Dünən"]
    items = page.select(".feed-item")
    assert [item.a.get_text() for item in items] == ["Bu günkü iqtisadiyyat", "Dünənki xəbər"]
    expected_time = f"{(now - timedelta(minutes=5)):%H:%M}"
    assert items[0].time.get_text() == expected_time
    assert "İqtisadiyyat" in items[0].get_text()


def test_the_feed_pages_hold_thirty_items_and_a_page_past_the_end_is_a_404(client, make_article):
    now = timezone.now()
    for minute in range(35):
        make_article(
            title=f"Lent xəbəri {minute}", published_at=now - timedelta(minutes=minute + 1)
        )
    first = soup(client.get("/lent/"))
    second = soup(client.get("/lent/?page=2"))
    assert len(first.select(".feed-item")) == 30
    assert len(second.select(".feed-item")) == 5
    assert first.select_one('a[rel="next"]')["href"] == "?page=2"
    assert client.get("/lent/?page=3").status_code == 404


def test_the_feed_offers_a_bounded_number_of_pages_and_older_days_stay_in_the_archive(
    client, make_article, monkeypatch
):
    monkeypatch.setattr(NewsFeedView, "max_pages", 1)
    now = timezone.now()
    oldest = make_article(title="Köhnə xəbər", published_at=now - timedelta(minutes=40))
    for minute in range(31):
        make_article(title=f"Lent xəbəri {minute}", published_at=now - timedelta(minutes=minute))
    first = soup(client.get("/lent/"))
    assert len(first.select(".feed-item")) == 30
    assert first.select_one('a[rel="next"]') is None
    assert client.get("/lent/?page=2").status_code == 404
    day = timezone.localtime(oldest.published_at)
    archive = soup(client.get(f"/arxiv/{day:%Y/%m/%d}/"))
    assert oldest.get_absolute_url() in {link["href"] for link in archive.select("a[href]")}


def test_a_rubric_feed_lists_only_that_rubric_and_an_unknown_rubric_is_a_404(
    client, make_article, politics, economy
):
    make_article(title="Siyasət lenti", rubric=politics)
    make_article(title="İqtisadiyyat lenti", rubric=economy)
    page = soup(client.get(f"/lent/{economy.slug}/"))
    assert [item.a.get_text() for item in page.select(".feed-item")] == ["İqtisadiyyat lenti"]
    assert page.select_one('.feed-filter [aria-current="page"]').get_text() == "İqtisadiyyat"
    assert client.get("/lent/yoxdur/").status_code == 404


def test_the_front_page_has_a_news_feed_column_linking_to_the_feed(client, make_article):
    # Published now: make_article's default (an hour ago) is yesterday in Baku just after midnight.
    make_article(title="Sütundakı xəbər", published_at=timezone.now())
    column = soup(client.get("/")).select_one(".feed-column")
    assert "Sütundakı xəbər" in column.get_text()
    assert column.select_one(".feed-day__heading").get_text() == "Bu gün"
    assert column.select_one('a[href="/lent/"]') is not None


def test_a_new_item_reaches_the_cached_feed_at_once(client, make_article):
    make_article(title="Birinci")
    assert "Birinci" in text_of(client.get("/lent/"))
    make_article(title="İkinci təzə")
    assert "İkinci təzə" in text_of(client.get("/lent/"))


# --- Manşet -----------------------------------------------------------------------


def manset(client):
    page = soup(client.get("/"))
    block = page.select_one("[data-manset]")
    return titles(block.select(".manset__title a, .manset__item-title a"))


def test_the_manset_shows_the_editors_choice_in_their_order_then_the_newest(client, make_article):
    now = timezone.now()
    old_a = make_article(title="Seçilmiş A", published_at=now - timedelta(days=3))
    old_b = make_article(title="Seçilmiş B", published_at=now - timedelta(days=2))
    for minute in range(6):
        make_article(title=f"Təzə {minute}", published_at=now - timedelta(minutes=minute + 1))
    TopStory.objects.create(article=old_b, position=1)
    TopStory.objects.create(article=old_a, position=2)

    assert manset(client) == ["Seçilmiş B", "Seçilmiş A", "Təzə 0", "Təzə 1", "Təzə 2"]


def test_the_number_of_manset_places_is_a_site_setting(client, make_article):
    for number in range(8):
        make_article(title=f"Xəbər {number}")
    assert len(manset(client)) == 5
    site = SiteSettings.objects.get()
    site.top_story_count = 3
    site.save()
    assert len(manset(client)) == 3


def test_an_expired_or_hidden_slot_falls_back_to_the_newest(client, make_article):
    now = timezone.now()
    expired = make_article(title="Vaxtı keçmiş", published_at=now - timedelta(days=2))
    draft = make_article(title="Qaralama seçilmiş", status=Article.Status.DRAFT)
    make_article(title="Ən təzə", published_at=now - timedelta(minutes=1))
    TopStory.objects.create(article=expired, position=1, ends_at=now - timedelta(minutes=1))
    TopStory.objects.create(article=draft, position=2)

    shown = manset(client)
    assert shown[0] == "Ən təzə"
    assert "Vaxtı keçmiş" in shown  # as the fallback's second newest, not as the editors' lead
    assert "Qaralama seçilmiş" not in text_of(client.get("/"))


def test_a_manset_end_time_passing_updates_the_cached_front_page_with_no_cron(
    client, make_article, clock
):
    now = timezone.now()
    chosen = make_article(title="Səhər manşeti", published_at=now - timedelta(days=1))
    make_article(title="Günün ən təzəsi", published_at=now - timedelta(minutes=1))
    TopStory.objects.create(article=chosen, ends_at=now + timedelta(minutes=30))
    assert manset(client)[0] == "Səhər manşeti"
    assert manset(client)[0] == "Səhər manşeti"  # from the page cache

    clock.move(minutes=31)
    assert manset(client)[0] == "Günün ən təzəsi"


def test_reordering_by_drag_and_drop_updates_the_cached_front_page(client, make_article):
    first = TopStory.objects.create(article=make_article(title="Birinci yer"), position=1)
    second = TopStory.objects.create(article=make_article(title="İkinci yer"), position=2)
    assert manset(client)[:2] == ["Birinci yer", "İkinci yer"]
    # django-admin-sortable2 saves a drag with bulk_update (no post_save).
    first.position, second.position = 2, 1
    TopStory.objects.bulk_update([first, second], ["position"])
    assert manset(client)[:2] == ["İkinci yer", "Birinci yer"]


def test_removing_a_slot_or_changing_its_end_time_updates_the_cached_front_page(
    client, make_article
):
    now = timezone.now()
    slot = TopStory.objects.create(
        article=make_article(title="Köhnə seçim", published_at=now - timedelta(days=2))
    )
    make_article(title="Təzə xəbər", published_at=now - timedelta(minutes=1))
    assert manset(client)[0] == "Köhnə seçim"
    slot.ends_at = now - timedelta(seconds=1)
    slot.save()
    assert manset(client)[0] == "Təzə xəbər"
    slot.ends_at = None
    slot.save()
    assert manset(client)[0] == "Köhnə seçim"
    slot.delete()
    assert manset(client)[0] == "Təzə xəbər"


def test_editors_arrange_the_manset_by_dragging_in_the_admin(login, editor, author, make_article):
    TopStory.objects.create(article=make_article(title="Sürüklənən"))
    page = login(editor).get("/admin/articles/topstory/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sürüklənən" in html
    assert "adminsortable2" in html  # the drag-and-drop script, served from our static files
    assert login(editor).get("/admin/articles/topstory/add/").status_code == 200
    assert login(author).get("/admin/articles/topstory/add/").status_code == 403


# --- Təcili ------------------------------------------------------------------------


def strip(response):
    element = soup(response).select_one("[data-urgent-strip]")
    return element.get_text(" ", strip=True) if element else None


def test_an_urgent_item_shows_in_a_strip_on_every_page_and_a_label_in_lists(
    client, make_article, politics, economy
):
    urgent = make_article(
        title="Təcili: zəlzələ", is_urgent=True, urgent_until=timezone.now() + timedelta(hours=1)
    )
    make_article(title="Adi xəbər", rubric=economy)
    for url in ("/", "/lent/", economy.get_absolute_url(), urgent.get_absolute_url(), "/yoxdur/"):
        assert "Təcili: zəlzələ" in (strip(client.get(url)) or ""), url

    feed = soup(client.get("/lent/"))
    labelled = [
        item.a.get_text() for item in feed.select(".feed-item") if item.select(".urgent-label")
    ]
    assert labelled == ["Təcili: zəlzələ"]
    card = soup(client.get(politics.get_absolute_url())).select_one(".card")
    assert card.select_one(".urgent-label").get_text() == "Təcili"


def test_urgent_without_an_end_time_lasts_three_hours_from_publication_or_now(make_article):
    scheduled = make_article(is_urgent=True, published_at=timezone.now() + timedelta(hours=1))
    assert scheduled.urgent_until == scheduled.published_at + timedelta(hours=3)
    before = timezone.now()
    published = make_article(is_urgent=True, published_at=before - timedelta(days=1))
    assert before + timedelta(hours=3) <= published.urgent_until
    assert published.urgent_until <= timezone.now() + timedelta(hours=3)


def test_an_urgent_end_time_passing_clears_strip_and_labels_from_cached_pages(
    client, make_article, economy, clock
):
    make_article(
        title="Qısa təcili", is_urgent=True, urgent_until=timezone.now() + timedelta(minutes=10)
    )
    make_article(title="Başqa rubrika", rubric=economy)
    assert "Qısa təcili" in strip(client.get(economy.get_absolute_url()))
    assert soup(client.get("/lent/")).select(".urgent-label")

    clock.move(minutes=11)
    assert strip(client.get(economy.get_absolute_url())) is None
    assert strip(client.get("/")) is None
    assert not soup(client.get("/lent/")).select(".urgent-label")


def test_marking_an_item_urgent_reaches_every_cached_page(client, make_article, economy):
    article = make_article(title="Sonradan təcili")
    make_article(rubric=economy)
    assert strip(client.get(economy.get_absolute_url())) is None
    article.is_urgent = True
    article.save()
    assert "Sonradan təcili" in strip(client.get(economy.get_absolute_url()))
    article.is_urgent = False
    article.save()
    assert strip(client.get(economy.get_absolute_url())) is None


def test_a_scheduled_urgent_item_joins_the_strip_at_its_minute(client, make_article, clock):
    make_article(
        title="Planlı təcili",
        is_urgent=True,
        published_at=timezone.now() + timedelta(minutes=5),
        urgent_until=timezone.now() + timedelta(hours=2),
    )
    assert strip(client.get("/")) is None
    clock.move(minutes=6)
    assert "Planlı təcili" in strip(client.get("/"))


def test_only_editors_set_urgency(login, author, editor, make_article):
    mine = make_article(author=author, status=Article.Status.DRAFT)
    form = soup(login(author).get(f"/admin/articles/article/{mine.pk}/change/"))
    assert form.select_one('input[name="is_urgent"]') is None
    form = soup(login(editor).get(f"/admin/articles/article/{mine.pk}/change/"))
    assert form.select_one('input[name="is_urgent"]') is not None
    assert form.select_one('input[name="urgent_until_0"]') is not None


# --- Arxiv ---------------------------------------------------------------------------


def test_the_archive_address_redirects_to_today(client):
    today = timezone.localdate()
    response = client.get("/arxiv/")
    assert response.status_code == 302
    assert response["Location"] == f"/arxiv/{today.year}/{today.month}/{today.day}/"


def test_a_day_page_lists_that_days_items_in_baku_time(client, make_article):
    make_article(title="Gecə yarısından əvvəl", published_at=baku(2026, 3, 9, 23, 30))
    make_article(title="Gecə yarısından sonra", published_at=baku(2026, 3, 10, 0, 30))
    make_article(title="Axşam xəbəri", published_at=baku(2026, 3, 10, 19, 5))
    page = soup(client.get("/arxiv/2026/3/10/"))
    items = page.select(".archive-day .feed-item")
    assert [item.a.get_text() for item in items] == ["Axşam xəbəri", "Gecə yarısından sonra"]
    assert items[1].time.get_text() == "00:30"
    assert page.h1.get_text() == "Arxiv: 10 mart 2026, çərşənbə axşamı"


def test_the_calendar_links_the_days_with_items_and_the_neighbouring_months(client, make_article):
    make_article(published_at=baku(2026, 3, 4, 12, 0))
    make_article(published_at=baku(2026, 3, 10, 12, 0))
    make_article(
        title="Gizli plan", status=Article.Status.DRAFT, published_at=baku(2026, 3, 20, 12)
    )
    calendar = soup(client.get("/arxiv/2026/3/10/")).select_one(".archive-calendar")
    links = {a.get_text(): a["href"] for a in calendar.select("td a")}
    assert links == {"4": "/arxiv/2026/3/4/", "10": "/arxiv/2026/3/10/"}
    assert calendar.select_one('[aria-current="date"]').get_text() == "10"
    assert calendar.select_one('a[rel="prev"]')["href"] == "/arxiv/2026/2/"
    assert calendar.select_one('a[rel="next"]')["href"] == "/arxiv/2026/4/"
    assert calendar.h2.get_text() == "Mart 2026"
    # Monday first, and 1 March 2026 is a Sunday: six empty places before it.
    first_week = calendar.select("tbody tr")[0].select("td")
    assert [cell.get_text(strip=True) for cell in first_week] == ["", "", "", "", "", "", "1"]


def test_the_current_month_has_no_next_month_link(client):
    today = timezone.localdate()
    calendar = soup(client.get(f"/arxiv/{today.year}/{today.month}/")).select_one(
        ".archive-calendar"
    )
    assert calendar.select_one('a[rel="next"]') is None
    assert calendar.select_one('a[rel="prev"]') is not None


@pytest.mark.parametrize(
    "url",
    [
        "/arxiv/2026/2/30/",
        "/arxiv/2026/13/1/",
        "/arxiv/2026/0/1/",
        "/arxiv/1999/12/31/",
        "/arxiv/9999/1/1/",
        "/arxiv/2026/13/",
        "/arxiv/1999/1/",
        "/arxiv/99999999999999999999/1/1/",
    ],
)
def test_impossible_future_or_too_early_dates_are_a_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Səhifə tapılmadı" in text_of(response)


def test_the_archive_is_linked_from_the_feed_and_the_footer(client, make_article):
    make_article()
    today = timezone.localdate()
    feed = soup(client.get("/lent/"))
    assert feed.select_one(f'a[href="/arxiv/{today.year}/{today.month}/{today.day}/"]')
    assert soup(client.get("/")).footer.select_one('a[href="/arxiv/"]')


def test_the_sitemap_lists_the_archive_months_from_the_first_public_article(client, make_article):
    make_article(status=Article.Status.DRAFT, published_at=baku(2026, 1, 11, 12, 0))
    make_article(published_at=baku(2026, 3, 10, 12, 0))
    body = client.get("/sitemap-archive.xml").content.decode()
    today = timezone.localdate()
    assert f"http://testserver/arxiv/{today.year}/{today.month}/" in body
    assert "http://testserver/arxiv/2026/3/" in body
    # Before the first public article there is nothing to crawl (a draft's month is not told).
    assert "/arxiv/2026/2/" not in body
    assert "/arxiv/2026/1/" not in body
    # Each month page links its days with news.
    month = soup(client.get("/arxiv/2026/3/"))
    assert month.select_one('a[href="/arxiv/2026/3/10/"]')


# --- Favicon and the site settings ----------------------------------------------------


def test_the_favicon_is_served_at_the_address_browsers_ask_for(client, db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO signature
    head = soup(client.get("/")).head
    assert head.select_one('link[rel="icon"][type="image/svg+xml"]')
    assert head.select_one('link[rel="apple-touch-icon"]')


def test_other_news_lists_thirty_items_by_default_and_follows_the_setting(client, make_article):
    now = timezone.now()
    articles = [
        make_article(title=f"Digər {n}", published_at=now - timedelta(minutes=n + 1))
        for n in range(35)
    ]
    url = articles[0].get_absolute_url()
    assert len(soup(client.get(url)).select(".other-news__list li")) == 30
    site = SiteSettings.objects.get()
    site.other_news_count = 7
    site.save()
    assert len(soup(client.get(url)).select(".other-news__list li")) == 7


def test_the_front_page_prints_the_lead_editorial_once_in_its_band_and_blocks(
    client, make_article, lead_rubric, politics
):
    yesterday = timezone.now() - timedelta(days=1)
    older = make_article(title="Əvvəlki baş yazı", rubric=lead_rubric, published_at=yesterday)
    newest = make_article(title="Bugünkü baş yazı", rubric=lead_rubric)
    make_article(title="Siyasi xəbər", rubric=politics)
    page = soup(client.get("/"))
    band_and_blocks = page.select(".featured a[href], .rubric-blocks a[href]")
    links = [link["href"] for link in band_and_blocks]
    assert page.select_one(".featured__title a")["href"] == newest.get_absolute_url()
    assert links.count(newest.get_absolute_url()) == 1
    assert older.get_absolute_url() in links  # the Baş yazı block goes on from the one before


def test_the_lead_editorial_block_still_lists_four_after_the_band_takes_the_newest(
    client, make_article, lead_rubric, politics
):
    now = timezone.now()
    editorials = [
        make_article(
            title=f"Baş yazı {n}", rubric=lead_rubric, published_at=now - timedelta(hours=n)
        )
        for n in range(6)
    ]
    political = [
        make_article(title=f"Siyasət {n}", rubric=politics, published_at=now - timedelta(hours=n))
        for n in range(6)
    ]
    page = soup(client.get("/"))
    blocks = {
        section.h2.get_text(strip=True): [link["href"] for link in section.select("h3 a, li a")]
        for section in page.select(".rubric-section")
    }
    assert page.select_one(".featured__title a")["href"] == editorials[0].get_absolute_url()
    assert blocks[lead_rubric.name] == [a.get_absolute_url() for a in editorials[1:5]]
    assert blocks[politics.name] == [a.get_absolute_url() for a in political[:4]]


class TestMonthAddresses:
    """The archive sitemap names every month through ``month_urls``: one
    ``reverse()`` for them all, the same addresses as one each."""

    MONTHS = [date(2026, 11, 1), date(2026, 1, 1), date(2025, 12, 1), date(1999, 10, 1)]

    def test_every_month_has_the_address_the_url_pattern_gives_it(self):
        from articles.newsdesk import month_url, month_urls

        assert month_urls(self.MONTHS) == [month_url(first) for first in self.MONTHS]
        assert month_urls([]) == []

    def test_a_pattern_of_another_shape_is_reversed_month_by_month(self, monkeypatch):
        from articles import newsdesk

        monkeypatch.setattr(
            newsdesk, "month_url", lambda first: f"/arxiv/?il={first.year}&ay={first.month}"
        )
        assert newsdesk.month_urls(self.MONTHS[:2]) == [
            "/arxiv/?il=2026&ay=11",
            "/arxiv/?il=2026&ay=1",
        ]
