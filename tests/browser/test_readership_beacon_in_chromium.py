"""The article page counts its reader itself, in a real browser, under the site's CSP.

A page from the proxy's microcache never reaches Django, so the page's script
(static/js/readership.js) posts its readership beacon; chromium must send it
without a Content-Security-Policy complaint, and the reading must be counted
once: the beacon counts, the page view does not.
"""

import pytest
from django.utils import timezone

from articles.models import Article, Rubric
from articles.readership import aggregate_views

from .chromium import launch, only_the_live_server

READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_opening_an_article_sends_one_beacon_and_counts_one_reading(live_server):
    from playwright.sync_api import sync_playwright

    politics = Rubric.objects.create(name="Siyasət", slug="siyaset", menu_position=1)
    article = Article.objects.create(
        title="Mayak xəbəri",
        body="<p>Mətn.</p>",
        rubric=politics,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    console = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            # Headless chromium says so in its user agent, which counts as a bot
            # (articles.readership.BOT_AGENTS); a reader's chromium does not.
            context = browser.new_context(user_agent=READER_AGENT)
            context.route("**/*", only_the_live_server(live_server))
            page = context.new_page()
            page.on("console", lambda message: console.append(message.text))
            beacon_url = f"{live_server.url}/oxu/{article.slug}/"
            with page.expect_response(beacon_url) as beacon:
                page.goto(f"{live_server.url}{article.get_absolute_url()}")
            assert beacon.value.status == 204
            assert beacon.value.request.method == "POST"
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    assert not [text for text in console if "Content Security Policy" in text], console
    assert aggregate_views() == 1
