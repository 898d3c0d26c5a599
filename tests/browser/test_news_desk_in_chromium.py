"""The news desk's pages in a real browser, at 390 px and 1280 px: the front page
(manşet, news feed column, urgent strip, rubric blocks), the news feed, the
archive; the layout defects of issue 13 stay fixed, and axe-core finds no serious
violation. Screenshots go to ``test-artifacts/browser/news-desk-*.png``.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.demo.news_desk import DAY_OF_NEWS, load_news_desk_day
from articles.models import Article, Rubric, TopStory
from experts.models import Expert

from ..uploads import png_upload
from .chromium import log_in
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

RUBRICS = [
    ("bas-yazi", "Baş yazı", True),
    ("siyaset", "Siyasət", False),
    ("iqtisadiyyat", "İqtisadiyyat", False),
    ("dunya", "Dünya", False),
    ("cemiyyet", "Cəmiyyət", False),
]


@pytest.fixture
def news_day(transactional_db):
    """The demo's newsroom day (44 items, one urgent, a manşet), a lead editorial,
    and a rubric page's worth of older illustrated articles."""
    rubrics = {
        slug: Rubric.objects.create(
            name=name, slug=slug, menu_position=position, is_lead_editorial=lead
        )
        for position, (slug, name, lead) in enumerate(RUBRICS)
    }
    now = timezone.now()
    load_news_desk_day(rubrics, now, lambda slug, rubric_slug, index: png_upload(f"{slug}.png"))
    expert = Expert.objects.create(full_name="Kənan Novruzov", signature="şərhçi")
    Article.objects.create(
        title="Baş yazı: regionda yeni dövr",
        lead="Redaksiyanın mövqeyi.",
        body="<p>Baş yazının mətni.</p>",
        rubric=rubrics["bas-yazi"],
        expert=expert,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(hours=3),
    )
    for number in range(9):
        Article.objects.create(
            title=f"Siyasət arxivindən {number}",
            body="<p>Mətn.</p>",
            rubric=rubrics["siyaset"],
            image=png_upload(f"arxiv-{number}.png", size=(1200, 675)),
            image_alt="İllüstrasiya",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=2, hours=number),
        )
    return {"urgent": DAY_OF_NEWS[0][1]}


def urls():
    today = timezone.localdate()
    return {
        "home": "/",
        "feed": "/lent/",
        "rubric-feed": "/lent/siyaset/",
        "archive": f"/arxiv/{today.year}/{today.month}/{today.day}/",
        "archive-month": f"/arxiv/{today.year}/{today.month}/",
        "rubric": "/rubrika/siyaset/",
    }


REAL_AND_SHOWN_WIDTH = """async img => {
    const copy = new Image();
    copy.src = img.currentSrc;
    await copy.decode();
    return [img.clientWidth * window.devicePixelRatio, copy.naturalWidth];
}"""


def box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_the_news_desk_pages_read_well_at_phone_and_laptop_widths(live_server, news_day, device):
    width, height = WIDTHS[device]
    with chromium_page(live_server, WIDTHS[device]) as page:
        failed = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        for name, url in urls().items():
            page.goto(live_server.url + url)
            screenshot(page, f"news-desk-{device}-{name}")
            assert_reader_friendly(page, name)
            strip = page.locator("[data-urgent-strip]")
            assert news_day["urgent"] in strip.inner_text(), name
            # Headings, labels and photos keep their distance from the menu bar.
            padding = page.evaluate(
                "() => parseFloat(getComputedStyle(document.querySelector('main')).paddingTop)"
            )
            assert padding >= 24, f"{name}: main starts {padding} px under the menu"
        assert failed == [], f"failed requests (favicon included): {failed}"

        page.goto(live_server.url + "/")
        menu = box(page, ".rubric-menu")
        assert menu["height"] < 50, "the rubric menu wraps onto a second line"
        masthead = box(page, ".masthead")
        # Masthead and menu together (about 240 px at 390 px before issue 13).
        assert masthead["height"] < (130 if device == "phone" else 170), masthead
        if device == "phone":
            length = page.evaluate("() => document.documentElement.scrollHeight")
            assert length < 7153, f"the phone home page is {length} px long"

        # A short page: the footer reaches the bottom of the window, no white band below.
        page.goto(live_server.url + urls()["archive-month"])
        footer = box(page, "footer")
        assert (
            abs(
                footer["y"]
                + footer["height"]
                - max(height, page.evaluate("() => document.documentElement.scrollHeight"))
            )
            <= 1
        )


