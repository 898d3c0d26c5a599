"""No English and no wrong Azerbaijani on any admin screen a newsroom member can reach.

Each role (author, editor, chief editor) and the superuser log in and walk the
admin from its index: every list and each of its filters, the add form, an
object's form, its history, an earlier version, the comparison of two
versions, the delete confirmation, each list action, the password change; the
login form and the lockout page are seen by a visitor. Each screen's visible
text (and the words in its buttons, titles and placeholders) is searched for
the English words below and for the Azerbaijani mistakes the newsroom
reported. A second test checks the catalogues themselves: every message of
Django's admin and auth, django-axes and django-reversion has an Azerbaijani
translation that differs from the English one.
"""

import ast
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import axes
import django
import polib
import pytest
import reversion
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from articles import workflow
from articles.models import Article, TopStory
from core.azerbaijani import az_lower

from .pages import soup

pytestmark = pytest.mark.django_db

# Words of the English interface (Django, django-axes, django-reversion,
# django-ckeditor) that must not reach an Azerbaijani screen. Matched as whole
# words, case-insensitively.
ENGLISH_WORDS = [
    "access",
    "action",
    "add",
    "all",
    "are you sure",
    "attempt",
    "attempts",
    "by",
    "cancel",
    "change",
    "changed",
    "choose",
    "clear",
    "close",
    "comment",
    "compare",
    "currently",
    "date",
    "delete",
    "deleted",
    "failures",
    "filter",
    "go",
    "groups",
    "history",
    "home",
    "log in",
    "log out",
    "logs",
    "no",
    "now",
    "password",
    "permissions",
    "previous version",
    "recover",
    "remove",
    "revert",
    "reverted",
    "save",
    "saved on",
    "search",
    "select",
    "selected",
    "show",
    "site administration",
    "the",
    "to",
    "today",
    "user",
    "username",
    "users",
    "view",
    "welcome",
    "yes",
]

# Azerbaijani that Django's own catalogue gets wrong, as the newsroom met it.
WRONG_AZERBAIJANI = [
    "Ən az 150 simvol",  # "at most 150 characters" said as "at least"
    "çox bənzərdir",  # a rule written as a statement
    "bilərsiz",  # for "bilərsiniz"
    "-dan/dən",
    "ədədi seçilib",
    "Yığışdırılma",
    "administrasiya",
    "Administrasiya",
]

# A dotless capital I where İ belongs ("Istifadəçilər"), and a month name with a
# capital inside a date ("27 Noyabr"; the site writes "27 noyabr").
WRONG_PATTERNS = re.compile(
    r"\bI(stifadə|cazə|mza|darə|nformasiya|ş\b|ctimai|stinad)"
    r"|\b\d+ (istifadəçilər|məqalələr|rubrikalar|ekspertlər|qruplar)\b"  # "12 məqalə"
    r"|\d (Yanvar|Fevral|Mart|Aprel|May|İyun|İyul|Avqust|Sentyabr|Oktyabr|Noyabr|Dekabr)\b"
)
ENGLISH = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH_WORDS) + r")\b", re.I)

# Attributes whose words a newsroom member reads or hears.
READ_ATTRIBUTES = ["title", "placeholder", "aria-label", "alt"]


def screen_words(response):
    """What a member reads on a page: its text, its button labels and its titles;
    not scripts, styles, the text being edited or technical values."""
    page = soup(response)
    for hidden in page.select("script, style, textarea, noscript, template"):
        hidden.decompose()
    parts = [page.title.get_text() if page.title else ""]
    body = page.body or page
    parts.append(body.get_text(" "))
    for element in body.find_all(True):
        parts += [element.get(name, "") for name in READ_ATTRIBUTES]
        if element.name == "input" and element.get("type") in {"submit", "button"}:
            parts.append(element.get("value", ""))
    return " ".join(" ".join(str(part) for part in parts).split())


def mistakes_on(response):
    """The English words and wrong Azerbaijani on a page, each with its context."""
    text = screen_words(response)
    found = sorted({_in_context(text, match) for match in ENGLISH.finditer(text)})
    found += [wrong for wrong in WRONG_AZERBAIJANI if wrong in text]
    found += sorted({_in_context(text, match) for match in WRONG_PATTERNS.finditer(text)})
    return found


def _in_context(text, match):
    return f"{match.group(0)} («{text[max(0, match.start() - 40) : match.end() + 40]}»)"


