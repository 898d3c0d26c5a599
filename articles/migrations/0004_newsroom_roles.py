"""The newsroom's three roles as Django groups, with their permissions.

- Müəllif (author): writes drafts and submits them for review. The admin
  (``ArticleAdmin``) narrows "change article" to the author's own drafts and
  never offers publishing without ``publish_article``.
- Redaktor (editor): edits any article, publishes, schedules, unpublishes.
- Baş redaktor (chief editor): an editor who also manages rubrics, experts,
  the site settings and the staff's user accounts.

Permissions are normally created after all migrations have run; this
migration creates them first, so the groups can be filled on a fresh database.
A user also needs "staff status" to enter the admin; the group gives the rights.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHOR = "Müəllif"
EDITOR = "Redaktor"
CHIEF_EDITOR = "Baş redaktor"

AUTHOR_PERMISSIONS = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("articles", "view_rubric"),
    ("experts", "view_expert"),
]
EDITOR_PERMISSIONS = AUTHOR_PERMISSIONS + [
    ("articles", "delete_article"),
    ("articles", "publish_article"),
    ("articles", "view_articleoldslug"),
]
CHIEF_EDITOR_PERMISSIONS = EDITOR_PERMISSIONS + [
    ("articles", "add_rubric"),
    ("articles", "change_rubric"),
    ("articles", "delete_rubric"),
    ("articles", "delete_articleoldslug"),
    ("experts", "add_expert"),
    ("experts", "change_expert"),
    ("experts", "delete_expert"),
    ("portal", "view_sitesettings"),
    ("portal", "change_sitesettings"),
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "delete_user"),
    ("auth", "view_user"),
    ("auth", "view_group"),
]

ROLES = {
    AUTHOR: AUTHOR_PERMISSIONS,
    EDITOR: EDITOR_PERMISSIONS,
    CHIEF_EDITOR: CHIEF_EDITOR_PERMISSIONS,
}


def _ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames
        ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_workflow_lock_version_old_slugs"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("experts", "0001_initial"),
        ("portal", "0002_seed_site_settings"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
