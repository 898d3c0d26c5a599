"""Sitemaps for search engines: articles, rubrics, experts and tags, and Google News.

Addresses are on ``SENZOR_SITE_URL`` when it is set, as canonical links are,
so that a sitemap fetched through another host name still lists the public
addresses.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone

from experts.models import Expert

from .models import Article, Rubric, Tag, visible_to_readers

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


class TagSitemap(SiteAddressSitemap):
    """Every tag page with a public article (others are 404); lastmod is its newest article."""

    def items(self):
        prefix = "tagged_articles__content_object__"
        newest = Max(f"{prefix}published_at", filter=visible_to_readers(prefix=prefix))
        return (
            Tag.objects.annotate(last_published=newest)
            .filter(last_published__isnull=False)
            .order_by("name", "pk")
        )

    def lastmod(self, tag):
        return tag.last_published


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
    "tags": TagSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}
