"""Drafts never leak: nothing the newsroom has not published reaches a reader.

Draft, in-review and scheduled articles (with an image, an expert, a kicker,
a lead and many views) are created beside a published one. Then every public
URL pattern, found by walking the URL configuration (home with "Ən çox
oxunanlar", rubric feeds, article pages, search, RSS, sitemaps, expert pages,
robots.txt, previews and whatever is added later), is requested as an
anonymous reader with every slug and number the test knows, and with the
hidden articles' words as search queries. No response, 404 pages included,
may carry a hidden article's title, kicker, lead, body, slug or image name,
in HTML, JSON-LD or XML.

A positive control proves the scan sees what is there: the published
article's marker is found on the surfaces that list it.
"""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article, ArticleDailyViews, Tag, TopStory
from articles.sitemaps import SITEMAPS
from experts.models import Expert

from .pages import soup

pytestmark = pytest.mark.django_db

NOT_PUBLIC_PREFIXES = ("admin/", "ckeditor/", "^media/")
# The published control article's title word, and as its slug spells it.
CONTROL_MARKERS = {"görünənmarker", "gorunenmarker"}
# Surfaces that list the latest published articles: the control must find it there.
LISTING_SURFACES = {
    "articles:home",
    "articles:rubric",
    "articles:feed",
    "articles:rubric_feed",
    "articles:search",
    "articles:tag",
    "experts:detail",
    "portal:sitemap_section",
    "portal:news_sitemap",
    "articles:news_feed",
    "articles:rubric_news_feed",
    "articles:archive_day",
}
DATE_PARTS = ("year", "month", "day")


