"""No submitted text runs as script in a real browser (Debian's chromium).

The payloads of tests/xss_payloads.py (the newsroom's sanitiser list and more
aimed at plain-text fields) are written into everything the newsroom types
that a reader's page shows: article titles, kickers, leads and bodies, an
expert's name, signature and bio, and the site settings printed in every
page's masthead and footer. Chromium then opens every page they reach,
home, rubric pages, article pages, the expert page, search and the 404 page:

- once with the Content-Security-Policy bypassed, so that escaping and the
  sanitiser alone are proven, and once as readers get it (with CSP);
- listening for ``alert``/``confirm``/``prompt`` dialogs, checking the
  ``window.__xss`` flag some payloads set, and reading the DOM for any script,
  event-handler attribute or ``javascript:`` URL that is not the site's own.
"""

import itertools
from urllib.parse import quote

import pytest
from django.contrib.auth.hashers import make_password

from articles.models import Article, Rubric
from experts.models import Expert
from portal.models import SiteSettings

from ..xss_payloads import XSS_PAYLOADS
from .chromium import launch, log_in, only_the_live_server

# serialized_rollback: the seeded site settings are back for every test, and after.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# Reads the DOM for anything that could run: scripts that are not the site's
# own files or JSON-LD data, on* attributes, javascript:/data: URLs, srcdoc.
FIND_EXECUTABLE = """
() => {
  const found = [];
  for (const script of document.querySelectorAll('script')) {
    const src = script.getAttribute('src');
    const isData = script.type === 'application/ld+json';
    const isOwn = src && new URL(src, location.href).origin === location.origin
      && new URL(src, location.href).pathname.startsWith('/static/');
    if (!isData && !isOwn) found.push('script: ' + script.outerHTML.slice(0, 120));
  }
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (name.startsWith('on')) found.push(element.tagName + ' ' + name);
      if (name === 'srcdoc') found.push(element.tagName + ' srcdoc');
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(name)
          && (value.startsWith('javascript:') || value.startsWith('data:text/html')))
        found.push(element.tagName + ' ' + name + '=' + value.slice(0, 40));
    }
  }
  for (const element of document.querySelectorAll('object, embed, base, meta[http-equiv]'))
    found.push('element: ' + element.outerHTML.slice(0, 120));
  if (window.__xss) found.push('window.__xss was set');
  return found;
}
"""


def _payloads():
    return itertools.cycle(XSS_PAYLOADS)


@pytest.fixture
def hostile_site(transactional_db):
    """Every reader-visible text field holding payloads; returns the pages to open."""
    payloads = _payloads()
    site = SiteSettings.load()
    for field in (
        "site_name",
        "tagline",
        "founder_and_editor",
        "phone",
        "copyright_line",
        "attribution_sentence",
    ):
        limit = SiteSettings._meta.get_field(field).max_length
        setattr(site, field, next(payloads)[:limit])
    site.email = 'x@senzor.az"><img src=x onerror=alert(1)>'
    site.advertising_email = "javascript:alert(1)//@senzor.az"
    site.save()

    rubric = Rubric.objects.create(name="Siyasət <img src=x onerror=alert(1)>", slug="siyaset")
    expert = Expert.objects.create(
        full_name="<svg onload=alert(1)> Ekspert",
        signature="<script>alert(1)</script> imza",
        bio="\n\n".join(XSS_PAYLOADS),
    )
    articles = []
    for number, payload in enumerate(XSS_PAYLOADS):
        articles.append(
            Article.objects.create(
                title=f"{payload} {number}",
                kicker=payload[:240],
                lead=payload,
                body=f"<p>Mətn</p>{payload}<p>{next(payloads)}</p>",
                rubric=rubric,
                expert=expert,
                status=Article.Status.PUBLISHED,
            )
        )
    pages = ["/", rubric.get_absolute_url(), expert.get_absolute_url()]
    pages += [f"{rubric.get_absolute_url()}?page={n}" for n in range(2, 6)]
    pages += [a.get_absolute_url() for a in articles]
    pages += [f"/axtar/?q={quote(p)}" for p in XSS_PAYLOADS[:10]]
    pages += ["/axtar/?q=alert", "/" + quote("<script>alert(1)</script>") + "/"]
    return pages


def _visit_all(live_server, pages, *, bypass_csp):
    """Open every page in chromium; return (dialogs, findings, csp_violations)."""
    from playwright.sync_api import sync_playwright

    dialogs, findings, violations = [], [], []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(bypass_csp=bypass_csp, java_script_enabled=True)
        page = context.new_page()
        # Nothing leaves the machine: any request elsewhere is refused.
        page.route("**/*", only_the_live_server(live_server))
        current = {"url": None}

        def on_dialog(dialog):
            dialogs.append(f"{current['url']}: {dialog.type} {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on(
            "console",
            lambda message: (
                violations.append(f"{current['url']}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        for path in pages:
            current["url"] = path
            page.goto(live_server.url + path, wait_until="load")
            page.wait_for_timeout(50)  # let onerror/onload handlers fire, if any exist
            findings += [f"{path}: {item}" for item in page.evaluate(FIND_EXECUTABLE)]
        browser.close()
    return dialogs, findings, violations


def test_no_payload_runs_even_with_the_content_security_policy_bypassed(live_server, hostile_site):
    dialogs, findings, _ = _visit_all(live_server, hostile_site, bypass_csp=True)
    assert not dialogs, dialogs[:5]
    assert not findings, findings[:10]


def test_as_readers_get_it_no_payload_runs_and_nothing_trips_the_policy(live_server, hostile_site):
    dialogs, findings, violations = _visit_all(live_server, hostile_site, bypass_csp=False)
    assert not dialogs, dialogs[:5]
    assert not findings, findings[:10]
    # A violation would mean some inline script or handler reached the page and
    # only the policy stopped it: the escaping layer must stop it first.
    assert not violations, violations[:5]


def test_the_admin_renders_payloads_as_text_too(live_server, hostile_site):
    """The newsroom's own screens: the article list and change form with payloads."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.create(
        username="baş",
        password=make_password("Baş-redaktor-2026"),
        is_staff=True,
        is_superuser=True,
    )
    article = Article.objects.order_by("pk").first()
    admin_pages = ["/admin/articles/article/", f"/admin/articles/article/{article.pk}/change/"]
    admin_pages += ["/admin/experts/expert/", "/admin/portal/sitesettings/1/change/"]

    from playwright.sync_api import sync_playwright

    dialogs = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        log_in(page, live_server, "baş", "Baş-redaktor-2026")
        for path in admin_pages:
            page.goto(live_server.url + path, wait_until="load")
            page.wait_for_timeout(300)
            assert page.evaluate("() => !window.__xss"), path
        browser.close()
    assert not dialogs, dialogs[:5]
