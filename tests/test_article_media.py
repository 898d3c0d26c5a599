"""Photo galleries and video leads on the article page, and the "Foto"/"Video" labels in lists."""

import json

import pytest

from articles.models import Article, ArticlePhoto
from articles.signals import articles_changed_in_bulk
from core.video import parse_video_url

from .newsroom import ARTICLE_ADMIN, change_url, form_values
from .pages import soup, text_of
from .uploads import png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def gallery_article(make_article):
    article = make_article(title="Fotolarla xəbər")
    for position, (caption, credit) in enumerate(
        [("Şəki xan sarayı", "Aysel Məmmədova"), ("Qax meşələri", ""), ("Zaqatala", "Senzor")]
    ):
        article.photos.create(
            image=png_upload(f"foto-{position}.png", size=(1600, 1200)),
            alt=f"Şəkil {position + 1}",
            caption=caption,
            credit=credit,
            position=position,
        )
    return article


# --- Gallery ----------------------------------------------------------------------------


def test_the_gallery_shows_its_photos_in_order_with_captions_and_credits(client, gallery_article):
    page = soup(client.get(gallery_article.get_absolute_url()))
    items = page.select("[data-gallery] .gallery__item")
    assert [item.img["alt"] for item in items] == ["Şəkil 1", "Şəkil 2", "Şəkil 3"]
    assert items[0].figcaption.get_text(" ", strip=True) == "Şəki xan sarayı Foto: Aysel Məmmədova"
    assert items[1].figcaption.get_text(" ", strip=True) == "Qax meşələri"
    assert "(3 şəkil)" in page.select_one("#gallery-title").get_text()


def test_gallery_photos_are_renditions_linking_to_the_large_one(client, gallery_article):
    """Without JavaScript every thumbnail is a plain link to the 1200 px picture."""
    page = soup(client.get(gallery_article.get_absolute_url()))
    link = page.select_one("[data-gallery-item]")
    assert link.name == "a"
    assert link["href"].endswith(".jpg") and "1200" in link["href"]
    assert "400" in link.img["src"]
    assert "webp" in link.select_one("source")["srcset"]
    assert (link.img["width"], link.img["height"]) == ("1600", "1200")
    assert link.img["loading"] == "lazy"


def test_reordering_photos_reorders_the_gallery(client, gallery_article):
    client.get(gallery_article.get_absolute_url())
    last = gallery_article.photos.get(position=2)
    last.position = 0
    last.save()
    gallery_article.photos.filter(position=0).exclude(pk=last.pk).update(position=1)
    page = soup(client.get(gallery_article.get_absolute_url()))
    assert page.select_one(".gallery__item img")["alt"] == "Şəkil 3"


def test_deleting_a_photo_updates_the_page_and_the_foto_label(client, gallery_article):
    assert client.get("/").status_code == 200
    for photo in gallery_article.photos.all():
        photo.delete()
    assert soup(client.get(gallery_article.get_absolute_url())).select_one("[data-gallery]") is None
    assert not soup(client.get("/")).select(".media-label--photo")


def photo_labels_in_lists(client, *urls):
    """{title: whether it has the "Foto" label} of every list item on the pages."""
    labelled = {}
    for url in urls:
        for card in soup(client.get(url)).select(LISTED_ITEMS):
            title = card.select_one(LISTED_TITLE).get_text(" ", strip=True)
            labelled[title] = bool(card.select(".media-label--photo"))
    return labelled


def test_the_foto_label_stays_while_the_article_keeps_a_photo(client, politics, gallery_article):
    gallery_article.photos.first().delete()
    assert photo_labels_in_lists(client, "/", politics.get_absolute_url()) == {
        "Fotolarla xəbər": True
    }


def test_the_foto_label_follows_photos_added_and_removed_in_the_article_form(
    client, login, chief_editor, make_article, politics
):
    article = make_article(title="Sonradan fotolu")
    lists = ("/", politics.get_absolute_url(), "/lent/", "/axtar/?q=fotolu")
    assert photo_labels_in_lists(client, *lists) == {"Sonradan fotolu": False}  # cached now
    browser = login(chief_editor)
    values = form_values(browser.get(change_url(article)))
    values.update(
        {"photos-0-alt": "Dağlar", "photos-0-position": "0", "photos-0-image": png_upload("d.png")}
    )
    response = browser.post(change_url(article), values)
    assert response.status_code == 302, text_of(response)[:2000]
    assert photo_labels_in_lists(client, *lists) == {"Sonradan fotolu": True}

    values = form_values(browser.get(change_url(article)))
    values["photos-0-DELETE"] = "on"
    response = browser.post(change_url(article), values)
    assert response.status_code == 302, text_of(response)[:2000]
    assert not article.photos.exists()
    assert photo_labels_in_lists(client, *lists) == {"Sonradan fotolu": False}


