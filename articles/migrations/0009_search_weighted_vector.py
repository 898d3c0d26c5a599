"""Search declared in the model: folded text per part and a weighted ``tsvector``.

Replaces two objects made by raw SQL (PostgreSQL only): the ``search_vector``
column of migration 0006 (one unweighted vector of the whole folded text,
undeclared in the model) and the pg_trgm index over ``search_document`` of
migration 0002 (substring search, which full-text search replaces). In their
place: the headline, kicker and lead folded separately (filled here for
existing articles, by ``Article.save()`` from now on), a generated, weighted
``search_vector`` with its GIN index, and a small ``search_head_vector`` for
ranking. On SQLite the generated columns stay NULL and there is no index
(``core.fulltext``).
"""

import django.contrib.postgres.search
from django.conf import settings
from django.db import migrations, models

import core.fulltext
from core.azerbaijani import fold


def drop_raw_search_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS article_search_trgm")
    schema_editor.execute("ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector")


def restore_raw_search_objects(apps, schema_editor):
    """Backwards: what migrations 0002 and 0006 made."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_document)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS article_search_trgm ON articles_article "
        "USING gin (search_document gin_trgm_ops)"
    )


def fold_parts_of_existing_articles(apps, schema_editor):
    """What ``Article.derive_search_text`` stores, for the articles saved before it."""
    Article = apps.get_model("articles", "Article")
    batch = []
    articles = Article.objects.select_related("expert").only(
        "title", "kicker", "lead", "expert__full_name"
    )
    for article in articles.iterator(chunk_size=500):
        article.search_title = fold(article.title)
        article.search_kicker = fold(article.kicker)
        expert = article.expert.full_name if article.expert_id else ""
        article.search_lead = fold(f"{article.lead} {expert}")
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_update(batch, ["search_title", "search_kicker", "search_lead"])
            batch = []
    Article.objects.bulk_update(batch, ["search_title", "search_kicker", "search_lead"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_rendition_records"),
        ("experts", "0002_rendition_records"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_raw_search_objects, restore_raw_search_objects, elidable=False),
        migrations.AddField(
            model_name="article",
            name="search_kicker",
            field=models.TextField(
                blank=True, editable=False, verbose_name="axtarış üçün yarımbaşlıq"
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="search_lead",
            field=models.TextField(blank=True, editable=False, verbose_name="axtarış üçün xülasə"),
        ),
        migrations.AddField(
            model_name="article",
            name="search_title",
            field=models.TextField(blank=True, editable=False, verbose_name="axtarış üçün başlıq"),
        ),
        migrations.RunPython(fold_parts_of_existing_articles, migrations.RunPython.noop),
        migrations.AddField(
            model_name="article",
            name="search_head_vector",
            field=models.GeneratedField(
                verbose_name="sıralama vektoru",
                db_persist=True,
                expression=core.fulltext.OnPostgresOnly(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                "search_title", config="simple", weight="A"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "search_kicker", config="simple", weight="B"
                            ),
                            django.contrib.postgres.search.SearchConfig("simple"),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            "search_lead", config="simple", weight="C"
                        ),
                        django.contrib.postgres.search.SearchConfig("simple"),
                    )
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=models.GeneratedField(
                verbose_name="axtarış vektoru",
                db_persist=True,
                expression=core.fulltext.OnPostgresOnly(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.CombinedSearchVector(
                                django.contrib.postgres.search.SearchVector(
                                    "search_title", config="simple", weight="A"
                                ),
                                "||",
                                django.contrib.postgres.search.SearchVector(
                                    "search_kicker", config="simple", weight="B"
                                ),
                                django.contrib.postgres.search.SearchConfig("simple"),
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "search_lead", config="simple", weight="C"
                            ),
                            django.contrib.postgres.search.SearchConfig("simple"),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            "search_document", config="simple", weight="D"
                        ),
                        django.contrib.postgres.search.SearchConfig("simple"),
                    )
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=core.fulltext.PostgresGinIndex(
                fields=["search_vector"], name="article_search_vector"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=core.fulltext.PostgresGinIndex(
                fields=["search_head_vector"], name="article_search_head_vector"
            ),
        ),
    ]
