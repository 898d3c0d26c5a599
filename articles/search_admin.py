"""The readers' searches in the admin: what they look for, and what finds nothing.

One read-only page (the change list of ``SearchQueryDay``): the most frequent
queries and the queries that found no article, over the last 7 and 30 days.
Counts only: the log holds no address, session or time of day.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from .search_log import SearchQueryDay

PERIODS = (7, 30)
ROWS = 20


@admin.register(SearchQueryDay)
class SearchQueryDayAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = SearchQueryDay.objects
        reports = [
            {
                "days": days,
                "most_frequent": rows.most_frequent(days, ROWS),
                "without_results": rows.without_results(days, ROWS),
            }
            for days in PERIODS
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Oxucuların axtarışları",
            "opts": self.model._meta,
            "reports": reports,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/searchqueryday/report.html", context)
