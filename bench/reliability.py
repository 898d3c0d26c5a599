#!/usr/bin/env python
"""Senzor's load and failure drills, with the production settings, on loopback only.

    .venv/bin/python bench/reliability.py                 # all three drills
    .venv/bin/python bench/reliability.py --drill load --duration 60 --connections 64
    .venv/bin/python bench/reliability.py --drill database
    .venv/bin/python bench/reliability.py --drill redis
    .venv/bin/python bench/reliability.py --drill withdrawal

Everything runs on private, throw-away services so that nobody else's
database or cache is touched: a PostgreSQL cluster made with ``initdb`` in a
temporary folder (port 55432), a ``redis-server`` without persistence (port
56379, db 5), and gunicorn with ``deploy/gunicorn.conf.py`` on 127.0.0.1:8502.
All of it is removed at the end.

1. load: ``--duration`` seconds at ``--connections`` connections over the
   public pages (wrk when installed, else a Python load generator). Passes
   with zero connection errors and zero 5xx.
2. database: a steady load; articles are written, then PostgreSQL is killed
   (``pg_ctl stop -m immediate``, a crash) and started again. Passes when
   requests that need the database get the site's 503 page quickly (no hang),
   the site answers 200 again within seconds of the database's return with
   no restart of gunicorn, and every article written before the crash is
   still there.
3. redis: a steady load; Redis is stopped, then started again. Passes when
   every request still gets a 200 while it is away, and the cache fills again
   after it is back.

4. withdrawal: an editor unpublishes an article while Redis misbehaves and 16
   connections read every page that showed it (the article, home, its
   rubric, the RSS feed, the sitemap, a search for it). Four ways: Redis
   frozen (SIGSTOP for the whole save, CONT after), Redis slowed (every
   reply delayed past the client's 1 s timeout by a proxy in this script),
   Redis restarted with the data it had saved before the edit, Redis
   restarted empty. The figure is the number of stale answers (a page
   that still shows the article) among requests that started after the
   save returned: it must be 0.

gunicorn always reaches Redis through a TCP proxy run by this script
(``DelayingProxy``), which delays nothing unless a drill asks it to.

Each drill prints its figures; docs/security.md keeps the latest ones.
Exit status 1 if a drill fails.
"""

import argparse
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.delaying_proxy import DelayingProxy  # noqa: E402 - the same proxy the tests use

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT = 55432
REDIS_PORT = 56379
REDIS_DB = 5
PROXY_PORT = 56380
WEB_PORT = 8502
DATABASE = "senzor_security"
SITE_503_HEADING = "Sayt müvəqqəti əlçatan deyil"
PYTHON = sys.executable


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(command, **kwargs):
    kwargs.setdefault("check", True)
    kwargs.setdefault("timeout", 300)
    return subprocess.run(command, **kwargs)


# --- Private services --------------------------------------------------------------


