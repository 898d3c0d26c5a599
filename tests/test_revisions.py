"""No text is ever lost: every save keeps a revision, and two editors cannot overwrite silently."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from articles import workflow
from articles.models import Article, Tag

from .newsroom import change_url, edit_article, form_values
from .pages import soup, text_of

pytestmark = pytest.mark.django_db


def _history(browser, article):
    return soup(browser.get(reverse("admin:articles_article_history", args=[article.pk])))


def _write_three_versions(browser, article):
    for body in ("<p>Birinci variant.</p>", "<p>İkinci variant.</p>", "<p>Üçüncü variant.</p>"):
        response = edit_article(browser, Article.objects.get(pk=article.pk), body=body)
        assert response.status_code == 302


def test_every_admin_save_keeps_a_revision_with_who_and_when(login, editor, make_article):
    article = make_article(title="Tarixçəli")
    browser = login(editor)
    _write_three_versions(browser, article)

    versions = Version.objects.get_for_object(article)
    assert [v.field_dict["body"] for v in versions[:3]] == [
        "<p>Üçüncü variant.</p>",
        "<p>İkinci variant.</p>",
        "<p>Birinci variant.</p>",
    ]
    rows = _history(browser, article).select("#change-history tbody tr")
    assert len(rows) == versions.count() == 4  # created, then three admin saves
    users = [row.select_one(".revision-user").get_text(strip=True) for row in rows]
    assert users == ["—", "leyla", "leyla", "leyla"]  # oldest first; the first made in code
    assert "Tarix" in _history(browser, article).select_one("#change-history thead").get_text()


def test_a_workflow_step_is_a_revision_with_a_comment(login, author, make_article):
    draft = make_article(status=Article.Status.DRAFT, author=author)
    browser = login(author)
    edit_article(browser, draft, _submit_for_review="Yoxlamaya göndər")
    history = text_of(login(author).get(reverse("admin:articles_article_history", args=[draft.pk])))
    assert "Məqalə yoxlamaya göndərildi." in history


def test_an_editor_restores_an_earlier_version_from_the_history(
    client, login, editor, make_article
):
    article = make_article(title="Bərpa")
    browser = login(editor)
    _write_three_versions(browser, article)

    first = next(
        link
        for link in _history(browser, article).select("#change-history tbody th a")
        if "Birinci"
        in Version.objects.get(pk=link["href"].rstrip("/").split("/")[-1]).field_dict["body"]
    )
    revision_page = browser.get(first["href"])
    assert "Birinci variant." in soup(revision_page).select_one("textarea[name=body]").get_text()
    assert "versiyasıdır" in text_of(revision_page)
    response = browser.post(first["href"], form_values(revision_page))
    assert response.status_code == 302

    article.refresh_from_db()
    assert article.body == "<p>Birinci variant.</p>"
    assert "Birinci variant." in text_of(client.get(article.get_absolute_url()))
    assert Version.objects.get_for_object(article).count() == 5  # the restore is a revision too


def test_restoring_never_changes_status_or_address(login, editor, author, make_article):
    article = make_article(title="Vəziyyət", status=Article.Status.DRAFT, author=author)
    edit_article(login(editor), article, _publish="Dərc et")
    article.refresh_from_db()
    edit_article(login(editor), article, slug="yeni-unvan", body="<p>Yeni mətn.</p>")

    draft_version = Version.objects.get_for_object(article).last()  # as first created
    assert draft_version.field_dict["status"] == Article.Status.DRAFT
    url = reverse("admin:articles_article_revision", args=[article.pk, draft_version.pk])
    browser = login(editor)
    browser.post(url, form_values(browser.get(url)))

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.slug == "yeni-unvan"
    assert article.body == draft_version.field_dict["body"]


def test_an_author_cannot_restore_someone_elses_article(login, author, editor, make_article):
    theirs = make_article(title="Başqasının")
    edit_article(login(editor), theirs, body="<p>Son.</p>")
    old = Version.objects.get_for_object(theirs).last()
    url = reverse("admin:articles_article_revision", args=[theirs.pk, old.pk])
    browser = login(author)
    assert (
        browser.post(url, {"title": "x", "rubric": theirs.rubric_id, "body": "x"}).status_code
        == 403
    )
    history = reverse("admin:articles_article_history", args=[theirs.pk])
    history_page = browser.get(history, follow=True)
    assert "Başqasının" not in text_of(history_page)
    assert not soup(history_page).select("#change-history tbody tr")
    assert browser.get(reverse("admin:articles_article_recoverlist")).status_code == 403
    theirs.refresh_from_db()
    assert theirs.body == "<p>Son.</p>"


# --- Optimistic locking --------------------------------------------------------


def test_the_later_of_two_editors_gets_an_error_and_keeps_their_text(
    login, editor, chief_editor, make_article
):
    article = make_article(title="Eyni vaxtda", body="<p>Əvvəlki mətn.</p>")
    first, second = login(editor), login(chief_editor)
    first_form = form_values(first.get(change_url(article)))
    second_form = form_values(second.get(change_url(article)))

    assert (
        first.post(
            change_url(article), {**first_form, "body": "<p>Leylanın mətni.</p>"}
        ).status_code
        == 302
    )
    response = second.post(change_url(article), {**second_form, "body": "<p>Raufun mətni.</p>"})

    assert response.status_code == 200
    page = soup(response)
    error = page.select_one(".errornote + .errorlist, ul.errorlist.nonfield").get_text(
        " ", strip=True
    )
    assert "leyla" in error and "mətniniz itmədi" in error
    assert "Raufun mətni." in page.select_one("textarea[name=body]").get_text()
    article.refresh_from_db()
    assert article.body == "<p>Leylanın mətni.</p>"

    # Having seen the warning, saving again is a deliberate choice and goes through.
    again = second.post(change_url(article), form_values(response))
    assert again.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>Raufun mətni.</p>"


def test_one_editor_saving_twice_in_a_row_is_no_conflict(login, editor, make_article):
    article = make_article()
    browser = login(editor)
    for body in ("<p>bir</p>", "<p>iki</p>"):
        assert (
            edit_article(browser, Article.objects.get(pk=article.pk), body=body).status_code == 302
        )
    article.refresh_from_db()
    assert article.body == "<p>iki</p>"


# --- Tags come back with a version ------------------------------------------------------


def _tag_names(article):
    return sorted(article.tags.names())


def _revision_url(article, version):
    return reverse("admin:articles_article_revision", args=[article.pk, version.pk])


def test_restoring_a_version_in_the_admin_brings_back_its_tags(client, login, editor, make_article):
    article = make_article(title="Teqli")
    browser = login(editor)
    edit_article(browser, article, tags="Neft, Qaz")
    tagged = Version.objects.get_for_object(article).first()  # the newest: "Neft, Qaz"
    edit_article(browser, Article.objects.get(pk=article.pk), tags="Bakı")
    assert _tag_names(article) == ["Bakı"]

    revision_page = browser.get(_revision_url(article, tagged))
    shown = soup(revision_page).select_one("input[name=tags]")["value"]
    assert sorted(name.strip() for name in shown.split(",")) == ["Neft", "Qaz"]
    response = browser.post(_revision_url(article, tagged), form_values(revision_page))
    assert response.status_code == 302

    assert _tag_names(article) == ["Neft", "Qaz"]
    assert "Teqli" in text_of(client.get("/teq/neft/"))
    assert client.get("/teq/baki/").status_code == 404  # no public article carries it now
    restored = Version.objects.get_for_object(article).first()
    assert workflow.tags_of_version(restored) == list(Tag.objects.filter(name__in=["Neft", "Qaz"]))


def test_the_restore_service_brings_back_the_tags_as_one_revision(editor, make_article):
    article = make_article(title="Xidmət")
    with reversion.create_revision():
        article.tags.set(["Neft"])
        reversion.add_to_revision(article)
    with_neft = Version.objects.get_for_object(article).first()
    article.tags.set(["Qaz", "Bakı"])

    workflow.restore(article, with_neft, by=editor)

    assert _tag_names(article) == ["Neft"]
    newest = Version.objects.get_for_object(article).first()
    assert newest.revision.user == editor
    assert workflow.tags_of_version(newest) == [Tag.objects.get(name="Neft")]


def test_a_version_that_kept_no_tags_leaves_the_current_ones(editor, make_article):
    article = make_article(title="Teqsiz versiya")  # its first version: no tag rows
    untagged = Version.objects.get_for_object(article).first()
    article.tags.set(["Neft"])

    assert workflow.tags_of_version(untagged) is None
    workflow.restore(article, untagged, by=editor)

    assert _tag_names(article) == ["Neft"]


def test_a_deleted_article_recovered_from_its_history_is_back_on_its_tag_pages(
    client, login, editor, make_article
):
    article = make_article(title="Silinib qaytarılan")
    edit_article(login(editor), article, tags="Neft")
    assert "Silinib qaytarılan" in text_of(client.get("/teq/neft/"))
    pk = article.pk
    article.delete()
    assert client.get("/teq/neft/").status_code == 404

    # What the admin's recovery page does: the revision's objects saved raw.
    Version.objects.get_deleted(Article).get(object_id=str(pk)).revision.revert()

    assert _tag_names(Article.objects.get(pk=pk)) == ["Neft"]
    assert "Silinib qaytarılan" in text_of(client.get("/teq/neft/"))


def test_a_version_saved_without_touching_the_tags_still_holds_them(login, editor, make_article):
    article = make_article(title="Mətni dəyişən")
    browser = login(editor)
    edit_article(browser, article, tags="Neft")
    edit_article(browser, Article.objects.get(pk=article.pk), body="<p>Yeni mətn.</p>")
    text_only = Version.objects.get_for_object(article).first()
    edit_article(browser, Article.objects.get(pk=article.pk), tags="Qaz")

    assert workflow.tags_of_version(text_only) == [Tag.objects.get(name="Neft")]
    workflow.restore(Article.objects.get(pk=article.pk), text_only, by=editor)
    assert _tag_names(article) == ["Neft"]


def test_a_recovered_article_whose_tags_were_kept_before_it_is_back_on_its_tag_pages(
    client, make_article
):
    """django-reversion brings the newest versions of a revision back first: here the
    article, then its tag rows, which take its publication time as they come."""
    article = make_article(title="Əvvəl teqlər")
    with reversion.create_revision():
        article.tags.set(["Neft"])  # the rows' versions, then the article's
        reversion.add_to_revision(article)
    pk = article.pk
    article.delete()

    Version.objects.get_deleted(Article).get(object_id=str(pk)).revision.revert()

    assert "Əvvəl teqlər" in text_of(client.get("/teq/neft/"))
