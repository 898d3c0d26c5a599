"""A reader's visit in a real browser: Debian's chromium, driven by Playwright.

Against a live test server, at a phone's width (390 px) and a laptop's
(1280 px): home → rubric → article → expert, search from the masthead,
copying text from an article, the footer attribution, no horizontal scroll
(also at 360 and 1440 px), headings in order, visible keyboard focus, and
axe-core (bundled in the axe-playwright-python package, no CDN) finding no
serious or critical accessibility violation on any kind of page.

Every step leaves a screenshot under ``test-artifacts/browser/`` (gitignored):
open them to see the pages as the test saw them.
"""

import json
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article, Rubric
from experts.models import Expert
from portal.models import SiteSettings

from ..uploads import png_upload
from .chromium import launch, only_the_live_server

# serialized_rollback: the seeded site settings are back for every test, and after.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
SERIOUS = {"serious", "critical"}

# Heading levels in document order, and how wide the page is against the window.
HEADING_LEVELS = "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def newsroom(transactional_db):
    """A small portal: a lead editorial by an expert with an image, and a paged rubric."""
    lead = Rubric.objects.create(
        name="Baş yazı", slug="bas-yazi", menu_position=0, is_lead_editorial=True
    )
    politics = Rubric.objects.create(name="Siyasət", slug="siyaset", menu_position=1)
    Rubric.objects.create(name="İqtisadiyyat", slug="iqtisadiyyat", menu_position=2)
    expert = Expert.objects.create(
        full_name="Kənan Novruzov",
        signature="Beynəlxalq Münasibətlər və Diplomatiya Araşdırmaları Mərkəzinin eksperti",
        bio="Regional siyasət üzrə şərhçi.",
    )
    now = timezone.now()
    for number in range(12):
        Article.objects.create(
            title=f"Parlamentdə müzakirə {number}",
            lead="Deputatlar yeni qanun layihəsini müzakirə etdi.",
            body="<p>Müzakirə uzun sürdü.</p>",
            rubric=politics,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=number + 2),
        )
    editorial = Article.objects.create(
        title="Tokayev Soçiyə gedir",
        kicker="strateji əhəmiyyətli sənədlər imzalana bilər",
        lead="Qazaxıstan prezidenti Rusiyaya səfər edir.",
        body=(
            "<p>Şəki və Qəbələ nümayəndələri də görüşdə iştirak edəcək.</p>"
            "<h2>Gündəlik</h2><p>Tərəflər enerji və nəqliyyat məsələlərini müzakirə edəcək.</p>"
        ),
        rubric=politics,
        expert=expert,
        image=png_upload(),
        image_alt="Prezident təyyarədən enir",
        image_caption="Astana hava limanı",
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(minutes=5),
    )
    Article.objects.create(
        title="Baş yazı: regionda yeni dövr",
        lead="Redaksiyanın mövqeyi.",
        body="<p>Baş yazının mətni.</p>",
        rubric=lead,
        expert=expert,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(minutes=30),
    )
    return {"editorial": editorial, "expert": expert, "site": SiteSettings.load()}


@contextmanager
def chromium_page(live_server, size, **context_options):
    """A page in Debian's chromium that may reach only the live test server."""
    from playwright.sync_api import sync_playwright

    width, height = size
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="az-AZ", **context_options
            )
            context.route("**/*", only_the_live_server(live_server))
            page = context.new_page()
            page.script_errors = []
            page.on("pageerror", lambda error: page.script_errors.append(str(error)))
            yield page
        finally:
            browser.close()


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def assert_reader_friendly(page, where):
    """No sideways scrolling, headings that never skip a level, no script errors."""
    assert page.evaluate(OVERFLOW) <= 0, f"{where}: the page scrolls sideways"
    levels = page.evaluate(HEADING_LEVELS)
    assert levels[0] == 1 and levels.count(1) == 1, f"{where}: one h1 first, got {levels}"
    jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert not jumps, f"{where}: headings skip a level {jumps}"
    assert page.script_errors == [], f"{where}: {page.script_errors}"


