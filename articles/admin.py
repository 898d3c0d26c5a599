"""The newsroom's admin for rubrics and articles."""

import reversion
from csp.constants import UNSAFE_INLINE
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from reversion.admin import VersionAdmin
from reversion.models import Version

from portal.dates import format_datetime
from senzor.images import CheckedImageFormField

from .forms import ArticleAdminForm
from .models import Article, ArticleOldSlug, Rubric, WorkflowError

# CKEditor 4 cannot run under ``script-src 'self'``: its toolbar uses inline event
# handlers and its editing frame an inline script. The article form, and only
# it, allows inline script; what it shows is escaped fields and the stored,
# already sanitised body (README, "Rich text").
EDITOR_CSP_UPDATE = {"script-src": [UNSAFE_INLINE]}

# The change form's one-click workflow buttons: POST name → (model method, label,
# message once done). Which of them a user sees is ``ArticleAdmin.workflow_steps``.
WORKFLOW_STEPS = {
    "_submit_for_review": ("submit_for_review", "Yoxlamaya göndər", "yoxlamaya göndərildi"),
    "_publish": ("publish", "Dərc et", "dərc olundu"),
    "_unpublish": ("unpublish", "Dərcdən çıxar", "qaralamaya qaytarıldı"),
}


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "menu_position", "is_lead_editorial"]
    list_editable = ["menu_position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class ScheduleFilter(admin.SimpleListFilter):
    """Published articles split into those readers see and those still waiting for their time."""

    title = "dərc vaxtı gəlib?"
    parameter_name = "schedule"

    def lookups(self, request, model_admin):
        return [("live", "saytda görünür"), ("scheduled", "planlaşdırılıb (hələ görünmür)")]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=Article.Status.PUBLISHED)
        if self.value() == "live":
            return published.filter(published_at__lte=now)
        if self.value() == "scheduled":
            return published.filter(published_at__gt=now)
        return queryset


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    """Articles for the three newsroom roles (groups made by migration 0004).

    An author (no ``publish_article`` permission) sees only their own
    articles, may change only their own drafts and never sets the status:
    they submit a draft for review. Editors and the chief editor publish,
    schedule (a future ``published_at``) and unpublish. Every save keeps a
    revision (django-reversion) that the history page can restore.
    """

    form = ArticleAdminForm
    formfield_overrides = {models.ImageField: {"form_class": CheckedImageFormField}}
    list_display = ["title", "rubric", "expert", "workflow_state", "published_at"]
    list_filter = ["status", ScheduleFilter, "rubric", "expert"]
    actions = ["submit_for_review", "publish", "unpublish"]
    list_select_related = ["rubric", "expert"]
    search_fields = ["title", "kicker", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["expert"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["author", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *["title", "kicker", "slug", "rubric", "expert", "lead", "body"],
                    "seen_lock_version",  # hidden: the optimistic lock (ArticleAdminForm)
                ]
            },
        ),
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

    @admin.display(description="status", ordering="status")
    def workflow_state(self, obj):
        """The status, with "planlaşdırılıb" for a publication time still to come."""
        if obj.is_scheduled:
            return f"planlaşdırılıb: {format_datetime(obj.published_at)}"
        return obj.get_status_display()

    # Who may do what.

    def can_publish(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_publish_permission(self, request):
        """Used by the ``publish`` and ``unpublish`` actions (``permissions=["publish"]``)."""
        return self.can_publish(request)

    def get_queryset(self, request):
        articles = super().get_queryset(request)
        if self.can_publish(request):
            return articles
        return articles.filter(author=request.user)

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or self.can_publish(request) or obj.author_id == request.user.pk

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or self.can_publish(request):
            return True
        return obj.author_id == request.user.pk and obj.status == Article.Status.DRAFT

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.can_publish(request):
            readonly += ["status", "published_at"]
        return readonly

    def workflow_steps(self, request, obj):
        """The workflow buttons offered on ``obj``'s form (``None``: a new draft)."""
        if obj is not None and not self.has_change_permission(request, obj):
            return []
        status = obj.status if obj is not None else Article.Status.DRAFT
        allowed = {"_submit_for_review": status == Article.Status.DRAFT}
        if self.can_publish(request):
            allowed["_publish"] = status != Article.Status.PUBLISHED
            allowed["_unpublish"] = status != Article.Status.DRAFT
        return [(name, WORKFLOW_STEPS[name][1]) for name, ok in allowed.items() if ok]

    # The change form: editor, preview link, workflow buttons, optimistic locking.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        response._csp_update = EDITOR_CSP_UPDATE  # read by senzor.security.SiteCSPMiddleware
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_steps"] = self.workflow_steps(request, obj)
        if obj is not None and obj.pk and not obj.is_public:
            context["preview_url"] = reverse("articles:preview", kwargs={"pk": obj.pk})
        return super().render_change_form(request, context, add, change, form_url, obj)

    # History and restore (django-reversion). Restoring brings back an earlier
    # text (title, kicker, lead, body, image, rubric, expert); the article's
    # place in the workflow (status, publication time), its address and its
    # save counter stay as they are now, so a restore never publishes,
    # unpublishes or renames by surprise, and an author cannot publish by
    # restoring a version from when the article was public.
    KEPT_ON_RESTORE = ["status", "published_at", "slug", "lock_version"]
    object_history_template = "admin/articles/article/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        """Only someone who may see the article sees its history."""
        if not self.has_view_permission(request, self.get_object(request, unquote(object_id))):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Show an earlier version in the form, and save it back as the current text.

        django-reversion writes the old version to the database before the
        form is built; what must not go back in time is remembered first and
        put back on the object in ``get_object``.
        """
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_change_permission(request, article):
            raise PermissionDenied
        request.senzor_kept_on_restore = {
            field: getattr(article, field) for field in self.KEPT_ON_RESTORE
        }
        version = Version.objects.get_for_object(article).filter(pk=version_id).first()
        if version is None:
            raise Http404("Bu məqalənin belə versiyası yoxdur.")
        context = {
            "title": f"«{version.object_repr}»: əvvəlki versiya",
            "restored_version": version,
            **(extra_context or {}),
        }
        return super().revision_view(request, object_id, version_id, context)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        kept = getattr(request, "senzor_kept_on_restore", None)
        if obj is not None and kept is not None:
            for field, value in kept.items():
                setattr(obj, field, value)
        return obj

    def recoverlist_view(self, request, extra_context=None):
        """Bringing back deleted articles is an editor's decision."""
        if not self.can_publish(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.can_publish(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        step = self._requested_step(request, obj)
        if step:
            self._apply_step(request, obj, step)
        super().save_model(request, obj, form, change)

    def _requested_step(self, request, obj):
        """The workflow button pressed with this save, if this user was offered it."""
        offered = {name for name, _ in self.workflow_steps(request, obj)}
        return next(
            (name for name in WORKFLOW_STEPS if name in request.POST and name in offered), None
        )

    def _apply_step(self, request, obj, step):
        method, _, done = WORKFLOW_STEPS[step]
        try:
            getattr(obj, method)()
        except WorkflowError as error:
            self.message_user(request, str(error), messages.WARNING)
        else:
            request.senzor_workflow_comment = f"Məqalə {done}."
            self.message_user(request, f"«{obj}» {done}.", messages.SUCCESS)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._comment_workflow_step(request)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._comment_workflow_step(request)
        return entry

    def _comment_workflow_step(self, request):
        """Name the workflow step in the revision's comment (the history shows it)."""
        comment = getattr(request, "senzor_workflow_comment", None)
        if comment:
            reversion.set_comment(comment)

    # List actions: one step for many articles; each article is saved, so each
    # keeps a revision and its slug history.

    @admin.action(description="Seçilmiş qaralamaları yoxlamaya göndər", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._bulk_step(request, queryset, "_submit_for_review")

    @admin.action(description="Seçilmiş məqalələri dərc et", permissions=["publish"])
    def publish(self, request, queryset):
        self._bulk_step(request, queryset, "_publish")

    @admin.action(description="Seçilmiş məqalələri dərcdən çıxar", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._bulk_step(request, queryset, "_unpublish")

    def _bulk_step(self, request, queryset, step):
        method, _, done = WORKFLOW_STEPS[step]
        changed, skipped = 0, 0
        for article in queryset:
            if not self.has_change_permission(request, article):
                skipped += 1
                continue
            try:
                getattr(article, method)()
            except WorkflowError:
                skipped += 1
                continue
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(f"Məqalə {done}.")
                article.save()
            changed += 1
        self.message_user(request, f"{changed} məqalə {done}.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} məqalə bu addıma uyğun deyildi və dəyişmədi.",
                messages.WARNING,
            )


@admin.register(ArticleOldSlug)
class ArticleOldSlugAdmin(admin.ModelAdmin):
    """Old addresses of renamed articles; made automatically, deletable by the chief editor."""

    list_display = ["slug", "article", "created_at"]
    search_fields = ["slug", "article__title"]
    readonly_fields = ["slug", "article", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
