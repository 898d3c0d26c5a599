"""The newsroom's roles: each person logs into the admin and is allowed or refused there.

Müəllif (author) writes and submits drafts; Redaktor (editor) edits anything
and publishes; Baş redaktor (chief editor) also runs rubrics, experts, the
site settings and users. Every check goes through the admin's own pages.
"""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article, Rubric
from experts.models import Expert
from portal.models import SiteSettings

from .newsroom import ARTICLE_ADMIN, change_url, edit_article, form_values
from .pages import soup, text_of

pytestmark = pytest.mark.django_db


def _add_article(browser, rubric, **fields):
    values = form_values(browser.get(f"{ARTICLE_ADMIN}add/"))
    values.update({"title": "Müəllifin yazısı", "rubric": rubric.pk, "body": "<p>Mətn.</p>"})
    values.update(fields)
    return browser.post(f"{ARTICLE_ADMIN}add/", values)


def _listed_titles(browser):
    page = soup(browser.get(ARTICLE_ADMIN))
    return sorted(link.get_text(strip=True) for link in page.select("#result_list tbody th a"))


def _offered_actions(browser):
    page = soup(browser.get(ARTICLE_ADMIN))
    return {option["value"] for option in page.select("select[name=action] option")} - {""}


def test_the_three_roles_exist_as_groups_with_their_rights():
    rights = {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }
    assert {"Müəllif", "Redaktor", "Baş redaktor"} <= set(rights)
    assert "articles.publish_article" not in rights["Müəllif"]
    assert "articles.add_article" in rights["Müəllif"]
    assert "articles.publish_article" in rights["Redaktor"]
    assert "articles.add_rubric" not in rights["Redaktor"]
    assert "portal.change_sitesettings" not in rights["Redaktor"]
    assert rights["Redaktor"] <= rights["Baş redaktor"]
    for right in ("articles.add_rubric", "experts.add_expert", "portal.change_sitesettings"):
        assert right in rights["Baş redaktor"]
    assert "auth.change_user" in rights["Baş redaktor"]


# --- Müəllif -----------------------------------------------------------------


def test_an_author_writes_a_draft_and_cannot_choose_its_status(login, author, politics):
    browser = login(author)
    form = soup(browser.get(f"{ARTICLE_ADMIN}add/"))
    assert form.select_one("select[name=status]") is None
    assert form.select_one("input[name=published_at_0]") is None

    response = _add_article(browser, politics, status="published", published_at_0="01.01.2026")
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.author == author
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


def test_an_author_sees_and_edits_only_their_own_articles(
    login, author, other_author, make_article
):
    make_article(title="Öz qaralamam", status=Article.Status.DRAFT, author=author)
    theirs = make_article(
        title="Həmkarın qaralaması", status=Article.Status.DRAFT, author=other_author
    )
    browser = login(author)

    assert _listed_titles(browser) == ["Öz qaralamam"]
    response = browser.get(change_url(theirs), follow=True)
    assert "mövcud deyil" in text_of(response) or response.status_code == 404
    response = edit_article(login(other_author), theirs, title="Dəyişdim")
    assert response.status_code == 302  # their author may
    browser.post(change_url(theirs), {"title": "Oğurlanmış", "rubric": theirs.rubric_id})
    theirs.refresh_from_db()
    assert theirs.title == "Dəyişdim"


