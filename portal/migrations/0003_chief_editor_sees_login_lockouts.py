"""The chief editor sees admin login lockouts (django-axes) and may lift one.

A locked-out author asks the chief editor, who finds the lockout under
"Axes" in the admin and deletes the access attempt to let them in again.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CHIEF_EDITOR = "Baş redaktor"
LOCKOUT_PERMISSIONS = [
    "view_accessattempt",
    "delete_accessattempt",
    "view_accesslog",
    "view_accessfailurelog",
]


def grant(apps, schema_editor):
    axes = apps.get_app_config("axes")
    axes.models_module = True
    create_permissions(axes, apps=apps, verbosity=0)
    axes.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    chief, _ = Group.objects.get_or_create(name=CHIEF_EDITOR)
    chief.permissions.add(
        *Permission.objects.filter(content_type__app_label="axes", codename__in=LOCKOUT_PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for chief in Group.objects.filter(name=CHIEF_EDITOR):
        chief.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="axes", codename__in=LOCKOUT_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_seed_site_settings"),
        ("articles", "0004_newsroom_roles"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
