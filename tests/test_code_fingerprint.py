"""A new release never serves the cached HTML of the one before it (``code_fingerprint``)."""

from pathlib import Path

import pytest
from django.conf import settings

from cache_engine import fingerprint, versions


def test_a_changed_template_changes_the_digest_and_caches_files_do_not(tmp_path):
    app = tmp_path / "articles"
    (app / "templates").mkdir(parents=True)
    template = app / "templates" / "article.html"
    template.write_text("<h1>{{ article.title }}</h1>")
    (app / "views.py").write_text("VIEW = 1\n")
    before = fingerprint.source_digest([app])

    (app / "__pycache__").mkdir()
    (app / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"\x00compiled")
    (app / "logo.png").write_bytes(b"\x89PNG")
    assert fingerprint.source_digest([app]) == before

    template.write_text('<h1 class="title">{{ article.title }}</h1>')
    assert fingerprint.source_digest([app]) != before


def test_the_digest_covers_the_project_code_and_templates_not_installed_packages():
    roots = fingerprint._source_roots()
    base = Path(settings.BASE_DIR).resolve()
    assert {
        base / app for app in ("articles", "experts", "portal", "cache_engine", "core", "senzor")
    } <= set(roots)
    assert base / "templates" in roots
    assert not [root for root in roots if "site-packages" in root.parts]


@pytest.mark.django_db  # the tags' versions are in the database
def test_each_release_has_its_own_keys_and_shares_the_invalidations(monkeypatch):
    this_release = versions.versioned_key("page", [versions.CHROME], "/")
    monkeypatch.setattr(versions, "code_fingerprint", lambda: "the next release")
    next_release = versions.versioned_key("page", [versions.CHROME], "/")
    assert next_release != this_release

    version = versions.versions([versions.CHROME])
    versions.invalidate(versions.CHROME)
    assert versions.versions([versions.CHROME]) != version
    assert versions.versioned_key("page", [versions.CHROME], "/") != next_release
