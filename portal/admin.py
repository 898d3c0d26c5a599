"""The site's own facts, edited as one form in the admin."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
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


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class NewsroomUserAdmin(UserAdmin):
    """Staff accounts, managed by the chief editor (group "Baş redaktor").

    Managing users must not be a way up: someone who is not a superuser
    neither sees superuser accounts (so cannot change their passwords) nor
    grants superuser status or single permissions; they give rights by
    choosing a group (Müəllif, Redaktor, Baş redaktor).
    """

    def get_queryset(self, request):
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly
