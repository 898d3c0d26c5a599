#!/usr/bin/env python
"""Senzor's benchmark: the public pages under load, next to a bare Django view.

    .venv/bin/python bench/run.py                # PostgreSQL (senzor_perf_bench), Redis db 4
    .venv/bin/python bench/run.py --sqlite       # SQLite file in a temporary folder
    .venv/bin/python bench/run.py --duration 5 --connections 16
    .venv/bin/python bench/run.py --only home --only article   # just those pages
    .venv/bin/python bench/run.py --via-proxy    # the article through nginx (bench/proxy.py)

What it does, every step bounded in time and on loopback only:

1. creates the database afresh (dropping an earlier benchmark database of the
   same name) with 10 000 published articles, 50 experts and 10 rubrics, the
   largest rubric long enough to have a page 200;
2. counts the SQL queries and HTML bytes of each page in this process, with the
   production settings: nothing cached, shared blocks cached with the page cache
   off, and from the page cache;
3. prints PostgreSQL's EXPLAIN ANALYZE of the public list queries (indexes used);
4. starts gunicorn with the production settings (deploy/gunicorn.conf.py) on
   127.0.0.1, drives each page with wrk (Debian's package; a small Python load
   generator when wrk is missing) and prints requests/s, p50 and p99 for each
   page beside ``/_bench/bare/``, a view returning a fixed string in the same
   gunicorn, and the ratio of each page to it: bare view and page take turns
   (``--rounds``), and the ratio is the median of the rounds';
5. prints the sizes of what a reader downloads (CSS, JavaScript, web fonts).

It is a measurement, not a test: nothing here passes or fails.
"""

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from databases import recreate_postgres_database  # bench/databases.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/senzor_perf_bench"
REDIS_URL = "redis://127.0.0.1:6379/4"

ARTICLES = 10_000
EXPERTS = 50
# Rubric names and their share of the articles: "Siyasət" gets a quarter, so
# its feed has a page 200 at 10 articles a page.
RUBRICS = [
    ("Baş yazı", 8),
    ("Siyasət", 25),
    ("İqtisadiyyat", 12),
    ("Cəmiyyət", 12),
    ("Dünya", 10),
    ("Region", 9),
    ("Enerji", 7),
    ("Müsahibə", 6),
    ("Mədəniyyət", 6),
    ("İdman", 5),
]
PARAGRAPH = (
    "Ekspertlərin fikrincə, regionda son həftələrdə baş verən hadisələr həm iqtisadi, "
    "həm də siyasi baxımdan yeni mərhələnin başlandığını göstərir. Şəhərdə keçirilən "
    "görüşlərdə tərəflər enerji, nəqliyyat və ticarət layihələrini müzakirə ediblər; "
    "ölkənin xarici siyasətində balans prinsipi qorunur, qonşu dövlətlərlə əməkdaşlıq "
    "genişlənir."
)


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- Environment and Django --------------------------------------------------


def production_env(args, static_root):
    """The environment gunicorn and this process run with: production settings."""
    env = dict(os.environ)
    env.update(
        SENZOR_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=args.database_url,
        REDIS_URL=REDIS_URL,
        # Loopback has no TLS proxy in front: answer http instead of redirecting.
        DJANGO_SECURE_SSL_REDIRECT="0",
        SENZOR_BENCH_VIEWS="1",
        SENZOR_SITE_URL="https://senzor.az",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_MEDIA_ROOT=str(static_root.parent / "media"),
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_LOG_FORMAT="plain",
        GUNICORN_BIND=f"127.0.0.1:{args.port}",
        GUNICORN_WORKERS=str(args.workers),
        GUNICORN_LOG_LEVEL="warning",
        GUNICORN_MAX_REQUESTS="0",
    )
    return env


def setup_django(env):
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "senzor.settings"
    import django

    django.setup()