def assert_attribution_in_footer(page, site, live_server):
    notice = page.locator("footer [data-attribution]")
    assert site.attribution_sentence in " ".join(notice.inner_text().split())
    assert notice.locator("a").get_attribute("href") == f"{live_server.url}/"
    assert notice.is_visible()


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_reader_goes_from_home_to_rubric_article_and_expert(live_server, newsroom, device):
    site = newsroom["site"]
    editorial = newsroom["editorial"]
    with chromium_page(live_server, WIDTHS[device]) as page:
        page.goto(live_server.url + "/")
        assert page.locator(".masthead__name").inner_text() == site.site_name
        assert page.locator(".featured h2").inner_text() == "Baş yazı: regionda yeni dövr"
        assert_reader_friendly(page, "home")
        assert_attribution_in_footer(page, site, live_server)
        screenshot(page, f"{device}-1-home")

        page.locator("nav.rubric-menu").get_by_role("link", name="Siyasət").click()
        page.wait_for_url("**/rubrika/siyaset/")
        assert page.locator("h1").inner_text() == "Siyasət"
        assert page.locator("nav.pagination a[rel=next]").get_attribute("href") == "?page=2"
        assert_reader_friendly(page, "rubric")
        screenshot(page, f"{device}-2-rubric")

        page.get_by_role("link", name="Tokayev Soçiyə gedir").first.click()
        page.wait_for_url(f"**{editorial.get_absolute_url()}")
        canonical = f"{live_server.url}{editorial.get_absolute_url()}"
        assert page.locator("h1").inner_text() == "Tokayev Soçiyə gedir"
        assert page.locator(".kicker--large").inner_text() == (
            "STRATEJİ ƏHƏMİYYƏTLİ SƏNƏDLƏR İMZALANA BİLƏR"
        )
        assert page.locator("[data-source-line]").inner_text() == f"Mənbə: {canonical}"
        assert "dəqiqə əvvəl" not in page.locator(".article__header .meta").inner_text()
        image = page.locator(".article__image img")
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
        # srcset: a phone loads the 400 or 800 px rendition, never the full original.
        if device == "phone":
            assert "-1200w." not in image.evaluate("img => img.currentSrc")
        other_news = page.locator(".other-news li a").all_inner_texts()
        # Every other article: the 13 are fewer than the 30 of the site setting.
        assert "Tokayev Soçiyə gedir" not in other_news and len(other_news) == 13
        assert_reader_friendly(page, "article")
        assert_attribution_in_footer(page, site, live_server)
        screenshot(page, f"{device}-3-article")

        page.locator(".signature__name").click()
        page.wait_for_url(f"**{newsroom['expert'].get_absolute_url()}")
        assert page.locator("h1").inner_text() == "Kənan Novruzov"
        titles = page.locator(".card__title a").all_inner_texts()
        assert set(titles) == {"Tokayev Soçiyə gedir", "Baş yazı: regionda yeni dövr"}
        assert_reader_friendly(page, "expert")
        assert_attribution_in_footer(page, site, live_server)
        screenshot(page, f"{device}-4-expert")


@pytest.mark.parametrize("device", list(WIDTHS))
def test_search_from_the_masthead_understands_azerbaijani(live_server, newsroom, device):
    with chromium_page(live_server, WIDTHS[device]) as page:
        page.goto(live_server.url + "/")
        page.get_by_role("searchbox", name="Saytda axtar").fill("SEKI")
        page.keyboard.press("Enter")
        page.wait_for_url("**/axtar/?q=SEKI")
        assert page.locator(".search-result__title").all_inner_texts() == ["Tokayev Soçiyə gedir"]
        assert page.locator(".search-results mark").all_inner_texts() == ["Şəki"]
        assert_reader_friendly(page, "search")
        screenshot(page, f"{device}-5-search")


