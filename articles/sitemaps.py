"""Sitemaps for search engines: articles, rubrics, experts, the archive's days, and
Google News.

``/sitemap.xml`` is a sitemap index: it names one sitemap per section
(``/sitemap-articles.xml`` …) and, past ``limit`` addresses (50 000, the
protocol's maximum), its further pages (``?p=2`` …), which the page cache
keys by ``p``. Addresses are on ``SENZOR_SITE_URL`` when it is set, as
canonical links are, so that a sitemap fetched through another host name
still lists the public addresses.
"""

import math
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Exists, Max, Min, OuterRef, Subquery
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe

from experts.models import Expert

from .models import Article, Rubric, Tag, TaggedArticle
from .newsdesk import month_urls

# Articles per page of the articles sitemap, by id: /sitemap-articles.xml?p=3
# lists the public articles with ids 2001-3000, so a page never grows past this
# and never moves as the archive grows (new articles land on the last page).
ARTICLES_PER_SITEMAP_PAGE = 1000
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

    def get_domain_for(self, request):
        """The host the sitemap's addresses name for ``request``."""
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).netloc
        return request.get_host()

    def origin(self, request):
        """``scheme://host`` of the sitemap's addresses for ``request``."""
        return f"{self.get_protocol(request.scheme)}://{self.get_domain_for(request)}"


class IdRangePage:
    """One page of the articles sitemap: the public articles in one range of ids."""

    def __init__(self, object_list):
        self.object_list = object_list


class IdRangePaginator:
    """Pages of ``per_page`` ids, numbered from the oldest article.

    Django's own paginator counts every public article and reads a page with an
    ``OFFSET`` that walks every row before it; this one asks only for the
    lowest and highest ids (the primary key index's two ends) and reads a page as a range
    of the primary key, so each page costs the same at any archive size. A
    range in which nothing is public is an empty page, still a valid sitemap.
    """

    def __init__(self, queryset, per_page):
        self.queryset = queryset
        self.per_page = per_page

    @cached_property
    def _ids(self):
        """(the id just below page 1, the highest id): the primary key index's two ends.
        Pages start at the lowest id rounded down to a multiple of ``per_page``, so
        they stay put while articles are added."""
        ends = Article.objects.aggregate(lowest=Min("pk"), highest=Max("pk"))
        lowest, highest = ends["lowest"] or 1, ends["highest"] or 0
        return (lowest - 1) // self.per_page * self.per_page, highest

    @cached_property
    def num_pages(self):
        base, highest = self._ids
        return max(1, math.ceil((highest - base) / self.per_page))

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("Səhifə nömrəsi rəqəm deyil.") from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("Belə səhifə yoxdur.")
        low = self._ids[0] + (number - 1) * self.per_page
        return IdRangePage(
            self.queryset.filter(pk__gt=low, pk__lte=low + self.per_page).order_by("pk")
        )


class ArticleSitemap(SiteAddressSitemap):
    """Every public article, ``ARTICLES_PER_SITEMAP_PAGE`` ids a page; lastmod is its last edit."""

    limit = ARTICLES_PER_SITEMAP_PAGE

    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    @property
    def paginator(self):
        return IdRangePaginator(self._items(), self.limit)

    def get_latest_lastmod(self):
        # Django's default reads every item for it; the index goes without.
        return None

    def lastmod(self, article):
        return article.updated_at


def newest_publication(prefix):
    """The publication time of the newest public article of the outer row (a rubric,
    an expert), as a subquery served by that owner's list index: one index entry
    per row, where ``Max`` over a join read every article."""
    return Subquery(
        Article.objects.published()
        .filter(**{prefix: OuterRef("pk")})
        .order_by("-published_at", "-pk")
        .values("published_at")[:1]
    )