def make_rubrics_and_experts():
    """The benchmark newsroom: ``RUBRICS`` (the first the lead editorial's) and
    ``EXPERTS`` experts. Returns the rubric cycle, each rubric repeated by its share
    (article ``n`` goes to ``cycle[n % len(cycle)]``), and the experts in id order.
    ``bench/scale.py`` makes its archives' newsroom with it too."""
    from articles.models import Rubric
    from core.azerbaijani import az_slugify
    from experts.models import Expert

    rubrics = [
        Rubric.objects.create(
            name=name, slug=az_slugify(name), menu_position=n, is_lead_editorial=n == 0
        )
        for n, (name, _) in enumerate(RUBRICS)
    ]
    Expert.objects.bulk_create(
        Expert(
            full_name=f"Ekspert {n:02d} Məmmədov",
            slug=f"ekspert-{n:02d}",
            signature="Beynəlxalq Münasibətlər və Diplomatiya Araşdırmaları Mərkəzinin eksperti",
            bio="Regional siyasət və enerji təhlükəsizliyi üzrə şərhçi.",
        )
        for n in range(EXPERTS)
    )
    cycle = [
        rubric for rubric, (_, share) in zip(rubrics, RUBRICS, strict=True) for _ in range(share)
    ]
    return cycle, list(Expert.objects.order_by("pk"))


def build_database(args):
    """Migrate, then bulk-create the catalogue (model ``save()`` would take minutes)."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import Article
    from core.azerbaijani import fold

    log("migrating")
    call_command("migrate", verbosity=0, interactive=False)
    log(f"creating {args.articles} articles, {EXPERTS} experts, {len(RUBRICS)} rubrics")
    rubric_cycle, experts = make_rubrics_and_experts()
    now = timezone.now()
    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(8))
    batch = []
    for n in range(args.articles):
        title = f"Regionda yeni mərhələ: enerji və nəqliyyat layihələri müzakirə olunur {n}"
        batch.append(
            Article(
                title=title,
                slug=f"xeber-{n}",
                kicker="TƏRƏFLƏR ƏMƏKDAŞLIĞI GENİŞLƏNDİRİR",
                lead="Ekspertlər regionda yeni mərhələnin başlandığını deyirlər.",
                body=body,
                search_document=fold(f"{title} {PARAGRAPH}"),
                rubric=rubric_cycle[n % len(rubric_cycle)],
                expert=experts[n % EXPERTS] if n % 5 < 2 else None,
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=30 * n + 1),
            )
        )
        if len(batch) == 1000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    tag_catalogue()
    # Fresh statistics, as autovacuum keeps them on a live database; without
    # them PostgreSQL plans the new tables as if they were empty.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    call_command("collectstatic", verbosity=0, interactive=False)
    cache.clear()


BENCH_TAGS = 200


def tag_catalogue():
    """200 tags, three on every article ("Oxşar xəbərlər" and the tag pages have work)."""
    from articles.models import Article, Tag, TaggedArticle

    log(f"tagging the articles ({BENCH_TAGS} tags, three each)")
    tags = [Tag.objects.create(name=f"Mövzu {n:03d}") for n in range(BENCH_TAGS)]
    batch = []
    for pk in Article.objects.values_list("pk", flat=True).iterator(chunk_size=2000):
        for step in (0, 7, 31):
            batch.append(TaggedArticle(content_object_id=pk, tag=tags[(pk + step) % BENCH_TAGS]))
        if len(batch) >= 3000:
            TaggedArticle.objects.bulk_create(batch)
            batch = []
    TaggedArticle.objects.bulk_create(batch)


# --- What each page costs in SQL and bytes ---------------------------------------


def pages(catalogue_size):
    siyaset_pages = -(-catalogue_size * RUBRICS[1][1] // sum(s for _, s in RUBRICS) // 10)
    return {
        "home": "/",
        "rubric feed p1": "/rubrika/siyaset/",
        "rubric feed p200": f"/rubrika/siyaset/?page={min(200, siyaset_pages)}",
        "article (cached)": "/meqale/xeber-3/",
        "article (uncached)": "/_bench/meqale/xeber-3/",
        "expert": "/ekspert/ekspert-07/",
        "search": "/axtar/?q=enerji+layih%C9%99l%C9%99ri",
        "tag": "/teq/movzu-007/",
        "rss": "/rss/",
        "sitemap": "/sitemap.xml",
        **news_desk_pages(),
    }


def news_desk_pages():
    """The news feed and the archive (issue 13); today's archive page in Baku time."""
    from django.utils import timezone

    today = timezone.localdate()
    return {
        "news feed": "/lent/",
        "rubric news feed": "/lent/siyaset/",
        "archive day": f"/arxiv/{today.year}/{today.month}/{today.day}/",
        "archive month": f"/arxiv/{today.year}/{today.month}/",
    }


