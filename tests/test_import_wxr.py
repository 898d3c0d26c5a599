"""Moving from WordPress: ``manage.py import_wxr`` on exports the team wrote
(tests/fixtures/wxr/), with the uploads folder made here from real pictures."""

import io
import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image
from reversion.models import Version

from articles.models import Article, Rubric
from wordpress.models import ImportedPost, OldAddress, address_key

from .pages import soup

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "wxr"
PORTAL = FIXTURES / "portal.xml"
UPLOADS = {
    "2024/05/saray.jpg": ("JPEG", (1600, 900)),
    "2024/05/saray-800x450.jpg": ("JPEG", (800, 450)),
    "2024/05/gence.png": ("PNG", (640, 480)),
    "2024/06/korpu.jpg": ("JPEG", (900, 600)),
}


@pytest.fixture
def media(tmp_path):
    """The export's wp-content/uploads folder: real pictures at the paths it names."""
    folder = tmp_path / "uploads"
    for relative, (image_format, size) in UPLOADS.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (160, 90, 30)).save(path, format=image_format)
    return folder


@pytest.fixture
def kenan_expert(expert):
    """Kənan writes on the old site under the login ``kenan``; here he is an expert byline."""
    return expert


@pytest.fixture
def author_map(tmp_path, kenan_expert):
    path = tmp_path / "authors.json"
    path.write_text(json.dumps({"kenan": f"expert:{kenan_expert.slug}"}), encoding="utf-8")
    return path


def run(path=PORTAL, **options):
    """Run the command; its summary (stdout) and messages (stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wxr", path, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def imported(post_id):
    return ImportedPost.objects.get(post_id=post_id).article


def summary_count(summary, label):
    return int(re.search(rf"{label}: (\d+)", summary).group(1))


@pytest.fixture
def full_import(author, politics, media, author_map):
    """The portal's export imported with its uploads and author map."""
    return run(media=media, author_map=author_map)


# --- What readers get --------------------------------------------------------