class RubricSitemap(SiteAddressSitemap):
    """Every rubric feed; lastmod is its newest public article."""

    def items(self):
        return Rubric.objects.annotate(last_published=newest_publication("rubric")).order_by(
            "menu_position", "name"
        )

    def lastmod(self, rubric):
        return rubric.last_published


class ExpertSitemap(SiteAddressSitemap):
    """Every expert page; lastmod is the later of the profile's edit and their newest article."""

    def items(self):
        return Expert.objects.annotate(last_published=newest_publication("expert")).order_by(
            "full_name", "pk"
        )

    def lastmod(self, expert):
        return max(filter(None, [expert.updated_at, expert.last_published]))


class ArchiveSitemap(SiteAddressSitemap):
    """The archive's months, from the first public article's to this one, newest first.

    Each month page is a calendar linking its days with news, so a crawler
    reaches every day from it. Months, not days: the days with news would be a
    ``DISTINCT`` over every public article (a full scan at a million), while
    the months need only the first public article's date, one index probe.
    Served by ``archive_sitemap``, not Django's sitemap view; the index counts
    its pages like the others'.
    """

    def items(self):
        first = (
            Article.objects.published()
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        if first is None:
            return []
        start, today = timezone.localtime(first).date(), timezone.localdate()
        months = []
        year, month = today.year, today.month
        while (year, month) >= (start.year, start.month):
            months.append(date(year, month, 1))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return months

    def locations(self):
        """Every month's address, newest first, for ``archive_sitemap``."""
        return month_urls(self.items())


class TagSitemap(SiteAddressSitemap):
    """Every tag page with a public article (others are 404).

    One ``EXISTS`` probe per tag, on the tag's own rows and their copy of when
    each article is public, as the tag page decides: no lastmod, which would
    read every article of a popular tag.
    """

    def items(self):
        carried = TaggedArticle.objects.filter(tag=OuterRef("pk")).public()
        return Tag.objects.filter(Exists(carried)).order_by("name", "pk")


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
    "tags": TagSitemap,
}


def sitemap_index(request, sitemaps):
    """/sitemap.xml: the sitemap index, one line per section page.

    Django's index view would read every article for a lastmod and count them
    all for the pages; this one reads the lowest and highest article ids and nothing else
    (a line per ``ARTICLES_PER_SITEMAP_PAGE`` articles), with the addresses on
    ``SENZOR_SITE_URL`` like the sitemaps themselves.
    """
    lines = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        path = reverse("portal:sitemap_section", kwargs={"section": section})
        base = f"{sitemap.origin(request)}{path}"
        # Escaped once per section: a page number adds nothing to escape.
        base = escape(base)
        lines.append(f"<sitemap><loc>{base}</loc></sitemap>")
        pages = sitemap.paginator.num_pages
        lines += [f"<sitemap><loc>{base}?p={page}</loc></sitemap>" for page in range(2, pages + 1)]
    # The lines are joined here rather than in a template loop: at a million
    # articles the index has a thousand of them, and this keeps them cheap.
    entries = "\n".join(lines)
    return render(
        request,
        "sitemaps/index.xml",
        {"entries": mark_safe(entries)},  # every location escaped above
        content_type="application/xml",
    )


def archive_sitemap(request):
    """/sitemap-archive.xml: one line per month of the archive.

    Django's sitemap view costs about 50 µs a line (a ``reverse()`` and a
    template loop each); the months grow with the archive's age (160 at a
    million articles), so here their addresses come from one ``reverse()`` and
    the lines are joined as the index's are.
    """
    sitemap = ArchiveSitemap()
    origin = escape(sitemap.origin(request))  # the month paths are digits and slashes
    lines = [f"<url><loc>{origin}{path}</loc></url>" for path in sitemap.locations()]
    return render(
        request,
        "sitemaps/urlset.xml",
        {"entries": mark_safe("\n".join(lines))},  # every location escaped above
        content_type="application/xml",
    )


NEWS_SITEMAPS = {"news": NewsSitemap}