def measure_pages(targets):
    """{page: (queries nothing cached, queries page cache off, queries cached, bytes)}."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.schedule import forget_local_schedule

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for page, url in targets.items():
        cache.clear()
        forget_local_schedule()
        counts = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            counts.append(len(queries.captured_queries))
        if response.status_code != 200:
            results[page] = None
            continue
        # The second request of the uncached article re-renders it from the shared
        # blocks; for the others the second one is already the cached page.
        results[page] = (
            counts[0],
            counts[1],
            counts[2],
            len(response.content),
            cpu_per_request(client, url),
        )
    cache.clear()
    return results


def cpu_per_request(client, url, requests=300):
    """This process's CPU milliseconds per request through Django's whole stack
    (middleware included, no HTTP server): a figure the machine's other work
    disturbs far less than requests/s (the cache's and database's own work is
    not in it)."""
    started = time.process_time()
    for _ in range(requests):
        client.get(url)
    return (time.process_time() - started) * 1000 / requests


def explain_indexes():
    """PostgreSQL's plans (EXPLAIN ANALYZE) for the queries behind the public lists."""
    from django.db import connection

    from articles.models import Article, Rubric

    if connection.vendor != "postgresql":
        return "EXPLAIN skipped: not PostgreSQL"
    siyaset = Rubric.objects.get(slug="siyaset")
    public = Article.objects.published()
    queries = {
        "home: latest 8": public.for_listing()[:8],
        "rubric feed page 200": public.filter(rubric=siyaset).for_listing()[1990:2000],
        "rubric feed count": public.filter(rubric=siyaset).values("pk"),
        "article by slug": Article.objects.filter(slug="xeber-3"),
    }
    out = []
    with connection.cursor() as cursor:
        for name, queryset in queries.items():
            sql, params = queryset.query.sql_with_params()
            if name.endswith("count"):
                sql = f"SELECT COUNT(*) FROM ({sql}) AS counted"
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
            plan = [row[0] for row in cursor.fetchall()]
            out.append(f"-- {name}\n" + "\n".join(f"   {line}" for line in plan))
    return "\n".join(out)


# --- Load ----------------------------------------------------------------------


def start_gunicorn(env, port, log_path):
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "-c",
        str(ROOT / "deploy/gunicorn.conf.py"),
        "senzor.wsgi",
    ]
    # Its access log (production's JSON lines) goes to a file, as it would in production.
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        bare = f"http://127.0.0.1:{port}/_bench/bare/"
        with contextlib.suppress(OSError), urllib.request.urlopen(bare, timeout=2):
            return process
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited while starting; see {log_path}")
        time.sleep(0.5)
    stop(process)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(process):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def _ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url, duration, connections):
    threads = min(2, connections)  # wrk refuses more threads than connections
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "5s",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=duration + 30,
        check=True,
    ).stdout
    try:
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        latency = {
            percent: _ms(value, unit)
            for percent, value, unit in re.findall(
                r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", output, re.M
            )
        }
        p50, p99 = latency["50"], latency["99"]
    except (AttributeError, KeyError):
        raise SystemExit(f"could not read wrk's output:\n{output}") from None
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rps, p50, p99, int(errors.group(1)) if errors else 0


def run_python_load(url, duration, connections):
    """A bounded fallback when wrk is missing: keep-alive connections in threads.

    Python's own overhead makes it slower than wrk, so its figures are lower bounds.
    """
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, errors, stop_at = [], [0], time.monotonic() + duration
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        mine = []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status >= 400:
                errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 30)
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100)
    return len(latencies) / duration, quantiles[49], quantiles[98], errors[0]


def load(url, duration, connections):
    for _ in range(20):  # warm the page cache and the workers
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
    if shutil.which("wrk"):
        return run_wrk(url, duration, connections)
    return run_python_load(url, duration, connections)


