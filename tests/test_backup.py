"""Backups: scripts/backup.sh and scripts/restore.sh bring an article back whole.

The test makes an article with a lead image and two revisions, backs the
database and the media folder up with the real script, restores both into a
freshly created database and an empty folder, and reads them there: the
article, both versions of its text and the image file must all come back.
"""

import json
import subprocess

import psycopg2
import pytest
from django.db import connection

from .ops import configured_database_name, database_url, run, scratch_postgres_database
from .uploads import png_upload

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_content_types"),
]


@pytest.fixture
def article_with_history(make_article):
    """An article saved twice, so it has two revisions, and with a lead image."""
    article = make_article(
        title="Tokayev Soçiyə gedir",
        body="<p>İlk mətn.</p>",
        image=png_upload(size=(640, 360)),
        image_alt="Qırmızı fon",
    )
    article.title = "Tokayev Soçiyə gedir: yenilənib"
    article.body = "<p>Düzəldilmiş mətn.</p>"
    article.save()
    return article


def backup(settings, tmp_path):
    result = run(
        ["bash", "scripts/backup.sh", str(tmp_path / "backups")],
        env={
            "DATABASE_URL": database_url(connection.settings_dict),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        },
    )
    return result.stdout.strip().splitlines()[-1]


def restore(folder, target_url, media_root):
    return run(
        ["bash", "scripts/restore.sh", folder],
        env={"DATABASE_URL": target_url, "MEDIA_ROOT": str(media_root)},
    )


def read_restored(target_url, article_pk):
    """What the restored database holds for the article: its row and its versions."""
    with psycopg2.connect(target_url) as restored, restored.cursor() as cursor:
        cursor.execute(
            "SELECT title, body, image FROM articles_article WHERE id = %s", [article_pk]
        )
        row = cursor.fetchone()
        cursor.execute(
            "SELECT v.serialized_data FROM reversion_version v"
            " JOIN django_content_type ct ON ct.id = v.content_type_id"
            " WHERE ct.app_label = 'articles' AND ct.model = 'article' AND v.object_id = %s"
            " ORDER BY v.revision_id",
            [str(article_pk)],
        )
        versions = [json.loads(data)[0]["fields"] for (data,) in cursor.fetchall()]
    restored.close()
    return row, versions


def test_a_backup_restored_into_a_fresh_database_brings_back_the_article_and_its_revisions(
    settings, tmp_path, article_with_history
):
    folder = backup(settings, tmp_path)
    assert folder.endswith("Z") and "senzor-" in folder

    restored_media = tmp_path / "restored-media"
    restore_name = f"{configured_database_name()}_restore"
    with scratch_postgres_database(connection.settings_dict, restore_name) as target_url:
        restore(folder, target_url, restored_media)
        row, versions = read_restored(target_url, article_with_history.pk)

    title, body, image_name = row
    assert title == "Tokayev Soçiyə gedir: yenilənib"
    assert body == "<p>Düzəldilmiş mətn.</p>"
    assert [v["title"] for v in versions] == [
        "Tokayev Soçiyə gedir",
        "Tokayev Soçiyə gedir: yenilənib",
    ]
    assert versions[0]["body"] == "<p>İlk mətn.</p>"

    assert image_name == article_with_history.image.name
    original = settings.MEDIA_ROOT / image_name
    assert (restored_media / image_name).read_bytes() == original.read_bytes()


def test_restore_refuses_a_backup_whose_files_were_altered(settings, tmp_path, make_article):
    make_article(title="Dəyişməz məqalə")
    folder = backup(settings, tmp_path)
    with open(f"{folder}/database.dump", "ab") as dump:
        dump.write(b"tampered")

    result = subprocess.run(
        ["bash", "scripts/restore.sh", folder],
        cwd=settings.BASE_DIR,
        env={"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "FAILED" in result.stderr + result.stdout
