"""A pg_trgm GIN index over the folded search text, on PostgreSQL only.

Reader search filters with ``search_document LIKE '%word%'`` for every folded
query word; a trigram GIN index serves such substring searches without
reading every article. SQLite has no such index type and reads the table,
which is fine at its scale, so on other databases this migration does nothing.
"""

from django.db import migrations

INDEX_NAME = "article_search_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON articles_article "
        "USING gin (search_document gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
    ]
