"""Editors and the chief editor arrange the front page's manşet (``TopStory``);
authors only see it. Permissions are created first, as in migration 0004."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MANSET_PERMISSIONS = {
    "Müəllif": ["view_topstory"],
    "Redaktor": ["add_topstory", "change_topstory", "delete_topstory", "view_topstory"],
    "Baş redaktor": ["add_topstory", "change_topstory", "delete_topstory", "view_topstory"],
}


def ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in MANSET_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="articles", codename__in=codenames
                )
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=MANSET_PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="articles", codename__contains="topstory")
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_newsdesk_urgent_and_top_stories")]

    operations = [migrations.RunPython(grant, revoke)]