def compare_with_bare(bare_url, url, args, bare_runs):
    """The page's median run and its ratio to the bare view.

    The bare view and the page take turns, ``args.rounds`` times, so each ratio
    compares two runs made seconds apart under the same background load of the
    machine; the median of those ratios is what one slow or lucky run cannot move.
    """
    ratios, runs = [], []
    for _ in range(args.rounds):
        bare = load(bare_url, args.duration, args.connections)
        bare_runs.append(bare)
        result = load(url, args.duration, args.connections)
        runs.append(result)
        ratios.append(result[0] / bare[0])
        log(
            f"  bare {bare[0]:,.0f} req/s p99 {bare[2]:.1f} ms; page {result[0]:,.0f} req/s "
            f"p99 {result[2]:.1f} ms; ratio {ratios[-1]:.2f}"
        )
    median_run = sorted(runs, key=lambda run: run[0])[len(runs) // 2]
    return (*median_run, statistics.median(ratios))


# --- Sizes -------------------------------------------------------------------------


def lead_image_renditions():
    """Bytes of the lead image's renditions a phone loads (400 and 800 px wide).

    The image is synthetic but photo-like (blurred noise over gradients, 2400 x 1600):
    the newsroom's real photos are not in the repository.
    """
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageFilter

    from articles.models import Article
    from core.renditions import rendition_bytes

    size = (2400, 1600)
    layers = [
        Image.linear_gradient("L").resize(size),
        Image.effect_noise(size, 60).filter(ImageFilter.GaussianBlur(3)),
        Image.radial_gradient("L").resize(size),
    ]
    photo = Image.merge("RGB", layers)
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=90)
    article = Article.objects.get(slug="xeber-3")
    article.image = SimpleUploadedFile("lead.jpg", buffer.getvalue(), content_type="image/jpeg")
    article.image_alt = "Sınaq şəkli"
    article.save()
    sizes = {}
    for width in (400, 800):
        for image_format in ("webp", "jpeg"):
            sizes[f"{width}w {image_format}"] = rendition_bytes(article.image, width, image_format)
    return sizes


def asset_sizes():
    css = sum(p.stat().st_size for p in (ROOT / "static").rglob("*.css"))
    js = sum(p.stat().st_size for p in (ROOT / "static").rglob("*.js"))
    fonts = [
        p.name for p in (ROOT / "static").rglob("*") if p.suffix in {".woff", ".woff2", ".ttf"}
    ]
    remote = []
    for template in (ROOT / "templates").rglob("*.html"):
        remote += re.findall(r"https?://fonts\.[\w.]+", template.read_text())
    for stylesheet in (ROOT / "static").rglob("*.css"):
        remote += re.findall(r"@import\s+url\(\s*['\"]?https?://[^)]+", stylesheet.read_text())
    return css, js, fonts, sorted(set(remote))


