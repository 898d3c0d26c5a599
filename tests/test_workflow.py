"""The workflow: draft → in review → published → back to draft; scheduling; preview; old URLs.

Editors act in the admin; readers are anonymous clients looking at the site.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleOldSlug

from .newsroom import ARTICLE_ADMIN, change_url, edit_article, form_values
from .pages import soup, text_of

pytestmark = pytest.mark.django_db


def _titles_on(client, url):
    return text_of(client.get(url))


# --- One click per step ------------------------------------------------------


def test_an_author_submits_a_draft_for_review_in_one_click(login, author, make_article):
    draft = make_article(title="Yoxlamaya hazır", status=Article.Status.DRAFT, author=author)
    browser = login(author)
    response = edit_article(browser, draft, _submit_for_review="Yoxlamaya göndər")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert "«Yoxlamaya hazır» yoxlamaya göndərildi" in text_of(browser.get(response["Location"]))


def test_a_new_article_can_go_to_review_as_it_is_first_saved(login, author, politics):
    browser = login(author)
    values = form_values(browser.get(f"{ARTICLE_ADMIN}add/"))
    values.update(title="Birbaşa yoxlamaya", rubric=politics.pk, body="<p>x</p>")
    browser.post(f"{ARTICLE_ADMIN}add/", {**values, "_submit_for_review": "Yoxlamaya göndər"})
    assert Article.objects.get().status == Article.Status.REVIEW


def test_an_editor_publishes_in_one_click_and_readers_see_it(client, login, editor, make_article):
    submitted = make_article(title="Dərcə hazır", status=Article.Status.REVIEW)
    assert client.get(submitted.get_absolute_url()).status_code == 404
    page = soup(login(editor).get(change_url(submitted)))
    labels = {button["name"]: button["value"] for button in page.select(".workflow-steps input")}
    assert labels == {"_publish": "Dərc et", "_unpublish": "Dərcdən çıxar"}

    edit_article(login(editor), submitted, _publish="Dərc et")
    submitted.refresh_from_db()
    assert submitted.status == Article.Status.PUBLISHED
    assert submitted.published_at <= timezone.now()
    assert "Dərcə hazır" in _titles_on(client, "/")
    assert client.get(submitted.get_absolute_url()).status_code == 200


def test_list_actions_take_many_articles_one_step(client, login, editor, author, make_article):
    drafts = [
        make_article(title=f"Toplu {n}", status=Article.Status.DRAFT, author=author)
        for n in range(3)
    ]
    ids = [draft.pk for draft in drafts]
    browser = login(editor)
    browser.post(ARTICLE_ADMIN, {"action": "submit_for_review", "_selected_action": ids})
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.REVIEW}

    response = browser.post(
        ARTICLE_ADMIN, {"action": "publish", "_selected_action": ids}, follow=True
    )
    assert "3 məqalə dərc olundu" in text_of(response)
    assert all(title in _titles_on(client, "/") for title in ("Toplu 0", "Toplu 1", "Toplu 2"))

    browser.post(ARTICLE_ADMIN, {"action": "unpublish", "_selected_action": ids[:1]})
    assert client.get(drafts[0].get_absolute_url()).status_code == 404
    assert Article.objects.get(pk=ids[0]).status == Article.Status.DRAFT


def test_the_article_list_filters_each_step_and_scheduled_articles(login, editor, make_article):
    make_article(title="Qaralama", status=Article.Status.DRAFT)
    make_article(title="Yoxlamada", status=Article.Status.REVIEW)
    make_article(title="Saytda")
    make_article(title="Sabah", published_at=timezone.now() + timedelta(days=1))
    browser = login(editor)

    def titles(**query):
        page = soup(browser.get(ARTICLE_ADMIN, query))
        return sorted(link.get_text(strip=True) for link in page.select("#result_list tbody th a"))

    assert titles(status__exact="draft") == ["Qaralama"]
    assert titles(status__exact="review") == ["Yoxlamada"]
    assert titles(status__exact="published") == ["Sabah", "Saytda"]
    assert titles(schedule="scheduled") == ["Sabah"]
    assert titles(schedule="live") == ["Saytda"]
    assert "planlaşdırılıb" in text_of(browser.get(ARTICLE_ADMIN, {"schedule": "scheduled"}))


# --- Scheduled publishing ----------------------------------------------------


@pytest.fixture
def scheduled(make_article, expert, lead_rubric):
    """A lead editorial an editor scheduled for two minutes from now."""
    return make_article(
        title="Gələcək baş yazı",
        body="<p>Planlaşdırılmış unikalsöz.</p>",
        rubric=lead_rubric,
        expert=expert,
        published_at=timezone.now() + timedelta(minutes=2),
    )


def _reader_urls(article):
    return {
        "home": "/",
        "rubric": article.rubric.get_absolute_url(),
        "expert": article.expert.get_absolute_url(),
        "search": "/axtar/?q=unikalsöz",
        "rss": reverse("articles:feed"),
        "rubric rss": reverse("articles:rubric_feed", kwargs={"slug": article.rubric.slug}),
        "sitemap": reverse("portal:sitemap_section", kwargs={"section": "articles"}),
        "other news": "meqale",  # filled in below
    }


def _where_visible(client, article, other_article):
    urls = _reader_urls(article)
    urls["other news"] = other_article.get_absolute_url()
    seen = {
        name
        for name, url in urls.items()
        if article.title in client.get(url).content.decode()
        or article.slug in client.get(url).content.decode()
    }
    if client.get(article.get_absolute_url()).status_code == 200:
        seen.add("page")
    return seen


def test_a_scheduled_article_is_invisible_everywhere_until_its_minute(
    client, scheduled, make_article, monkeypatch
):
    other = make_article(title="Bugünkü xəbər")
    assert _where_visible(client, scheduled, other) == set()

    in_three_minutes = timezone.now() + timedelta(minutes=3)
    monkeypatch.setattr(timezone, "now", lambda: in_three_minutes)
    # No job runs: the next request after its minute shows it everywhere.
    assert _where_visible(client, scheduled, other) == {
        "page",
        "home",
        "rubric",
        "expert",
        "search",
        "rss",
        "rubric rss",
        "sitemap",
        "other news",
    }


def test_an_editor_schedules_through_the_admin_form(login, editor, make_article, client):
    draft = make_article(title="Axşam dərc olunacaq", status=Article.Status.DRAFT)
    at = timezone.localtime(timezone.now() + timedelta(hours=3))
    edit_article(
        login(editor),
        draft,
        status="published",
        published_at_0=at.strftime("%d.%m.%Y"),
        published_at_1=at.strftime("%H:%M"),
    )
    draft.refresh_from_db()
    assert draft.is_scheduled
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Axşam dərc olunacaq" not in _titles_on(client, "/")


# --- Preview ------------------------------------------------------------------


def test_staff_preview_a_draft_marked_as_preview_and_not_indexed(login, editor, make_article):
    draft = make_article(title="Hələ qaralama", status=Article.Status.DRAFT)
    change_page = soup(login(editor).get(change_url(draft)))
    preview_url = change_page.select_one("a.previewlink")["href"]
    assert preview_url == reverse("articles:preview", kwargs={"pk": draft.pk})

    response = login(editor).get(preview_url)
    page = soup(response)
    assert page.select_one("h1").get_text(strip=True) == "Hələ qaralama"
    assert "Önizləmə" in page.select_one("[data-preview]").get_text()
    assert "noindex" in response["X-Robots-Tag"]
    assert "noindex" in page.select_one('meta[name="robots"]')["content"]
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_scheduled_article_preview_says_when_it_appears(login, editor, scheduled):
    page = soup(login(editor).get(reverse("articles:preview", kwargs={"pk": scheduled.pk})))
    notice = page.select_one("[data-preview]").get_text(" ", strip=True)
    assert "dərc olunacaq" in notice


def test_readers_get_404_for_a_draft_and_its_preview(
    client, login, author, other_author, make_article
):
    draft = make_article(title="Gizli", status=Article.Status.DRAFT, author=author)
    preview_url = reverse("articles:preview", kwargs={"pk": draft.pk})
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(preview_url).status_code == 404
    assert login(other_author).get(preview_url).status_code == 404  # not their article
    assert login(author).get(preview_url).status_code == 200


def test_a_public_page_is_not_marked_as_preview(client, make_article):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert soup(response).select_one("[data-preview]") is None
    assert soup(response).select_one('meta[name="robots"][content*="noindex"]') is None
    assert "X-Robots-Tag" not in response


# --- Slug changes --------------------------------------------------------------


def test_renaming_a_published_article_keeps_the_old_url_with_a_301(
    client, login, editor, make_article
):
    article = make_article(title="Köhnə ad", slug="kohne-ad")
    assert client.get("/meqale/kohne-ad/").status_code == 200  # now in the page cache
    edit_article(login(editor), article, slug="yeni-ad")
    edit_article(login(editor), Article.objects.get(pk=article.pk), slug="en-yeni-ad")

    for old in ("/meqale/kohne-ad/", "/meqale/yeni-ad/"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == "/meqale/en-yeni-ad/"
    assert client.get("/meqale/en-yeni-ad/").status_code == 200


def test_a_draft_rename_leaves_no_redirect_and_an_old_slug_taken_back_stops_redirecting(
    client, login, editor, make_article
):
    draft = make_article(title="Qaralama adı", slug="qaralama-adi", status=Article.Status.DRAFT)
    edit_article(login(editor), draft, slug="qaralama-yeni")
    assert not ArticleOldSlug.objects.exists()

    article = make_article(slug="birinci")
    edit_article(login(editor), article, slug="ikinci")
    edit_article(login(editor), Article.objects.get(pk=article.pk), slug="birinci")
    assert client.get("/meqale/birinci/").status_code == 200
    assert client.get("/meqale/ikinci/")["Location"] == "/meqale/birinci/"


def test_an_old_url_of_an_unpublished_article_is_a_404(client, make_article):
    article = make_article(slug="evvel")
    article.slug = "sonra"
    article.save()
    workflow.unpublish(article)
    assert client.get("/meqale/evvel/").status_code == 404
