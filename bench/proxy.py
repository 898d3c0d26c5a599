"""``bench/run.py --via-proxy``: the article page through deploy/nginx.conf's microcache.

Three things are measured in turn, ``--rounds`` times, with the same load tool:

- the bare Django view (``/_bench/bare/``) straight from gunicorn: the cheapest
  request Django can answer;
- the article page through nginx, run with deploy/nginx.conf itself (only its
  addresses changed, as tests/test_nginx_config.py does), so a reader's request
  is answered from the microcache and one request per 2 s reaches gunicorn;
- nginx sending the same article's bytes as a static file: the ceiling.

The targets are the article through nginx at 10x the bare view or more, and at
0.3x the static file or more.
"""

import statistics
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
ARTICLE = "/meqale/xeber-3/"
FILE_PATH = "/_bench/file/article.html"


def proxy_config(workdir, port, upstream_port, article_file):
    """deploy/nginx.conf with local addresses and a location serving the article as a file."""
    text = NGINX_CONF.read_text()
    replacements = {
        "listen 8080;": f"listen 127.0.0.1:{port};",
        "set $web_upstream http://web:8000;": f"set $web_upstream http://127.0.0.1:{upstream_port};",
        "pid /tmp/nginx.pid;": f"pid {workdir}/nginx.pid;\nuser root;",
        "access_log /dev/stdout json;": f"access_log {workdir}/access.log json;",
        "error_log /dev/stderr warn;": f"error_log {workdir}/error.log warn;",
        "        location / {": (
            f"        location = {FILE_PATH} {{\n"
            f"            alias {article_file};\n"
            "            default_type text/html;\n"
            "        }\n\n"
            "        location / {"
        ),
    }
    for old, new in replacements.items():
        if old not in text:
            raise SystemExit(f"deploy/nginx.conf no longer has {old!r}")
        text = text.replace(old, new)
    for temp in ("client_temp", "proxy_temp", "fastcgi_temp", "uwsgi_temp", "scgi_temp"):
        text = text.replace(f"/tmp/{temp}", f"{workdir}/{temp}")
    text = text.replace("/tmp/nginx-microcache", f"{workdir}/nginx-microcache")
    config = workdir / "nginx.conf"
    config.write_text(text)
    return config


def start_nginx(config, port):
    process = subprocess.Popen(
        ["nginx", "-c", str(config), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/proxy-healthz", timeout=2):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"nginx exited: {process.stderr.read().decode()}") from None
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("nginx did not start")


def compare(args, gunicorn_port, workdir, load, log):
    """{name: (median run, [runs])} for the bare view, article via nginx and the file."""
    proxy_port = args.port + 1
    with urllib.request.urlopen(f"http://127.0.0.1:{gunicorn_port}{ARTICLE}") as response:
        html = response.read()
    article_file = workdir / "article.html"
    article_file.write_bytes(html)
    config = proxy_config(workdir, proxy_port, gunicorn_port, article_file)
    nginx = start_nginx(config, proxy_port)
    targets = {
        "bare Django view (gunicorn)": f"http://127.0.0.1:{gunicorn_port}/_bench/bare/",
        "article via nginx microcache": f"http://127.0.0.1:{proxy_port}{ARTICLE}",
        "same bytes as a file (nginx)": f"http://127.0.0.1:{proxy_port}{FILE_PATH}",
    }
    runs = {name: [] for name in targets}
    try:
        with urllib.request.urlopen(targets["article via nginx microcache"]) as response:
            if response.read() != html:
                raise SystemExit("the article through nginx differs from gunicorn's")
        for round_number in range(args.rounds):
            for name, url in targets.items():
                runs[name].append(load(url, args.duration, args.connections))
            log(
                f"  round {round_number + 1}: "
                + "; ".join(f"{name} {runs[name][-1][0]:,.0f} req/s" for name in targets)
            )
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
    return runs, len(html)


def report(runs, size, args):
    names = list(runs)
    bare, proxied, static = (runs[name] for name in names)
    print()
    print(
        f"Article through nginx's microcache, {args.rounds} rounds of {args.duration} s, "
        f"{args.connections} connections, the three in turn each round; "
        f"article HTML {size / 1024:.1f} KB"
    )
    print()
    print("| | req/s | p50 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: |")
    for name in names:
        median = sorted(runs[name], key=lambda run: run[0])[len(runs[name]) // 2]
        errors = f" ({median[3]} errors)" if median[3] else ""
        print(f"| {name}{errors} | {median[0]:,.0f} | {median[1]:.2f} | {median[2]:.2f} |")
    over_bare = statistics.median(p[0] / b[0] for p, b in zip(proxied, bare, strict=True))
    over_file = statistics.median(p[0] / f[0] for p, f in zip(proxied, static, strict=True))
    print()
    print(
        f"article via nginx / bare Django view: {over_bare:.1f}x (target ≥ 10x): "
        f"{'OK' if over_bare >= 10 else 'FAIL'}"
    )
    print(
        f"article via nginx / same bytes as a file: {over_file:.2f}x (target ≥ 0.3x): "
        f"{'OK' if over_file >= 0.3 else 'FAIL'}"
    )
    print("(ratios: the median of the rounds' ratios)")
