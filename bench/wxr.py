#!/usr/bin/env python
"""The WordPress import on a generated export: posts per second and peak memory.

    .venv/bin/python bench/wxr.py                       # 5 000 and 50 000 posts, PostgreSQL
    .venv/bin/python bench/wxr.py --posts 2000 --sqlite # a quick look on SQLite

For each size it writes a WXR 1.2 file to a temporary folder, streamed to
disk (never held in memory), with Azerbaijani text, classic-editor paragraphs,
a caption-free shortcode mix, categories, tags and comments, but no images.
Then each run (``--dry-run``, then the real import into an empty database) is
a fresh process, so its peak resident memory (``ru_maxrss``) is its own: if
memory stays flat as the file grows, the 5 000 and 50 000 rows show about the
same peak. It is a measurement, not a test: nothing here passes or fails.
Figures go to docs/performance.md with their date.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from databases import recreate_postgres_database  # bench/databases.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/senzor_wxr_bench"
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
    "Bakı",
    "Gəncə",
    "Şəki",
    "Şuşa",
    "Naxçıvan",
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
]
CATEGORIES = [
    ("siyaset", "Siyasət"),
    ("iqtisadiyyat", "İqtisadiyyat"),
    ("medeniyyet", "Mədəniyyət"),
]
AUTHORS = ["aysel", "kenan", "leyla", "murad", "rauf"]
STATUSES = ["publish"] * 8 + ["draft", "future"]


def _cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def write_export(path, posts, seed=2026):
    """A WXR 1.2 file of ``posts`` posts (plus a page per 100), written item by item."""
    randomiser = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Sınaq portalı</title><link>https://bench.example.az</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>"
            "<wp:base_site_url>https://bench.example.az</wp:base_site_url>"
            "<wp:base_blog_url>https://bench.example.az</wp:base_blog_url>\n"
        )
        for login in AUTHORS:
            out.write(
                f"<wp:author><wp:author_login>{_cdata(login)}</wp:author_login>"
                f"<wp:author_display_name>{_cdata(login.title())}</wp:author_display_name>"
                "</wp:author>\n"
            )
        for number in range(1, posts + 1):
            out.write(_item(randomiser, number))
            if number % 100 == 0:
                out.write(_item(randomiser, posts + number, post_type="page"))
        out.write("</channel>\n</rss>\n")


def _item(randomiser, number, post_type="post"):
    paragraphs = [
        " ".join(randomiser.choices(WORDS, k=randomiser.randint(25, 60))).capitalize() + "."
        for _ in range(randomiser.randint(3, 7))
    ]
    if number % 3 == 0:
        paragraphs.insert(1, "[vc_row][vc_column]" + paragraphs[0] + "[/vc_column][/vc_row]")
    if number % 5 == 0:
        paragraphs.append("[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]")
    body = "\n\n".join(paragraphs)
    title = " ".join(randomiser.choices(WORDS, k=6)).capitalize() + f" {number}"
    status = randomiser.choice(STATUSES)
    year, month, day = 2015 + number % 10, 1 + number % 12, 1 + number % 28
    if status == "future":
        year = 2035
    date = f"{year}-{month:02d}-{day:02d} {number % 24:02d}:{number % 60:02d}:00"
    slug = f"xeber-{number}"
    nicename, name = CATEGORIES[number % len(CATEGORIES)]
    tags = "".join(
        f'<category domain="post_tag" nicename="{word.lower()}">{_cdata(word)}</category>'
        for word in randomiser.sample(WORDS, 2)
    )
    comments = "".join(
        f"<wp:comment><wp:comment_id>{c}</wp:comment_id>"
        f"<wp:comment_content>{_cdata('Şərh')}</wp:comment_content></wp:comment>"
        for c in range(number % 3)
    )
    return (
        f"<item><title>{_cdata(title)}</title>"
        f"<link>https://bench.example.az/{year}/{month:02d}/{slug}/</link>"
        f"<dc:creator>{_cdata(AUTHORS[number % len(AUTHORS)])}</dc:creator>"
        f'<guid isPermaLink="false">https://bench.example.az/?p={number}</guid>'
        f"<content:encoded>{_cdata(body)}</content:encoded>"
        f"<excerpt:encoded>{_cdata(paragraphs[0][:150])}</excerpt:encoded>"
        f"<wp:post_id>{number}</wp:post_id>"
        f"<wp:post_date>{_cdata(date)}</wp:post_date>"
        f"<wp:post_date_gmt>{_cdata(date)}</wp:post_date_gmt>"
        f"<wp:post_name>{_cdata(slug)}</wp:post_name>"
        f"<wp:status>{_cdata(status)}</wp:status>"
        f"<wp:post_type>{_cdata(post_type)}</wp:post_type>"
        f'<category domain="category" nicename="{nicename}">{_cdata(name)}</category>'
        f"{tags}{comments}</item>\n"
    )


def child(export, database_url, dry_run):
    """One import in this process; prints a JSON line of its figures."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "senzor.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG would keep every query's SQL
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from articles.models import Article
    from wordpress.importer import import_wxr

    call_command("migrate", verbosity=0)
    for login in AUTHORS:
        get_user_model().objects.get_or_create(username=login)
    started, cpu_started = time.perf_counter(), time.process_time()
    summary = import_wxr(export, dry_run=dry_run)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "posts": summary.posts,
                "created": summary.created,
                "skipped": sum(summary.skipped.values()),
                "articles": Article.objects.count(),
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "peak_mib": peak_kib / 1024,
            }
        )
    )


def fresh_database(url, sqlite_folder, name):
    if sqlite_folder is not None:
        return f"sqlite:///{sqlite_folder / name}.sqlite3"
    recreate_postgres_database(url)
    return url


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", default="5000,50000", help="sizes, comma-separated")
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--sqlite", action="store_true", help="SQLite in a temporary folder")
    parser.add_argument(
        "--child", nargs=3, metavar=("FILE", "DATABASE", "DRY"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        export, database, dry = args.child
        child(Path(export), database, dry == "dry")
        return
    with tempfile.TemporaryDirectory(prefix="senzor-wxr-bench-") as folder:
        folder = Path(folder)
        print(
            f"{'posts':>7} {'file MB':>8} {'mode':>5} {'seconds':>8} {'posts/s':>8} "
            f"{'CPU s':>7} {'posts/CPU s':>11} {'peak MiB':>9}"
        )
        for size in (int(value) for value in args.posts.split(",")):
            export = folder / f"export-{size}.xml"
            write_export(export, size)
            megabytes = export.stat().st_size / 1e6
            for mode in ("dry", "real"):
                database = fresh_database(
                    args.database, folder if args.sqlite else None, f"{size}-{mode}"
                )
                result = subprocess.run(
                    [sys.executable, __file__, "--child", str(export), database, mode],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=ROOT,
                )
                figures = json.loads(result.stdout.strip().splitlines()[-1])
                rate = figures["posts"] / figures["seconds"]
                cpu_rate = figures["posts"] / figures["cpu_seconds"]
                print(
                    f"{size:>7} {megabytes:>8.1f} {mode:>5} {figures['seconds']:>8.1f} "
                    f"{rate:>8.0f} {figures['cpu_seconds']:>7.1f} {cpu_rate:>11.0f} "
                    f"{figures['peak_mib']:>9.1f}"
                    f"   (articles after: {figures['articles']}, skipped: {figures['skipped']})",
                    flush=True,
                )
            export.unlink()


if __name__ == "__main__":
    main()