def test_copied_article_text_carries_the_source_line(live_server, newsroom):
    editorial = newsroom["editorial"]
    canonical = f"{live_server.url}{editorial.get_absolute_url()}"
    with chromium_page(
        live_server, WIDTHS["desktop"], permissions=["clipboard-read", "clipboard-write"]
    ) as page:
        page.goto(live_server.url + editorial.get_absolute_url())
        paragraph = page.locator(".article__body p").first
        paragraph.evaluate(
            """p => {
                const range = document.createRange();
                range.selectNodeContents(p);
                getSelection().removeAllRanges();
                getSelection().addRange(range);
            }"""
        )
        page.keyboard.press("Control+C")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == (
            f"Şəki və Qəbələ nümayəndələri də görüşdə iştirak edəcək.\n\nMənbə: {canonical}"
        )
        screenshot(page, "desktop-6-copied-selection")


def test_the_article_reads_completely_without_javascript(live_server, newsroom):
    editorial = newsroom["editorial"]
    with chromium_page(live_server, WIDTHS["phone"], java_script_enabled=False) as page:
        page.goto(live_server.url + editorial.get_absolute_url())
        assert "Tərəflər enerji və nəqliyyat" in page.locator(".article__body").inner_text()
        assert page.locator("[data-source-line] a").is_visible()
        assert page.locator("footer [data-attribution]").is_visible()


@pytest.mark.parametrize("size", [(360, 740), (1440, 900)], ids=["360px", "1440px"])
def test_no_page_scrolls_sideways_at_the_narrowest_and_widest(live_server, newsroom, size):
    editorial, expert = newsroom["editorial"], newsroom["expert"]
    pages = [
        "/",
        "/rubrika/siyaset/",
        "/rubrika/siyaset/?page=2",
        editorial.get_absolute_url(),
        expert.get_absolute_url(),
        "/axtar/?q=parlament",
        "/yoxdur/",
    ]
    with chromium_page(live_server, size) as page:
        for path in pages:
            page.goto(live_server.url + path)
            assert page.evaluate(OVERFLOW) <= 0, f"{path} scrolls sideways at {size[0]} px"
        screenshot(page, f"{size[0]}px-404")


def test_keyboard_focus_is_visible_and_skips_to_the_content(live_server, newsroom):
    with chromium_page(live_server, WIDTHS["desktop"]) as page:
        page.goto(live_server.url + "/")
        page.keyboard.press("Tab")
        skip = page.locator(".skip-link")
        assert skip.evaluate("a => a === document.activeElement")
        assert skip.is_visible() and skip.inner_text() == "Əsas məzmuna keç"
        outline = skip.evaluate(
            "a => getComputedStyle(a).outlineStyle + ' ' + getComputedStyle(a).outlineWidth"
        )
        assert outline.startswith("solid") and not outline.endswith(" 0px")
        screenshot(page, "desktop-7-focus")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.closest('main') !== null")


AXE_PAGES = ["home", "rubric", "article", "expert", "search"]


@pytest.mark.parametrize("device", list(WIDTHS))
def test_axe_finds_no_serious_accessibility_violation(live_server, newsroom, device):
    from axe_playwright_python.sync_playwright import Axe

    urls = {
        "home": "/",
        "rubric": "/rubrika/siyaset/",
        "article": newsroom["editorial"].get_absolute_url(),
        "expert": newsroom["expert"].get_absolute_url(),
        "search": "/axtar/?q=%C5%9F%C9%99ki",
    }
    axe = Axe()
    report = {}
    with chromium_page(live_server, WIDTHS[device]) as page:
        for name in AXE_PAGES:
            page.goto(live_server.url + urls[name])
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
    (ARTIFACTS / f"{device}-axe.json").write_text(json.dumps(report, indent=2))
    serious = {
        name: [v for v in violations if v["impact"] in SERIOUS]
        for name, violations in report.items()
    }
    assert serious == {name: [] for name in AXE_PAGES}
