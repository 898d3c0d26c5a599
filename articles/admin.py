"""The newsroom's admin for rubrics and articles."""

from django.contrib import admin

from .forms import ArticleAdminForm
from .models import Article, Rubric


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "menu_position", "is_lead_editorial"]
    list_editable = ["menu_position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "rubric", "expert", "status", "published_at"]
    list_filter = ["status", "rubric", "expert"]
    list_select_related = ["rubric", "expert"]
    search_fields = ["title", "kicker", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["expert"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["author", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "kicker", "slug", "rubric", "expert", "lead", "body"]}),
        ("Əsas şəkil", {"fields": ["image", "image_alt", "image_caption", "image_credit"]}),
        ("Dərc", {"fields": ["status", "published_at", "author", "created_at", "updated_at"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        """Search the folded text, so "gizli" finds the upper-case kicker "GİZLİ".

        Database case-insensitive matching does not know Azerbaijani ``İ``/``ı``.
        """
        if not search_term.strip():
            return queryset, False
        return queryset.matching(search_term), False

    def view_on_site(self, obj):
        """Link to the public page only when a reader can see it."""
        return obj.get_absolute_url() if obj.is_public else None

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
