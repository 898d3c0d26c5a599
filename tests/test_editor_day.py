"""An editor's day without friction: one row of buttons per role with the right one
first, no status field that publishes, readable read-only text, people's names,
revisions that name only what changed, to the second, and two versions side by
side; a colleague's account in one screen."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from core.dates import format_datetime

from .newsroom import ARTICLE_ADMIN, change_url, edit_article, form_values
from .pages import soup, text_of

pytestmark = pytest.mark.django_db


def _buttons(page):
    """``[(name, label, primary)]`` of the form's submit row, in order."""
    return [
        (button["name"], button["value"], "default" in button.get("class", []))
        for button in page.select("#article_form .submit-row input[type=submit]")
    ]


def test_an_editor_has_one_row_with_publish_first_and_no_status_field(login, editor):
    page = soup(login(editor).get(f"{ARTICLE_ADMIN}add/"))
    assert _buttons(page) == [("_publish", "Dərc et", True), ("_save", "Yadda saxla", False)]
    assert page.select_one("[name=status]") is None


def test_an_author_has_submit_for_review_first(login, author, make_article):
    draft = make_article(status=Article.Status.DRAFT, author=author)
    page = soup(login(author).get(change_url(draft)))
    assert _buttons(page) == [
        ("_submit_for_review", "Yoxlamaya göndər", True),
        ("_save", "Yadda saxla", False),
    ]


def test_on_a_published_article_saving_comes_first_and_taking_it_off_last(
    login, editor, make_article
):
    page = soup(login(editor).get(change_url(make_article())))
    assert _buttons(page) == [
        ("_save", "Yadda saxla", True),
        ("_unpublish", "Dərcdən çıxar", False),
    ]


def test_saving_never_publishes_even_when_a_status_is_sent(login, editor, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    edit_article(login(editor), draft, status="published", _save="Yadda saxla")
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_publishing_several_with_one_scheduled_says_when_it_appears(login, editor, make_article):
    now_ = make_article(status=Article.Status.REVIEW, title="İndi")
    later = make_article(
        status=Article.Status.DRAFT,
        title="Sonra",
        published_at=timezone.now() + timedelta(hours=5),
    )
    browser = login(editor)
    response = browser.post(
        ARTICLE_ADMIN,
        {"action": "publish", "_selected_action": [now_.pk, later.pk]},
        follow=True,
    )
    told = text_of(response)
    assert "1 məqalə dərc olundu." in told
    assert f"«Sonra» {format_datetime(later.published_at)} tarixində dərc olunacaq." in told


def test_the_title_field_is_as_wide_as_the_form(login, editor):
    page = soup(login(editor).get(f"{ARTICLE_ADMIN}add/"))
    stylesheet = "admin/senzor/article_form.css"
    assert page.select_one(f'link[href$="{stylesheet}"]') is not None
    rules = (Path(settings.BASE_DIR) / "static" / stylesheet).read_text()
    assert ".field-title input" in rules and "width: 100%" in rules


def test_an_author_reads_a_submitted_article_as_text_not_html(login, author, make_article):
    submitted = make_article(
        status=Article.Status.REVIEW,
        author=author,
        body="<p>Birinci abzas.</p><p><strong>İkinci</strong> abzas.</p>",
    )
    response = login(author).get(change_url(submitted))
    body = soup(response).select_one(".field-body_rendered .readonly")
    assert [p.get_text() for p in body.select("p")] == ["Birinci abzas.", "İkinci abzas."]
    assert "<p>" not in text_of(response)
    assert soup(response).select_one("#article_form .submit-row input[name=_save]") is None


def test_the_author_is_named_by_their_full_name(login, editor, author, make_article):
    author.first_name, author.last_name = "Aysel", "Məmmədova"
    author.save()
    page = soup(login(editor).get(change_url(make_article(author=author))))
    assert page.select_one(".field-author_name .readonly").get_text() == "Aysel Məmmədova"


def test_a_revision_names_only_the_fields_that_changed(login, editor, make_article):
    article = make_article(body="<p>Dəyişməyən mətn.</p><p>İkinci   abzas.</p>")
    browser = login(editor)
    values = form_values(browser.get(change_url(article)))
    # The editor sends the same text back re-serialised, and a new title.
    values.update(
        body="<p>Dəyişməyən mətn.</p>\r\n\r\n<p>İkinci abzas.</p>\r\n", title="Yeni başlıq"
    )
    assert browser.post(change_url(article), values).status_code == 302
    comment = Version.objects.get_for_object(article).first().revision.get_comment()
    assert "başlıq" in comment.lower()
    assert "mətn" not in comment.lower()


def test_history_times_have_seconds_and_two_versions_compare_side_by_side(
    login, editor, make_article
):
    article = make_article(title="Köhnə başlıq", body="<p>Bir iki üç.</p>")
    browser = login(editor)
    edit_article(browser, article, title="Yeni başlıq", body="<p>Bir iki dörd.</p>")
    history = browser.get(reverse("admin:articles_article_history", args=[article.pk]))
    first = soup(history).select_one("#change-history tbody th").get_text(strip=True)
    saved = Version.objects.get_for_object(article).order_by("pk").first().revision.date_created
    assert first.endswith(timezone.localtime(saved).strftime("%H:%M:%S"))

    form = soup(history).select_one("form[action$='/history/compare/']")
    older = form.select_one("input[name=a][checked]")["value"]
    newer = form.select_one("input[name=b][checked]")["value"]
    compared = soup(browser.get(form["action"], {"a": older, "b": newer}))
    changed = {
        row.th.get_text(): [cell.decode_contents() for cell in row.select("td")]
        for row in compared.select(".version-compare tr.changed")
    }
    assert changed["Başlıq"] == ["<del>Köhnə</del> başlıq", "<ins>Yeni</ins> başlıq"]
    assert changed["Mətn"] == ["Bir iki <del>üç.</del>", "Bir iki <ins>dörd.</ins>"]
    assert "Rubrika" not in changed


def test_comparing_versions_of_another_article_is_a_404(login, editor, make_article):
    one, other = make_article(), make_article()
    theirs = Version.objects.get_for_object(other).first().pk
    url = reverse("admin:articles_article_compare", args=[one.pk])
    assert login(editor).get(url, {"a": theirs, "b": theirs}).status_code == 404
    assert login(editor).get(url, {"a": "x"}).status_code == 404


def test_a_colleague_is_made_in_one_screen_with_their_role(login, chief_editor):
    browser = login(chief_editor)
    add = "/" + settings.SENZOR_ADMIN_URL + "auth/user/add/"
    page = soup(browser.get(add))
    assert page.select_one("input[name=is_staff][checked]") is not None
    editors = Group.objects.get(name="Redaktor")
    response = browser.post(
        add,
        {
            "username": "nigar",
            "first_name": "Nigar",
            "last_name": "Əliyeva",
            "email": "nigar@senzor.az",
            "usable_password": "true",
            "password1": "Yeni-redaktor-2026",
            "password2": "Yeni-redaktor-2026",
            "is_staff": "on",
            "groups": [editors.pk],
        },
    )
    assert response.status_code == 302, text_of(response)
    colleague = get_user_model().objects.get(username="nigar")
    assert colleague.is_staff and colleague.get_full_name() == "Nigar Əliyeva"
    assert list(colleague.groups.all()) == [editors]
    assert colleague.has_perm("articles.publish_article")