class Walk:
    """A member's walk through the admin, page by page, recording the mistakes met."""

    def __init__(self, client):
        self.client = client
        self.seen = set()
        self.mistakes = {}
        self.pages = 0
        self.texts = []

    def visit(self, url, follow_links=True, came_from=None):
        if url in self.seen:
            return None
        self.seen.add(url)
        response = self.client.get(url)
        if response.status_code in (301, 302):
            return None
        if response.status_code == 403:
            self.mistakes[url] = [f"a link on {came_from} that leads to «403»"]
            return None
        assert response.status_code == 200, (url, response.status_code)
        self.check(url, response)
        if follow_links and response.status_code == 200:
            for link in self.links_on(url, response):
                self.visit(link, follow_links=not urlsplit(link).query, came_from=url)
        return response

    def check(self, url, response):
        self.pages += 1
        if "text/html" in response.get("Content-Type", ""):
            self.texts.append(screen_words(response))
            found = mistakes_on(response)
            if found:
                self.mistakes[url] = found

    def links_on(self, url, response):
        admin = "/" + settings.SENZOR_ADMIN_URL
        for anchor in soup(response).select("a[href]"):
            link = urljoin(url, anchor["href"]).split("#")[0]
            path, query = urlsplit(link).path, urlsplit(link).query
            if not path.startswith(admin) or link.startswith(admin + "r/"):
                continue  # the public site, or "view on site"
            if "logout" in path or "jsi18n" in path or "autocomplete" in path:
                continue
            if query.startswith("o=") or "&o=" in query or "_popup" in query:
                continue  # sorting the same list again
            yield link

    def take_actions(self, changelist, model_pks):
        """Each list action on the first row: its confirmation, or its result."""
        response = self.client.get(changelist)
        for option in soup(response).select("select[name=action] option"):
            if not option["value"]:
                continue
            result = self.client.post(
                changelist,
                {"action": option["value"], "_selected_action": model_pks[:1]},
                follow=True,
            )
            self.check(f"{changelist} action {option['value']}", result)


@pytest.fixture
def newsroom(make_article, author, editor, chief_editor, expert, economy):
    """A newsroom with some history: drafts, one in review, published, scheduled."""
    draft = make_article(title="Qaralama məqalə", status=Article.Status.DRAFT, author=author)
    draft.title = "Qaralama məqalə, ikinci variant"
    workflow.submit_for_review(draft, by=author)
    workflow.unpublish(draft, by=editor)
    make_article(title="Yoxlamadakı məqalə", status=Article.Status.REVIEW, author=author)
    make_article(title="Dərc olunmuş məqalə", author=editor, expert=expert, rubric=economy)
    make_article(
        title="Planlaşdırılmış məqalə",
        published_at=timezone.now() + timezone.timedelta(days=1),
        author=editor,
    )
    deleted = make_article(title="Silinmiş məqalə", author=editor)
    deleted.delete()
    TopStory.objects.create(article=Article.objects.get(title="Dərc olunmuş məqalə"))
    return draft


def _walk(user, article=None):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    walk = Walk(client)
    admin = "/" + settings.SENZOR_ADMIN_URL
    walk.visit(admin)
    walk.visit(admin + "password_change/", follow_links=False)
    walk.visit(admin + "password_change/done/", follow_links=False)
    # The site settings' list redirects to their one row, and a walk follows no redirect.
    if user.has_perm("portal.view_sitesettings"):
        walk.visit(reverse("admin:portal_sitesettings_change", args=[1]))
    if article is not None:
        # The comparison of two versions is reached through a form, not a link.
        versions = Version.objects.get_for_object(article).order_by("pk")
        compare = reverse("admin:articles_article_compare", args=[article.pk])
        walk.visit(f"{compare}?a={versions.first().pk}&b={versions.last().pk}")
    for model, path in [(Article, "articles/article/")]:
        pks = list(model.objects.values_list("pk", flat=True))
        walk.take_actions(admin + path, [str(pk) for pk in pks])
    return walk


@pytest.mark.parametrize("role", ["author", "editor", "chief_editor", "admin_user"])
def test_every_admin_screen_a_member_reaches_is_in_azerbaijani(request, newsroom, role):
    user = request.getfixturevalue(role)
    walk = _walk(user, article=newsroom)
    assert walk.pages > 20, walk.seen
    assert walk.mistakes == {}, _summary(walk.mistakes)


def _summary(mistakes):
    """Each mistake once, with the first page it was met on."""
    first_seen = {}
    for url, found in mistakes.items():
        for mistake in found:
            first_seen.setdefault(mistake, url)
    return "\n".join(f"{mistake!r} on {url}" for mistake, url in first_seen.items())


def test_the_chief_editor_reaches_users_lockouts_and_versions(newsroom, chief_editor):
    walk = _walk(chief_editor, article=newsroom)
    reached = " ".join(walk.seen)
    for screen in [
        "auth/user/add/",
        "axes/accessattempt/",
        "/history/",
        "/history/compare/",
        "/recover/",
        "/password/",
        "/delete/",
    ]:
        assert screen in reached, screen


def _guide_terms():
    """The words in *italics* in docs/newsroom.md's newsroom guide (a path "A → B" is two)."""
    guide = (Path(settings.BASE_DIR) / "docs" / "newsroom.md").read_text()
    guide = guide[guide.index("### Newsroom guide") : guide.index("### Everyday commands")]
    terms = []
    for italic in re.findall(r"(?<![*\w])\*([^*\n]+(?:\n[^*\n]+)?)\*(?![*\w])", guide):
        terms += [" ".join(part.split()) for part in italic.split("→")]
    return terms