def test_a_published_post_reads_as_it_did_on_the_old_site(full_import, author, client):
    article = imported(101)

    assert article.title == "Şəki Xan sarayı bərpadan sonra açılır"
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == datetime(2024, 5, 13, 6, 30, tzinfo=UTC)  # 10:30 in Baku
    assert article.author == author
    assert article.rubric.name == "Mədəniyyət"  # a new rubric, made from the category
    assert article.lead == "Şəki Xan sarayı üç il sonra açılır."
    assert article.slug == "seki-xan-sarayi-acilir"

    page = soup(client.get(article.get_absolute_url()))
    body = page.select_one(".article__body")
    paragraphs = [p.get_text() for p in body.find_all("p")]
    assert paragraphs[0].startswith("Şəkidəki Xan sarayı üç illik bərpadan sonra")
    assert body.find("br") is not None  # the single line break inside the first paragraph
    assert any("[sic]" in text for text in paragraphs)  # bracketed prose is not a shortcode
    assert "a[i]]>b" in body.get_text()  # "]]>", split by WordPress across two CDATA sections
    assert 'Ziyarətçi "ÇOX GÖZƏL" dedi.' in body.get_text()  # nested shortcodes' text kept
    caption = body.find("em", string="Sarayın məşhur şəbəkə pəncərələri")
    assert caption is not None and caption.find_previous("img")["alt"] == (
        "Sarayın şəbəkə pəncərələri"
    )
    iframe = body.find("iframe")
    assert iframe["src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    html = str(body)
    for leftover in (
        "[caption",
        "[vc_row",
        "[/vc_column",
        "[su_quote",
        "[embed",
        "[gallery",
        "[contact-form-7",
        "<script",
        "alert(",
    ):
        assert leftover not in html
    assert not article.body.count("<p></p>")


def test_images_are_copied_into_media_and_their_addresses_rewritten(full_import, settings):
    article = imported(101)
    sources = [img["src"] for img in soup_of(article.body).find_all("img")]
    # The captioned picture and the gallery's two pictures.
    assert sources == [
        f"{settings.MEDIA_URL}wordpress/2024/05/saray-800x450.jpg",
        f"{settings.MEDIA_URL}wordpress/2024/05/saray.jpg",
        f"{settings.MEDIA_URL}wordpress/2024/05/gence.png",
    ]
    assert "kohne-portal.az/wp-content" not in article.body  # the caption's link too
    for source in sources:
        assert default_storage.exists(source.removeprefix(settings.MEDIA_URL))

    assert article.image.name.startswith("articles/")  # through the lead image's field
    assert (article.image_width, article.image_height) == (1600, 900)
    assert article.image_renditions
    assert article.image_alt == "Şəki Xan sarayının fasadı"
    assert article.image_caption == "Foto: Aysel Məmmədova"


def soup_of(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def test_every_status_maps_to_the_workflow(full_import):
    summary, messages = full_import

    scheduled = imported(102)
    assert scheduled.status == Article.Status.PUBLISHED and scheduled.is_scheduled
    assert scheduled.published_at == datetime(2030, 1, 15, 9, 0, tzinfo=UTC)
    assert scheduled not in Article.objects.published()
    for draft_id in (103, 104, 105):  # draft, pending, private
        draft = imported(draft_id)
        assert draft.status == Article.Status.DRAFT
        assert draft not in Article.objects.published()
    assert imported(103).published_at is None
    assert not ImportedPost.objects.filter(post_id=106).exists()  # trash
    assert "yazı #106 “Silinmiş yazı”: status “trash” idxal olunmur" in messages

    assert summary_count(summary, "səhifələr \\(idxal olunmur\\)") == 1
    assert summary_count(summary, "menyu elementləri \\(idxal olunmur\\)") == 1
    assert summary_count(summary, "şərhlər \\(idxal olunmur\\)") == 2
    assert not Article.objects.filter(title__in=["Haqqımızda", "Ana səhifə"]).exists()


def test_authors_become_users_or_experts_as_the_map_says(full_import, author, kenan_expert):
    assert imported(101).author == author  # the same username: no map needed
    by_kenan = imported(102)
    assert by_kenan.expert == kenan_expert and by_kenan.author is None


def test_an_unknown_author_skips_the_post_by_name_and_the_rest_goes_on(full_import):
    summary, messages = full_import
    assert "yazı #107 “Qonaq müəllifin yazısı”: müəllif “qonaq” tanınmır" in messages
    assert not ImportedPost.objects.filter(post_id=107).exists()
    assert ImportedPost.objects.filter(post_id=108).exists()


def test_a_default_author_takes_the_posts_of_unknown_logins(
    tmp_path, author, editor, politics, media, kenan_expert
):
    authors = tmp_path / "authors.json"
    authors.write_text(json.dumps({"kenan": "expert:" + kenan_expert.slug, "*": "user:leyla"}))
    run(media=media, author_map=authors)
    assert imported(107).author == editor


def test_the_rubric_map_sends_categories_to_existing_rubrics(
    tmp_path, author, politics, economy, media, author_map
):
    rubrics = tmp_path / "rubrics.json"
    rubrics.write_text(json.dumps({"medeniyyet": "iqtisadiyyat"}))
    run(media=media, author_map=author_map, rubric_map=rubrics)
    assert imported(101).rubric == economy
    assert imported(102).rubric == politics  # category "siyaset" is the rubric "siyaset"
    assert not Rubric.objects.filter(name="Mədəniyyət").exists()


def test_a_map_naming_what_does_not_exist_stops_before_anything_is_written(
    tmp_path, author, politics, media
):
    rubrics = tmp_path / "rubrics.json"
    rubrics.write_text(json.dumps({"medeniyyet": "yoxdur"}))
    with pytest.raises(CommandError, match="olmayan rubrikalar: “medeniyyet” → “yoxdur”"):
        run(media=media, rubric_map=rubrics)
    authors = tmp_path / "authors.json"
    authors.write_text(json.dumps({"kenan": "user:heç-kim"}))
    with pytest.raises(CommandError, match="“heç-kim” adlı istifadəçi yoxdur"):
        run(media=media, author_map=authors)
    authors.write_text("{not json")
    with pytest.raises(CommandError, match="düzgün JSON deyil"):
        run(media=media, author_map=authors)
    assert not Article.objects.exists()


def test_tags_are_imported_when_articles_have_tags(full_import):
    summary, _ = full_import
    article = imported(101)
    if hasattr(Article, "tags"):
        assert sorted(article.tags.names()) == ["Tarix", "Şəki"]
        assert "teqlər: idxal olunur" in summary
    else:
        assert "teqlər: idxal olunmur" in summary


def test_an_imported_published_post_is_on_its_tag_pages(full_import, client):
    article = imported(101)
    for slug in ("seki", "tarix"):
        page = soup(client.get(f"/teq/{slug}/"))
        assert [a.get_text() for a in page.select(".card__title a")] == [article.title]


# --- Running it again --------------------------------------------------------


def _state():
    return {
        "articles": list(
            Article.objects.order_by("pk").values_list("pk", "slug", "lock_version", "updated_at")
        ),
        "versions": Version.objects.count(),
        "addresses": list(OldAddress.objects.order_by("pk").values_list("old_path", "article")),
        "rubrics": Rubric.objects.count(),
        "files": sorted(p.name for p in Path(default_storage.location).rglob("*") if p.is_file()),
    }


def test_running_it_twice_changes_nothing_the_second_time(full_import, media, author_map):
    first_summary, _ = full_import
    before = _state()

    summary, _ = run(media=media, author_map=author_map)

    assert _state() == before
    assert summary_count(summary, "dəyişməyib") == summary_count(first_summary, "yaradıldı") == 6
    assert summary_count(summary, "yaradıldı") == 0
    assert summary_count(summary, "yeniləndi") == 0


def test_a_re_export_with_edits_updates_its_articles_and_duplicates_nothing(
    full_import, media, author_map, tmp_path, client
):
    article = imported(101)
    edited = tmp_path / "edited.xml"
    edited.write_text(
        PORTAL.read_text(encoding="utf-8")
        .replace("Şəki Xan sarayı bərpadan sonra açılır", "Şəki Xan sarayı yenidən açıldı")
        .replace("İlk gün giriş pulsuzdur.", "İlk həftə giriş pulsuzdur."),
        encoding="utf-8",
    )
    versions = Version.objects.get_for_object(article).count()

    summary, _ = run(edited, media=media, author_map=author_map)

    assert summary_count(summary, "yeniləndi") == 1
    assert summary_count(summary, "dəyişməyib") == 5
    updated = imported(101)
    assert updated.pk == article.pk and updated.slug == article.slug
    assert updated.title == "Şəki Xan sarayı yenidən açıldı"
    assert "İlk həftə giriş pulsuzdur." in updated.body
    assert updated.image.name == article.image.name  # same featured image: not stored again
    assert Article.objects.count() == 6
    assert Version.objects.get_for_object(article).count() == versions + 1
    assert client.get("/?p=101")["Location"] == updated.get_absolute_url()


def test_an_article_the_newsroom_edited_is_not_overwritten(
    full_import, media, author_map, tmp_path
):
    article = imported(101)
    article.title = "Redaksiyanın başlığı"
    article.save()
    edited = tmp_path / "edited.xml"
    edited.write_text(
        PORTAL.read_text(encoding="utf-8").replace("İlk gün", "İlk həftə"), encoding="utf-8"
    )

    _, messages = run(edited, media=media, author_map=author_map)

    assert imported(101).title == "Redaksiyanın başlığı"
    assert "yazı #101" in messages and "redaksiyada dəyişdirilib" in messages


def test_a_dry_run_writes_nothing_and_says_what_would_happen(author, politics, media, author_map):
    summary, _ = run(media=media, author_map=author_map, dry_run=True)

    assert "Sınaq (heç nə yazılmadı)" in summary
    assert summary_count(summary, "yaradıldı") == 6
    assert summary_count(summary, "şəkillər") == 5  # checked: lead, caption, gallery ×2, bridge
    assert summary_count(summary, "yeni yönləndirmələr \\(köhnə ünvanlar\\)") > 6
    assert not Article.objects.exists()
    assert not OldAddress.objects.exists()
    assert not ImportedPost.objects.exists()
    assert Rubric.objects.count() == 1
    assert not Path(default_storage.location).exists() or not any(
        p.is_file() for p in Path(default_storage.location).rglob("*")
    )


# --- Old links ---------------------------------------------------------------


@pytest.mark.parametrize(
    "old_address",
    [
        "/?p=101",  # the <guid>, and WordPress's own short form
        "/?p=101&utm_source=facebook",
        "/2024/05/seki-xan-sarayi-acilir/",  # the <link>: /%year%/%monthnum%/%postname%/
        "/2024/05/seki-xan-sarayi-acilir",
        "/seki-xan-sarayi-acilir/",  # /%postname%/, which WordPress also answered
    ],
)
def test_each_old_permalink_answers_301_to_the_new_article(full_import, client, old_address):
    client.get("/")  # the home page is in the page cache: /?p= must not get it
    response = client.get(old_address)
    assert response.status_code == 301
    assert response["Location"] == imported(101).get_absolute_url()


def test_a_percent_encoded_azerbaijani_permalink_redirects(full_import, client):
    response = client.get("/g%c9%99nc%c9%99d%c9%99-k%c3%b6rp%c3%bc/")
    assert response.status_code == 301
    assert response["Location"] == imported(108).get_absolute_url()


def test_old_addresses_of_unpublished_articles_and_unknown_ones_stay_what_they_were(
    full_import, client
):
    assert client.get("/?p=103").status_code == 200  # a draft: the home page, as before
    assert client.get("/2030/01/susa-seferi/").status_code == 404  # scheduled: not yet
    assert client.get("/2024/05/yoxdur/").status_code == 404
    assert client.get("/?p=999").status_code == 200


def test_pages_that_exist_never_look_at_old_addresses(full_import, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = imported(101)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get("/?page=1").status_code == 200
    assert not [q for q in queries.captured_queries if "wordpress_oldaddress" in q["sql"]]


def test_editors_see_and_correct_old_addresses_in_the_admin(
    full_import, login, chief_editor, editor, settings
):
    admin_url = f"/{settings.SENZOR_ADMIN_URL}wordpress/oldaddress/"
    page = login(editor).get(admin_url)
    assert page.status_code == 200
    assert "köhnə ünvan (yönləndirmə)" in page.content.decode().lower()
    assert "/2024/05/seki-xan-sarayi-acilir" in page.content.decode()

    article = imported(108)
    response = login(chief_editor).post(
        f"{admin_url}add/",
        {"old_path": "https://kohne-portal.az/kohne/korpu/?utm=x", "article": article.pk},
    )
    assert response.status_code == 302
    assert OldAddress.objects.filter(old_path="/kohne/korpu", article=article).exists()


def test_address_keys_ignore_host_slash_and_other_parameters():
    assert address_key("https://a.az/2024/05/x/") == "/2024/05/x"
    assert address_key("http://b.az/?p=12&utm=1") == "/?p=12"
    assert address_key("/%c5%9f%c9%99ki/") == "/şəki"
    assert address_key("/?p=abc") == "/"


# --- Bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion-laughs.xml", "XML hücumlarında"),
        ("external-entity.xml", "XML hücumlarında"),
        ("malformed.xml", r"düzgün XML deyil \(sətir \d+"),
        ("not-wxr-rss.xml", "WordPress ixracı \\(WXR\\) deyil"),
    ],
)
def test_a_hostile_or_broken_file_is_refused_before_anything_is_written(
    name, message, politics, author
):
    with pytest.raises(CommandError, match=message):
        run(FIXTURES / name)
    assert not Article.objects.exists()
    assert not OldAddress.objects.exists()


def test_an_unknown_wxr_version_or_a_missing_file_is_refused(tmp_path, db):
    future = tmp_path / "future.xml"
    future.write_text(
        PORTAL.read_text(encoding="utf-8").replace(
            "<wp:wxr_version>1.2</wp:wxr_version>", "<wp:wxr_version>2.0</wp:wxr_version>"
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="WXR 2.0 versiyası tanınmır"):
        run(future)
    with pytest.raises(CommandError, match="Faylı oxumaq olmur"):
        run(tmp_path / "yoxdur.xml")
    with pytest.raises(CommandError, match="--media qovluğu yoxdur"):
        run(media=tmp_path / "yoxdur")


def test_a_missing_image_skips_its_post_by_name_and_the_rest_goes_on(
    author, politics, media, author_map
):
    (media / "2024/06/korpu.jpg").unlink()
    _, messages = run(media=media, author_map=author_map)
    assert "yazı #108 “Gəncədə yeni körpü”: şəkil tapılmadı" in messages
    assert "2024/06/korpu.jpg" in messages
    assert not ImportedPost.objects.filter(post_id=108).exists()
    assert not OldAddress.objects.filter(old_path="/?p=108").exists()
    assert ImportedPost.objects.filter(post_id=101).exists()


def test_a_file_that_is_not_a_picture_is_refused_like_in_the_admin(
    author, politics, media, author_map
):
    (media / "2024/06/korpu.jpg").write_text("<html>bu şəkil deyil</html>")
    _, messages = run(media=media, author_map=author_map)
    assert "yazı #108 “Gəncədə yeni körpü”: şəkil qəbul olunmadı: 2024/06/korpu.jpg" in messages
    assert not ImportedPost.objects.filter(post_id=108).exists()


def test_missing_images_may_be_allowed_and_the_posts_come_without_them(
    author, politics, author_map, tmp_path
):
    empty = tmp_path / "empty-uploads"
    empty.mkdir()
    run(media=empty, author_map=author_map, allow_missing_images=True)
    article = imported(101)
    assert not article.image
    assert "<img" not in article.body
    assert "Sarayın məşhur şəbəkə pəncərələri" in article.body
    assert imported(108).body.startswith("<p>Körpü iki sahili birləşdirir.</p>")


def test_an_item_is_written_whole_or_not_at_all(author, politics, media, author_map, monkeypatch):
    """A failure after the article is saved (here: its old addresses) leaves nothing of it."""
    from wordpress import importer

    def broken(self, item, article):
        if item.post_id == 108:
            raise RuntimeError("disk dolub")
        return original(self, item, article)

    original = importer.WXRImport._remember_addresses
    monkeypatch.setattr(importer.WXRImport, "_remember_addresses", broken)
    _, messages = run(media=media, author_map=author_map)

    assert "yazı #108 “Gəncədə yeni körpü”: RuntimeError: disk dolub" in messages
    assert not Article.objects.filter(title="Gəncədə yeni körpü").exists()
    assert Article.objects.filter(title__startswith="Şəki Xan sarayı").exists()


def test_a_wxr_1_0_export_imports(db, economy, kenan_expert, tmp_path):
    authors = tmp_path / "authors.json"
    authors.write_text(json.dumps({"kenan": "expert:" + kenan_expert.slug}))
    run(FIXTURES / "wxr-1.0.xml", author_map=authors)
    article = ImportedPost.objects.get(site="bloq.example.az/xeberler", post_id=7).article
    assert article.title == "Manatın məzənnəsi & neft qiyməti"
    assert article.rubric == economy
    assert article.body == "<p>Manat sabit qalır.</p>\n<p>Neft ucuzlaşır.</p>"
    assert OldAddress.objects.filter(old_path="/xeberler/2009/03/manat").exists()
    assert OldAddress.objects.filter(old_path="/xeberler?p=7").exists()


def test_the_same_post_id_from_another_site_is_another_article(
    full_import, media, author_map, tmp_path
):
    other = tmp_path / "other.xml"
    other.write_text(
        PORTAL.read_text(encoding="utf-8").replace("kohne-portal.az", "diger-portal.az"),
        encoding="utf-8",
    )
    shutil.copytree(media, tmp_path / "other-uploads")
    run(other, media=tmp_path / "other-uploads", author_map=author_map)
    assert ImportedPost.objects.filter(post_id=101).count() == 2


@pytest.mark.parametrize("path", ["/%2500/", "/meqale/%00/", "/teq/%2500/", "/?p=%00"])
def test_a_hostile_address_gets_the_404_not_a_500(client, path):
    """The old-address lookup runs after every 404: an address no WordPress site made
    (a NUL character, a broken host) is simply not found."""
    assert client.get(path).status_code in (200, 404)
