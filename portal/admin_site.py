"""The newsroom's admin site, and the Azerbaijani it needs beyond the translation catalogues.

``locale/az`` corrects and completes the messages of Django and the admin
packages. What a catalogue cannot reach is fixed here:

- Python's ``str.upper`` turns the first letter of "istifadəçilər" into a
  dotless "I"; Django capitalises model and field names with it in Python
  (the app list, form labels), so the site and ``AzerbaijaniLabels`` redo that
  by the Azerbaijani alphabet (templates get ``core.templatetags.azerbaijani_case``);
- permissions are stored with English names ("Can add article"), and are
  shown as "Məqalələr: əlavə etmək";
- django-axes' rows describe themselves in English ("Access Log for … @ …"),
  printed wherever the admin names a row, and its app has no Azerbaijani name.
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.html import format_html_join
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst

from core.azerbaijani import az_capfirst

PERMISSION_ACTIONS = {
    "add": "əlavə etmək",
    "change": "dəyişmək",
    "delete": "silmək",
    "view": "baxmaq",
}


def permissions_text(permissions):
    """A read-only list of permissions, one a line, named in Azerbaijani."""
    return (
        format_html_join(mark_safe("<br>"), "{}", ((permission_label(p),) for p in permissions))
        or "—"
    )


def permission_label(permission):
    """ "Məqalələr: əlavə etmək" for Django's "articles | məqalə | Can add məqalə"."""
    model = permission.content_type.model_class()
    if model is None:
        return permission.name
    action, _, model_name = permission.codename.partition("_")
    what = PERMISSION_ACTIONS.get(action) if model_name == model._meta.model_name else None
    return f"{az_capfirst(model._meta.verbose_name_plural)}: {what or permission.name}"


class AzerbaijaniLabels:
    """A ModelAdmin mixin: form labels capitalised by the Azerbaijani alphabet, and
    permissions named in Azerbaijani."""

    def get_form(self, request, obj=None, **kwargs):
        """Labels for the model's fields, editable or read-only, capitalised by the
        Azerbaijani alphabet (a form's ``Meta.labels`` serve both)."""
        labels = {
            field.name: az_capfirst(field.verbose_name)
            for field in self.model._meta.get_fields()
            if getattr(field, "verbose_name", None) and not field.auto_created
        }
        kwargs["labels"] = {**labels, **(kwargs.get("labels") or {})}
        return super().get_form(request, obj, **kwargs)

    def history_view(self, request, object_id, extra_context=None):
        """Django names the list in the history's breadcrumbs with Python's ``capfirst``."""
        context = {"module_name": az_capfirst(self.opts.verbose_name_plural)}
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

    def get_deleted_objects(self, objs, request):
        """The delete confirmation without the rows that tie users, groups and
        permissions together: Django names them in English ("User_groups object (1)")
        and they are no one's content."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        models = apps.get_models(include_auto_created=True)
        links = [model._meta for model in models if model._meta.auto_created]
        hidden = {str(meta.verbose_name_plural) for meta in links}
        prefixes = tuple(f"{capfirst(meta.verbose_name)}:" for meta in links)
        names = {
            capfirst(model._meta.verbose_name): az_capfirst(model._meta.verbose_name)
            for model in apps.get_models()
        }

        def keep(items):
            kept = []
            for item in items:
                if isinstance(item, list):
                    kept.append(keep(item))
                elif not str(item).startswith(prefixes):
                    label, colon, rest = str(item).partition(":")
                    if label in names:
                        fixed = names[label] + colon + rest
                        item = mark_safe(fixed) if isinstance(item, SafeData) else fixed
                    kept.append(item)
            return kept

        model_count = {name: count for name, count in model_count.items() if name not in hidden}
        return keep(to_delete), model_count, perms_needed, protected

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.related_model._meta.label == "auth.Permission":
            field.label_from_instance = permission_label
        return field


class NewsroomLoginForm(AdminAuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = az_capfirst(self.username_field.verbose_name)


class NewsroomAdminSite(admin.AdminSite):
    site_header = "Senzor redaksiyası"
    site_title = "Senzor redaksiyası"
    index_title = "İdarəetmə"
    login_form = NewsroomLoginForm

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            for model in app["models"]:
                model["name"] = az_capfirst(model["model"]._meta.verbose_name_plural)
        return apps
