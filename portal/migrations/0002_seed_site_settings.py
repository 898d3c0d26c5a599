"""Seed the one SiteSettings row with the portal's published facts."""

from django.db import migrations

SENZOR_FACTS = {
    "site_name": "SenzoR.az",
    "tagline": "informasiya və araşdırma portalı",
    "founder_and_editor": "Rusvat Bayramov",
    "phone": "050 322 43 84",
    "email": "info@senzor.az",
    "advertising_email": "reklam@senzor.az",
    "copyright_line": "Bütün hüquqlar qorunur.",
    "attribution_sentence": (
        "Materiallardan istifadə edərkən www.senzor.az saytına istinad etmək məcburidir."
    ),
}


def create_site_settings(apps, schema_editor):
    SiteSettings = apps.get_model("portal", "SiteSettings")
    SiteSettings.objects.get_or_create(pk=1, defaults=SENZOR_FACTS)


def delete_site_settings(apps, schema_editor):
    apps.get_model("portal", "SiteSettings").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(create_site_settings, delete_site_settings)]
