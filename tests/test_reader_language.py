"""Azerbaijani throughout: the language of every page, and dates on lists."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from core.dates import MONTHS

from .pages import soup, text_of

pytestmark = pytest.mark.django_db


def test_the_site_speaks_azerbaijani_in_baku_time():
    assert settings.LANGUAGE_CODE == "az"
    assert settings.TIME_ZONE == "Asia/Baku"


def test_every_kind_of_page_declares_azerbaijani(client, make_article, expert):
    article = make_article(expert=expert)
    for url in (
        "/",
        "/rubrika/siyaset/",
        article.get_absolute_url(),
        expert.get_absolute_url(),
        "/axtar/?q=s%C4%B1naq",
        "/yoxdur/",
    ):
        assert soup(client.get(url)).html["lang"] == "az", url


def test_lists_tell_the_last_hour_in_minutes_and_older_news_by_date(client, make_article):
    make_article(title="Təzə xəbər", published_at=timezone.now() - timedelta(minutes=12))
    morning = timezone.now() - timedelta(hours=3)
    make_article(title="Səhər xəbəri", published_at=morning)
    cards = {
        card.select_one(".card__title").get_text(strip=True): card.time.get_text(strip=True)
        for card in soup(client.get("/rubrika/siyaset/")).select(".card")
    }
    assert cards["Təzə xəbər"] == "12 dəqiqə əvvəl"
    baku = timezone.localtime(morning)  # Asia/Baku, UTC+4
    assert cards["Səhər xəbəri"] == (
        f"{baku.day} {MONTHS[baku.month - 1]} {baku.year}, {baku:%H:%M}"
    )


def test_the_404_page_is_azerbaijani_and_dressed_as_the_site(client, politics):
    response = client.get("/meqale/bele-meqale-yoxdur/")
    page = soup(response)
    assert response.status_code == 404
    assert page.h1.get_text(strip=True) == "Səhifə tapılmadı"
    assert page.select_one(".masthead__name") is not None
    assert "Siyasət" in page.select_one("nav.rubric-menu").get_text()
    assert page.select_one('link[rel="stylesheet"]')["href"].endswith("css/site.css")
    assert "Ana səhifəyə qayıdın" in text_of(response)
