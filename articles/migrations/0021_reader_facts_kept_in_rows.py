"""What lists print beside a title, kept in rows instead of worked out per row.

``Article.has_gallery`` (the "Foto" label) and ``ArticleTotalViews`` (each
article's running total of readings) replace two subqueries that every list
ran for each of its rows. Both are filled here from the rows they summarise:
the articles that have gallery photos, and the sum of each article's daily
readings. Undoing drops the column and the table; the rows they came from
stay.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Sum

BATCH_SIZE = 2_000


def fill_reader_facts(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticlePhoto = apps.get_model("articles", "ArticlePhoto")
    ArticleDailyViews = apps.get_model("articles", "ArticleDailyViews")
    ArticleTotalViews = apps.get_model("articles", "ArticleTotalViews")
    # Only the articles with photos are written: the column's default is the rest.
    Article.objects.filter(Exists(ArticlePhoto.objects.filter(article=OuterRef("pk")))).update(
        has_gallery=True
    )
    totals = (
        ArticleDailyViews.objects.values("article_id")
        .annotate(total=Sum("views"))
        .order_by("article_id")
        .values_list("article_id", "total")
    )
    batch = []
    for article_id, total in totals.iterator(chunk_size=BATCH_SIZE):
        batch.append(ArticleTotalViews(article_id=article_id, views=total))
        if len(batch) == BATCH_SIZE:
            ArticleTotalViews.objects.bulk_create(batch)
            batch = []
    ArticleTotalViews.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_tag_rows_keep_publication"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleTotalViews",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="total_views",
                        serialize=False,
                        to="articles.article",
                        verbose_name="məqalə",
                    ),
                ),
                ("views", models.PositiveBigIntegerField(default=0, verbose_name="oxunma sayı")),
            ],
            options={
                "verbose_name": "ümumi oxunma",
                "verbose_name_plural": "ümumi oxunmalar",
            },
        ),
        migrations.AddField(
            model_name="article",
            name="has_gallery",
            field=models.BooleanField(
                db_default=False,
                default=False,
                editable=False,
                help_text="Məqalənin qalereya şəkilləri varsa, siyahılarda «Foto» nişanı göstərilir.",
                verbose_name="qalereyası var",
            ),
        ),
        migrations.RunPython(fill_reader_facts, migrations.RunPython.noop),
    ]
