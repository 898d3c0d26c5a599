#!/usr/bin/env python
"""Do the public pages cost the same at 1 000, 100 000 and 1 000 000 articles?

    .venv/bin/python bench/scale.py                      # 1k, 100k, 1M (reuses archives)
    .venv/bin/python bench/scale.py --sizes 1000,100000 --duration 3 --rounds 1
    .venv/bin/python bench/scale.py --rebuild            # generate the archives again
    .venv/bin/python bench/scale.py --explain-only       # plans and checks, no load

Every page is rendered with no cache at all (bench/scale_settings.py: the
production settings with DummyCache for every cache alias and the page cache
off), which is what the first reader after an edit pays.

1. Archives: PostgreSQL databases ``senzor_scale_<size>`` (another prefix with
   ``--database-prefix``), migrated, then filled with one ``INSERT ... SELECT
   generate_series`` (the secondary indexes of the article table dropped first
   and built again after, as a restore would), at a newsroom's pace: one
   article every 7 minutes (about 200 a day), so a larger archive is a longer
   past, not a busier day. 10 rubrics (the largest a quarter of the articles),
   50 experts (bylines on 2 articles in 5), readership history that grows with
   the archive (one article in 5 read on each of its first 7 days), tags (three
   of 200 topics on each article, and a broad one on every tenth), five manşet
   slots and an urgent item. Then
   ``VACUUM ANALYZE``. The time each step took is printed.
2. Plans: each page is requested once in this process (Django's test client,
   the same settings), its SQL captured, and every query that reads the
   article table run again under ``EXPLAIN (ANALYZE, FORMAT JSON)``. A page is
   OK when no plan has a sequential scan of ``articles_article``, no sort of
   more than ``MAX_ARTICLE_ROWS`` rows, and no node over the article table that
   reads more than ``MAX_ARTICLE_ROWS`` rows (filtered-out rows counted): what
   it reads is bounded, whatever the archive. The archive's calendar pages may
   read one month of articles (``MONTH_OF_ARTICLES``), which grows with the
   newsroom's pace, not with the archive. Search is judged like every page: a
   word of every article (by relevance and by date), and a word of one article
   (an article's number, in its headline).
3. Load: one gunicorn per archive (deploy/gunicorn.conf.py), wrk (or a Python
   load generator when wrk is missing) on each page, the archives taking turns
   within each round (``--rounds``), so the three sizes of a page are measured
   seconds apart under the same background load; req/s and p99 are the page's
   median round, the ratio 1M/1k the median of the rounds' ratios. Five
   rounds by default (about 40 minutes for the 26 pages): with three, one
   disturbed round on these two shared cores put flat pages at 0.76-0.78.
4. Latency: the home page at the largest archive with 1, 2, 4 and 16 readers
   at once (``--home-connections``), p50 and p99 of each, against the 50 ms
   target: past one reader per core, a request also waits for those ahead.

It is a measurement, not a test: nothing here fails a build.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from databases import recreate_postgres_database  # bench/databases.py, beside this script

# bench/run.py, beside this script: its load runner and its newsroom (rubrics, experts).
from run import load, make_rubrics_and_experts, start_gunicorn, stop

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/9"
SIZES = (1_000, 100_000, 1_000_000)
MINUTES_BETWEEN_ARTICLES = 7
# Tags: narrow topics, three on each article, and one broad tag on every tenth.
TOPICS = 200
BROAD_TAG, BROAD_TAG_SLUG = "Azərbaycan", "azerbaycan"
# A plan may read at most this many rows of the article table in one node: the
# feed count cap (200 pages of 10) with room to spare. A scan of the archive
# at 100 000 or 1 000 000 articles is far over it.
MAX_ARTICLE_ROWS = 5_000
# The archive's calendar marks the days of a month that have news: it reads that
# month's articles (about 6 400 at this pace), however long the archive is.
MONTH_OF_ARTICLES = 31 * 24 * 60 // MINUTES_BETWEEN_ARTICLES + 1
CALENDAR_PAGES = ("archive day", "archive month")
# The news feed offers this many pages of 30 (articles.views.NEWS_FEED_MAX_PAGES).
NEWS_FEED_PAGES = 100
PARAGRAPH = (
    "Ekspertlərin fikrincə, regionda son həftələrdə baş verən hadisələr həm iqtisadi, "
    "həm də siyasi baxımdan yeni mərhələnin başlandığını göstərir. Şəhərdə keçirilən "
    "görüşlərdə tərəflər enerji, nəqliyyat və ticarət layihələrini müzakirə ediblər."
)
TITLE = "Regionda yeni mərhələ: enerji və nəqliyyat layihələri müzakirə olunur"


def log(message):
    print(f"[scale {time.strftime('%H:%M:%S')}] {message}", flush=True)


DATABASE_PREFIX = "senzor_scale"


def database_name(size, prefix=DATABASE_PREFIX):
    """The archive of ``size`` articles: ``<prefix>_<size>`` (``--database-prefix``,
    so a branch can measure its own copies without touching the shared ones)."""
    return f"{prefix}_{size}"


def environment(size, prefix=DATABASE_PREFIX, port=8411, workers=2):
    """Production settings, every cache off, this archive's database."""
    env = dict(os.environ)
    env.update(
        SENZOR_ENV="production",
        DJANGO_SETTINGS_MODULE="scale_settings",
        PYTHONPATH=os.pathsep.join([str(BENCH), str(ROOT)]),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"{POSTGRES}/{database_name(size, prefix)}",
        REDIS_URL=REDIS_URL,
        DJANGO_SECURE_SSL_REDIRECT="0",
        SENZOR_SITE_URL="https://senzor.az",
        SENZOR_BENCH_VIEWS="1",
        DJANGO_STATIC_ROOT=str(Path(tempfile.gettempdir()) / "senzor-scale-static"),
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_LOG_FORMAT="plain",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_LOG_LEVEL="warning",
        GUNICORN_MAX_REQUESTS="0",
    )
    return env


