#!/usr/bin/env python
"""Reader search on PostgreSQL: relevance (MRR, nDCG@10) and time per query.

    .venv/bin/python bench/search.py                       # 100 000 articles in senzor_search
    .venv/bin/python bench/search.py --articles 2000 --database postgres://…/name

Fills the database afresh (drops and recreates it) with the generated corpus
of bench/search_corpus.py (the relevance set's targets among ``--articles``
generated articles), then runs every query of the relevance set as /axtar/
does (near spellings from the vocabulary, the count, the first ranked page),
``--repeats`` times, and prints each query's rank of the expected article
and median time, then MRR, nDCG@10 and the p50/p95/max of the medians, and
the plan of one common-word query. It is a measurement, not a test: nothing
here passes or fails. Figures go to docs/performance.md.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import search_corpus  # bench/search_corpus.py, beside this script
from databases import recreate_postgres_database  # bench/databases.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/senzor_search"
COMMON_WORD = "nazirliyi"


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "senzor.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fill(count):
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    keys = search_corpus.load(count)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE articles_article")
        cursor.execute("VACUUM ANALYZE articles_searchword")
    print(f"Filled in {time.perf_counter() - started:.0f} s", flush=True)
    return keys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--reuse", action="store_true", help="measure the database a previous run filled"
    )
    options = parser.parse_args()

    if options.reuse:
        setup_django(options.database)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        keys = search_corpus.target_slugs()
    else:
        recreate_postgres_database(options.database)
        setup_django(options.database)
        print(f"Filling {options.articles} articles …", flush=True)
        keys = fill(options.articles)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from articles.search import MAX_COUNTED, ParsedQuery, count_up_to
    from articles.vocabulary import near_spellings

    search_corpus.evaluate(keys)  # warm the caches once
    runs = [search_corpus.evaluate(keys) for _ in range(options.repeats)]
    results = [
        (query, rank, ndcg, statistics.median(run[n][3] for run in runs))
        for n, (query, rank, ndcg, _) in enumerate(runs[0])
    ]
    print(f"\n{'query':<46}{'rank':>6}{'nDCG@10':>9}{'ms':>9}")
    for query, rank, ndcg, milliseconds in results:
        print(f"{query:<46}{rank or '-':>6}{ndcg:>9.2f}{milliseconds:>9.1f}")
    times = sorted(milliseconds for *_, milliseconds in results)
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    print(
        f"\n{Article.objects.count()} articles, {len(results)} queries: "
        f"MRR {search_corpus.mean_reciprocal_rank(results):.3f}, "
        f"nDCG@10 {search_corpus.mean_ndcg(results):.3f}, "
        f"time p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms"
    )

    parsed = ParsedQuery.parse(COMMON_WORD)
    found = Article.objects.published().search(parsed, near_spellings(parsed.positive_words))
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        count_up_to(found, MAX_COUNTED + 1)
        list(found[:10])
        milliseconds = (time.perf_counter() - started) * 1000
    print(
        f"\n“{COMMON_WORD}” (a word in most articles): count and first page"
        f" {milliseconds:.1f} ms, queries (s): "
        + ", ".join(query["time"] for query in captured.captured_queries)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('articles_article'))")
        print(f"articles_article with indexes: {cursor.fetchone()[0]}")


if __name__ == "__main__":
    main()
