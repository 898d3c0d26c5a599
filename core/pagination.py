"""Paginated public lists: page numbers for readers, rel=prev/next for crawlers."""

from django.conf import settings


class PaginatedFeedMixin:
    """For ``ListView``: pages of ``SENZOR_PAGE_SIZE``; a page that is no number or
    past the end is a 404 (``ListView``'s own rule), never a 500."""

    paginate_by = settings.SENZOR_PAGE_SIZE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(
            page.number, on_each_side=2, on_ends=1
        )
        return context