class PrivatePostgres:
    """A PostgreSQL cluster of our own in ``folder``, owned by the postgres user."""

    def __init__(self, folder):
        self.data = folder / "pg"
        self.sockets = folder / "pg-sockets"
        self.logfile = folder / "pg.log"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _ctl(self, *args, timeout=60):
        return run(
            [*self.as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args],
            timeout=timeout,
            stdout=subprocess.DEVNULL,
        )

    def create(self):
        for folder in (self.data, self.sockets):
            folder.mkdir(parents=True)
        if self.as_postgres:
            shutil.chown(self.data.parent, "postgres")
            for path in (self.data, self.sockets):
                shutil.chown(path, "postgres", "postgres")
        run(
            [*self.as_postgres, str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres"]
            + ["-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"],
            stdout=subprocess.DEVNULL,
        )
        self.start()
        run(
            [*self.as_postgres, str(PG_BIN / "createdb"), "-h", "127.0.0.1"]
            + ["-p", str(PG_PORT), "-U", "postgres", DATABASE]
        )

    def start(self):
        options = f"-p {PG_PORT} -k {self.sockets} -c listen_addresses=127.0.0.1"
        self._ctl("-o", options, "-l", str(self.logfile), "-w", "start")

    def crash(self):
        """Stop at once, as a power cut would: no checkpoint, recovery from the WAL."""
        self._ctl("-m", "immediate", "-w", "stop")

    def stop(self):
        with contextlib.suppress(Exception):
            self._ctl("-m", "fast", "-w", "stop")

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{PG_PORT}/{DATABASE}"


class PrivateRedis:
    """A redis-server of our own, without automatic persistence: ``save()`` writes a
    snapshot into ``folder`` on demand, which ``start(with_data=True)`` loads."""

    def __init__(self, folder):
        self.folder = folder
        self.logfile = folder / "redis.log"
        self.process = None

    def start(self, with_data=False):
        if not with_data:
            (self.folder / "dump.rdb").unlink(missing_ok=True)
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--logfile", str(self.logfile)]
            + ["--dir", str(self.folder), "--dbfilename", "dump.rdb"],
        )
        for _ in range(50):
            if self.ping():
                return
            time.sleep(0.1)
        raise RuntimeError("the private redis-server did not start")

    def ping(self):
        result = subprocess.run(
            ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True
        )
        return result.stdout.strip() == "PONG"

    def keys(self):
        result = subprocess.run(
            ["redis-cli", "-p", str(REDIS_PORT), "-n", str(REDIS_DB), "dbsize"],
            capture_output=True,
            text=True,
        )
        return int(result.stdout.strip() or 0)

    def save(self):
        """A snapshot of the data now, as a Redis with RDB persistence keeps one."""
        run(["redis-cli", "-p", str(REDIS_PORT), "save"], stdout=subprocess.DEVNULL)

    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.kill()  # no shutdown save: the snapshot stays as it was
            self.process.wait(timeout=10)

    @property
    def url(self):
        return f"redis://127.0.0.1:{PROXY_PORT}/{REDIS_DB}"


def production_env(folder, postgres, redis):
    """The production settings, pointed at the private services, over plain http."""
    return {
        **os.environ,
        "SENZOR_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # loopback has no TLS
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis.url,
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_LOG_FORMAT": "plain",
        "GUNICORN_BIND": f"127.0.0.1:{WEB_PORT}",
        "PYTHONUNBUFFERED": "1",
    }


def manage(env, *args, **kwargs):
    return run([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, **kwargs)


def in_django(env, step):
    """Run one of this file's ``--step`` functions inside Django; return its JSON."""
    result = run(
        [PYTHON, __file__, "--step", step],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"step {step} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class Gunicorn:
    def __init__(self, env, folder):
        self.env = env
        self.logfile = folder / "gunicorn.log"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "senzor.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self.logfile.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                status, _, _ = fetch("/", timeout=2)
                if status == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not become healthy; see {self.logfile}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=40)

    def alarms(self):
        """Hung or dead workers (there must be none), and logged tracebacks (one per
        request that met the database down: Django logs each before the 503 page)."""
        text = self.logfile.read_text(errors="replace") if self.logfile.exists() else ""
        return {
            "worker_timeouts": len(re.findall(r"WORKER TIMEOUT", text)),
            "workers_died": len(re.findall(r"Worker .* (?:was sent SIGKILL|exited)", text)),
            "tracebacks": text.count("Traceback"),
        }


# --- Steps run inside Django (``--step``) ------------------------------------------


def step_seed():
    """Demo content plus enough articles to page through; print the URLs to load."""
    from django.core.management import call_command
    from django.urls import NoReverseMatch, reverse
    from django.utils.encoding import iri_to_uri

    from articles.models import Article, Rubric
    from experts.models import Expert

    call_command("load_demo", verbosity=0)
    rubrics = list(Rubric.objects.all())
    experts = list(Expert.objects.all())
    for number in range(300):
        Article.objects.create(
            title=f"Yük sınağı məqaləsi {number}: Bakı, Şəki və Gəncə",
            kicker="sınaq",
            lead="Dayanıqlıq sınağı üçün yazılmış məqalə.",
            body="<p>" + "Bu, yük altında oxunan mətndir. " * 40 + "</p>",
            rubric=rubrics[number % len(rubrics)],
            expert=experts[number % len(experts)] if experts and number % 3 == 0 else None,
            status=Article.Status.PUBLISHED,
        )
    urls = ["/"]
    urls += [rubric.get_absolute_url() for rubric in rubrics]
    urls += [f"{rubrics[0].get_absolute_url()}?page={page}" for page in (2, 3)]
    urls += [a.get_absolute_url() for a in Article.objects.published().order_by("-pk")[:40]]
    urls += [expert.get_absolute_url() for expert in experts[:5]]
    urls += ["/axtar/?q=Şəki", "/axtar/?q=baki"]
    for name in ("articles:feed", "portal:sitemap", "portal:news_sitemap", "portal:robots"):
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(name))
    return {"urls": [iri_to_uri(url) for url in urls]}


