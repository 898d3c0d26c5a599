"""The rich-text editor in a real browser: its toolbar and its filter are the server's allow-list.

An editor logs into the admin in Debian's chromium and opens a new article.
CKEditor must start (under the admin's Content-Security-Policy), offer exactly
the toolbar buttons the sanitiser knows, and keep from pasted HTML exactly what
the server would keep: what an editor sees is what is stored.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from core.sanitizer import TOOLBAR_OUTPUT, sanitize_html

from .chromium import launch, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Redaktorun-parolu-2026"

# CKEditor's filter decides on tags and attributes, not on URL schemes: a pasted
# ``javascript:`` link keeps its href in the editor and loses it on the server
# (tests/test_sanitizer.py). Everything else here is filtered alike.
PASTED = (
    "<h2>Başlıq</h2><h5>beşinci səviyyə</h5>"
    '<p style="color:red" class="x" onclick="alert(1)"><strong>qalın</strong> <b>b</b> '
    '<em>kursiv</em> <u>altdan xətt</u> <span style="font-size:40px">böyük</span></p>'
    '<p><a href="https://senzor.az/" target="_blank" title="Sayt">keçid</a></p>'
    "<ul><li>bir</li></ul><blockquote><p>sitat</p></blockquote>"
    '<p><img src="https://senzor.az/a.jpg" alt="şəkil" style="width:300px;border:1px solid" '
    'width="300" height="200" onerror="alert(1)"></p>'
    '<table border="1" cellpadding="2"><tbody><tr><td colspan="2" style="x">xana</td></tr>'
    "</tbody></table><div>div mətni</div><script>alert(1)</script>"
    '<iframe src="https://www.youtube.com/embed/abc" width="560" height="315"></iframe>'
)


def _shape(html):
    """The elements and attributes of ``html``, ignoring the ``rel`` nh3 adds to links."""
    return [
        (element.name, sorted(set(element.attrs) - {"rel"}))
        for element in BeautifulSoup(html, "html.parser").find_all(True)
    ]


@pytest.fixture
def editor_account(transactional_db):
    user = get_user_model().objects.create(
        username="leyla", password=make_password(PASSWORD), is_staff=True
    )
    user.groups.add(Group.objects.get(name="Redaktor"))
    return user


def test_the_editor_offers_the_allow_list_and_keeps_what_the_server_keeps(
    live_server, editor_account
):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and errors.append(message.text)
            ),
        )
        log_in(page, live_server, "leyla", PASSWORD)

        page.goto(live_server.url + "/admin/articles/article/add/", wait_until="load")
        page.wait_for_function(
            "() => window.CKEDITOR && CKEDITOR.instances.id_body"
            " && CKEDITOR.instances.id_body.status === 'ready'",
            timeout=20_000,
        )
        buttons = page.evaluate(
            """() => [...document.querySelectorAll('.cke_toolbox .cke_button, .cke_combo')]
                   .map(el => el.className)"""
        )
        offered = {
            re.search(r"cke_(?:button|combo)__(\w+)", name).group(1)
            for name in buttons
            if re.search(r"cke_(?:button|combo)__(\w+)", name)
        }
        assert offered == {name.lower() for name in TOOLBAR_OUTPUT}

        page.evaluate(
            "html => new Promise("
            "done => CKEDITOR.instances.id_body.setData(html, {callback: done}))",
            PASTED,
        )
        shown = page.evaluate("() => CKEDITOR.instances.id_body.getData()")
        browser.close()

    assert not errors, errors
    assert _shape(shown) == _shape(sanitize_html(shown))  # the editor holds nothing extra
    assert "alert" not in shown and "style=" not in shown
    for kept in ("<h2>", "<strong>qalın</strong>", 'href="https://senzor.az/"', "<iframe"):
        assert kept in shown, kept


def test_the_tag_field_suggests_the_tag_after_the_last_comma(live_server, editor_account):
    """The datalist first offers whole tags; once a comma is typed, our script
    (admin-tag-suggest.js) offers "what is typed, " + each tag not yet chosen."""
    from playwright.sync_api import sync_playwright

    from articles.models import Tag

    for name in ("Neft", "Qaz", "Cənubi Qafqaz"):
        Tag.objects.create(name=name)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        log_in(page, live_server, "leyla", PASSWORD)
        page.goto(live_server.url + "/admin/articles/article/add/", wait_until="load")
        field = page.locator("#id_tags")
        datalist_id = field.get_attribute("list")

        def offered():
            return page.eval_on_selector_all(
                f"#{datalist_id} option", "options => options.map(o => o.value)"
            )

        assert sorted(offered()) == ["Cənubi Qafqaz", "Neft", "Qaz"]
        field.press_sequentially("Neft, Q")
        assert sorted(offered()) == ["Neft, Cənubi Qafqaz", "Neft, Qaz"]
        browser.close()
    assert errors == []


def test_gallery_photos_are_reordered_with_buttons(live_server, editor_account):
    """The editor moves the last photo up twice with "↑": the "sıra" numbers follow,
    and the saved gallery is in the new order."""
    from playwright.sync_api import sync_playwright

    from articles.models import Article, Rubric

    from ..uploads import png_upload

    rubric = Rubric.objects.create(name="Cəmiyyət", slug="cemiyyet")
    article = Article.objects.create(title="Qalereya", body="<p>x</p>", rubric=rubric)
    for position in range(3):
        article.photos.create(
            image=png_upload(f"f{position}.png", size=(80, 60)),
            alt=f"Şəkil {position + 1}",
            position=position,
        )
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        log_in(page, live_server, "leyla", PASSWORD)
        page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
        rows = page.locator("#photos-group tr.form-row.has_original")
        rows.nth(2).locator("[data-gallery-move='-1']").click()
        page.keyboard.press("Enter")  # the focus stays on the button: move it again
        alts = rows.locator("td.field-alt input").evaluate_all("inputs => inputs.map(i => i.value)")
        assert alts == ["Şəkil 3", "Şəkil 1", "Şəkil 2"]
        positions = rows.locator("td.field-position input").evaluate_all(
            "inputs => inputs.map(i => i.value)"
        )
        assert positions == ["0", "1", "2"]
        page.locator("[name=_save]").click()
        page.wait_for_load_state()
        browser.close()
    assert [p.alt for p in article.photos.all()] == ["Şəkil 3", "Şəkil 1", "Şəkil 2"]
