"""The site's own facts are one row of data, seeded by a migration and edited in the admin."""

import pytest

from portal.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_the_portal_facts():
    site = SiteSettings.load()
    assert site.site_name == "SenzoR.az"
    assert site.tagline == "informasiya və araşdırma portalı"
    assert site.copyright_line == "Bütün hüquqlar qorunur."
    assert site.attribution_sentence == (
        "Materiallardan istifadə edərkən www.senzor.az saytına istinad etmək məcburidir."
    )


def test_saving_always_updates_the_one_row():
    site = SiteSettings.load()
    site.pk = None
    site.site_name = "Başqa ad"
    site.save()
    assert SiteSettings.objects.count() == 1
    assert SiteSettings.load().site_name == "Başqa ad"


def test_an_edit_shows_on_the_next_page(client, lead_rubric):
    SiteSettings.load()  # warm the cache
    site = SiteSettings.objects.get()
    site.tagline = "yeni şüar"
    site.save()
    assert "yeni şüar" in client.get("/").content.decode()
