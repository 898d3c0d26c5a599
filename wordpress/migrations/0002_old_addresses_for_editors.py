"""Editors see the old addresses; the chief editor also adds, corrects and removes them.

The groups are the newsroom's roles of ``articles/0004``; permissions are
made here first, as there, so a fresh database gets them in one migrate.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Redaktor"
CHIEF_EDITOR = "Baş redaktor"
GRANTS = {
    EDITOR: ["view_oldaddress", "view_importedpost"],
    CHIEF_EDITOR: [
        "view_oldaddress",
        "add_oldaddress",
        "change_oldaddress",
        "delete_oldaddress",
        "view_importedpost",
    ],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("wordpress")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="wordpress", codename__in=codenames
                )
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="wordpress"))


class Migration(migrations.Migration):
    dependencies = [
        ("wordpress", "0001_old_addresses_and_imported_posts"),
        ("articles", "0004_newsroom_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
