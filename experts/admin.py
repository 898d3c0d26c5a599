"""The newsroom's admin for experts."""

from django.contrib import admin

from .models import Expert


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["full_name", "signature"]
    search_fields = ["full_name", "signature"]
    prepopulated_fields = {"slug": ["full_name"]}