MARKER_PREFIX = "Qəzadan əvvəl yazılmış məqalə"


def step_write_markers():
    """Articles written (and committed) just before the database is crashed."""
    from articles.models import Article, Rubric

    rubric = Rubric.objects.first()
    slugs = []
    for number in range(20):
        article = Article.objects.create(
            title=f"{MARKER_PREFIX} {number} {secrets.token_hex(3)}",
            body="<p>Bu mətn itməməlidir.</p>",
            rubric=rubric,
            status=Article.Status.PUBLISHED,
        )
        slugs.append(article.slug)
    return {"slugs": slugs}


def step_count_markers():
    from articles.models import Article

    return {"count": Article.objects.filter(title__startswith=MARKER_PREFIX).count()}


WITHDRAWN_PREFIX = "Geri çəkiləcək xəbər"


def step_withdrawal_target():
    """A published article with a word of its own; the pages that show it."""
    from django.utils.encoding import iri_to_uri

    from articles.models import Article, Rubric

    word = f"zəncir{secrets.token_hex(4)}"
    rubric = Rubric.objects.first()
    article = Article.objects.create(
        title=f"{WITHDRAWN_PREFIX} {word}",
        lead="Bu xəbər redaktor tərəfindən dərcdən çıxarılacaq.",
        body=f"<p>Mətn: {word}.</p>",
        rubric=rubric,
        status=Article.Status.PUBLISHED,
    )
    pages = [
        article.get_absolute_url(),
        "/",
        rubric.get_absolute_url(),
        "/rss/",
        "/sitemap-articles.xml",
        f"/axtar/?q={word}",
    ]
    return {
        "slug": article.slug,
        "title": article.title,
        "path": iri_to_uri(article.get_absolute_url()),
        "word": word,
        "pages": [iri_to_uri(url) for url in pages],
    }


def step_unpublish():
    """The editor's save: ``workflow.unpublish``, as the admin's button calls it."""
    from articles import workflow
    from articles.models import Article

    article = Article.objects.get(slug=os.environ["SENZOR_DRILL_SLUG"])
    started = time.time()
    workflow.unpublish(article)
    return {"returned_at": time.time(), "seconds": round(time.time() - started, 2)}


STEPS = {
    "withdrawal_target": step_withdrawal_target,
    "unpublish": step_unpublish,
    "seed": step_seed,
    "write_markers": step_write_markers,
    "count_markers": step_count_markers,
}


# --- Load ------------------------------------------------------------------------------