def test_an_author_cannot_change_a_draft_once_it_is_in_review(login, author, make_article):
    submitted = make_article(title="Göndərilib", status=Article.Status.REVIEW, author=author)
    browser = login(author)
    page = soup(browser.get(change_url(submitted)))
    assert page.select_one("textarea[name=body]") is None  # shown read-only
    response = browser.post(
        change_url(submitted), {"title": "Sonradan", "rubric": submitted.rubric_id, "body": "x"}
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.title == "Göndərilib"


def test_an_author_cannot_publish_by_button_action_or_form(login, author, make_article):
    draft = make_article(title="Qaralama", status=Article.Status.DRAFT, author=author)
    browser = login(author)

    page = soup(browser.get(change_url(draft)))
    buttons = {button["name"] for button in page.select(".workflow-steps input[type=submit]")}
    assert buttons == {"_submit_for_review", "_save"}
    assert _offered_actions(browser) == {"submit_for_review"}

    edit_article(browser, draft, _publish="Dərc et", status="published")
    browser.post(ARTICLE_ADMIN, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert browser.get(draft.get_absolute_url()).status_code == 404


def test_an_author_cannot_delete_rubrics_experts_settings_or_users(login, author, politics, expert):
    browser = login(author)
    for url in (
        f"/admin/articles/rubric/{politics.pk}/change/",
        "/admin/articles/rubric/add/",
        "/admin/experts/expert/add/",
        "/admin/portal/sitesettings/1/change/",
        "/admin/auth/user/",
    ):
        response = browser.post(url, {"name": "Ələ keçirilmiş", "site_name": "x"})
        assert response.status_code == 403, url
    assert Rubric.objects.get().name == "Siyasət"
    assert Expert.objects.count() == 1
    assert SiteSettings.load().site_name != "x"


# --- Redaktor ----------------------------------------------------------------


def test_an_editor_edits_anyones_article_and_publishes_it(login, editor, author, make_article):
    draft = make_article(title="Müəllifdən", status=Article.Status.REVIEW, author=author)
    browser = login(editor)
    assert _listed_titles(browser) == ["Müəllifdən"]
    assert _offered_actions(browser) >= {"publish", "unpublish", "submit_for_review"}

    response = edit_article(browser, draft, title="Redaktə olunub", _publish="Dərc et")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Redaktə olunub"
    assert draft.status == Article.Status.PUBLISHED
    assert draft.author == author  # the byline's author stays the writer
    assert login(author).get(draft.get_absolute_url()).status_code == 200


def test_an_editor_cannot_run_rubrics_experts_settings_or_users(login, editor, politics):
    browser = login(editor)
    assert browser.get("/admin/articles/rubric/").status_code == 200  # may look
    for url in (
        "/admin/articles/rubric/add/",
        f"/admin/articles/rubric/{politics.pk}/change/",
        "/admin/experts/expert/add/",
        "/admin/portal/sitesettings/1/change/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
    ):
        response = browser.post(url, {"name": "Redaktorun rubrikası", "site_name": "x"})
        assert response.status_code == 403, url
    assert list(Rubric.objects.values_list("name", flat=True)) == ["Siyasət"]


# --- Baş redaktor ------------------------------------------------------------


def test_the_chief_editor_runs_rubrics_experts_settings_and_users(
    login, chief_editor, author, make_article
):
    browser = login(chief_editor)
    response = browser.post(
        "/admin/articles/rubric/add/", {"name": "Mədəniyyət", "slug": "", "menu_position": 5}
    )
    assert response.status_code == 302
    assert Rubric.objects.filter(slug="medeniyyet").exists()

    response = browser.post(
        "/admin/experts/expert/add/",
        {"full_name": "Nigar Əliyeva", "slug": "", "signature": "Politoloq"},
    )
    assert response.status_code == 302
    assert Expert.objects.filter(full_name="Nigar Əliyeva").exists()

    values = form_values(
        browser.get("/admin/portal/sitesettings/1/change/"), form_id="sitesettings_form"
    )
    values["phone"] = "012 444 44 44"
    assert browser.post("/admin/portal/sitesettings/1/change/", values).status_code == 302
    assert SiteSettings.load().phone == "012 444 44 44"

    assert "aysel" in text_of(browser.get("/admin/auth/user/"))
    draft = make_article(status=Article.Status.DRAFT, author=author)
    edit_article(browser, draft, _publish="Dərc et")
    draft.refresh_from_db()
    assert draft.is_public


def test_managing_users_is_no_way_to_become_superuser(login, chief_editor, admin_user, author):
    browser = login(chief_editor)
    assert "admin" not in text_of(browser.get("/admin/auth/user/")).split()
    assert browser.get(f"/admin/auth/user/{admin_user.pk}/password/").status_code == 404

    own = f"/admin/auth/user/{chief_editor.pk}/change/"
    page = soup(browser.get(own))
    assert page.select_one("input[name=is_superuser]") is None
    assert page.select_one("select[name=user_permissions]") is None

    values = form_values(browser.get(f"/admin/auth/user/{author.pk}/change/"), "user_form")
    values["groups"] = str(Group.objects.get(name="Redaktor").pk)
    response = browser.post(
        f"/admin/auth/user/{author.pk}/change/", {**values, "is_superuser": "on"}
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert not author.is_superuser
    assert list(author.groups.values_list("name", flat=True)) == ["Redaktor"]