def public_routes(resolver=None, namespace=""):
    """Yield (name, pattern) for every public URL pattern, walking includes."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if str(pattern.pattern).startswith(NOT_PUBLIC_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from public_routes(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern


def _png(name):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class Hidden:
    """A not-yet-public article and the strings that would betray it."""

    def __init__(self, article):
        self.article = article
        stem = article.image.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] if article.image else ""
        self.markers = {m for m in (article.slug, stem) if m}
        self.markers |= set(re.findall(r"\w*sirr\w*", article.title + article.kicker, re.I))
        self.markers |= set(re.findall(r"\w*sirr\w*", article.lead + article.body, re.I))
        self.markers |= {tag.slug for tag in article.tags.all() if "sirr" in tag.slug}
        self.markers |= {"sirrVideo01"} if article.video_url else set()
        self.markers |= {
            photo.image.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] for photo in article.photos.all()
        }

    def found_in(self, text):
        lowered = text.lower()
        return sorted(marker for marker in self.markers if marker.lower() in lowered)


@pytest.fixture
def newsroom(make_article, lead_rubric, politics, expert):
    """One published article and three hidden ones, sharing rubric and expert."""
    shy_expert = Expert.objects.create(full_name="Gizli Ekspertov", signature="şərhçi")
    published = make_article(
        title="Açıq xəbər görünənmarker",
        kicker="hamı oxuya bilər",
        rubric=politics,
        expert=expert,
    )
    # A tag the published and the hidden articles share ("Oxşar xəbərlər", the
    # tag page and its count must leave the hidden ones out).
    published.tags.add("Ortaq mövzu")
    hidden = []
    for status, published_at, word in [
        (Article.Status.DRAFT, None, "qaralama"),
        (Article.Status.REVIEW, None, "yoxlama"),
        (Article.Status.PUBLISHED, timezone.now() + timedelta(days=2), "planlı"),
    ]:
        article = make_article(
            title=f"Başlıq {word}sirrtitle",
            kicker=f"{word}sirrkicker",
            lead=f"Xülasə {word}sirrlead.",
            body=f"<p>Mətn {word}sirrbody.</p>",
            rubric=politics,
            expert=expert,
            status=status,
            published_at=published_at,
            image=_png(f"{word}sirrimage.png"),
            image_alt="Gizli şəkil",
            # Marked urgent and put on the manşet: neither the strip nor the front page
            # may show it before readers can see the article itself.
            is_urgent=True,
            urgent_until=timezone.now() + timedelta(days=3),
            video_url="https://www.youtube.com/watch?v=sirrVideo01",
        )
        TopStory.objects.create(article=article, position=len(hidden))
        # Its own tag (whose page must not exist) and one it shares with the published.
        article.tags.add(f"{word}sirrtag", "Ortaq mövzu")
        article.photos.create(image=_png(f"{word}sirrgallery.png"), alt="Gizli qalereya")
        hidden.append(Hidden(article))
    hidden.append(
        Hidden(
            make_article(
                title="Ekspertin yeganə sirrexpertonly yazısı",
                rubric=lead_rubric,
                expert=shy_expert,
                status=Article.Status.DRAFT,
            )
        )
    )
    # Hidden articles "most read" (as if read before being taken back, or in
    # preview): the "Ən çox oxunanlar" block must still leave them out.
    ArticleDailyViews.objects.bulk_create(
        ArticleDailyViews(article=h.article, day=timezone.localdate(), views=10_000) for h in hidden
    )
    ArticleDailyViews.objects.create(article=published, day=timezone.localdate(), views=1)
    return {"published": published, "hidden": hidden, "experts": [expert, shy_expert]}


def _candidate_kwargs(name, pattern, newsroom):
    """Every kwargs combination the route could take with what the test made."""
    articles = [newsroom["published"], *(h.article for h in newsroom["hidden"])]
    values = {
        "slug": sorted(
            {a.slug for a in articles}
            | {a.rubric.slug for a in articles}
            | {e.slug for e in newsroom["experts"]}
            | set(Tag.objects.values_list("slug", flat=True))
        ),
        "pk": [a.pk for a in articles],
        "section": sorted(SITEMAPS),
    }
    keys = list(pattern.pattern.converters) or list(pattern.pattern.regex.groupindex)
    if not keys:
        return [{}]
    if set(keys) <= set(DATE_PARTS):
        # The archive: the days (Baku time) of every article, hidden ones included.
        days = {timezone.localdate(a.published_at) for a in articles if a.published_at}
        days.add(timezone.localdate())
        combinations = {tuple((part, getattr(day, part)) for part in keys) for day in days}
        return [dict(parts) for parts in sorted(combinations)]
    unknown = set(keys) - set(values)
    assert not unknown, f"{name}: teach test_draft_leaks the parameters {unknown}"
    assert len(keys) == 1, f"{name}: teach test_draft_leaks routes with several parameters"
    return [{keys[0]: value} for value in values[keys[0]]]


def reader_responses(newsroom):
    """(url, response) for every public surface, as an anonymous reader sees it."""
    reader = Client(raise_request_exception=False)
    words = [""] + [m for h in newsroom["hidden"] for m in sorted(h.markers)]
    words.append("görünənmarker")
    for name, pattern in public_routes():
        for kwargs in _candidate_kwargs(name, pattern, newsroom):
            try:
                path = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            for word in words if not kwargs else [""]:
                url = f"{path}?q={word}" if word else path
                yield name, url, word, reader.get(url)


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def test_no_hidden_article_appears_on_any_public_surface(newsroom, admin_client):
    # The newsroom previews its drafts first: their pages must not end up
    # in a cache that readers are served from.
    for hidden in newsroom["hidden"]:
        admin_client.get(f"/onizleme/{hidden.article.pk}/")
        admin_client.get(hidden.article.get_absolute_url())

    seen_published_on = set()
    checked = 0
    for name, url, query, response in reader_responses(newsroom):
        assert response.status_code < 500, f"{url}: {response.status_code}"
        # A search page repeats the reader's own query; that is not a leak. A
        # leaked result still shows the article's other words (title, slug).
        body = _body(response).replace(query, "") if query else _body(response)
        checked += 1
        for hidden in newsroom["hidden"]:
            leaked = hidden.found_in(body)
            assert not leaked, f"{url} shows {hidden.article.status} article: {leaked}"
        if CONTROL_MARKERS & set(re.findall(r"\w+", body.lower())):
            seen_published_on.add(name)

    assert checked > 20
    expected = {name for name, _ in public_routes()} & LISTING_SURFACES
    missing = expected - seen_published_on
    assert not missing, f"the control article is missing from {missing}: the scan is blind"


def test_hidden_article_addresses_are_the_sites_404(newsroom):
    reader = Client()
    for hidden in newsroom["hidden"]:
        for url in (hidden.article.get_absolute_url(), f"/onizleme/{hidden.article.pk}/"):
            response = reader.get(url)
            assert response.status_code in (404, 302), url
            if response.status_code == 404:
                assert "Səhifə tapılmadı" in soup(response).get_text(), url


def test_an_article_taken_back_to_draft_disappears_from_pages_already_read(newsroom):
    article = newsroom["published"]
    reader = Client()
    warm = [
        "/",
        article.get_absolute_url(),
        article.rubric.get_absolute_url(),
        article.expert.get_absolute_url(),
    ]
    for url in warm:
        assert "görünənmarker" in reader.get(url).content.decode().lower(), url

    article.status = Article.Status.DRAFT
    article.save()

    for url in warm:
        response = reader.get(url)
        assert "görünənmarker" not in _body(response).lower(), f"{url} still shows it"
    assert reader.get(article.get_absolute_url()).status_code == 404
