"""Both search vectors kept in the article's row (PostgreSQL only).

A ``tsvector`` with positions hardly compresses, so PostgreSQL moved
``search_vector`` (about 1.4 KB) out to the TOAST table, like the body: every
article a query checks row by row (a count that reads the table until it has
enough, the body matches walked by date) cost a TOAST index lookup, ~9 µs, to
read its vector (bench/search.py at 100 000 articles: "Kobaxidze sərhəd"
counted 200 matches in 40 ms, 4 ms kept in the row). ``STORAGE MAIN`` keeps
it in the row, compressed with ``lz4`` where that helps (cheaper to read than
``pglz``). The small ``search_head_vector``, which ranks, is kept there too:
with only the big one kept, PostgreSQL moved the small one out instead and
ranking a common word's thousands of head matches took three times as long.
The text columns (body, folded text) are what leave the row.

Only rows written afterwards are stored this way: on an existing database,
``UPDATE articles_article SET search_document = search_document`` followed by
``VACUUM FULL articles_article`` rewrites them (minutes at 100 000 articles).
SQLite has no such storage settings: there it does nothing.
"""

from django.db import migrations

VECTORS = ("search_vector", "search_head_vector")


def keep_in_row(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column in VECTORS:
            alter = f"ALTER TABLE articles_article ALTER COLUMN {column}"
            schema_editor.execute(f"{alter} SET STORAGE MAIN")
            schema_editor.execute(f"{alter} SET COMPRESSION lz4")


def move_out_of_row(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column in VECTORS:
            alter = f"ALTER TABLE articles_article ALTER COLUMN {column}"
            schema_editor.execute(f"{alter} SET STORAGE EXTENDED")
            schema_editor.execute(f"{alter} SET COMPRESSION DEFAULT")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_tagged_article_newest_index"),
    ]

    operations = [
        migrations.RunPython(keep_in_row, move_out_of_row, elidable=False),
    ]