def fetch(path, timeout=10):
    """GET ``path`` on our gunicorn: (status, body, seconds). Raises OSError on failure."""
    started = time.monotonic()
    path = quote(path, safe="/?=&%:")  # non-ASCII letters percent-encoded, as browsers do
    request = urllib.request.Request(f"http://127.0.0.1:{WEB_PORT}{path}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body = error.read()
        status = error.code
    return status, body, time.monotonic() - started


class Load:
    """``connections`` threads requesting ``urls`` until stopped; every answer recorded.

    One URL in four is a search for a fresh word, which no cache can answer:
    those requests show what happens when the database is needed.
    """

    def __init__(self, urls, connections):
        self.urls = urls
        self.connections = connections
        self.records = []  # (started_at, seconds, status or "error", needs_db, site_503)
        self.lock = threading.Lock()
        self.running = threading.Event()
        self.threads = []

    def start(self):
        self.running.set()
        self.t0 = time.monotonic()
        for number in range(self.connections):
            thread = threading.Thread(target=self._worker, args=(number,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self):
        self.running.clear()
        for thread in self.threads:
            thread.join(timeout=15)

    def _worker(self, number):
        rng = random.Random(number)
        count = 0
        while self.running.is_set():
            count += 1
            needs_db = count % 4 == 0
            path = f"/axtar/?q=söz{number}x{count}" if needs_db else rng.choice(self.urls)
            started = time.monotonic()
            try:
                status, body, seconds = fetch(path)
                site_503 = status == 503 and SITE_503_HEADING in body.decode("utf-8", "replace")
            except OSError:
                status, seconds, site_503 = "error", time.monotonic() - started, False
            with self.lock:
                self.records.append((started - self.t0, seconds, status, needs_db, site_503))

    def window(self, start=None, end=None):
        return [
            r
            for r in self.records
            if (start is None or r[0] >= start) and (end is None or r[0] < end)
        ]


def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summarise(records, seconds):
    statuses = {}
    for record in records:
        statuses[str(record[2])] = statuses.get(str(record[2]), 0) + 1
    latencies = [r[1] for r in records]
    return {
        "requests": len(records),
        "per_second": round(len(records) / seconds, 1) if seconds else 0,
        "statuses": dict(sorted(statuses.items())),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(max(latencies, default=0) * 1000, 1),
    }


# --- Drills ----------------------------------------------------------------------------


def drill_load(urls, duration, connections):
    """``duration`` seconds at ``connections`` connections; zero errors, zero 5xx."""
    log(f"drill load: {duration} s at {connections} connections over {len(urls)} URLs")
    if shutil.which("wrk"):
        figures = wrk_load(urls, duration, connections)
    else:
        load = Load(urls, connections)
        load.start()
        time.sleep(duration)
        load.stop()
        figures = summarise(load.records, duration)
        figures["tool"] = "python"
    five_xx = sum(n for status, n in figures["statuses"].items() if status.startswith("5"))
    errors = figures.get("socket_errors", 0) + figures["statuses"].get("error", 0)
    figures["passed"] = five_xx == 0 and errors == 0
    return figures


WRK_SCRIPT = r"""
local threads = {}
local paths = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  for line in io.lines(os.getenv("SENZOR_URL_FILE")) do table.insert(paths, line) end
  statuses = {}
  counter = math.random(#paths)
end
function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(merged) do table.insert(parts, '"' .. status .. '":' .. count) end
  local errors = summary.errors
  io.write(string.format(
    'SENZOR {"requests":%d,"seconds":%.1f,"statuses":{%s},"socket_errors":%d,' ..
    '"p50_ms":%.1f,"p99_ms":%.1f,"max_ms":%.1f}\n',
    summary.requests, summary.duration / 1e6, table.concat(parts, ","),
    errors.connect + errors.read + errors.write + errors.timeout + errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def wrk_load(urls, duration, connections):
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "senzor.lua"
        script.write_text(WRK_SCRIPT)
        url_file = Path(folder) / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n")
        result = run(
            ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s"]
            + ["-s", str(script), f"http://127.0.0.1:{WEB_PORT}"],
            env={**os.environ, "SENZOR_URL_FILE": str(url_file)},
            capture_output=True,
            text=True,
            timeout=duration + 60,
        )
    line = next(x for x in result.stdout.splitlines() if x.startswith("SENZOR "))
    figures = json.loads(line.removeprefix("SENZOR "))
    figures["per_second"] = round(figures["requests"] / figures["seconds"], 1)
    figures["tool"] = "wrk"
    return figures


def drill_database(urls, env, postgres, connections=16, down_seconds=10):
    """Crash PostgreSQL under load and start it again."""
    log(f"drill database: load at {connections} connections, PostgreSQL down {down_seconds} s")
    load = Load(urls, connections)
    load.start()
    time.sleep(4)
    markers = in_django(env, "write_markers")["slugs"]
    log(f"wrote {len(markers)} articles; crashing PostgreSQL (pg_ctl stop -m immediate)")
    crashed_at = time.monotonic() - load.t0
    postgres.crash()
    down_from = time.monotonic() - load.t0
    time.sleep(down_seconds)
    log("starting PostgreSQL again (recovery from the WAL)")
    postgres.start()
    back_at = time.monotonic() - load.t0
    time.sleep(15)
    load.stop()

    down = load.window(down_from, back_at)
    down_db = [r for r in down if r[3]]
    after = load.window(back_at)
    after_db = [r for r in after if r[3]]
    failures_after = [r for r in after_db if r[2] != 200]
    recovered_in = (max(r[0] + r[1] for r in failures_after) - back_at) if failures_after else 0.0
    marker_pages = [fetch(f"/meqale/{slug}/")[0] for slug in markers]
    figures = {
        "before": summarise(load.window(None, crashed_at), crashed_at),
        "while_down": summarise(down, back_at - down_from),
        "while_down_needing_db": summarise(down_db, back_at - down_from),
        "site_503_pages": sum(1 for r in down_db if r[4]),
        "after_return": summarise(after, load.records[-1][0] - back_at if after else 1),
        "recovered_within_s": round(recovered_in, 2),
        "markers_written": len(markers),
        "markers_in_database": in_django(env, "count_markers")["count"],
        "marker_pages_200": sum(1 for status in marker_pages if status == 200),
    }
    other_5xx = [r for r in down if str(r[2]).startswith("5") and r[2] != 503]
    hung = [r for r in down if r[1] > 5]
    figures["passed"] = (
        not other_5xx
        and not hung
        and figures["site_503_pages"] == len([r for r in down_db if r[2] == 503])
        and all(r[2] in (200, 503) for r in down)
        and recovered_in < 10
        and figures["markers_in_database"] == len(markers) == figures["marker_pages_200"]
        and not [r for r in load.window(back_at + 10) if r[2] != 200]
    )
    return figures


def drill_redis(urls, redis, connections=16, down_seconds=12):
    """Stop Redis under load and start it again."""
    log(f"drill redis: load at {connections} connections, Redis down {down_seconds} s")
    load = Load(urls, connections)
    load.start()
    time.sleep(8)
    keys_before = redis.keys()
    log(f"{keys_before} keys cached; stopping Redis")
    stopped_at = time.monotonic() - load.t0
    redis.stop()
    time.sleep(down_seconds)
    log("starting Redis again (empty: no persistence)")
    redis.start()
    back_at = time.monotonic() - load.t0
    time.sleep(12)
    keys_after = redis.keys()
    load.stop()
    end = load.records[-1][0]
    figures = {
        "before": summarise(load.window(None, stopped_at), stopped_at),
        "while_down": summarise(load.window(stopped_at, back_at), back_at - stopped_at),
        "after_return": summarise(load.window(back_at), end - back_at),
        "keys_before": keys_before,
        "keys_after_return": keys_after,
    }
    figures["passed"] = all(r[2] == 200 for r in load.records) and keys_after > 0
    return figures


class StaleWatch:
    """``connections`` readers going round ``pages``; each answer noted with its wall-clock
    start and whether it still showed the withdrawn article (``word``, or the
    article's address in the sitemap)."""

    def __init__(self, pages, markers, connections=16):
        self.pages = pages
        self.markers = [marker.encode() for marker in markers]
        self.connections = connections
        self.answers = []  # (started wall clock, path, status, shows the article)
        self.lock = threading.Lock()
        self.running = threading.Event()

    def start(self):
        self.running.set()
        self.threads = [
            threading.Thread(target=self._reader, args=(n,), daemon=True)
            for n in range(self.connections)
        ]
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.running.clear()
        for thread in self.threads:
            thread.join(timeout=15)

    def _reader(self, number):
        count = number
        while self.running.is_set():
            path = self.pages[count % len(self.pages)]
            count += 1
            started = time.time()
            try:
                status, body, _ = fetch(path)
            except OSError:
                status, body = "error", b""
            shows = status == 200 and any(marker in body for marker in self.markers)
            with self.lock:
                self.answers.append((started, path, status, shows))

    def figures(self, saved_at):
        after = [a for a in self.answers if a[0] > saved_at]
        statuses = {}
        for answer in after:
            statuses[str(answer[2])] = statuses.get(str(answer[2]), 0) + 1
        return {
            "answers_before_save_returned": len(self.answers) - len(after),
            "answers_after_save_returned": len(after),
            "statuses_after": dict(sorted(statuses.items())),
            "stale_after_save_returned": sum(1 for a in after if a[3]),
            "stale_pages": sorted({a[1] for a in after if a[3]}),
        }


def drill_withdrawal(env, redis, proxy, after_seconds=6):
    """Unpublish while Redis misbehaves in four ways; count stale answers after the save."""
    results = {}
    for way in ("frozen", "slowed", "restarted_with_data", "restarted_empty"):
        target = in_django(env, "withdrawal_target")
        for path in target["pages"]:  # every page caches the article first
            status, body, _ = fetch(path)
            if status != 200 or target["path"].encode() not in body and path != target["pages"][-1]:
                raise RuntimeError(f"{path} did not show the new article ({status})")
        # The title, or the address (the sitemap, links); not the bare word, which
        # the search page repeats back to the reader.
        watch = StaleWatch(target["pages"], [target["title"], target["path"]])
        watch.start()
        try:
            results[way] = _withdraw_while(way, env, redis, proxy, watch, target, after_seconds)
        finally:
            watch.stop()
        log(f"  stale answers after the save returned: {results[way]['stale_after_save_returned']}")
    results["passed"] = all(figures["passed"] for figures in results.values())
    return results


def _withdraw_while(way, env, redis, proxy, watch, target, after_seconds):
    """One drill: Redis misbehaves ``way`` while the article is unpublished."""
    marker_slug = target["slug"]
    time.sleep(2)
    log(f"drill withdrawal ({way}): unpublishing {marker_slug} under 16 readers")
    if way == "frozen":
        redis.freeze()
    elif way == "slowed":
        proxy.delay = 1.5
    elif way == "restarted_with_data":
        redis.save()  # the snapshot Redis will come back with: the article still cached
    elif way == "restarted_empty":
        redis.stop()
    saved = in_django({**env, "SENZOR_DRILL_SLUG": marker_slug}, "unpublish")
    if way == "frozen":
        redis.thaw()
    elif way == "slowed":
        proxy.delay = 0.0
    elif way == "restarted_with_data":
        redis.stop()
        redis.start(with_data=True)
    elif way == "restarted_empty":
        redis.start()
    time.sleep(after_seconds)
    watch.stop()
    if way == "restarted_empty" and redis.keys() == 0:
        raise RuntimeError("Redis did not fill again after its empty restart")
    figures = watch.figures(saved["returned_at"])
    figures["save_seconds"] = saved["seconds"]
    figures["passed"] = figures["stale_after_save_returned"] == 0 and not any(
        status.startswith("5") or status == "error" for status in figures["statuses_after"]
    )
    return figures


# --- Main --------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--drill", choices=["load", "database", "redis", "withdrawal", "all"], default="all"
    )
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.step:
        import django

        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "senzor.settings")
        django.setup()
        print(json.dumps(STEPS[args.step]()))
        return 0

    results = {}
    with tempfile.TemporaryDirectory(prefix="senzor-reliability-") as name:
        folder = Path(name)
        postgres, redis = PrivatePostgres(folder), PrivateRedis(folder)
        proxy = DelayingProxy(target=("127.0.0.1", REDIS_PORT), port=PROXY_PORT)
        env = production_env(folder, postgres, redis)
        gunicorn = Gunicorn(env, folder)
        try:
            log(
                f"private PostgreSQL on {PG_PORT}, Redis on {REDIS_PORT} (proxy {PROXY_PORT}),"
                f" gunicorn on {WEB_PORT}"
            )
            postgres.create()
            redis.start()
            manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
            manage(env, "collectstatic", "--noinput", stdout=subprocess.DEVNULL)
            urls = in_django(env, "seed")["urls"]
            gunicorn.start()
            for url in urls:  # every URL must be a page before load means anything
                status = fetch(url)[0]
                if status != 200:
                    raise RuntimeError(f"{url} answered {status} before any load")
            if args.drill in ("load", "all"):
                results["load"] = drill_load(urls, args.duration, args.connections)
            if args.drill in ("database", "all"):
                results["database"] = drill_database(urls, env, postgres)
            if args.drill in ("redis", "all"):
                results["redis"] = drill_redis(urls, redis)
            if args.drill in ("withdrawal", "all"):
                results["withdrawal"] = drill_withdrawal(env, redis, proxy)
        finally:
            gunicorn.stop()
            proxy.close()
            redis.stop()
            postgres.stop()
            results["gunicorn_log"] = gunicorn.alarms()

    print(json.dumps(results, indent=2, ensure_ascii=False))
    passed = all(
        figures.get("passed", True) for figures in results.values() if isinstance(figures, dict)
    )
    log("all drills passed" if passed else "a drill FAILED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
