#!/usr/bin/env python
"""Reader search on PostgreSQL: time per query with the pg_trgm index, and without it.

    .venv/bin/python bench/search.py                 # 20 000 articles in senzor_reader
    .venv/bin/python bench/search.py --articles 5000 --database postgres://…/name

Fills the database afresh (drops and recreates it) with published articles of
Azerbaijani-looking text, runs each query of ``QUERIES`` as the /axtar/ page
does (count, then the first page of ranked results) and prints the median
time with the trigram index and with bitmap index scans turned off (the
sequential scan the index saves), plus the plan of one query. It is a
measurement, not a test: nothing here passes or fails.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from databases import recreate_postgres_database  # bench/databases.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/senzor_reader"
QUERIES = ["şəki", "AZƏRBAYCAN", "ilham", "seki turizm", "parlament qanun", "xyzxyz"]
WORDS = [
    "parlament",
    "qanun",
    "layihəsi",
    "müzakirə",
    "hökumət",
    "nazirlik",
    "iqtisadiyyat",
    "büdcə",
    "vergi",
    "islahat",
    "region",
    "turizm",
    "mövsüm",
    "yol",
    "təmir",
    "enerji",
    "qaz",
    "neft",
    "ixrac",
    "bazar",
    "manat",
    "bank",
    "kredit",
    "təhsil",
    "məktəb",
    "universitet",
    "səhiyyə",
    "xəstəxana",
    "mədəniyyət",
    "teatr",
    "festival",
    "idman",
    "futbol",
    "komanda",
    "Bakı",
    "Gəncə",
    "Sumqayıt",
    "Lənkəran",
    "Quba",
    "Qəbələ",
    "Naxçıvan",
    "Şuşa",
    "Ağdam",
    "Göyçay",
    "ölkə",
    "dövlət",
    "prezident",
    "səfər",
    "görüş",
    "razılaşma",
    "sənəd",
    "imzalanıb",
    "açıqlama",
    "ekspert",
    "təhlil",
    "rəy",
    "beynəlxalq",
    "diplomatiya",
    "əməkdaşlıq",
    "təhlükəsizlik",
    "sülh",
    "danışıqlar",
]
RARE = ["Şəki", "Azərbaycan", "İlham", "ıslahat"]


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "senzor.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fill(count):
    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import Article, Rubric
    from core.azerbaijani import fold

    call_command("migrate", verbosity=0)
    rubric = Rubric.objects.create(name="Siyasət", slug="siyaset")
    randomiser = random.Random(2026)
    now = timezone.now()
    batch = []
    for number in range(count):
        words = randomiser.choices(WORDS, k=250)
        if number % 50 == 0:  # one article in 50 mentions a rarer name
            words[randomiser.randrange(250)] = RARE[number // 50 % len(RARE)]
        title = " ".join(words[:6]).capitalize()
        body = "<p>" + " ".join(words) + ".</p>"
        batch.append(
            Article(
                title=title,
                slug=f"meqale-{number}",
                body=body,
                lead=" ".join(words[6:30]),
                search_document=fold(f"{title} {body}"),
                rubric=rubric,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=number),
            )
        )
        if len(batch) == 1000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")


def time_query(query, repeats=7):
    """Median milliseconds of what /axtar/ runs: the count, then the first ranked page."""
    from articles.models import Article

    durations = []
    for _ in range(repeats):
        started = time.perf_counter()
        results = Article.objects.published().search(query)
        total = results.count()
        list(results[:10])
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations), total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    options = parser.parse_args()

    recreate_postgres_database(options.database)
    setup_django(options.database)
    print(f"Filling {options.articles} articles …", flush=True)
    fill(options.articles)

    from django.db import connection

    from articles.models import Article

    print(f"\n{'query':<20}{'found':>8}{'with index':>14}{'without':>12}")
    for query in QUERIES:
        with_index, total = time_query(query)
        with connection.cursor() as cursor:
            cursor.execute("SET enable_bitmapscan = off")
            without_index, _ = time_query(query)
            cursor.execute("SET enable_bitmapscan = on")
        print(f"{query:<20}{total:>8}{with_index:>11.1f} ms{without_index:>9.1f} ms")

    print("\nPlan of the match for “şəki” (count query):")
    print(Article.objects.published().search("şəki").order_by().explain(analyze=True))


if __name__ == "__main__":
    main()
