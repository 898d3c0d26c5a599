"""An article with a video lead, a photo gallery, tags and share links, in Debian's chromium.

At 390 px and 1280 px: the page loads nothing from another host until the
reader clicks the video; the gallery viewer works with the keyboard alone and
gives the focus back; without JavaScript thumbnails are links to the large
pictures; "Linki kopyala" copies the canonical address; axe finds no serious
violation on the article and tag pages. Screenshots go to
``test-artifacts/browser/`` like the other browser tests'.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Rubric

from ..uploads import png_upload
from .test_reader_in_chromium import (
    ARTIFACTS,
    SERIOUS,
    WIDTHS,
    assert_reader_friendly,
    chromium_page,
    screenshot,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHOTOS = 4


@pytest.fixture
def media_article(transactional_db):
    politics = Rubric.objects.create(name="Siyasət", slug="siyaset", menu_position=1)
    culture = Rubric.objects.create(name="Cəmiyyət", slug="cemiyyet", menu_position=2)
    now = timezone.now()
    article = Article.objects.create(
        title="Şəki karvansarayları: fotolar və video",
        kicker="fotoreportaj",
        lead="Şəkinin karvansarayları əsrlər boyu tacirləri qarşılayıb.",
        body="<p>Fotoqraflarımız Şəkinin köhnə məhəllələrini gəzdi.</p>",
        rubric=culture,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(minutes=20),
        image=png_upload("poster.png", colour=(120, 70, 40)),
        image_alt="Karvansarayın darvazası",
        video_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
    )
    colours = [(120, 70, 40), (60, 80, 120), (40, 90, 110), (140, 100, 50)]
    for position, colour in enumerate(colours):
        article.photos.create(
            image=png_upload(f"foto-{position}.png", size=(1200, 900), colour=colour),
            alt=f"Karvansaray, şəkil {position + 1}",
            caption=f"Karvansarayın həyəti, görünüş {position + 1}",
            credit="Aysel Quliyeva",
            position=position,
        )
    article.tags.add("Şəki", "Mədəniyyət")
    for number in range(3):
        other = Article.objects.create(
            title=f"Şəkidə festival {number}",
            body="<p>Festival başladı.</p>",
            rubric=politics if number % 2 else culture,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=number + 1),
        )
        other.tags.add("Şəki")
    return article


@pytest.mark.parametrize("device", list(WIDTHS))
def test_the_media_article_loads_nothing_from_elsewhere_until_the_video_is_clicked(
    live_server, media_article, device
):
    with chromium_page(live_server, WIDTHS[device]) as page:
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(live_server.url + media_article.get_absolute_url())
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == "Şəki karvansarayları: fotolar və video"
        assert page.locator("[data-gallery-item]").count() == PHOTOS
        assert sorted(page.locator(".article-tags a").all_inner_texts()) == ["Mədəniyyət", "Şəki"]
        assert len(page.locator("[data-related] .card").all()) == 3
        assert page.locator(".media-label--video").first.is_visible()
        assert_reader_friendly(page, "media article")
        elsewhere = [url for url in requested if not url.startswith(live_server.url)]
        assert elsewhere == [], elsewhere
        screenshot(page, f"{device}-8-article-gallery-video")

        page.locator("[data-video-embed]").click()
        player = page.locator("iframe.video-lead__player")
        assert player.get_attribute("src") == (
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1"
        )
        page.wait_for_timeout(300)
        assert any(url.startswith("https://www.youtube-nocookie.com/") for url in requested)
        screenshot(page, f"{device}-9-article-video-clicked")


def test_the_gallery_viewer_works_from_the_keyboard(live_server, media_article):
    with chromium_page(live_server, WIDTHS["desktop"]) as page:
        page.goto(live_server.url + media_article.get_absolute_url())
        first = page.locator("[data-gallery-item]").first
        first.focus()
        page.keyboard.press("Enter")
        viewer = page.locator("dialog.gallery-viewer")
        assert viewer.evaluate("dialog => dialog.open")
        counter = viewer.locator(".gallery-viewer__counter")
        assert counter.inner_text() == f"1 / {PHOTOS}"
        assert "Karvansarayın həyəti, görünüş 1" in viewer.inner_text()
        page.keyboard.press("ArrowRight")
        assert counter.inner_text() == f"2 / {PHOTOS}"
        assert viewer.locator("img").get_attribute("alt") == "Karvansaray, şəkil 2"
        page.keyboard.press("End")
        assert counter.inner_text() == f"{PHOTOS} / {PHOTOS}"
        page.keyboard.press("ArrowRight")  # wraps round
        assert counter.inner_text() == f"1 / {PHOTOS}"
        page.keyboard.press("ArrowLeft")
        assert counter.inner_text() == f"{PHOTOS} / {PHOTOS}"
        screenshot(page, "desktop-10-gallery-viewer")
        page.keyboard.press("Escape")
        assert not viewer.evaluate("dialog => dialog.open")
        assert first.evaluate("link => link === document.activeElement")


def test_without_javascript_gallery_and_video_are_plain_links(live_server, media_article):
    with chromium_page(live_server, WIDTHS["phone"], java_script_enabled=False) as page:
        page.goto(live_server.url + media_article.get_absolute_url())
        assert page.locator("[data-video-embed]").get_attribute("href") == (
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
        )
        page.locator("[data-gallery-item]").nth(1).click()
        page.wait_for_load_state()
        assert page.url.endswith(".jpg") and "/media/" in page.url


def test_copy_link_copies_the_canonical_address(live_server, media_article):
    canonical = f"{live_server.url}{media_article.get_absolute_url()}"
    with chromium_page(
        live_server, WIDTHS["phone"], permissions=["clipboard-read", "clipboard-write"]
    ) as page:
        page.goto(live_server.url + media_article.get_absolute_url() + "?utm_source=x")
        page.get_by_role("link", name="Linki kopyala").click()
        assert page.evaluate("() => navigator.clipboard.readText()") == canonical
        assert page.locator("[data-copy-status]").inner_text() == f"Link kopyalandı: {canonical}"
        assert page.url.endswith("?utm_source=x")  # the reader stays where they were


@pytest.mark.parametrize("device", list(WIDTHS))
def test_axe_finds_no_serious_violation_on_media_and_tag_pages(live_server, media_article, device):
    from axe_playwright_python.sync_playwright import Axe

    urls = {"media article": media_article.get_absolute_url(), "tag": "/teq/seki/"}
    axe = Axe()
    report = {}
    with chromium_page(live_server, WIDTHS[device]) as page:
        for name, url in urls.items():
            page.goto(live_server.url + url)
            violations = axe.run(page).response["violations"]
            report[name] = [
                {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
                for v in violations
            ]
        screenshot(page, f"{device}-11-tag-page")
        # The open gallery viewer is checked too.
        page.goto(live_server.url + media_article.get_absolute_url())
        page.locator("[data-gallery-item]").first.click()
        report["gallery viewer"] = [
            {"id": v["id"], "impact": v["impact"]} for v in axe.run(page).response["violations"]
        ]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{device}-axe-media.json").write_text(json.dumps(report, indent=2))
    serious = {
        name: [v for v in violations if v["impact"] in SERIOUS]
        for name, violations in report.items()
    }
    assert serious == {name: [] for name in report}
