"""The newsroom's roles get rights over tags and gallery photos (migration 0004 made the roles).

- Müəllif: adds, changes and removes the photos of the articles they may edit
  (the gallery is part of the article form) and sees the tag list; tags
  themselves are typed on the article form.
- Redaktor: also renames tags.
- Baş redaktor: also adds and deletes tags in the tag list.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GALLERY = [
    ("articles", "add_articlephoto"),
    ("articles", "change_articlephoto"),
    ("articles", "delete_articlephoto"),
    ("articles", "view_articlephoto"),
    ("articles", "view_tag"),
]
GRANTS = {
    "Müəllif": GALLERY,
    "Redaktor": GALLERY + [("articles", "change_tag")],
    "Baş redaktor": GALLERY
    + [("articles", "change_tag"), ("articles", "add_tag"), ("articles", "delete_tag")],
}


def _ensure_permissions(apps):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *(
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = {codename for grants in GRANTS.values() for _, codename in grants}
    permissions = Permission.objects.filter(
        content_type__app_label="articles", codename__in=codenames
    )
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_tags_gallery_video_lead"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