def deepest_full_page(items, per_page, max_pages):
    """The last page a list offers that is full: the deepest one, so the most
    rows skipped, but with as many rows shown as page 1. The true last page of
    a small archive may hold a few rows (page 34 of the 1 000-article news
    feed shows 10 of 30), which is cheaper to render and would flatter it in
    the 1M/1k ratio."""
    return max(1, min(max_pages, items // per_page))


def pages(size):
    """The public pages, at their most expensive address for this archive."""
    siyaset = size * 25 // 100
    last_feed_page = deepest_full_page(siyaset, 10, 200)
    last_news_feed_page = deepest_full_page(size, 30, NEWS_FEED_PAGES)
    sitemap_pages = -(-size // 1000)
    # The middle article's day in Baku: an archive day deep in the past.
    middle_day = (
        datetime.now(ZoneInfo("Asia/Baku"))
        - timedelta(minutes=(size - size // 2) * MINUTES_BETWEEN_ARTICLES)
    ).date()
    return {
        "home": "/",
        "rubric feed p1": "/rubrika/siyaset/",
        "rubric feed last": f"/rubrika/siyaset/?page={last_feed_page}",
        "article": f"/meqale/xeber-{size // 2}/",
        "expert": "/ekspert/ekspert-05/",
        "search": "/axtar/?q=enerji",
        "search by date": "/axtar/?q=enerji&sira=tarix",
        "search rare word": f"/axtar/?q={size // 2}",
        "rss": "/rss/",
        "rubric rss": "/rubrika/siyaset/rss/",
        "sitemap index": "/sitemap.xml",
        "sitemap articles": f"/sitemap-articles.xml?p={max(1, sitemap_pages - 1)}",
        "sitemap rubrics": "/sitemap-rubrics.xml",
        "sitemap experts": "/sitemap-experts.xml",
        "news sitemap": "/sitemap-news.xml",
        "sitemap tags": "/sitemap-tags.xml",
        "sitemap archive": "/sitemap-archive.xml",
        "news feed": "/lent/",
        "news feed last": f"/lent/?page={last_news_feed_page}",
        "rubric news feed": "/lent/siyaset/",
        "archive day": f"/arxiv/{middle_day:%Y/%m/%d}/",
        "archive month": f"/arxiv/{middle_day:%Y/%m}/",
        "tag (broad)": f"/teq/{BROAD_TAG_SLUG}/",
        "tag (broad), last page": (
            f"/teq/{BROAD_TAG_SLUG}/?page={deepest_full_page(size // 10, 10, 200)}"
        ),
        "tag": "/teq/movzu-007/",
        "tag, last page": f"/teq/movzu-007/?page={deepest_full_page(size * 3 // 200, 10, 200)}",
    }


# --- Step 1: the archive (run in a child process with Django set up) ------------


def setup_django():
    sys.path[:0] = [str(BENCH), str(ROOT)]
    import django

    django.setup()


def archive_size():
    """Published articles in the archive, or None when it is not built (or not migrated)."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM articles_article WHERE status = 'published'")
            return cursor.fetchone()[0]
    except Exception:
        return None


def generate(size):
    """Build the archive of ``size`` articles in bulk SQL; print how long each step took."""
    from django.core.management import call_command
    from django.db import connection

    from core.azerbaijani import fold

    timings = {}
    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    cycle, experts = make_rubrics_and_experts()
    rubric_cycle = [rubric.pk for rubric in cycle]
    expert_ids = [expert.pk for expert in experts]
    timings["migrate, rubrics, experts"] = time.monotonic() - started

    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(4))
    search_text = fold(f"{TITLE} {PARAGRAPH}")
    with connection.cursor() as cursor:
        step = time.monotonic()
        secondary = drop_secondary_indexes(cursor, "articles_article")
        # Articles n = 0 .. size-1, oldest first (ids grow with time, as they do live).
        cursor.execute(
            """
            INSERT INTO articles_article (
                title, kicker, slug, lead, body, image, image_width, image_height,
                image_renditions, image_alt, image_caption, image_credit, rubric_id,
                expert_id, author_id, status, published_at, search_document, search_title,
                search_kicker, search_lead, is_urgent, video_url, lock_version,
                created_at, updated_at)
            SELECT %(title)s || ' ' || n, 'TƏRƏFLƏR ƏMƏKDAŞLIĞI GENİŞLƏNDİRİR', 'xeber-' || n,
                   'Ekspertlər regionda yeni mərhələnin başlandığını deyirlər.', %(body)s,
                   '', NULL, NULL, '{}'::jsonb, '', '', '',
                   (%(rubrics)s::bigint[])[1 + n %% %(rubric_count)s],
                   CASE WHEN n %% 5 < 2
                        THEN (%(experts)s::bigint[])[1 + n %% %(experts_count)s] END,
                   NULL, 'published', stamp, %(search)s || ' ' || n, %(search_title)s || ' ' || n,
                   'terefler emekdasligi genislendirir',
                   'ekspertler regionda yeni merhelenin baslandigini deyirler.', false, '',
                   1, stamp, stamp
            FROM generate_series(0, %(size)s - 1) AS n,
                 LATERAL (SELECT now() - (%(size)s - n) * interval '%(minutes)s minutes' AS stamp) t
            """,
            {
                "title": TITLE,
                "body": body,
                "rubrics": rubric_cycle,
                "rubric_count": len(rubric_cycle),
                "experts": expert_ids,
                "experts_count": len(expert_ids),
                "search": search_text,
                "search_title": fold(TITLE),
                "size": size,
                "minutes": MINUTES_BETWEEN_ARTICLES,
            },
        )
        timings[f"INSERT ... SELECT generate_series ({size:,} articles)"] = time.monotonic() - step
        step = time.monotonic()
        cursor.execute("SET maintenance_work_mem = '256MB'")
        build_indexes(cursor, secondary)
        timings[f"{len(secondary)} secondary indexes built again"] = time.monotonic() - step
        step = time.monotonic()
        add_readership(cursor)
        timings["readership history"] = time.monotonic() - step
        step = time.monotonic()
        add_tags(cursor)
        timings["tags"] = time.monotonic() - step
        add_news_desk(cursor)
    step = time.monotonic()
    connection.close()
    with connection.cursor() as cursor:  # VACUUM needs autocommit, outside a transaction
        connection.connection.autocommit = True
        cursor.execute("VACUUM ANALYZE")
    timings["VACUUM ANALYZE"] = time.monotonic() - step
    timings["total"] = time.monotonic() - started
    return timings


def drop_secondary_indexes(cursor, table):
    """Drop ``table``'s indexes that back no constraint; return their definitions.

    A bulk load into a table without them, then building each once, is how a
    restore does it: minutes instead of an index update per row."""
    cursor.execute(
        "SELECT indexdef, indexname FROM pg_indexes WHERE tablename = %s "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [table],
    )
    secondary = cursor.fetchall()
    for _, name in secondary:
        cursor.execute(f'DROP INDEX "{name}"')
    return secondary


def build_indexes(cursor, definitions):
    for definition, _ in definitions:
        cursor.execute(definition)


def add_tags(cursor):
    """Tags as a newsroom uses them: ``TOPICS`` narrow topics, three on every
    article (each on about 1.5% of the archive), and one broad tag ("Azərbaycan")
    on every tenth article, whose page and "Oxşar xəbərlər" must not read its
    100 000 articles at a million. Each row keeps its article's publication
    moment (``TaggedArticle.public_from``, which the app's writes fill)."""
    cursor.execute(
        """
        INSERT INTO articles_tag (name, slug)
        SELECT 'Mövzu ' || lpad(n::text, 3, '0'), 'movzu-' || lpad(n::text, 3, '0')
        FROM generate_series(0, %(topics)s - 1) AS n
        UNION ALL SELECT %(broad)s, %(broad_slug)s
        """,
        {"topics": TOPICS, "broad": BROAD_TAG, "broad_slug": BROAD_TAG_SLUG},
    )
    secondary = drop_secondary_indexes(cursor, "articles_taggedarticle")
    cursor.execute(
        """
        WITH topics AS (
            SELECT array_agg(id ORDER BY slug) AS ids FROM articles_tag WHERE slug <> %(broad)s
        )
        INSERT INTO articles_taggedarticle (content_object_id, tag_id, public_from)
        SELECT a.id, topics.ids[1 + (a.id + step) %% %(topics)s], a.published_at
        FROM articles_article a, topics, unnest(ARRAY[0, 7, 31]) AS step
        UNION ALL
        SELECT a.id, (SELECT id FROM articles_tag WHERE slug = %(broad)s), a.published_at
        FROM articles_article a WHERE a.id %% 10 = 0
        """,
        {"topics": TOPICS, "broad": BROAD_TAG_SLUG},
    )
    build_indexes(cursor, secondary)


def add_news_desk(cursor):
    """The front page's desk as an editor leaves it: five manşet slots on the newest
    articles, and the newest article "Təcili" for three more hours."""
    cursor.execute(
        """
        INSERT INTO articles_topstory (article_id, position, ends_at)
        SELECT id, row_number() OVER (ORDER BY published_at DESC), NULL
        FROM (SELECT id, published_at FROM articles_article
              ORDER BY published_at DESC LIMIT 5) newest
        """
    )
    cursor.execute(
        """
        UPDATE articles_article SET is_urgent = true, urgent_until = now() + interval '3 hours'
        WHERE id = (SELECT max(id) FROM articles_article)
        """
    )


def add_readership(cursor):
    """Readership as years of it accumulate: one article in 5 read on each of its
    first 7 days. The table grows with the archive (1.4 million rows at a million
    articles); "Ən çox oxunanlar" must read only the last week of it. Each read
    article's running total (``ArticleTotalViews``, which lists print) is their sum."""
    cursor.execute("DELETE FROM articles_articletotalviews")
    cursor.execute("DELETE FROM articles_articledailyviews")
    cursor.execute(
        """
        INSERT INTO articles_articledailyviews (article_id, day, views)
        SELECT a.id, (a.published_at AT TIME ZONE 'Asia/Baku')::date + d,
               1 + (a.id * 7 + d) % 500
        FROM articles_article a, generate_series(0, 6) AS d
        WHERE a.id % 5 = 0
          AND (a.published_at AT TIME ZONE 'Asia/Baku')::date + d
              <= (now() AT TIME ZONE 'Asia/Baku')::date
        """
    )
    cursor.execute(
        """
        INSERT INTO articles_articletotalviews (article_id, views)
        SELECT article_id, sum(views) FROM articles_articledailyviews GROUP BY article_id
        """
    )


def readership(size):
    """Bring an archive built before ``add_readership`` up to date (readership rows, stats)."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_articledailyviews")
        if cursor.fetchone()[0] > size // 10:
            return False
        add_readership(cursor)
    connection.close()
    with connection.cursor() as cursor:
        connection.connection.autocommit = True
        cursor.execute("VACUUM ANALYZE articles_articledailyviews")
        cursor.execute("VACUUM ANALYZE articles_articletotalviews")
    return True


# --- Step 2: each page's queries and their plans -----------------------------------


def walk(node):
    yield node
    for child in node.get("Plans", []):
        yield from walk(child)


def judge(plan, size, limit=MAX_ARTICLE_ROWS):
    """What a plan reads of the article table: (problems, most rows one node read).

    A sequential scan of a table smaller than ``limit`` is the planner's right
    choice (reading 1 000 rows in order beats an index), so it is a problem
    only in a larger archive; any node reading more rows than that is one at
    any size. ``limit`` is ``MAX_ARTICLE_ROWS``, or a month of articles for the
    calendar pages."""
    problems, most = [], 0
    for node in walk(plan):
        loops = node.get("Actual Loops", 1) or 1
        rows = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
        kind = node["Node Type"]
        if node.get("Relation Name") == "articles_article":
            most = max(most, rows)
            if kind == "Seq Scan" and size > limit:
                problems.append("Seq Scan on articles_article")
            elif rows > limit:
                problems.append(f"{kind} reads {rows:,} article rows")
        if kind == "Sort" and rows > limit:
            problems.append(f"Sort of {rows:,} rows")
    return problems, most


def time_requests(client, url, requests=20, runs=3):
    """This process's CPU ms and the wall-clock ms per request, in-process (Django's
    test client, no HTTP server), the median of 3 runs: CPU time is what other
    work on a shared machine disturbs least (the database's own work is not in
    it, the wall-clock figure has it)."""
    cpu, wall = [], []
    for _ in range(runs):
        started, started_wall = time.process_time(), time.perf_counter()
        for _ in range(requests):
            client.get(url)
        cpu.append((time.process_time() - started) * 1000 / requests)
        wall.append((time.perf_counter() - started_wall) * 1000 / requests)
    return statistics.median(cpu), statistics.median(wall)


def explain_pages(size):
    """{page: {status, queries, ms, problems, most_rows, plans}} for this archive."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for page, url in pages(size).items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = list(captured.captured_queries)  # before more requests move the log
        entry = {"url": url, "status": response.status_code, "queries": 0, "ms": 0.0}
        entry["cpu_ms"], entry["wall_ms"] = time_requests(client, url)
        entry.update(problems=[], most_rows=0, plans=[])
        for query in queries:
            sql = query["sql"]
            entry["queries"] += 1
            if not sql.startswith("SELECT") or "articles_article" not in sql:
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                document = cursor.fetchone()[0]
                document = json.loads(document) if isinstance(document, str) else document
                cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) {sql}")
                text = "\n".join(row[0] for row in cursor.fetchall())
            limit = MONTH_OF_ARTICLES if page in CALENDAR_PAGES else MAX_ARTICLE_ROWS
            problems, most = judge(document[0]["Plan"], size, limit)
            entry["ms"] += document[0]["Execution Time"]
            entry["problems"] += problems
            entry["most_rows"] = max(entry["most_rows"], most)
            entry["plans"].append({"sql": sql[:300], "plan": text})
        results[page] = entry
    return results


def child(step, size, prefix):
    """Run ``step`` for ``size`` in a child process (one Django database per process)."""
    result = subprocess.run(
        [sys.executable, __file__, "--step", step, "--size", str(size)],
        env=environment(size, prefix),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{step} for {size} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_step(step, size):
    setup_django()
    if step == "size":
        print(json.dumps(archive_size()))
    elif step == "readership":
        print(json.dumps(readership(size)))
    elif step == "generate":
        print(json.dumps(generate(size)))
    elif step == "explain":
        print(json.dumps(explain_pages(size)))


def ensure_archive(size, prefix, rebuild):
    name = database_name(size, prefix)
    if not rebuild:
        try:
            if child("size", size, prefix) == size:
                log(f"{size:,} articles: archive {name} already built, reused")
                if child("readership", size, prefix):
                    log(f"{size:,} articles: readership history added")
                return None
        except SystemExit:
            pass
    log(f"{size:,} articles: generating {name}")
    recreate_postgres_database(f"{POSTGRES}/{database_name(size, prefix)}")
    timings = child("generate", size, prefix)
    for name, seconds in timings.items():
        log(f"  {name}: {seconds:.1f} s")
    return timings


# --- Step 3: load ---------------------------------------------------------------


def free_port(start):
    for port in range(start, start + 50):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit("no free port")


def measure_load(sizes, names, args):
    servers, ports = {}, {}
    workdir = Path(tempfile.mkdtemp(prefix="senzor-scale-"))
    try:
        port = args.port
        for size in sizes:
            port = free_port(port)
            ports[size] = port
            env = environment(size, args.database_prefix, port, args.workers)
            log(f"starting gunicorn ({args.workers} workers) for {size:,} on 127.0.0.1:{port}")
            servers[size] = start_gunicorn(env, port, workdir / f"gunicorn-{size}.log")
            port += 1
        results = {name: {size: [] for size in sizes} for name in names}
        for name in names:
            log(f"load: {name}, {args.rounds} rounds, archives in turn")
            for _ in range(args.rounds):
                for size in sizes:
                    url = f"http://127.0.0.1:{ports[size]}{pages(size)[name]}"
                    results[name][size].append(load(url, args.duration, args.connections))
                log(
                    "  "
                    + "; ".join(
                        f"{size:,}: {results[name][size][-1][0]:,.0f} req/s" for size in sizes
                    )
                )
        latency = {}
        if "home" in names:
            large = max(sizes)
            url = f"http://127.0.0.1:{ports[large]}{pages(large)['home']}"
            for connections in args.home_connections:
                log(f"home at {large:,}: {connections} connection(s), {args.rounds} rounds")
                latency[connections] = [
                    load(url, args.duration, connections) for _ in range(args.rounds)
                ]
        return results, latency
    finally:
        for server in servers.values():
            stop(server)
        shutil.rmtree(workdir, ignore_errors=True)


# --- Report -------------------------------------------------------------------


def report(sizes, timings, plans, loads, latency, args):
    small, large = min(sizes), max(sizes)
    print()
    tool = "wrk" if shutil.which("wrk") else "python load generator"
    print(
        f"Senzor at scale, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{os.cpu_count()} cores, PostgreSQL; every cache off (bench/scale_settings.py); "
        f"gunicorn {args.workers} workers x 4 threads per archive; {tool} "
        f"{args.connections} connections, {args.rounds} rounds of {args.duration} s, archives "
        f"in turn; load average now {os.getloadavg()[0]:.1f}"
    )
    print()
    print("Archive generation (seconds):")
    for size in sizes:
        if timings.get(size):
            steps = ", ".join(f"{name} {sec:.1f}" for name, sec in timings[size].items())
            print(f"  {size:,}: {steps}")
        else:
            print(f"  {size:,}: reused (built earlier)")
    print()
    header = " | ".join(f"{size:,}: SQL ms / most rows / CPU ms" for size in sizes)
    print(f"| page | queries | {header} | plans |")
    print("| --- | ---: |" + " ---: |" * len(sizes) + " --- |")
    for name in plans[small]:
        cells = " | ".join(
            f"{plans[size][name]['ms']:.2f} / {plans[size][name]['most_rows']:,} / "
            f"{plans[size][name]['cpu_ms']:.1f}"
            for size in sizes
        )
        problems = sorted({p for size in sizes for p in plans[size][name]["problems"]})
        statuses = {plans[size][name]["status"] for size in sizes}
        verdict = "OK" if not problems and statuses == {200} else "FAIL"
        detail = f" ({'; '.join(problems)})" if problems else ""
        if statuses != {200}:
            detail += f" (status {sorted(statuses)})"
        queries = "/".join(str(plans[size][name]["queries"]) for size in sizes)
        print(f"| {name} | {queries} | {cells} | {verdict}{detail} |")
    print(
        "SQL ms: the page's queries on the article table under EXPLAIN ANALYZE; most rows: "
        "the most article rows one plan step read (filtered-out rows counted); CPU ms: "
        "this process's CPU per request in-process (Django's test client), median of 3 x 20."
    )
    if loads:
        print()
        cols = " | ".join(f"{size:,} req/s | p50 ms | p99 ms" for size in sizes)
        print(f"| page | {cols} | {large:,}/{small:,} | ≥ 0.8 |")
        print("| --- |" + " ---: | ---: | ---: |" * len(sizes) + " ---: | --- |")
        for name, by_size in loads.items():
            cells = []
            for size in sizes:
                runs = by_size[size]
                median = sorted(runs, key=lambda run: run[0])[len(runs) // 2]
                errors = f" ({median[3]} errors)" if median[3] else ""
                cells.append(f"{median[0]:,.0f}{errors} | {median[1]:.1f} | {median[2]:.1f}")
            ratio = statistics.median(
                big[0] / little[0]
                for big, little in zip(by_size[large], by_size[small], strict=True)
            )
            target = "OK" if ratio >= 0.8 else "FAIL"
            print(f"| {name} | {' | '.join(cells)} | {ratio:.2f} | {target} |")
    if latency:
        home_latency(large, plans[large]["home"], latency, args.workers)
    print()
    print(f"EXPLAIN ANALYZE of each page's queries on the article table, {large:,} articles:")
    for name, entry in plans[large].items():
        print(f"\n== {name} {entry['url']}")
        for number, plan in enumerate(entry["plans"], 1):
            print(f"-- query {number}: {plan['sql']}")
            print("\n".join(f"   {line}" for line in plan["plan"].splitlines()))


def home_latency(size, plan, latency, workers):
    """The uncached home page's latency against how many readers ask at once.

    The target (p50 ≤ 50 ms) is a reader's wait for the page. With ``c``
    readers at once on two cores each request also waits for the ones ahead
    of it: past a reader per core, p50 grows with ``c`` x the page's cost / 2
    (Little's law), however fast the page, so the table shows where the
    machine, not the archive, sets the figure."""
    print(f"\nUncached home at {size:,} articles, readers at once (gunicorn {workers} workers):")
    print("| connections | req/s | p50 ms | p99 ms | p50 ≤ 50 ms |")
    print("| ---: | ---: | ---: | ---: | --- |")
    for connections, runs in latency.items():
        median = sorted(runs, key=lambda run: run[1])[len(runs) // 2]
        verdict = "OK" if median[1] <= 50 else "FAIL"
        figures = f"{median[0]:,.0f} | {median[1]:.1f} | {median[2]:.1f}"
        print(f"| {connections} | {figures} | {verdict} |")
    print(
        f"One request at a time in-process: {plan['wall_ms']:.1f} ms wall clock, "
        f"{plan['cpu_ms']:.1f} ms CPU (Django's test client)."
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(str(size) for size in SIZES))
    parser.add_argument("--rebuild", action="store_true", help="generate the archives again")
    parser.add_argument("--explain-only", action="store_true", help="plans only, no load")
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per archive")
    parser.add_argument("--port", type=int, default=8411)
    parser.add_argument("--only", action="append", metavar="PAGE", help="load only these pages")
    parser.add_argument(
        "--home-connections",
        type=lambda text: [int(number) for number in text.split(",")],
        default=[1, 2, 4, 16],
        help="readers at once for the home page's latency at the largest archive",
    )
    parser.add_argument(
        "--database-prefix",
        default=DATABASE_PREFIX,
        help=f"archives are <prefix>_<size> (default {DATABASE_PREFIX})",
    )
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        return run_step(args.step, args.size)

    sizes = sorted(int(size) for size in args.sizes.split(","))
    timings = {size: ensure_archive(size, args.database_prefix, args.rebuild) for size in sizes}
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=environment(sizes[0], args.database_prefix),
        cwd=ROOT,
        check=True,
    )
    plans = {}
    for size in sizes:
        log(f"{size:,}: plans of each page's queries")
        plans[size] = child("explain", size, args.database_prefix)
    loads, latency = None, None
    if not args.explain_only:
        names = [
            name
            for name in pages(sizes[0])
            if not args.only or any(wanted in name for wanted in args.only)
        ]
        loads, latency = measure_load(sizes, names, args)
    report(sizes, timings, plans, loads, latency, args)


if __name__ == "__main__":
    main()
