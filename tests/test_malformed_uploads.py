"""A malformed upload loses nothing: the editor's text comes back with a clear error.

An editor writes an article and picks a file that is not a usable picture: a
web page renamed to .jpg, an SVG with a script, a truncated PNG, an empty
file, a decompression bomb. The admin form must come back with everything
they typed and an Azerbaijani error on the image field; nothing is stored,
and an article that already had an image keeps it and its other fields.
"""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article

from .pages import soup

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"


def _png_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _bomb_png():
    """A small file claiming 60000 x 60000 pixels: 3.6 gigapixels if decoded."""
    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


MALFORMED = {
    "html renamed to jpg": ("xeber.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
    "svg with a script": (
        "loqo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/svg+xml",
    ),
    "truncated png": ("kesik.png", _png_bytes()[:60], "image/png"),
    "empty file": ("bos.jpg", b"", "image/jpeg"),
    "png header then garbage": ("zibil.png", b"\x89PNG\r\n\x1a\n" + b"\xff" * 500, "image/png"),
    "gif": ("hereket.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
    "decompression bomb": ("bomba.png", _bomb_png(), "image/png"),
    "pdf": (
        "senəd.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>",
        "application/pdf",
    ),
}

TYPED = {
    "title": "Bakıda yeni körpü açıldı",
    "kicker": "nəqliyyat",
    "lead": "Körpü iki rayonu birləşdirir.",
    "body": "<p>Redaktorun uzun və <strong>dəyərli</strong> mətni.</p>",
    "image_alt": "Körpünün görünüşü",
    "image_caption": "Yeni körpü",
}


def form_data(page):
    """The form's own fields as a browser would post them (hidden inputs included)."""
    form = soup(page).find("form", id="article_form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file", "button"):
            continue
        if field.get("type") == "checkbox" and not field.has_attr("checked"):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.name == "textarea":
            data[name] = field.get_text()
        else:
            data[name] = field.get("value", "")
    return data


def media_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_new_article_with_a_bad_file_comes_back_with_the_text_and_an_error(
    admin_client, politics, case
):
    name, content, content_type = MALFORMED[case]
    data = form_data(admin_client.get(ADD_URL)) | TYPED | {"rubric": str(politics.pk)}
    data["image"] = SimpleUploadedFile(name, content, content_type=content_type)

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 200, "the form must come back, not a crash or a redirect"
    page = soup(response)
    error = page.select_one(".field-image .errorlist, .errors.field-image .errorlist")
    assert error is not None, f"{case}: no error on the image field"
    assert any(word in error.get_text().lower() for word in ("şəkil", "fayl")), error.get_text()
    assert page.find("input", {"name": "title"})["value"] == TYPED["title"]
    assert page.find("input", {"name": "kicker"})["value"] == TYPED["kicker"]
    assert TYPED["lead"] in page.find("textarea", {"name": "lead"}).get_text()
    assert "dəyərli" in page.find("textarea", {"name": "body"}).get_text()
    assert page.find("input", {"name": "image_alt"})["value"] == TYPED["image_alt"]
    assert not Article.objects.exists()
    assert media_files() == []


@pytest.mark.parametrize("case", ["html renamed to jpg", "svg with a script", "decompression bomb"])
def test_an_existing_article_keeps_its_image_and_fields_when_a_bad_file_is_chosen(
    admin_client, make_article, case
):
    article = make_article(
        title="Köhnə başlıq",
        image=SimpleUploadedFile("kohne.png", _png_bytes(), content_type="image/png"),
        image_alt="Köhnə şəkil",
    )
    stored_image = article.image.name
    change_url = f"/admin/articles/article/{article.pk}/change/"
    name, content, content_type = MALFORMED[case]
    data = form_data(admin_client.get(change_url)) | {"title": "Yeni başlıq, yadda qalmalı"}
    data["image"] = SimpleUploadedFile(name, content, content_type=content_type)

    response = admin_client.post(change_url, data)

    assert response.status_code == 200
    page = soup(response)
    assert page.select_one(".field-image .errorlist") is not None
    assert page.find("input", {"name": "title"})["value"] == "Yeni başlıq, yadda qalmalı"
    article.refresh_from_db()
    assert article.title == "Köhnə başlıq"
    assert article.image.name == stored_image
    assert (Path(settings.MEDIA_ROOT) / stored_image).exists()
    assert all(name.split(".")[0] not in str(path) for path in media_files())