# --- Main ------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument(
        "--duration", type=int, default=5, help="seconds of load per page and round"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="turns of bare view and page, per page"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8401)
    parser.add_argument(
        "--only",
        action="append",
        metavar="PAGE",
        help="load only the pages whose name holds PAGE (repeatable), e.g. --only home",
    )
    parser.add_argument(
        "--via-proxy",
        action="store_true",
        help="only the article through deploy/nginx.conf's microcache, beside the bare "
        "view and nginx serving the same bytes as a file (bench/proxy.py)",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="senzor-bench-"))
    if args.sqlite:
        args.database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        args.database_url = os.environ.get("SENZOR_BENCH_DATABASE_URL", POSTGRES_URL)
        recreate_postgres_database(args.database_url)
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", args.port)) == 0:
            raise SystemExit(f"port {args.port} is taken; pass --port")

    env = production_env(args, workdir / "static")
    setup_django(env)
    build_database(args)
    if args.via_proxy:
        return run_via_proxy(args, env, workdir)
    renditions = lead_image_renditions()
    targets = pages(args.articles)
    if args.only:
        targets = {
            page: url for page, url in targets.items() if any(name in page for name in args.only)
        }
    measured = measure_pages({"bare view": "/_bench/bare/", **targets})
    bare_cpu = measured.pop("bare view")[4]
    plans = explain_indexes()

    log(f"starting gunicorn ({args.workers} workers) on 127.0.0.1:{args.port}")
    server = start_gunicorn(env, args.port, workdir / "gunicorn.log")
    rows, bare_runs = {}, []
    bare_url = f"http://127.0.0.1:{args.port}/_bench/bare/"
    try:
        log("warming the workers up (not measured)")
        load(bare_url, 2, args.connections)
        for page, url in targets.items():
            if measured.get(page) is None:
                continue
            log(f"load: bare view and {page} {url}, {args.rounds} rounds")
            runs = compare_with_bare(
                bare_url, f"http://127.0.0.1:{args.port}{url}", args, bare_runs
            )
            rows[page] = runs
    finally:
        stop(server)
        shutil.rmtree(workdir, ignore_errors=True)

    median_bare = sorted(bare_runs, key=lambda run: run[0])[len(bare_runs) // 2]
    rows = {"bare view (median run)": (*median_bare, 1.0), **rows}
    report(args, rows, measured, plans, asset_sizes(), renditions, bare_cpu)


def run_via_proxy(args, env, workdir):
    """``--via-proxy``: bench/proxy.py's comparison, with gunicorn as usual behind nginx."""
    import proxy  # bench/proxy.py, beside this script

    if not shutil.which("nginx"):
        raise SystemExit("--via-proxy needs nginx (apt-get install nginx-light)")
    log(f"starting gunicorn ({args.workers} workers) on 127.0.0.1:{args.port}, nginx in front")
    server = start_gunicorn(env, args.port, workdir / "gunicorn.log")
    try:
        load(f"http://127.0.0.1:{args.port}/_bench/bare/", 2, args.connections)  # warm up
        runs, size = proxy.compare(args, args.port, workdir, load, log)
    finally:
        stop(server)
        shutil.rmtree(workdir, ignore_errors=True)
    proxy.report(runs, size, args)


def report(args, rows, measured, plans, assets, renditions, bare_cpu):
    import django
    from django.db import connection

    tool = "wrk" if shutil.which("wrk") else "python load generator"
    print()
    print(
        f"Senzor benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{os.cpu_count()} cores, "
        f"{connection.vendor}, {args.articles} articles; gunicorn {args.workers} workers "
        f"x {os.environ.get('GUNICORN_THREADS') or 4} threads (deploy/gunicorn.conf.py), "
        f"{tool} {args.connections} connections, {args.rounds} rounds of {args.duration} s "
        "(bare view, then page) per page; "
        f"Django {django.get_version()}; "
        f"load average after the run {os.getloadavg()[0]:.1f} (other work on the machine "
        "skews absolute figures; each ratio is the median over rounds of runs made one after "
        "the other)"
    )
    print()
    print(
        "| page | req/s | p50 ms | p99 ms | × bare | CPU ms/req | × bare CPU "
        "| SQL cold | SQL warm | SQL cached | HTML KB |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page, (rps, p50, p99, errors, ratio) in rows.items():
        cold, warm, cached, size, cpu = measured.get(page) or ("", "", "", 0, bare_cpu)
        flag = f" ({errors} errors)" if errors else ""
        print(
            f"| {page}{flag} | {rps:,.0f} | {p50:.1f} | {p99:.1f} | {ratio:.2f} | "
            f"{cpu:.2f} | {bare_cpu / cpu:.2f} | {cold} | {warm} | {cached} | {size / 1024:.1f} |"
        )
    print()
    print(
        "SQL cold: nothing cached; warm: the second request (for the uncached article, "
        "rendered again from the cached article, 'Digər xəbərlər', menu and settings); "
        "cached: the third, from the page cache. req/s, p50, p99: the page's median round. "
        "× bare: requests/s of the page over those of the bare view measured just before "
        "it, the median over the rounds. CPU ms/req: this process's CPU "
        "per request through Django's whole stack, in-process (no HTTP server); "
        "× bare CPU: the bare view's over the page's."
    )
    css, js, fonts, remote = assets
    print(
        f"Assets: CSS {css / 1024:.1f} KB, JavaScript {js / 1024:.1f} KB, "
        f"font files {fonts or 'none'}, fonts from elsewhere {remote or 'none'}"
    )
    print(
        "Lead image renditions (synthetic 2400x1600 photo): "
        + ", ".join(f"{name} {size / 1024:.0f} KB" for name, size in renditions.items())
    )
    print()
    print("EXPLAIN ANALYZE of the list queries:")
    print(plans)


if __name__ == "__main__":
    main()
