#!/usr/bin/env python
"""Do tag pages cost the same at 1 000, 100 000 and 1 000 000 articles?

    .venv/bin/python bench/tags.py senzor_tags_1000 senzor_tags_100000 senzor_tags_1000000

Each database is an archive of ``bench/scale.py`` (one article every 7
minutes) tagged the way a newsroom tags: 200 narrow tags, three on every
article ("Mövzu 007": 1.5 % of the archive), and a broad one, "Azərbaycan",
on every tenth article. Its tag pages, the first and the last offered
(page 200, or the tag's last page when it has fewer), are rendered with every
cache off (bench/scale_settings.py, as ``bench/scale.py`` does) and each query
that reads the article table or the tag rows is run again under ``EXPLAIN
ANALYZE``: SQL ms (the queries' execution time), the most rows one plan step
read of the article table, and of any table.

It is a measurement, not a test; it only reads the databases.
"""

import json
import math
import subprocess
import sys
from pathlib import Path

# bench/scale.py, beside this script: how pages are rendered with every cache off,
# and how a plan is judged.
from scale import POSTGRES, environment, judge, walk

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
TAGS = ("azerbaycan", "movzu-007")


def explain(sql):
    """(execution ms, most article rows in one step, most rows of any table, problems,
    the plan as text)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        document = cursor.fetchone()[0]
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {sql}")
        text = "\n".join(row[0] for row in cursor.fetchall())
    document = (json.loads(document) if isinstance(document, str) else document)[0]
    problems, article_rows = judge(document["Plan"], size=math.inf)
    any_rows = max(
        (
            (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0))
            * (node.get("Actual Loops") or 1)
            for node in walk(document["Plan"])
            if node.get("Relation Name")
        ),
        default=0,
    )
    return document["Execution Time"], article_rows, any_rows, problems, text


def measure():
    """{url: {status, queries, ms, article_rows, any_rows, problems}} for this database."""
    sys.path[:0] = [str(BENCH), str(ROOT)]
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from core.pagination import MAX_FEED_PAGES

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for slug in TAGS:
        carried = Article.objects.published().filter(tagged_items__tag__slug=slug).count()
        last = max(1, min(MAX_FEED_PAGES, -(-carried // 10)))
        for page in (1, last):
            url = f"/teq/{slug}/" + (f"?page={page}" if page > 1 else "")
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            entry = {"status": response.status_code, "queries": len(captured), "ms": 0.0}
            entry.update(article_rows=0, any_rows=0, problems=[], plans=[])
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.startswith("SELECT") or "articles_" not in sql:
                    continue
                ms, article_rows, any_rows, problems, plan = explain(sql)
                entry["ms"] += ms
                entry["article_rows"] = max(entry["article_rows"], article_rows)
                entry["any_rows"] = max(entry["any_rows"], any_rows)
                entry["problems"] += problems
                entry["plans"].append(f"-- {sql[:200]}\n{plan}")
            results[url] = entry
    print(json.dumps(results))


def main():
    if sys.argv[1:] == ["--child"]:
        return measure()
    databases = sys.argv[1:] or [f"senzor_tags_{size}" for size in (1_000, 100_000, 1_000_000)]
    plans = {}
    print("| database | page | status | SQL ms | most article rows | most rows (any table) |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name in databases:
        env = environment(0)
        env["DATABASE_URL"] = f"{POSTGRES}/{name}"
        result = subprocess.run(
            [sys.executable, __file__, "--child"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"{name} failed:\n{result.stderr[-3000:]}")
        for url, entry in json.loads(result.stdout.strip().splitlines()[-1]).items():
            plans[url] = entry["plans"]
            problems = "; ".join(sorted(set(entry["problems"])))
            problems = f" ({problems})" if problems else ""
            print(
                f"| {name} | {url} | {entry['status']} | {entry['ms']:.2f} | "
                f"{entry['article_rows']:,}{problems} | {entry['any_rows']:,} |"
            )
    print(f"\nThe plans, {databases[-1]}:")
    for url, texts in plans.items():
        print(f"\n== {url}\n" + "\n".join(texts))


if __name__ == "__main__":
    main()