def test_the_rubric_page_is_a_grid_of_sharp_images_at_1280_px(live_server, news_day):
    with chromium_page(live_server, WIDTHS["desktop"]) as page:
        page.goto(live_server.url + "/rubrika/siyaset/")
        images = page.locator(".card__image img")
        page.evaluate("() => document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.card__image img')].every(i => i.complete)"
        )
        cards = page.locator(".card-grid .card")
        columns = {round(cards.nth(i).bounding_box()["x"]) for i in range(cards.count())}
        assert len(columns) == 3, f"{len(columns)} columns at 1280 px"
        assert images.count() > 0
        for i in range(images.count()):
            # The rendition the browser chose, at its real size, against the pixels shown.
            shown, real = images.nth(i).evaluate(REAL_AND_SHOWN_WIDTH)
            assert real >= shown, f"image {i} upscaled: {real} px shown over {shown}"
            hint, width = images.nth(i).evaluate("i => [i.naturalWidth, i.clientWidth]")
            assert hint >= width, f"image {i}: sizes says {hint} px, the column is {width}"
        height = page.evaluate("() => document.documentElement.scrollHeight")
        assert height < 3000, f"the rubric page is {height} px tall"


@pytest.mark.parametrize("device", list(WIDTHS))
def test_axe_finds_no_serious_violation_on_the_news_desk_pages(live_server, news_day, device):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    report = {}
    with chromium_page(live_server, WIDTHS[device]) as page:
        for name, url in urls().items():
            page.goto(live_server.url + url)
            results = axe.run(page)
            report[name] = [
                {
                    "id": violation["id"],
                    "impact": violation["impact"],
                    "nodes": [node["target"] for node in violation["nodes"]],
                }
                for violation in results.response["violations"]
            ]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"news-desk-{device}-axe.json").write_text(json.dumps(report, indent=2))
    serious = {
        name: [v for v in violations if v["impact"] in SERIOUS]
        for name, violations in report.items()
    }
    assert serious == {name: [] for name in report}


def test_the_archive_calendar_works_without_javascript(live_server, news_day):
    today = timezone.localdate()
    with chromium_page(live_server, WIDTHS["phone"], java_script_enabled=False) as page:
        page.goto(live_server.url + "/arxiv/")
        assert page.url.endswith(f"/arxiv/{today.year}/{today.month}/{today.day}/")
        page.locator(".archive-calendar a[rel=prev]").click()
        assert page.locator(".archive-calendar h2").inner_text() != ""
        page.goto(live_server.url + f"/arxiv/{today.year}/{today.month}/")
        page.locator(f'.archive-calendar a[href$="/{today.day}/"]').click()
        assert page.locator(".archive-day .feed-item").count() > 0


def test_an_editor_reorders_the_manset_by_dragging_rows_in_the_admin(live_server, news_day):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create(
        username="leyla", password=make_password("manset-2026"), is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Redaktor"))
    before = list(TopStory.objects.order_by("position").values_list("article__title", flat=True))

    with chromium_page(live_server, WIDTHS["desktop"]) as page:
        log_in(page, live_server, "leyla", "manset-2026")
        page.goto(live_server.url + "/admin/articles/topstory/")
        handles = page.locator("#result_list .drag.handle")
        assert handles.count() == 3
        with page.expect_response(
            lambda r: (
                "adminsortable2_update" in r.url
                or (r.request.method == "POST" and "topstory" in r.url)
            )
        ):
            handles.nth(2).drag_to(handles.nth(0))
        screenshot(page, "news-desk-desktop-admin-manset")
        assert page.script_errors == []

    after = list(TopStory.objects.order_by("position").values_list("article__title", flat=True))
    assert after == [before[2], before[0], before[1]]
    with chromium_page(live_server, WIDTHS["desktop"]) as page:
        page.goto(live_server.url + "/")
        assert page.locator(".manset__title").inner_text() == before[2]
