"""An editor's typed text survives a save that meets the database down.

The save answers with the site's 503 page and the form is gone; the article
form kept a copy in the browser (static/js/article-draft.js), and opening the
form again puts the text back and says so. Once a save succeeds the copy is
forgotten.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import OperationalError

from articles.admin import ArticleAdmin

from .chromium import launch, log_in, only_the_live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Redaktorun-parolu-2026"
TYPED_TITLE = "Yeni başlıq: Şəki yolunda təmir işləri"
TYPED_PARAGRAPH = "Bu abzası redaktor baza işləmədiyi anda yazdı, itməməlidir."
EDITOR_READY = (
    "() => window.CKEDITOR && CKEDITOR.instances.id_body"
    " && CKEDITOR.instances.id_body.status === 'ready'"
)


@pytest.fixture
def editor_account(transactional_db):
    user = get_user_model().objects.create(
        username="leyla", password=make_password(PASSWORD), is_staff=True
    )
    user.groups.add(Group.objects.get(name="Redaktor"))
    return user


def test_typed_text_comes_back_after_a_save_that_met_the_database_down(
    live_server, editor_account, make_article, monkeypatch
):
    from playwright.sync_api import sync_playwright

    article = make_article(title="Köhnə başlıq", body="<p>Köhnə mətn.</p>")
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    def database_down(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.route("**/*", only_the_live_server(live_server))
        log_in(page, live_server, "leyla", PASSWORD)

        page.goto(change_url, wait_until="load")
        page.wait_for_function(EDITOR_READY, timeout=20_000)
        page.fill("#id_title", TYPED_TITLE)
        page.evaluate(
            "text => new Promise(done => CKEDITOR.instances.id_body.setData("
            "'<p>' + text + '</p>', {callback: () => {"
            "CKEDITOR.instances.id_body.fire('change'); done();}}))",
            TYPED_PARAGRAPH,
        )
        page.wait_for_timeout(800)  # the copy is written half a second after typing

        monkeypatch.setattr(ArticleAdmin, "changeform_view", database_down)
        page.click("[name=_save]")
        page.wait_for_load_state("load")
        assert "Sayt müvəqqəti əlçatan deyil" in page.content()
        monkeypatch.undo()

        page.goto(change_url, wait_until="load")
        page.wait_for_function(EDITOR_READY, timeout=20_000)
        page.wait_for_selector("#article-draft-restored", timeout=10_000)
        assert page.input_value("#id_title") == TYPED_TITLE
        page.wait_for_function(
            "text => CKEDITOR.instances.id_body.getData().includes(text)",
            arg=TYPED_PARAGRAPH,
            timeout=10_000,
        )

        page.click("[name=_save]")
        page.wait_for_selector(".messagelist .success")

        page.goto(change_url, wait_until="load")
        page.wait_for_function(EDITOR_READY, timeout=20_000)
        page.wait_for_timeout(300)
        restored_again = page.query_selector("#article-draft-restored")
        browser.close()

    article.refresh_from_db()
    assert article.title == TYPED_TITLE
    assert TYPED_PARAGRAPH in article.body
    assert restored_again is None  # the copy was forgotten once the save succeeded


UPLOAD_FROM_THE_EDITOR = """async () => {
  const editor = CKEDITOR.instances.id_body;
  const canvas = document.createElement('canvas');
  canvas.width = 40; canvas.height = 20;
  const blob = await new Promise(done => canvas.toBlob(done, 'image/png'));
  const loader = editor.uploadRepository.create(blob, 'sekil.png');
  return await new Promise(done => {
    loader.on('uploaded', () => done({uploaded: true, url: loader.url}));
    loader.on('error', () => done({uploaded: false, message: loader.message}));
    loader.upload(editor.config.filebrowserUploadUrl);
  });
}"""


def test_an_image_uploaded_from_the_editor_passes_the_csrf_check(live_server, editor_account):
    """The upload view checks CSRF; CKEditor sends the token it needs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.route("**/*", only_the_live_server(live_server))
        log_in(page, live_server, "leyla", PASSWORD)
        page.goto(live_server.url + "/admin/articles/article/add/", wait_until="load")
        page.wait_for_function(EDITOR_READY, timeout=20_000)
        result = page.evaluate(UPLOAD_FROM_THE_EDITOR)
        browser.close()

    assert result["uploaded"], result
    assert "/media/editor/" in result["url"]