def test_the_newsroom_guide_uses_the_words_on_the_screens(newsroom, author, admin_user):
    seen = " ".join(_walk(author, article=None).texts + _walk(admin_user, article=newsroom).texts)
    seen = az_lower(seen)
    terms = _guide_terms()
    assert len(terms) > 30
    assert [term for term in terms if az_lower(term) not in seen] == []


def test_login_failed_login_and_lockout_pages_are_in_azerbaijani(author):
    visitor = Client(REMOTE_ADDR="198.51.100.40")
    login = "/" + settings.SENZOR_ADMIN_URL + "login/"
    assert mistakes_on(visitor.get(login)) == []
    failed = visitor.post(login, {"username": "aysel", "password": "yanlış-parol-123"})
    assert failed.status_code == 200
    assert "düzgün istifadəçi adı və şifrəsini" in screen_words(failed)
    assert mistakes_on(failed) == []
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = visitor.post(login, {"username": "aysel", "password": "yanlış-parol-123"})
    assert locked.status_code == 429
    assert mistakes_on(locked) == []


def test_the_new_colleague_form_explains_its_rules_in_azerbaijani(admin_client):
    page = screen_words(admin_client.get("/" + settings.SENZOR_ADMIN_URL + "auth/user/add/"))
    assert "Ən çox 150 simvol" in page
    assert "Şifrə digər şəxsi məlumatlarınıza çox bənzəməməlidir." in page


# --- The catalogues -----------------------------------------------------------

# Messages whose Azerbaijani is the same as the English.
SAME_IN_AZERBAIJANI = {"%(class_name)s %(instance)s", "May", "Mar", "Apr", "IP Address"}


def _django_messages(app, domain):
    catalogue = Path(django.__file__).parent / "contrib" / app / "locale" / "en" / "LC_MESSAGES"
    return list(polib.pofile(str(catalogue / f"{domain}.po")))


def _package_messages(package):
    """The messages of a package without an English catalogue: those its Python code
    marks (``_("…")``), and those its Russian catalogue lists (its templates')."""
    root = Path(package.__file__).parent
    found = {}
    for source in root.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") in {"_", "gettext", "gettext_lazy"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found[node.args[0].value] = polib.POEntry(msgid=node.args[0].value)
    for entry in polib.pofile(str(root / "locale" / "ru" / "LC_MESSAGES" / "django.po")):
        found.setdefault(entry.msgid, entry)
    return list(found.values())


def _untranslated(entries):
    missing = []
    with translation.override("az"):
        for entry in entries:
            if entry.msgid in SAME_IN_AZERBAIJANI or not entry.msgid:
                continue
            if entry.msgid_plural:
                translated = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
                english = entry.msgid_plural
            elif entry.msgctxt:
                translated = translation.pgettext(entry.msgctxt, entry.msgid)
                english = entry.msgid
            else:
                translated = translation.gettext(entry.msgid)
                english = entry.msgid
            if translated == english:
                missing.append(entry.msgid)
    return missing


@pytest.mark.parametrize(
    "messages",
    [
        pytest.param(lambda: _django_messages("admin", "django"), id="django admin"),
        pytest.param(lambda: _django_messages("auth", "django"), id="django auth"),
        pytest.param(lambda: _package_messages(axes), id="django-axes"),
        pytest.param(lambda: _package_messages(reversion), id="django-reversion"),
    ],
)
def test_every_message_of_the_admin_packages_is_translated(messages):
    assert _untranslated(messages()) == []


def test_the_admin_scripts_catalogue_is_translated(admin_client):
    from django.views.i18n import JavaScriptCatalog

    catalogue = JavaScriptCatalog(domain="djangojs", packages=["django.contrib.admin"])
    with translation.override("az"):
        catalogue.translation = translation.trans_real.DjangoTranslation("az", domain="djangojs")
        translated = catalogue.get_catalog()
    missing = [
        entry.msgid
        for entry in _django_messages("admin", "djangojs")
        if entry.msgid not in SAME_IN_AZERBAIJANI
        and not entry.msgctxt
        and translated.get(entry.msgid) in (None, entry.msgid)
    ]
    assert missing == []


def test_the_committed_catalogues_are_compiled_from_their_sources():
    """The .mo files are committed (no gettext tools needed to install); they
    must say exactly what the .po files say."""
    for source in Path(settings.BASE_DIR, "locale").rglob("*.po"):
        compiled = polib.mofile(str(source.with_suffix(".mo")))
        written = polib.pofile(str(source))
        as_compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in compiled}
        for entry in written.translated_entries():
            key = (entry.msgctxt, entry.msgid)
            assert key in as_compiled, (source.name, entry.msgid)
            msgstr, plurals = as_compiled[key]
            if entry.msgid_plural:
                assert {int(k): v for k, v in plurals.items()} == {
                    int(k): v for k, v in entry.msgstr_plural.items()
                }, entry.msgid
            else:
                assert msgstr == entry.msgstr, entry.msgid
