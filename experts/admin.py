"""The newsroom's admin for experts."""

from django.contrib import admin

from core.image_fields import RenditionedImageField
from core.images import CheckedImageFormField
from portal.admin_site import AzerbaijaniLabels

from .models import Expert


@admin.register(Expert)
class ExpertAdmin(AzerbaijaniLabels, admin.ModelAdmin):
    formfield_overrides = {RenditionedImageField: {"form_class": CheckedImageFormField}}
    list_display = ["full_name", "signature"]
    search_fields = ["full_name", "signature"]
    prepopulated_fields = {"slug": ["full_name"]}
