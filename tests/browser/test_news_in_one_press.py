"""A short news item from the article list to the site in one form and one press.

An editor in Debian's chromium opens the article list, presses "Məqalə əlavə
et", types a title, chooses a rubric, writes two paragraphs in the editor and
presses "Dərc et", the form's primary button. The article is then on the
site. The time from the list to the published article is printed (a figure,
not a limit: timings belong to bench/). The title field is as wide as the form.
"""

import time
import urllib.request

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from articles.models import Article, Rubric

from .chromium import launch, log_in, only_the_live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_content_types"),
]

PASSWORD = "Redaktorun-parolu-2026"


@pytest.fixture
def newsroom(transactional_db):
    Rubric.objects.create(name="Siyasət", slug="siyaset")
    user = get_user_model().objects.create(
        username="leyla", password=make_password(PASSWORD), is_staff=True
    )
    user.groups.add(Group.objects.get(name="Redaktor"))
    return user


def test_an_editor_publishes_a_short_news_item_in_one_form_and_one_press(live_server, newsroom):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.route("**/*", only_the_live_server(live_server))
        log_in(page, live_server, "leyla", PASSWORD)
        page.goto(live_server.url + "/admin/articles/article/")

        started = time.perf_counter()
        page.click(".object-tools a.addlink")  # not the sidebar's add links
        page.wait_for_selector("#id_title")
        title_width, row_width = page.evaluate(
            "() => [document.querySelector('#id_title').offsetWidth,"
            " document.querySelector('.form-row.field-title').offsetWidth]"
        )
        page.fill("#id_title", "Bakıda yeni park açıldı")
        page.select_option("#id_rubric", label="Siyasət")
        editor = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
        editor.click()
        page.keyboard.type("Paytaxtın mərkəzində yeni park açılıb.")
        page.keyboard.press("Enter")
        page.keyboard.type("Park hər gün səhər səkkizdən açıqdır.")
        primary = page.locator("#article_form .submit-row input.default")
        assert primary.get_attribute("value") == "Dərc et"
        primary.click()
        page.wait_for_url(live_server.url + "/admin/articles/article/")
        elapsed = time.perf_counter() - started
        told = page.locator(".messagelist").inner_text()
        browser.close()

    article = Article.objects.get()  # the ORM outside Playwright's event loop
    with urllib.request.urlopen(live_server.url + article.get_absolute_url()) as response:
        public_page = BeautifulSoup(response.read().decode(), "html.parser")
    public_paragraphs = [p.get_text() for p in public_page.select(".article__body p")]
    print(f"\nFrom the article list to a published news item: {elapsed:.1f} s")
    assert title_width > 0.7 * row_width  # the headline is read whole while it is written
    assert article.is_public
    assert "dərc olundu" in told
    assert public_paragraphs == [
        "Paytaxtın mərkəzində yeni park açılıb.",
        "Park hər gün səhər səkkizdən açıqdır.",
    ]
