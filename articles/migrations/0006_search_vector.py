"""A stored full-text vector of the folded search text, on PostgreSQL only.

Ranking search results needs each matching article's ``tsvector``. Computed
on the fly, ``to_tsvector`` over 20 000 long documents took seconds for a
common word (bench/search.py); stored as a generated column, PostgreSQL keeps
it current on every insert and update of ``search_document``, and ranking
reads it instead. The model does not declare the column: Django never
writes it, and on other databases this migration does nothing.
"""

from django.db import migrations


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_document)) STORED"
    )


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_article_daily_views"),
    ]

    operations = [
        migrations.RunPython(add_search_vector, drop_search_vector, elidable=False),
    ]