def test_a_photo_is_no_change_of_every_article(make_article):
    """The label is set in the article's row without saying that articles changed
    in bulk, which would invalidate every cached page."""
    article = make_article()
    bulk_changes = []

    def changed_in_bulk(**kwargs):
        bulk_changes.append(kwargs)

    articles_changed_in_bulk.connect(changed_in_bulk)
    try:
        photo = article.photos.create(image=png_upload("a.png"), alt="Şəkil")
        photo.delete()
    finally:
        articles_changed_in_bulk.disconnect(changed_in_bulk)
    assert bulk_changes == []


def test_a_gallery_article_deleted_leaves_the_lists(client, politics, gallery_article):
    assert photo_labels_in_lists(client, "/") == {"Fotolarla xəbər": True}
    gallery_article.delete()
    assert not ArticlePhoto.objects.exists()
    assert photo_labels_in_lists(client, "/", politics.get_absolute_url()) == {}


def test_the_gallery_viewer_is_the_projects_own_script(client, gallery_article):
    page = soup(client.get(gallery_article.get_absolute_url()))
    scripts = [tag["src"] for tag in page.select("script[src]")]
    assert all(src.startswith("/static/") for src in scripts), scripts
    assert any("article-media" in src for src in scripts)


def test_an_author_adds_gallery_photos_in_the_article_form(login, author, politics):
    browser = login(author)
    values = form_values(browser.get(f"{ARTICLE_ADMIN}add/"))
    values.update(
        {
            "title": "Qalereyalı yazı",
            "rubric": politics.pk,
            "body": "<p>Mətn.</p>",
            "photos-0-alt": "Dağlar",
            "photos-0-caption": "Qafqaz dağları",
            "photos-0-credit": "Müəllif",
            "photos-0-position": "0",
            "photos-0-image": png_upload("dag.png"),
        }
    )
    response = browser.post(f"{ARTICLE_ADMIN}add/", values)
    assert response.status_code == 302, text_of(response)[:2000]
    photo = ArticlePhoto.objects.get(article__title="Qalereyalı yazı")
    assert (photo.caption, photo.credit) == ("Qafqaz dağları", "Müəllif")
    assert photo.image_renditions  # rendered once, when saved


def test_a_gallery_photo_without_alt_text_is_refused_with_a_message(login, chief_editor, politics):
    browser = login(chief_editor)
    values = form_values(browser.get(f"{ARTICLE_ADMIN}add/"))
    values.update(
        {
            "title": "Alt mətnsiz",
            "rubric": politics.pk,
            "body": "<p>Mətn.</p>",
            "photos-0-alt": "",
            "photos-0-position": "0",
            "photos-0-image": png_upload("dag.png"),
        }
    )
    response = browser.post(f"{ARTICLE_ADMIN}add/", values)
    assert response.status_code == 200
    assert not Article.objects.filter(title="Alt mətnsiz").exists()
    errors = soup(response).select("#photos-group .errorlist")
    assert "Bu sahə vacibdir." in " ".join(error.get_text() for error in errors)


# --- Video lead -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, provider, video_id",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?t=42", "youtube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871", "vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871", "vimeo", "76979871"),
    ],
)
def test_youtube_and_vimeo_addresses_are_recognised(url, provider, video_id):
    video = parse_video_url(url)
    assert (video.provider, video.video_id) == (provider, video_id)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/channel/UCabc",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
        "https://vimeo.com/about",
        "ftp://youtu.be/dQw4w9WgXcQ",
    ],
)
def test_other_addresses_are_not_videos(url):
    assert parse_video_url(url) is None


