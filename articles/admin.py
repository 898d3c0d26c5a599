"""The newsroom's admin for rubrics and articles."""

import reversion
from adminsortable2.admin import SortableAdminMixin
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import Tag as TaggitTag

from core.dates import format_datetime
from core.fieldsets import with_fields_replaced
from core.image_fields import RenditionedImageField
from core.images import CheckedImageFormField
from core.people import person_name
from core.sanitizer import sanitize_html
from portal.admin_site import AzerbaijaniLabels

from . import version_compare, workflow
from .forms import ArticleAdminForm
from .models import (
    Article,
    ArticleOldSlug,
    ArticlePhoto,
    Rubric,
    Tag,
    TopStory,
    visible_to_readers,
)
from .workflow import WorkflowError

# CKEditor 4 cannot run under ``script-src 'self'``: its toolbar uses inline event
# handlers and its editing frame an inline script. The article form, and only
# it, allows inline script; what it shows is escaped fields and the stored,
# already sanitised body (docs/newsroom.md).
EDITOR_CSP_UPDATE = {"script-src": [UNSAFE_INLINE]}

# The change form's one-click workflow buttons: POST name → (service, label,
# what the list action's message says was done). Which of them a user sees is
# ``ArticleAdmin.workflow_steps``.
WORKFLOW_STEPS = {
    "_submit_for_review": (workflow.submit_for_review, "Yoxlamaya göndər", "yoxlamaya göndərildi"),
    "_publish": (workflow.publish, "Dərc et", "dərc olundu"),
    "_unpublish": (workflow.unpublish, "Dərcdən çıxar", "qaralamaya qaytarıldı"),
}

# The form's one row of buttons: the step that moves the article on is the
# primary button; plain saving ("Yadda saxla") is primary only when no step
# is offered or the article is already published.
SAVE_LABEL = "Yadda saxla"


@admin.register(Rubric)
class RubricAdmin(AzerbaijaniLabels, admin.ModelAdmin):
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
        if self.value() == "live":
            return queryset.filter(visible_to_readers())
        if self.value() == "scheduled":
            return queryset.scheduled()
        return queryset


# taggit's own tag model is unused (articles.tagging holds the project's): keep it
# out of the newsroom's menu.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Tags: rename or merge by hand; new ones are typed on the article form."""

    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(articles=Count("tagged_articles"))

    @admin.display(description="məqalə sayı", ordering="articles")
    def article_count(self, obj):
        return obj.articles


class ArticlePhotoInline(admin.TabularInline):
    """The article's photo gallery: pictures in the order of their "sıra" number,
    which "↑"/"↓" buttons (``admin-gallery-order.js``) renumber as rows move."""

    model = ArticlePhoto
    extra = 1
    fields = ["image", "alt", "caption", "credit", "position"]
    formfield_overrides = {RenditionedImageField: {"form_class": CheckedImageFormField}}
    verbose_name = "qalereya şəkli"
    verbose_name_plural = "Foto qalereya (↑/↓ ilə sıralayın; və ya sıra: kiçik rəqəm əvvəl)"

    class Media:
        js = ["js/admin-gallery-order.js"]


