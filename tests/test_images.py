"""Uploaded images: refused when not real, cleaned of metadata, served as renditions.

Uploads go through the admin's own forms (and the editor's upload URL); the
results are read back from media storage and from the public pages.
"""

import io
import struct
import zlib
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article
from core import renditions
from experts.models import Expert

from .newsroom import ARTICLE_ADMIN, change_url, form_values
from .pages import soup, text_of

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(size=(1600, 900), image_format="JPEG", color=(200, 30, 30), exif=None):
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, color).save(buffer, format=image_format, **options)
    return buffer.getvalue()


def png_claiming_size(width, height):
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    data = bytearray(image_bytes((8, 8), "PNG"))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17]))
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def phone_photo():
    """A JPEG as a phone makes it: lying on its side (EXIF orientation 6) with a GPS position."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[GPS_IFD] = {1: "N", 2: (40.0, 22.0, 0.0), 3: "E", 4: (49.0, 50.0, 0.0)}
    return image_bytes((60, 30), exif=exif.tobytes())


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.fixture
def editor_browser(login, editor):
    return login(editor)


def _post_article(browser, politics, upload, **fields):
    values = form_values(browser.get(f"{ARTICLE_ADMIN}add/"))
    values.update(
        title="Şəkilli məqalə",
        rubric=politics.pk,
        body="<p>Uzun və dəyərli mətn.</p>",
        image_alt="Bakı bulvarı",
        image_credit="Senzor",
        _publish="Dərc et",
    )
    values.update(fields)
    return browser.post(f"{ARTICLE_ADMIN}add/", {**values, "image": upload})


NOT_AN_IMAGE = "Fayl şəkil deyil və ya zədələnib"
TOO_MANY_PIXELS = "ən çoxu 40 meqapiksel"

# name: (file name, content, what the editor is told)
BAD_UPLOADS = {
    "html renamed to .jpg": ("sekil.jpg", b"<html><script>alert(1)</script></html>", NOT_AN_IMAGE),
    "truncated jpeg": ("kesik.jpg", image_bytes()[:2000], NOT_AN_IMAGE),
    "decompression bomb": ("bomba.png", png_claiming_size(100_000, 100_000), TOO_MANY_PIXELS),
    "over 40 megapixels": ("nəhəng.png", png_claiming_size(8000, 5100), TOO_MANY_PIXELS),
    "gif": ("animasiya.gif", image_bytes((20, 20), "GIF"), "Yalnız JPEG, PNG və WebP"),
    "over 20 MB": (
        "boyuk.jpg",
        b"\xff\xd8\xff" + b"0" * (20 * 1024 * 1024 + 1),
        "ən çoxu 20 MB",
    ),
    "empty file": ("bos.jpg", b"", "boşdur"),
}


@pytest.mark.parametrize("name", BAD_UPLOADS)
def test_a_bad_upload_is_a_form_error_that_keeps_the_text_and_stores_nothing(
    editor_browser, politics, settings, name
):
    filename, content, message = BAD_UPLOADS[name]
    response = _post_article(editor_browser, politics, SimpleUploadedFile(filename, content))

    assert response.status_code == 200
    page = soup(response)
    error = page.select_one(".field-image .errorlist")
    assert error is not None, text_of(response)[:300]
    assert message in error.get_text(strip=True)
    assert page.select_one("input[name=title]")["value"] == "Şəkilli məqalə"
    assert "Uzun və dəyərli mətn." in page.select_one("textarea[name=body]").get_text()
    assert not Article.objects.exists()
    assert stored_files(settings) == []


def test_an_image_needs_its_alt_text(editor_browser, politics, settings):
    upload = SimpleUploadedFile("foto.jpg", image_bytes())
    response = _post_article(editor_browser, politics, upload, image_alt="")
    assert "alternativ mətn" in soup(response).select_one(".field-image_alt").get_text()
    assert not Article.objects.exists()
    assert stored_files(settings) == []


def test_a_phone_photo_is_turned_upright_and_loses_its_gps_position(editor_browser, politics):
    response = _post_article(
        editor_browser, politics, SimpleUploadedFile("telefon.jpg", phone_photo())
    )
    assert response.status_code == 302
    article = Article.objects.get()
    with Image.open(article.image.path) as stored:
        assert stored.size == (30, 60)  # upright: EXIF orientation applied
        assert GPS_IFD not in stored.getexif()
        assert "exif" not in stored.info
    assert article.image_credit == "Senzor"


def test_an_expert_photo_is_checked_the_same_way(login, chief_editor, settings):
    browser = login(chief_editor)
    response = browser.post(
        "/admin/experts/expert/add/",
        {
            "full_name": "Saxta Foto",
            "slug": "",
            "signature": "Ekspert",
            "photo": SimpleUploadedFile("foto.png", b"GIF89a not really"),
        },
    )
    assert soup(response).select_one(".field-photo .errorlist") is not None
    assert not Expert.objects.exists()
    assert stored_files(settings) == []


# --- Renditions ------------------------------------------------------------------


@pytest.fixture
def article_with_image(make_article):
    upload = SimpleUploadedFile("bulvar.jpg", image_bytes((1600, 900)))
    return make_article(
        title="Bulvar", image=upload, image_alt="Bakı bulvarı", image_credit="AzərTac"
    )


def test_renditions_are_made_once_at_each_width_and_format(article_with_image, settings):
    image = article_with_image.image
    url = renditions.rendition_url(image, 800, "webp")
    assert url.startswith(settings.MEDIA_URL + "renditions/") and url.endswith("-800w.webp")
    path = Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)
    with Image.open(path) as made:
        assert (made.format, made.size) == ("WEBP", (800, 450))
    first_made = path.stat().st_mtime_ns

    assert renditions.rendition_url(image, 800, "webp") == url  # reused, not made again
    assert path.stat().st_mtime_ns == first_made
    jpeg = renditions.rendition_url(image, 400)
    with Image.open(Path(settings.MEDIA_ROOT) / jpeg.removeprefix(settings.MEDIA_URL)) as made:
        assert (made.format, made.size) == ("JPEG", (400, 225))


def test_srcset_lists_the_widths_an_image_has_and_never_upscales(make_article):
    big = make_article(image=SimpleUploadedFile("b.jpg", image_bytes((1600, 900))), image_alt="b")
    small = make_article(image=SimpleUploadedFile("s.jpg", image_bytes((600, 400))), image_alt="s")
    assert [entry.split()[-1] for entry in renditions.srcset(big.image).split(", ")] == [
        "400w",
        "800w",
        "1200w",
    ]
    assert [entry.split()[-1] for entry in renditions.srcset(small.image, "webp").split(", ")] == [
        "400w"
    ]
    assert renditions.srcset(Article().image) == ""


def test_an_image_without_recorded_renditions_falls_back_to_its_own_url(article_with_image):
    """A row stored before renditions were recorded (or whose original could not be
    read) shows the original: still no storage call, no width it cannot know."""
    Article.objects.filter(pk=article_with_image.pk).update(
        image_renditions={}, image_width=None, image_height=None
    )
    image = Article.objects.get(pk=article_with_image.pk).image
    assert renditions.rendition_url(image, 400) == image.url
    assert renditions.srcset(image) == ""


def test_an_article_whose_image_file_is_gone_still_has_its_page(client, article_with_image):
    """The page is built from what the row records; the original is never opened."""
    Path(article_with_image.image.path).unlink()
    response = client.get(article_with_image.get_absolute_url())
    assert response.status_code == 200
    img = soup(response).select_one("figure.article__image img")
    assert img["src"].endswith("-800w.jpg")
    assert img["alt"] == "Bakı bulvarı"
    assert (img["width"], img["height"]) == ("1600", "900")


def test_an_unreadable_original_is_saved_without_renditions_and_shown_as_it_is(
    client, make_article, settings
):
    article = make_article(
        title="Zədəli", image=SimpleUploadedFile("b.jpg", image_bytes()), image_alt="b"
    )
    Path(article.image.path).write_bytes(b"not an image any more")
    Article.objects.filter(pk=article.pk).update(image_renditions={})
    article = Article.objects.get(pk=article.pk)
    article.save()  # the field tries to make them again, and records that it could not
    assert article.image_renditions == {"source": article.image.name, "files": {}}
    img = soup(client.get(article.get_absolute_url())).select_one("figure.article__image img")
    assert img["src"] == article.image.url and not img.has_attr("width")


def test_the_article_page_gives_the_lead_images_size(client, article_with_image):
    img = soup(client.get(article_with_image.get_absolute_url())).select_one("figure img")
    assert (img["width"], img["height"]) == ("1600", "900")


def test_the_article_page_serves_webp_with_a_jpeg_fallback(client, article_with_image):
    page = soup(client.get(article_with_image.get_absolute_url()))
    picture = page.select_one("figure.article__image picture")
    webp = picture.select_one('source[type="image/webp"]')["srcset"]
    img = picture.select_one("img")
    assert webp.count(".webp") == 3 and "1200w" in webp
    assert img["srcset"].count(".jpg") == 3
    assert img["alt"] == "Bakı bulvarı"
    assert "Foto: AzərTac" in page.select_one("figure figcaption").get_text(" ", strip=True)


def test_article_cards_use_small_renditions(client, article_with_image, lead_rubric):
    page = soup(client.get(article_with_image.rubric.get_absolute_url()))
    card_image = page.select_one(".card__image picture")
    assert card_image is not None
    assert "-400w.webp" in card_image.select_one("source")["srcset"]
    assert card_image.select_one("img")["src"].endswith("-400w.jpg")


# --- Images in the article body, uploaded from the editor ----------------------


UPLOAD_URL = "/ckeditor/upload/"


def test_only_the_newsroom_uploads_into_the_editor(client, settings, db):
    response = client.post(UPLOAD_URL, {"upload": SimpleUploadedFile("a.jpg", image_bytes())})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert stored_files(settings) == []


def test_an_author_uploads_a_cleaned_image_from_the_editor(login, author, settings):
    response = login(author).post(
        UPLOAD_URL, {"upload": SimpleUploadedFile("telefon.jpg", phone_photo())}
    )
    answer = response.json()
    assert answer["uploaded"] == 1
    assert answer["url"].startswith(settings.MEDIA_URL + "editor/")
    stored = Path(settings.MEDIA_ROOT) / answer["url"].removeprefix(settings.MEDIA_URL)
    with Image.open(stored) as image:
        assert image.size == (30, 60)
        assert GPS_IFD not in image.getexif()


@pytest.mark.parametrize("name", ["html renamed to .jpg", "decompression bomb", "gif"])
def test_the_editor_upload_refuses_what_the_form_refuses(login, author, settings, name):
    filename, content, message = BAD_UPLOADS[name]
    response = login(author).post(UPLOAD_URL, {"upload": SimpleUploadedFile(filename, content)})
    assert response.status_code == 400
    assert response.json()["uploaded"] == 0
    assert message in response.json()["error"]["message"]
    assert stored_files(settings) == []


def test_the_editor_upload_needs_a_right_to_write_articles(login, django_user_model, settings):
    stranger = django_user_model.objects.create_user(username="kenar", is_staff=True)
    response = login(stranger).post(
        UPLOAD_URL, {"upload": SimpleUploadedFile("a.jpg", image_bytes())}
    )
    assert response.status_code == 403
    assert stored_files(settings) == []


def test_an_image_article_keeps_its_image_when_edited_without_a_new_upload(
    editor_browser, article_with_image
):
    original = article_with_image.image.name
    values = form_values(editor_browser.get(change_url(article_with_image)))
    values["title"] = "Yeni başlıq"
    assert editor_browser.post(change_url(article_with_image), values).status_code == 302
    article_with_image.refresh_from_db()
    assert article_with_image.image.name == original


def test_renditions_are_made_when_the_editor_saves_not_when_a_reader_comes(
    editor_browser, politics, settings
):
    upload = SimpleUploadedFile("meydan.jpg", image_bytes((1300, 700)))
    assert _post_article(editor_browser, politics, upload).status_code == 302
    made = [name for name in stored_files(settings) if name.startswith("renditions/")]
    assert sorted(name.rsplit("-", 1)[-1] for name in made) == [
        "1200w.jpg",
        "1200w.webp",
        "400w.jpg",
        "400w.webp",
        "800w.jpg",
        "800w.webp",
    ]


def test_the_expert_page_shows_a_small_rendition_of_the_photo(client, expert):
    expert.photo = SimpleUploadedFile("portret.jpg", image_bytes((1000, 1000)))
    expert.save()
    picture = soup(client.get(expert.get_absolute_url())).select_one("header picture")
    assert picture.select_one('source[type="image/webp"]')["srcset"].endswith("-400w.webp")
    assert picture.select_one("img.expert__photo")["src"].endswith("-400w.jpg")


def test_an_upload_named_with_200_azerbaijani_letters_is_stored_under_a_short_name(
    login, author, settings
):
    name = "ə" * 200 + ".png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 60)).save(buffer, format="PNG")
    response = login(author).post(
        UPLOAD_URL, {"upload": SimpleUploadedFile(name, buffer.getvalue())}
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["uploaded"] == 1
    stored = Path(settings.MEDIA_ROOT) / unquote(answer["url"].removeprefix(settings.MEDIA_URL))
    assert stored.is_file()
    assert len(stored.name.encode()) <= 120
    assert stored.name.startswith("ə")


def test_the_editor_upload_checks_the_csrf_token(author, settings):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(author)
    form_page = browser.get(f"{ARTICLE_ADMIN}add/")
    token = soup(form_page).select_one("input[name=csrfmiddlewaretoken]")["value"]
    upload = {"upload": SimpleUploadedFile("a.jpg", image_bytes((40, 30)))}

    assert browser.post(UPLOAD_URL, upload).status_code == 403
    assert stored_files(settings) == []
    upload["upload"].seek(0)
    answer = browser.post(UPLOAD_URL, upload, headers={"X-CSRFToken": token})
    assert answer.status_code == 200 and answer.json()["uploaded"] == 1


def test_the_article_form_loads_the_script_that_sends_the_token_with_uploads(editor_browser):
    page = soup(editor_browser.get(f"{ARTICLE_ADMIN}add/"))
    scripts = [tag["src"] for tag in page.select("script[src]")]
    assert any(src.endswith("js/editor-upload-csrf.js") for src in scripts)
    assert any(src.endswith("js/article-draft.js") for src in scripts)


def jpeg_with_a_comment(comment):
    buffer = io.BytesIO()
    Image.new("RGB", (1300, 700), (200, 30, 30)).save(buffer, format="JPEG", comment=comment)
    return buffer.getvalue()


HOSTILE_COMMENT = b"<html><script>alert(document.cookie)</script></html>"


def test_a_jpeg_comment_is_dropped_from_the_master_and_every_rendition(make_article, settings):
    article = make_article(
        title="Şərhli şəkil",
        image=SimpleUploadedFile("serh.jpg", jpeg_with_a_comment(HOSTILE_COMMENT)),
        image_alt="Şəkil",
    )
    files = [
        path
        for path in Path(settings.MEDIA_ROOT).rglob("*")
        if path.is_file() and path.suffix in (".jpg", ".jpeg", ".webp")
    ]
    assert len(files) >= 4, files  # the master and its renditions
    for path in files:
        data = path.read_bytes()
        assert b"<script>" not in data, path.name
        assert b"\xff\xfe" not in data[: data.find(b"\xff\xda")], path.name  # no COM segment
    with Image.open(article.image.path) as master:
        assert "comment" not in master.info


def test_a_jpeg_comment_is_dropped_from_an_editor_upload(login, author, settings):
    upload = SimpleUploadedFile("serh.jpg", jpeg_with_a_comment(HOSTILE_COMMENT))
    answer = login(author).post(UPLOAD_URL, {"upload": upload}).json()
    stored = Path(settings.MEDIA_ROOT) / answer["url"].removeprefix(settings.MEDIA_URL)
    assert b"<script>" not in stored.read_bytes()
