"""The site's own facts, edited as one form in the admin."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group
from django.shortcuts import redirect
from django.urls import reverse

from core.fieldsets import with_fields_replaced

from .admin_site import AzerbaijaniLabels, permissions_text
from .models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(AzerbaijaniLabels, admin.ModelAdmin):
    """One row, seeded by a migration: no adding a second, no deleting it."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return redirect(reverse("admin:portal_sitesettings_change", args=[1]))


admin.site.unregister(get_user_model())
admin.site.unregister(Group)


class NewsroomPasswordChangeForm(AdminPasswordChangeForm):
    """Django's form for setting a colleague's password, whose warning is English
    and outside its translation catalogue."""

    usable_password_help_text = SetUnusablePasswordMixin.usable_password_help_text + (
        '<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
        "Söndürülsə, bu istifadəçinin indiki şifrəsi itəcək.</li></ul>"
    )


@admin.register(Group)
class NewsroomGroupAdmin(AzerbaijaniLabels, GroupAdmin):
    """The roles, with their permissions named in Azerbaijani, also where read only."""

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return ["name", "permissions"]
        return ["name", "permission_list"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "permission_list"]

    @admin.display(description="İcazələr")
    def permission_list(self, group):
        return permissions_text(group.permissions.select_related("content_type"))


@admin.register(get_user_model())
class NewsroomUserAdmin(AzerbaijaniLabels, UserAdmin):
    """Staff accounts, managed by the chief editor (group "Baş redaktor").

    Managing users must not be a way up: someone who is not a superuser
    neither sees superuser accounts (so cannot change their passwords) nor
    grants superuser status or single permissions; they give rights by
    choosing a group (Müəllif, Redaktor, Baş redaktor).
    """

    change_password_form = NewsroomPasswordChangeForm

    # A colleague's account in one screen: name, password, and the role.
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "first_name", "last_name", "email"),
            },
        ),
        ("Şifrə", {"classes": ("wide",), "fields": ("usable_password", "password1", "password2")}),
        (
            "Rol",
            {
                "classes": ("wide",),
                "fields": ("is_staff", "groups"),
                "description": "Redaksiya üzvü üçün «Admin statusu»nu saxlayın və bir qrup "
                "seçin: Müəllif, Redaktor və ya Baş redaktor.",
            },
        ),
    )

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        if obj is None and "is_staff" in form_class.base_fields:
            form_class.base_fields["is_staff"].initial = True
        return form_class

    def get_fieldsets(self, request, obj=None):
        """Single permissions are shown, read only and in Azerbaijani, to those who
        may not grant them."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        return with_fields_replaced(fieldsets, {"user_permissions": "individual_permissions"})

    @admin.display(description="Ayrıca icazələr")
    def individual_permissions(self, user):
        return permissions_text(user.user_permissions.select_related("content_type"))

    def get_queryset(self, request):
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "individual_permissions"]
        return readonly
