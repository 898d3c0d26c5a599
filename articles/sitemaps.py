"""Sitemaps for search engines: articles, rubrics, experts, the archive's days, and
Google News.

``/sitemap.xml`` is a sitemap index: it names one sitemap per section
(``/sitemap-articles.xml`` …) and, past ``limit`` addresses (50 000, the
protocol's maximum), its further pages (``?p=2`` …), which the page cache
keys by ``p``. Addresses are on ``SENZOR_SITE_URL`` when it is set, as
canonical links are, so that a sitemap fetched through another host name
still lists the public addresses.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sites.requests import RequestSite
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from experts.models import Expert

from .models import Article, Rubric, visible_to_readers
from .newsdesk import day_url

# Google News reads only articles of the last two days, at most 1 000 of them.
NEWS_WINDOW_DAYS = 2
NEWS_MAX_URLS = 1000


class SiteAddressSitemap(Sitemap):
    """A sitemap whose addresses use ``SENZOR_SITE_URL`` when it is set."""

    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).netloc
        return super().get_domain(site)


class ArticleSitemap(SiteAddressSitemap):
    """Every public article; lastmod is its last edit."""

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, article):
        return article.updated_at


class RubricSitemap(SiteAddressSitemap):
    """Every rubric feed; lastmod is its newest public article."""

    def items(self):
        return Rubric.objects.annotate(
            last_published=Max(
                "articles__published_at", filter=visible_to_readers(prefix="articles__")
            )
        ).order_by("menu_position", "name")

    def lastmod(self, rubric):
        return rubric.last_published


class ExpertSitemap(SiteAddressSitemap):
    """Every expert page; lastmod is the later of the profile's edit and their newest article."""

    def items(self):
        return Expert.objects.annotate(
            last_published=Max(
                "articles__published_at", filter=visible_to_readers(prefix="articles__")
            )
        ).order_by("full_name", "pk")

    def lastmod(self, expert):
        return max(filter(None, [expert.updated_at, expert.last_published]))


class ArchiveSitemap(SiteAddressSitemap):
    """Every day with public articles: its archive page (/arxiv/YYYY/MM/DD/), newest first."""

    def items(self):
        return Article.objects.published().datetimes("published_at", "day", order="DESC")

    def location(self, day):
        return day_url(day.date())


class NewsSitemap(SiteAddressSitemap):
    """Google News: public articles of the last two days, newest first, at most 1 000."""

    limit = NEWS_MAX_URLS

    def items(self):
        since = timezone.now() - timedelta(days=NEWS_WINDOW_DAYS)
        recent = Article.objects.published().filter(published_at__gte=since)
        return recent.only("slug", "title", "published_at").order_by("-published_at")[
            :NEWS_MAX_URLS
        ]


SITEMAPS = {
    "articles": ArticleSitemap,
    "rubrics": RubricSitemap,
    "experts": ExpertSitemap,
    "archive": ArchiveSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}


def sitemap_index(request, sitemaps):
    """The sitemap index: every page of every section, on the site's address.

    Django's own ``index`` view builds addresses from the request's host; this
    one uses the sections' ``get_protocol``/``get_domain`` like their entries.
    """
    entries = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        address = (
            f"{sitemap.get_protocol(request.scheme)}://{sitemap.get_domain(RequestSite(request))}"
            f"{reverse('portal:sitemap_section', kwargs={'section': section})}"
        )
        for page in sitemap.paginator.page_range:
            entries.append(SitemapIndexItem(address if page == 1 else f"{address}?p={page}", None))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