@admin.register(Article)
class ArticleAdmin(AzerbaijaniLabels, VersionAdmin):
    """Articles for the three newsroom roles (groups made by migration 0004).

    An author (no ``publish_article`` permission) sees only their own
    articles, may change only their own drafts and never sets the status:
    they submit a draft for review. Editors and the chief editor publish,
    schedule (a future ``published_at``) and unpublish. Every save keeps a
    revision (django-reversion) that the history page can restore.
    """

    form = ArticleAdminForm
    inlines = [ArticlePhotoInline]
    formfield_overrides = {RenditionedImageField: {"form_class": CheckedImageFormField}}
    list_display = ["title", "rubric", "expert", "workflow_state", "urgent_state", "published_at"]
    list_filter = ["status", ScheduleFilter, "is_urgent", "rubric", "expert"]
    actions = ["submit_for_review", "publish", "unpublish"]
    list_select_related = ["rubric", "expert"]
    search_fields = ["title", "kicker", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["expert"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["workflow_state", "author_name", "created_at", "updated_at"]
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
        ("Teqlər və video", {"fields": ["tags", "video_url"]}),
        (
            "Dərc",
            {
                "fields": [
                    *["workflow_state", "published_at", "author_name"],
                    *["created_at", "updated_at"],
                ]
            },
        ),
        (
            "Təcili",
            {
                "fields": ["is_urgent", "urgent_until"],
                "description": "Təcili xəbər siyahılarda «Təcili» nişanı ilə, hər səhifənin "
                "yuxarısında isə qırmızı zolaqda görünür; bitmə vaxtı keçəndə özü yox olur.",
            },
        ),
    ]

    class Media:
        css = {"all": ["admin/senzor/article_form.css"]}
        # On the list too: it forgets the browser's draft copy once a save has succeeded.
        js = ["js/article-draft.js"]

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

    @admin.display(description="təcili", ordering="urgent_until")
    def urgent_state(self, obj):
        """ "Təcili" with its end time while it lasts, "bitib" once it has passed."""
        if not obj.is_urgent:
            return ""
        if obj.is_urgent_now:
            return f"təcili: {format_datetime(obj.urgent_until)}-dək"
        return "təcili (bitib)"

    @admin.display(description="Müəllif")
    def author_name(self, obj):
        """The person's name, not their login."""
        return person_name(obj.author) if obj.author_id else "—"

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
            readonly += ["published_at", "is_urgent", "urgent_until"]
        return [*readonly, "body_rendered"]

    def get_fieldsets(self, request, obj=None):
        """Someone who may only read the article reads its text as a page, not as HTML."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return with_fields_replaced(
            fieldsets, {"body": "body_rendered"}, dropped=("seen_lock_version",)
        )

    @admin.display(description="Mətn")
    def body_rendered(self, obj):
        """The stored body is sanitised HTML (``Article.save``); sanitised again to be sure."""
        return mark_safe(sanitize_html(obj.body))

    def workflow_steps(self, request, obj):
        """The workflow buttons offered on ``obj``'s form (``None``: a new draft).

        An author submits a draft for review; an editor publishes (so has no
        use for review) and takes articles back to draft.
        """
        if obj is not None and not self.has_change_permission(request, obj):
            return []
        status = obj.status if obj is not None else Article.Status.DRAFT
        if self.can_publish(request):
            allowed = {
                "_publish": status != Article.Status.PUBLISHED,
                "_unpublish": status != Article.Status.DRAFT,
            }
        else:
            allowed = {"_submit_for_review": status == Article.Status.DRAFT}
        return [(name, WORKFLOW_STEPS[name][1]) for name, ok in allowed.items() if ok]

    def submit_buttons(self, request, obj):
        """``[(name, label, primary)]``: the form's buttons, the one to press first marked."""
        if obj is not None and not self.has_change_permission(request, obj):
            return []
        steps = self.workflow_steps(request, obj)
        forward = {"_submit_for_review", "_publish"}
        primary = next((name for name, _ in steps if name in forward), "_save")
        buttons = [(name, label, name == primary) for name, label in steps if name in forward]
        buttons.append(("_save", SAVE_LABEL, primary == "_save"))
        buttons += [(name, label, False) for name, label in steps if name not in forward]
        return buttons

    # The change form: editor, preview link, workflow buttons, optimistic locking.

    @method_decorator(csp_update(EDITOR_CSP_UPDATE))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_steps"] = self.workflow_steps(request, obj)
        context["submit_buttons"] = self.submit_buttons(request, obj)
        if obj is not None and obj.pk and not obj.is_public:
            context["preview_url"] = reverse("articles:preview", kwargs={"pk": obj.pk})
        return super().render_change_form(request, context, add, change, form_url, obj)

    # History and restore (django-reversion). Restoring brings back an earlier
    # text (``workflow.RESTORED_FIELDS``): the change form of the article as it
    # is now opens with the old version's text in its fields, and saving it is
    # an ordinary save, recorded as a restore. The article's place in the
    # workflow (status, publication time), its address and its save counter
    # stay as they are, so a restore never publishes, unpublishes or renames by
    # surprise, and an author cannot publish by restoring a version from when
    # the article was public.
    object_history_template = "admin/articles/article/object_history.html"
    revision_form_template = "reversion/articles/article/revision_form.html"

    def history_view(self, request, object_id, extra_context=None):
        """Only someone who may see the article sees its history."""
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise PermissionDenied
        can_restore = self.has_change_permission(request, article)
        versions = (
            Version.objects.get_for_object(article)
            .select_related("revision__user")
            .order_by("revision__date_created", "pk")
        )
        context = {
            "can_restore": can_restore,
            "versions": [
                {
                    "id": version.pk,
                    "revision": version.revision,
                    "by": person_name(version.revision.user) if version.revision.user else "",
                    "url": reverse(
                        "admin:articles_article_revision", args=[article.pk, version.pk]
                    ),
                }
                for version in versions
            ],
            "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def get_urls(self):
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="articles_article_compare",
        )
        return [compare, *super().get_urls()]

    def compare_view(self, request, object_id):
        """Two versions (``?a=`` older, ``?b=`` newer, version ids) side by side."""
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        try:
            chosen = [versions.get(pk=int(request.GET[key])) for key in ("a", "b")]
        except (KeyError, ValueError, Version.DoesNotExist):
            raise Http404("Müqayisə üçün bu məqalənin iki versiyasını seçin.") from None
        older, newer = sorted(chosen, key=lambda version: version.revision.date_created)
        rows = version_compare.compare(older, newer)
        context = {
            **self.admin_site.each_context(request),
            "title": f"«{article}»: iki versiyanın müqayisəsi",
            "opts": self.opts,
            "original": article,
            "older": older,
            "newer": newer,
            "older_by": person_name(older.revision.user) if older.revision.user else "",
            "newer_by": person_name(newer.revision.user) if newer.revision.user else "",
            "rows": rows,
            "changed": any(row["changed"] for row in rows),
            "compare_css": static("admin/senzor/compare.css"),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """The change form with the text of an earlier version, to look at and save back."""
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_change_permission(request, article):
            raise PermissionDenied
        version = self._requested_version(request, article)
        context = {
            "title": f"«{version.object_repr}»: əvvəlki versiya",
            "restored_version": version,
            **(extra_context or {}),
        }
        # One revision for the whole save, as ``change_view`` has: the tags the
        # form saves after the article are in it.
        with self.create_revision(request):
            response = self.changeform_view(request, object_id, request.path, context)
        if response.status_code == 200 and hasattr(response, "template_name"):
            response.template_name = self.revision_form_template
        return response

    def _requested_version(self, request, article):
        """The earlier version of ``article`` that the revision page's URL names, or None.

        django-reversion routes ``<object_id>/history/<version_id>/`` by position.
        """
        match = request.resolver_match
        if match is None or match.url_name != "articles_article_revision":
            return None
        version = Version.objects.get_for_object(article).filter(pk=match.args[1]).first()
        if version is None:
            raise Http404("Bu məqalənin belə versiyası yoxdur.")
        return version

    def get_form(self, request, obj=None, change=False, **kwargs):
        """On the revision page, the form starts from the earlier version's text."""
        form_class = super().get_form(request, obj, change=change, **kwargs)
        version = self._requested_version(request, obj) if obj is not None else None
        if version is None:
            return form_class
        restored = {
            name: value
            for name, value in workflow.text_of_version(version).items()
            if name in form_class.base_fields
        }
        tags = workflow.tags_of_version(version)
        if tags is not None and "tags" in form_class.base_fields:
            restored["tags"] = tags  # saved with the form, as the editor leaves them

        class RestoringForm(form_class):
            def __init__(self, *args, **form_kwargs):
                form_kwargs["initial"] = {**restored, **(form_kwargs.get("initial") or {})}
                super().__init__(*args, **form_kwargs)

        return RestoringForm

    change_list_template = "admin/articles/article/change_list.html"

    def changelist_view(self, request, extra_context=None):
        """The list, with the way to deleted articles only for those who may recover them."""
        context = {"can_recover": self.can_publish(request), **(extra_context or {})}
        return super().changelist_view(request, context)

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
        """Save the form; with a workflow button, through that step's service."""
        if obj.author_id is None:
            obj.author = request.user
        step = self._requested_step(request, obj)
        if step:
            self._take_step(request, obj, step)
            return
        version = self._requested_version(request, obj) if change else None
        if version is not None:
            workflow.record_restore(obj, version, by=request.user)
        else:
            super().save_model(request, obj, form, change)

    def _requested_step(self, request, obj):
        """The workflow button pressed with this save, if this user was offered it."""
        offered = {name for name, _ in self.workflow_steps(request, obj)}
        return next(
            (name for name in WORKFLOW_STEPS if name in request.POST and name in offered), None
        )

    def _take_step(self, request, obj, step):
        """Take ``step`` with the form's edits; a step not allowed still saves the edits."""
        service, _, done = WORKFLOW_STEPS[step]
        try:
            service(obj, by=request.user)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.WARNING)
            obj.save()
            return
        if step == "_publish":
            done = workflow.publication_outcome(obj)
        self.message_user(request, f"«{obj}» {done}.", messages.SUCCESS)

    def log_addition(self, request, obj, message):
        return self._keeping_step_comment(super().log_addition, request, obj, message)

    def log_change(self, request, obj, message):
        return self._keeping_step_comment(super().log_change, request, obj, message)

    def _keeping_step_comment(self, log, request, obj, message):
        """django-reversion's admin comments a revision with the form's change
        message; a workflow step or a restore already named what it did."""
        step_comment = reversion.get_comment() if reversion.is_active() else ""
        entry = log(request, obj, message)
        if step_comment:
            reversion.set_comment(step_comment)
        return entry

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
        service, _, done = WORKFLOW_STEPS[step]
        changed, skipped, scheduled = 0, 0, []
        for article in queryset:
            if not self.has_change_permission(request, article):
                skipped += 1
                continue
            try:
                service(article, by=request.user)
            except WorkflowError:
                skipped += 1
                continue
            if article.is_scheduled:
                scheduled.append(article)
            else:
                changed += 1
        if changed or not scheduled:
            self.message_user(request, f"{changed} məqalə {done}.", messages.SUCCESS)
        for article in scheduled:
            outcome = workflow.publication_outcome(article)
            self.message_user(request, f"«{article}» {outcome}.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} məqalə bu addıma uyğun deyildi və dəyişmədi.",
                messages.WARNING,
            )


@admin.register(ArticleOldSlug)
class ArticleOldSlugAdmin(AzerbaijaniLabels, admin.ModelAdmin):
    """Old addresses of renamed articles; made automatically, deletable by the chief editor."""

    list_display = ["slug", "article", "created_at"]
    search_fields = ["slug", "article__title"]
    readonly_fields = ["slug", "article", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The readers' search counts (read only), in their own module.
from . import search_admin  # noqa: E402, F401


@admin.register(TopStory)
class TopStoryAdmin(SortableAdminMixin, admin.ModelAdmin):
    """The front page's manşet: editors drag the rows into the order readers see
    (django-admin-sortable2 stores ``position``). The site settings say how many
    slots the front page shows; the newest articles fill empty or expired ones."""

    list_display = ["article", "ends_at", "shown_now"]
    autocomplete_fields = ["article"]
    fields = ["article", "ends_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    @admin.display(description="indi ana səhifədə?", boolean=True)
    def shown_now(self, obj):
        return obj.is_active
