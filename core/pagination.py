"""Paginated public lists: page numbers for readers, rel=prev/next for crawlers."""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

# A feed offers at most this many pages: counting a rubric of 250 000 articles
# (or reading page 25 000 of it, an OFFSET walks every row before it) would
# cost more with each article written. Older articles stay reachable through
# search and the sitemaps, which list every one.
MAX_FEED_PAGES = 200


class CappedPaginator(Paginator):
    """A paginator that counts at most ``max_pages`` pages' worth of rows.

    The count is ``SELECT COUNT(*) FROM (... LIMIT cap)``: it reads at most
    ``cap`` index entries however long the list is, so the first and the last
    page of a feed cost the same at a thousand articles or a million. A page
    past the cap is a 404, as a page past the end always was.

    ``ids``, when given, are the list's ids in its order, read from a narrower
    index than the list's own (a tag page: the tag's rows, which keep each
    article's publication time): they are counted and paged instead, and the
    list's rows are read only for the page shown.
    """

    def __init__(self, object_list, per_page, *args, max_pages=MAX_FEED_PAGES, ids=None, **kwargs):
        self.max_pages = max_pages
        self.ids = ids
        super().__init__(object_list, per_page, *args, **kwargs)

    @cached_property
    def count(self):
        cap = self.max_pages * self.per_page
        counted = self.object_list if self.ids is None else self.ids
        if hasattr(counted, "count"):
            return counted[:cap].count()
        return min(len(counted), cap)

    @property
    def is_capped(self):
        """The list is longer than the pages it offers: ``count`` is a lower bound."""
        return self.count >= self.max_pages * self.per_page

    def page(self, number):
        """The page, its rows chosen by their ids first (a "deferred join").

        ``OFFSET 1990`` on the full rows made PostgreSQL fetch (and filter) every
        row before the page; choosing the page's ids in a subquery reads only
        the list's index (an index-only scan), and just the ten rows shown are
        then fetched with their rubric and expert.
        """
        rows = self.object_list
        if not (hasattr(rows, "values") and rows.query.can_filter()):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = rows.values("pk") if self.ids is None else self.ids
        return self._get_page(rows.filter(pk__in=ids[bottom:top]), number, self)


class PaginatedFeedMixin:
    """For ``ListView``: pages of ``SENZOR_PAGE_SIZE``; a page that is no number or
    past the end is a 404 (``ListView``'s own rule), never a 500. A view that sets
    ``max_pages`` offers that many pages at most (``CappedPaginator``)."""

    paginate_by = settings.SENZOR_PAGE_SIZE
    max_pages = None

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        if self.max_pages is None:
            return super().get_paginator(
                queryset, per_page, orphans, allow_empty_first_page, **kwargs
            )
        return CappedPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            max_pages=self.max_pages,
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(
            page.number, on_each_side=2, on_ends=1
        )
        return context
