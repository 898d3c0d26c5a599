"""The site's own facts, edited as one form in the admin."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from .models import SiteSettings

admin.site.site_header = "Senzor redaksiyası"
admin.site.site_title = "Senzor redaksiyası"
admin.site.index_title = "İdarəetmə"


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row, seeded by a migration: no adding a second, no deleting it."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return redirect(reverse("admin:portal_sitesettings_change", args=[1]))
