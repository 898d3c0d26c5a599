"""Topic tags (teqlər): Azerbaijani slugs, the tag page, tags on the article page,
"Oxşar xəbərlər", JSON-LD keywords, the sitemap, the admin field, and caching."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from articles import tagging, workflow
from articles.forms import ArticleAdminForm
from articles.models import Article, Tag, TaggedArticle
from articles.tagging import canonical_tag_names, tag_slug
from articles.views import TagView

from .newsroom import NO_GALLERY_PHOTOS
from .pages import content_queries, sitemap_text, soup, text_of

pytestmark = pytest.mark.django_db


# --- Slugs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Cənubi Qafqaz", "cenubi-qafqaz"),
        ("İlham Əliyev", "ilham-eliyev"),
        ("IŞIQ", "isiq"),  # dotless I lower-cases to ı, then i
        ("Şuşa, Ağdam və Göyçə", "susa-agdam-ve-goyce"),
        ("Üzüm bağı", "uzum-bagi"),
        ("!!!", "teq"),
    ],
)
def test_a_tag_slug_spells_azerbaijani_letters_in_ascii(name, slug):
    assert tag_slug(name) == slug
    assert Tag.objects.create(name=name).slug == slug


def test_tags_whose_names_fold_alike_get_distinct_slugs():
    first = Tag.objects.create(name="Nefт")  # a Cyrillic т has no ASCII letter: "nef"
    second = Tag.objects.create(name="Nef")
    assert (first.slug, second.slug) == ("nef", "nef-2")


def test_a_taken_slug_gets_a_number():
    Tag.objects.create(name="Qaz", slug="qaz")
    assert Tag.objects.create(name="QAZ!").slug == "qaz-2"


def test_names_typed_another_way_join_the_existing_tag():
    Tag.objects.create(name="Cənubi Qafqaz")
    assert canonical_tag_names(["cənubi qafqaz", "CENUBI QAFQAZ", "  Yeni   teq "]) == [
        "Cənubi Qafqaz",
        "Yeni teq",
    ]


# --- The admin field -----------------------------------------------------------


def test_the_admin_form_suggests_existing_tags_in_a_datalist(make_article):
    make_article().tags.add("Neft", "Qaz")
    make_article().tags.add("Neft")
    html = str(ArticleAdminForm()["tags"])
    field = soup_of(html).select_one("input[name=tags]")
    datalist = soup_of(html).select_one(f"datalist#{field['list']}")
    assert [option["value"] for option in datalist.select("option")] == ["Neft", "Qaz"]
    assert "js/admin-tag-suggest.js" in str(ArticleAdminForm().media)


def test_suggestions_put_the_tags_used_lately_first_then_the_others_by_name(
    make_article, monkeypatch
):
    """Uses are counted among the newest tag rows only (a window of 3 here), so a
    tag much used long ago comes after the current ones, but is still offered."""
    monkeypatch.setattr(tagging, "SUGGESTION_WINDOW_ROWS", 3)
    for _ in range(3):
        make_article().tags.add("Arxiv")
    Tag.objects.create(name="Boş teq")  # on no article
    make_article().tags.add("Neft", "Qaz")
    make_article().tags.add("Neft")

    assert tagging.suggested_tag_names(10) == ["Neft", "Qaz", "Arxiv", "Boş teq"]
    assert tagging.suggested_tag_names(1) == ["Neft"]


def soup_of(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_the_editor_types_tags_and_the_article_gets_them(login, chief_editor, politics):
    Tag.objects.create(name="Cənubi Qafqaz")
    browser = login(chief_editor)
    response = browser.post(
        "/admin/articles/article/add/",
        {
            "title": "Teqli məqalə",
            "rubric": politics.pk,
            "body": "<p>Mətn.</p>",
            "tags": "cenubi qafqaz, Neft",
            "status": "draft",
            **NO_GALLERY_PHOTOS,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(title="Teqli məqalə")
    assert sorted(tag.name for tag in article.tags.all()) == ["Cənubi Qafqaz", "Neft"]
    assert Tag.objects.count() == 2


def test_the_admin_autocompletes_tags_from_the_tag_list(login, chief_editor):
    Tag.objects.create(name="Cənubi Qafqaz")
    response = login(chief_editor).get("/admin/articles/tag/?q=qafqaz")
    assert "Cənubi Qafqaz" in text_of(response)


# --- The tag page -------------------------------------------------------------------


def test_a_tag_page_lists_its_public_articles_newest_first(client, make_article):
    now = timezone.now()
    older = make_article(title="Köhnə xəbər", published_at=now - timedelta(days=2))
    newer = make_article(title="Yeni xəbər", published_at=now - timedelta(hours=1))
    other = make_article(title="Başqa mövzu")
    for article in (older, newer):
        article.tags.add("Cənubi Qafqaz")
    other.tags.add("Neft")

    page = soup(client.get("/teq/cenubi-qafqaz/"))
    assert page.h1.get_text() == "Cənubi Qafqaz"
    assert [a.get_text() for a in page.select(".card__title a")] == ["Yeni xəbər", "Köhnə xəbər"]
    assert "Bu teqlə dərc olunmuş məqalələr: 2" in page.get_text()


def test_a_tag_page_is_paginated_like_a_rubric_feed(client, make_article, settings):
    for n in range(12):
        make_article(title=f"Xəbər {n}").tags.add("Neft")
    first = soup(client.get("/teq/neft/"))
    assert len(first.select(".card")) == 10
    assert first.select_one('a[rel="next"]')["href"] == "?page=2"
    assert len(soup(client.get("/teq/neft/?page=2")).select(".card")) == 2
    assert client.get("/teq/neft/?page=3").status_code == 404
    assert client.get("/teq/neft/?page=x").status_code == 404


def test_a_tag_page_offers_its_newest_articles_in_a_bounded_number_of_pages(
    client, make_article, monkeypatch
):
    monkeypatch.setattr(TagView, "max_pages", 1)
    now = timezone.now()
    articles = [
        make_article(title=f"Xəbər {n}", published_at=now - timedelta(hours=n)) for n in range(12)
    ]
    for article in articles:
        article.tags.add("Neft")
    page = soup(client.get("/teq/neft/"))
    titles = [link.get_text() for link in page.select(".card__title a")]
    assert titles == [article.title for article in articles[:10]]
    assert "Bu teqlə dərc olunmuş məqalələr: ən azı 10" in page.get_text()
    assert page.select_one('a[rel="next"]') is None
    assert client.get("/teq/neft/?page=2").status_code == 404


def test_unknown_tags_and_tags_of_drafts_only_are_404(client, make_article):
    make_article(status=Article.Status.DRAFT).tags.add("Hazırlanan mövzu")
    make_article(published_at=timezone.now() + timedelta(days=1)).tags.add("Sabahkı mövzu")
    for url in ("/teq/yoxdur/", "/teq/hazirlanan-movzu/", "/teq/sabahki-movzu/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Səhifə tapılmadı" in text_of(response)


def test_a_tag_page_runs_few_queries_however_many_articles(client, make_article):
    for n in range(15):
        make_article(title=f"Xəbər {n}").tags.add("Neft", "Qaz")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/teq/neft/").status_code == 200
    # next due (2), site settings, menu, urgent strip + tag, count, page
    assert len(content_queries(queries)) <= 8


# --- The tag page's order: its rows keep each article's publication time ----------


def tag_page_titles(client, slug="neft", page=1):
    page = soup(client.get(f"/teq/{slug}/?page={page}"))
    return [a.get_text() for a in page.select(".card__title a")]


def test_a_tag_page_orders_by_publication_not_by_when_the_article_was_written(client, make_article):
    now = timezone.now()
    written_long_ago = make_article(title="Çoxdan yazılıb", status=Article.Status.DRAFT)
    written_long_ago.tags.add("Neft")
    for n in range(10):
        make_article(title=f"Xəbər {n}", published_at=now - timedelta(hours=n + 1)).tags.add("Neft")
    # An imported archive: the newest id carries the oldest date.
    make_article(title="Köhnə arxivdən", published_at=now - timedelta(days=900)).tags.add("Neft")
    assert tag_page_titles(client) == [f"Xəbər {n}" for n in range(10)]
    assert tag_page_titles(client, page=2) == ["Köhnə arxivdən"]

    workflow.publish(written_long_ago)

    assert tag_page_titles(client) == ["Çoxdan yazılıb", *(f"Xəbər {n}" for n in range(9))]
    assert tag_page_titles(client, page=2) == ["Xəbər 9", "Köhnə arxivdən"]


def test_publishing_unpublishing_and_rescheduling_reach_the_tag_page(
    client, make_article, monkeypatch
):
    now = timezone.now()
    make_article(title="Həmişə", published_at=now - timedelta(hours=5)).tags.add("Neft")
    article = make_article(title="Planlı", status=Article.Status.DRAFT)
    article.tags.add("Neft")

    workflow.schedule(article, now + timedelta(hours=2))
    assert tag_page_titles(client) == ["Həmişə"]
    article.published_at = now - timedelta(hours=6)  # rescheduled: already due, and older
    article.save()
    assert tag_page_titles(client) == ["Həmişə", "Planlı"]
    article.published_at = now + timedelta(minutes=10)
    article.save()
    assert tag_page_titles(client) == ["Həmişə"]
    later = now + timedelta(minutes=11)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert tag_page_titles(client) == ["Planlı", "Həmişə"]  # due: shown by itself
    workflow.unpublish(article)
    assert tag_page_titles(client) == ["Həmişə"]


def test_tags_given_to_a_draft_show_it_once_it_is_published(client, make_article):
    make_article(title="Başqa").tags.add("Neft")
    draft = make_article(title="Qaralama", status=Article.Status.DRAFT)
    draft.tags.set(["Neft", "Qaz"])
    assert tag_page_titles(client) == ["Başqa"]
    assert client.get("/teq/qaz/").status_code == 404

    workflow.publish(draft)

    assert tag_page_titles(client) == ["Qaralama", "Başqa"]
    assert tag_page_titles(client, "qaz") == ["Qaralama"]
    draft.tags.set(["Qaz"])
    assert tag_page_titles(client) == ["Başqa"]


def test_bulk_updates_of_articles_reach_the_tag_page(client, make_article):
    now = timezone.now()
    draft = make_article(title="Qaralama", status=Article.Status.DRAFT)
    draft.tags.add("Neft")
    for n in range(11):
        make_article(title=f"Xəbər {n}", published_at=now - timedelta(hours=n + 1)).tags.add("Neft")

    # The update changes what chose the articles: they are chosen before it.
    Article.objects.filter(status=Article.Status.DRAFT).update(
        status=Article.Status.PUBLISHED, published_at=now - timedelta(minutes=1)
    )
    assert tag_page_titles(client)[:2] == ["Qaralama", "Xəbər 0"]
    Article.objects.filter(title="Xəbər 10").update(published_at=now)  # from page 2 to the top
    assert tag_page_titles(client)[:2] == ["Xəbər 10", "Qaralama"]
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)
    titles = tag_page_titles(client)
    assert "Qaralama" not in titles and len(titles) == 10  # the page filled from the next


def test_tag_rows_made_in_bulk_take_their_articles_publication(make_article):
    public = make_article()
    draft = make_article(status=Article.Status.DRAFT)
    tag = Tag.objects.create(name="Neft")
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object_id=article.pk, tag=tag) for article in (public, draft)
    )
    rows = dict(TaggedArticle.objects.values_list("content_object_id", "public_from"))
    assert rows == {public.pk: public.published_at, draft.pk: None}


def test_an_article_brought_back_by_its_history_is_on_its_tag_pages_as_restored(
    client, make_article
):
    article = make_article(title="Bərpa olunan")  # published: its first version
    article.tags.add("Neft")
    workflow.unpublish(article)
    assert tag_page_titles(client) == []

    # What the admin's history and recovery pages do: a raw save of the version.
    Version.objects.get_for_object(article).order_by("pk").first().revert()

    assert tag_page_titles(client) == ["Bərpa olunan"]


# --- The article page -------------------------------------------------------------


def test_the_article_page_links_its_tags(client, make_article):
    article = make_article()
    article.tags.add("Cənubi Qafqaz", "Neft")
    links = soup(client.get(article.get_absolute_url())).select(".article-tags a[rel=tag]")
    assert {(a.get_text(), a["href"]) for a in links} == {
        ("Cənubi Qafqaz", "/teq/cenubi-qafqaz/"),
        ("Neft", "/teq/neft/"),
    }


def test_json_ld_keywords_are_the_tags(client, make_article):
    article = make_article()
    article.tags.add("Cənubi Qafqaz", "Neft")
    page = soup(client.get(article.get_absolute_url()))
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert sorted(data["keywords"]) == ["Cənubi Qafqaz", "Neft"]


def test_an_article_without_tags_has_no_keywords_and_no_tag_list(client, make_article):
    article = make_article()
    page = soup(client.get(article.get_absolute_url()))
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert "keywords" not in data
    assert page.select_one(".article-tags") is None
    assert page.select_one("[data-related]") is None


# --- "Oxşar xəbərlər" ----------------------------------------------------------------


def related_titles(client, article):
    page = soup(client.get(article.get_absolute_url()))
    return [a.get_text() for a in page.select("[data-related] .card__title a")]


def test_related_articles_share_tags_most_shared_first_then_newest(client, make_article):
    now = timezone.now()
    article = make_article(title="Mərkəzi")
    article.tags.add("Neft", "Qaz", "Bakı")
    one_old = make_article(title="Bir ortaq, köhnə", published_at=now - timedelta(days=3))
    one_new = make_article(title="Bir ortaq, yeni", published_at=now - timedelta(hours=2))
    two = make_article(title="İki ortaq", published_at=now - timedelta(days=5))
    unrelated = make_article(title="Ortaq yoxdur")
    one_old.tags.add("Neft", "Şuşa")
    one_new.tags.add("Qaz")
    two.tags.add("Neft", "Bakı")
    unrelated.tags.add("Şuşa")
    assert related_titles(client, article) == ["İki ortaq", "Bir ortaq, yeni", "Bir ortaq, köhnə"]


def test_related_articles_are_only_public_ones(client, make_article):
    article = make_article(title="Mərkəzi")
    article.tags.add("Neft")
    make_article(title="Dərc olunub").tags.add("Neft")
    make_article(title="Qaralama", status=Article.Status.DRAFT).tags.add("Neft")
    make_article(title="Yoxlamada", status=Article.Status.REVIEW).tags.add("Neft")
    make_article(title="Sabah", published_at=timezone.now() + timedelta(days=1)).tags.add("Neft")
    assert related_titles(client, article) == ["Dərc olunub"]


@pytest.mark.parametrize("others", [8, 40])
def test_related_articles_take_two_queries_however_many_share_the_tags(make_article, others):
    article = make_article(title="Mərkəzi")
    article.tags.add("Neft", "Qaz")
    for n in range(others):
        make_article(title=f"Oxşar {n}").tags.add("Neft" if n % 2 else "Qaz")
    article = Article.objects.for_article_page().get(pk=article.pk)
    tag_ids = [tag.pk for tag in article.tags.all()]
    with CaptureQueriesContext(connection) as queries:
        related = list(Article.objects.related_to(article, tag_ids))
    assert len(queries.captured_queries) == 2  # the ranking on tag rows, then the six articles
    assert len(related) == 6


# --- Sitemap -----------------------------------------------------------------------------


def test_the_sitemap_lists_tag_pages_with_public_articles_only(client, make_article):
    make_article().tags.add("Neft")
    make_article(status=Article.Status.DRAFT).tags.add("Gizli mövzu")
    sitemap = sitemap_text(client)
    assert "http://testserver/teq/neft/" in sitemap
    assert "gizli-movzu" not in sitemap


# --- Caching -----------------------------------------------------------------------------


def test_tagging_a_public_article_updates_its_page_the_tag_page_and_related(client, make_article):
    article = make_article(title="Mərkəzi")
    neighbour = make_article(title="Qonşu")
    neighbour.tags.add("Neft")
    make_article(title="Başqa").tags.add("Neft")
    assert client.get("/teq/neft/").status_code == 200  # cached now, without "Mərkəzi"
    assert related_titles(client, article) == []
    assert related_titles(client, neighbour) == ["Başqa"]

    article.tags.add("Neft")

    assert "Mərkəzi" in text_of(client.get("/teq/neft/"))
    assert related_titles(client, article) == ["Başqa", "Qonşu"]
    assert "Mərkəzi" in related_titles(client, neighbour)
    assert soup(client.get(article.get_absolute_url())).select_one(".article-tags")

    article.tags.remove("Neft")
    assert "Mərkəzi" not in text_of(client.get("/teq/neft/"))
    assert related_titles(client, article) == []


def test_renaming_a_tag_updates_the_pages_that_show_it(client, make_article):
    article = make_article()
    article.tags.add("Neft")
    client.get(article.get_absolute_url())
    client.get("/teq/neft/")
    tag = Tag.objects.get(name="Neft")
    tag.name = "Neft sənayesi"
    tag.save()
    assert "Neft sənayesi" in text_of(client.get(article.get_absolute_url()))
    assert soup(client.get("/teq/neft/")).h1.get_text() == "Neft sənayesi"


def test_deleting_a_tag_removes_it_from_the_article_page(client, make_article):
    article = make_article()
    article.tags.add("Neft")
    client.get(article.get_absolute_url())
    Tag.objects.get(name="Neft").delete()
    assert soup(client.get(article.get_absolute_url())).select_one(".article-tags") is None
    assert client.get("/teq/neft/").status_code == 404


def test_unpublishing_an_article_takes_it_off_the_tag_page(client, make_article):
    article = make_article(title="Geri çəkilən")
    article.tags.add("Neft")
    make_article(title="Qalan").tags.add("Neft")
    assert "Geri çəkilən" in text_of(client.get("/teq/neft/"))
    article.status = Article.Status.DRAFT
    article.save()
    assert "Geri çəkilən" not in text_of(client.get("/teq/neft/"))
