"""The old addresses (redirects) and the record of imported posts, in the admin."""

from django.contrib import admin

from .models import ImportedPost, OldAddress


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    """Editors see, correct and add the old site's addresses that lead to articles."""

    list_display = ["old_path", "article", "source", "created_at"]
    search_fields = ["old_path", "article__title"]
    list_filter = ["source"]
    raw_id_fields = ["article"]
    list_select_related = ["article"]


@admin.register(ImportedPost)
class ImportedPostAdmin(admin.ModelAdmin):
    """Which WordPress post became which article: read only, the import writes it."""

    list_display = ["post_id", "site", "article", "imported_at", "updated_at"]
    search_fields = ["article__title", "=post_id"]
    list_filter = ["site"]
    list_select_related = ["article"]
    readonly_fields = [
        "site",
        "post_id",
        "article",
        "fingerprint",
        "article_version",
        "lead_image_source",
        "imported_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False
