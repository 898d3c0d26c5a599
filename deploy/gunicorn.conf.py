"""gunicorn settings for Senzor: ``gunicorn -c deploy/gunicorn.conf.py senzor.wsgi``.

Every value can be overridden from the environment (GUNICORN_*), so the same
file serves a 2-core VM and a 16-core one. Reload gracefully with SIGHUP
(``docker compose kill -s HUP web``): new workers start on the new code and
config, old ones finish the requests they hold, then exit. SIGTERM (what
``docker compose stop`` sends) stops accepting, lets requests finish within
``graceful_timeout`` and exits.
"""

import multiprocessing
import os


def usable_cpus():
    """The CPUs this process may run on (a container's cpuset), not the host's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return multiprocessing.cpu_count()


def _int(name, default):
    """An integer from the environment; unset or empty means the default."""
    return int(os.environ.get(name) or default)


# Listen where the proxy expects us; inside the container that is every interface.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

# (2 x cores) + 1 workers, each with a few threads (gunicorn's gthread worker).
# Rendering is CPU bound, but a request also waits on Redis and PostgreSQL; the
# load drill (docs/security.md) measured p99 5.2 s at 64
# connections with one thread per worker and 459 ms with four.
workers = _int("GUNICORN_WORKERS", usable_cpus() * 2 + 1)
threads = _int("GUNICORN_THREADS", 4)

# A request that takes longer than this is stuck: its worker is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle workers now and then so a slow leak never grows into an outage;
# the jitter keeps them from all restarting at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# No preload_app: each worker imports the app itself, so a SIGHUP reload
# picks up new code as well as new settings.
preload_app = False

# No control socket (gunicorn 25+ opens one in $HOME for `gunicornc`): the
# container's file system is read-only, and signals (HUP, TERM, TTIN/TTOU)
# already do what ops need.
control_socket_disable = True

# The container's temporary files in memory, not on a possibly slow overlay disk.
worker_tmp_dir = os.environ.get(
    "GUNICORN_WORKER_TMP_DIR", "/dev/shm" if os.path.isdir("/dev/shm") else None
)

# Logs: JSON lines on stdout, the access log included (core.logs).
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
_formatter = (
    {"()": "core.logs.StructuredFormatter"}
    if os.environ.get("DJANGO_LOG_FORMAT", "json") == "json"
    else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"structured": _formatter},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "structured",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
}

# The proxy is the only client; believe its X-Forwarded-* headers (gunicorn
# only uses them for the access log's remote address and wsgi.url_scheme).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "*")
