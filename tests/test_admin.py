"""The newsroom's admin: Azerbaijani, CKEditor on the body, safe defaults."""

import pytest
from django.apps import apps
from django.utils import timezone

from articles.models import Article, Rubric
from portal.models import SiteSettings

from .newsroom import NO_GALLERY_PHOTOS
from .pages import soup, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(admin_client):
    return admin_client


def test_the_admin_speaks_azerbaijani(chief):
    response = chief.get("/admin/")
    page = soup(response)
    assert page.html["lang"] == "az"
    assert "Senzor redaksiyası" in text_of(response)
    assert "Məqalələr" in text_of(response)


# Field names that are also the Azerbaijani word for the field.
SAME_IN_AZERBAIJANI = {"status"}


@pytest.mark.parametrize("app_label", ["articles", "experts", "portal"])
def test_every_model_and_field_has_an_azerbaijani_label(app_label):
    for model in apps.get_app_config(app_label).get_models():
        assert model._meta.verbose_name != model.__name__.lower(), model
        for field in model._meta.get_fields():
            if field.auto_created or not field.concrete:
                continue
            default = field.name.replace("_", " ")
            if default in SAME_IN_AZERBAIJANI:
                continue
            assert field.verbose_name != default, f"{model.__name__}.{field.name}"


def test_the_article_form_uses_ckeditor_on_the_body(chief, politics):
    page = soup(chief.get("/admin/articles/article/add/"))
    body = page.select_one("textarea[name=body]")
    assert body["data-type"] == "ckeditortype"
    assert page.select_one('script[src*="ckeditor/ckeditor.js"]') is not None


def test_an_editor_writes_an_article_and_becomes_its_author(chief, admin_user, politics):
    response = chief.post(
        "/admin/articles/article/add/",
        {
            "title": "Şəkidə yeni muzey",
            "kicker": "tarix və mədəniyyət",
            "slug": "",
            "rubric": politics.pk,
            "body": "<p>Muzey açıldı.</p><script>alert(1)</script>",
            "image_alt": "",
            **NO_GALLERY_PHOTOS,
        },
    )
    assert response.status_code == 302, text_of(response)
    article = Article.objects.get()
    assert article.author == admin_user
    assert article.slug == "sekide-yeni-muzey"
    assert article.kicker == "TARİX VƏ MƏDƏNİYYƏT"
    assert article.body == "<p>Muzey açıldı.</p>"


def test_the_article_list_has_the_newsroom_columns_and_filters(
    chief, make_article, economy, expert
):
    make_article(title="Siyahıda görünən", expert=expert)
    make_article(title="Başqa rubrika", rubric=economy)
    page = soup(chief.get("/admin/articles/article/"))
    columns = [th.get_text(strip=True) for th in page.select("#result_list thead th")][1:]
    assert columns == ["Başlıq", "Rubrika", "Ekspert", "Status", "Təcili", "Dərc vaxtı"]
    filters = " ".join(page.select_one("#changelist-filter").get_text(" ").split())
    for title in ("status", "təcili", "rubrika", "ekspert"):
        assert title in filters.lower()


def test_admin_search_looks_in_title_kicker_and_body(chief, make_article):
    make_article(title="Birinci", kicker="gizli söz başlıqda")
    make_article(title="İkinci", body="<p>mətndə nadir ifadə</p>")
    make_article(title="Üçüncü")
    for query, expected in (("gizli", "Birinci"), ("nadir ifadə", "İkinci")):
        page = soup(chief.get("/admin/articles/article/", {"q": query}))
        rows = [a.get_text(strip=True) for a in page.select("#result_list tbody th a")]
        assert rows == [expected]


def test_view_on_site_is_offered_only_for_a_public_article(chief, make_article):
    published = make_article()
    draft = make_article(status=Article.Status.DRAFT)
    published_page = soup(chief.get(f"/admin/articles/article/{published.pk}/change/"))
    draft_page = soup(chief.get(f"/admin/articles/article/{draft.pk}/change/"))
    assert published_page.select_one("a.viewsitelink") is not None
    assert draft_page.select_one("a.viewsitelink") is None


def test_expert_is_chosen_by_autocomplete(chief, expert):
    page = soup(chief.get("/admin/articles/article/add/"))
    assert "admin-autocomplete" in page.select_one("select[name=expert]")["class"]
    response = chief.get(
        "/admin/autocomplete/",
        {"term": "Kənan", "app_label": "articles", "model_name": "article", "field_name": "expert"},
    )
    assert [item["text"] for item in response.json()["results"]] == ["Kənan Novruzov"]


def test_deleting_a_rubric_with_articles_is_refused_with_a_message(chief, make_article, politics):
    article = make_article(rubric=politics)
    response = chief.post(f"/admin/articles/rubric/{politics.pk}/delete/", {"post": "yes"})
    assert Rubric.objects.filter(pk=politics.pk).exists()
    page = text_of(response)
    assert "rubrika" in page.lower()
    assert article.title in page


def test_site_settings_are_one_editable_form(chief):
    response = chief.get("/admin/portal/sitesettings/")
    assert response.status_code == 302
    assert response["Location"].endswith("/admin/portal/sitesettings/1/change/")
    assert chief.get("/admin/portal/sitesettings/add/").status_code == 403

    site = SiteSettings.load()
    form = {
        field: getattr(site, field)
        for field in (
            "site_name",
            "tagline",
            "founder_and_editor",
            "phone",
            "email",
            "advertising_email",
            "copyright_line",
            "attribution_sentence",
            "top_story_count",
            "other_news_count",
        )
    }
    form["phone"] = "012 555 55 55"
    response = chief.post("/admin/portal/sitesettings/1/change/", form)
    assert response.status_code == 302
    assert SiteSettings.load().phone == "012 555 55 55"


def test_published_at_defaults_to_now_when_publishing_from_the_admin(chief, politics):
    before = timezone.now()
    chief.post(
        "/admin/articles/article/add/",
        {
            "title": "Dərhal",
            "rubric": politics.pk,
            "body": "<p>x</p>",
            "_publish": "Dərc et",
            **NO_GALLERY_PHOTOS,
        },
    )
    assert Article.objects.get().published_at >= before