def test_the_embed_hosts_are_the_privacy_minded_ones():
    assert parse_video_url("https://youtu.be/dQw4w9WgXcQ").autoplay_url == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    assert parse_video_url("https://vimeo.com/76979871").autoplay_url == (
        "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    )


def test_the_admin_refuses_another_address_with_a_clear_message(login, chief_editor, make_article):
    article = make_article(title="Videolu")
    browser = login(chief_editor)
    values = form_values(browser.get(change_url(article)))
    values["video_url"] = "https://evil.example/video/1"
    response = browser.post(change_url(article), values)
    assert response.status_code == 200
    assert "Yalnız YouTube və ya Vimeo videosunun linkini yazın" in text_of(response)
    article.refresh_from_db()
    assert article.video_url == ""

    values = form_values(browser.get(change_url(article)))
    values["video_url"] = "youtu.be/dQw4w9WgXcQ"  # no scheme: taken as https
    assert browser.post(change_url(article), values).status_code == 302
    article.refresh_from_db()
    assert article.video_url == "https://youtu.be/dQw4w9WgXcQ"


def test_the_video_lead_makes_no_third_party_request_until_clicked(client, make_article):
    article = make_article(
        title="Videolu xəbər",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        image=png_upload("poster.png"),
        image_alt="Kadr",
    )
    response = client.get(article.get_absolute_url())
    page = soup(response)
    preview = page.select_one("[data-video-lead] a[data-video-embed]")
    # A link to the video (no JavaScript) that the script turns into the player.
    assert preview["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert preview["data-video-embed"].startswith("https://www.youtube-nocookie.com/embed/")
    assert "Videoya bax" in preview.get_text()
    # Nothing on the page loads from another host: no iframe, only the site's own images.
    assert page.select("iframe") == []
    sources = [tag.get("src") or "" for tag in page.select("img, script, source, link")]
    sources += [tag.get("href") or "" for tag in page.select("link[rel=stylesheet]")]
    assert all(not src.startswith(("http:", "https:", "//")) for src in sources), sources
    assert preview.img["src"].startswith("/media/")  # the lead image is the poster
    assert page.select_one(".article__image") is None  # shown once, as the poster


def test_the_csp_lets_the_players_be_framed(client, make_article):
    article = make_article(video_url="https://vimeo.com/76979871")
    policy = client.get(article.get_absolute_url())["Content-Security-Policy"]
    frame_src = next(part for part in policy.split(";") if part.strip().startswith("frame-src"))
    assert "https://www.youtube-nocookie.com" in frame_src
    assert "https://player.vimeo.com" in frame_src


def test_a_video_article_has_a_video_object_in_its_json_ld(client, make_article):
    article = make_article(title="Videolu", video_url="https://youtu.be/dQw4w9WgXcQ")
    page = soup(client.get(article.get_absolute_url()))
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    video = data["video"]
    assert video["@type"] == "VideoObject"
    assert video["name"] == "Videolu"
    assert video["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert video["thumbnailUrl"] and video["uploadDate"] and video["description"]


def test_an_article_without_video_has_no_video_object(client, make_article):
    article = make_article()
    page = soup(client.get(article.get_absolute_url()))
    assert "video" not in json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert page.select_one("[data-video-lead]") is None


# --- Labels in lists ------------------------------------------------------------------


LISTED_ITEMS = ".card, .search-result, .manset__lead, .manset__rest li, .feed-item"
LISTED_TITLE = "h2 a, h3 a, .feed-item__text > a"


def test_lists_mark_photo_and_video_articles(client, make_article, politics, gallery_article):
    video = make_article(title="Videolu", video_url="https://youtu.be/dQw4w9WgXcQ")
    plain = make_article(title="Adi")
    video.tags.add("Mövzu")
    gallery_article.tags.add("Mövzu")
    plain.tags.add("Mövzu")
    for url in ("/", politics.get_absolute_url(), "/teq/movzu/", "/axtar/?q=videolu"):
        page = soup(client.get(url))
        labels = {}
        # Cards, search results, the manşet and the news feed's items.
        for card in page.select(LISTED_ITEMS):
            title = card.select_one(LISTED_TITLE).get_text()
            labels[title] = [label.get_text() for label in card.select(".media-label")]
        if "Videolu" in labels:
            assert labels["Videolu"] == ["Video"], url
        if url != "/axtar/?q=videolu":
            assert labels["Fotolarla xəbər"] == ["Foto"], url
            assert labels["Adi"] == [], url


def test_labels_follow_a_video_being_added(client, make_article):
    article = make_article(title="Sonradan videolu")
    assert not soup(client.get("/")).select(".media-label--video")
    article.video_url = "https://vimeo.com/76979871"
    article.save()
    assert soup(client.get("/")).select(".media-label--video")
