"""Settings for Senzor, read from environment variables (twelve-factor).

Without any variable set the project runs as a developer's demo: DEBUG on,
SQLite in the project folder, local-memory cache. Production sets
``SENZOR_ENV=production`` and the variables listed in ``.env.example``; see
docs/operations.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.sanitizer import EMBED_HOSTS, editor_allowed_content

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    """Read a yes/no environment variable ("1", "true", "yes", "on" are yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SENZOR_ENV = os.environ.get("SENZOR_ENV", "development")
IS_PRODUCTION = SENZOR_ENV == "production"

DEVELOPMENT_SECRET_KEY = "senzor-development-only-not-for-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", default=not IS_PRODUCTION)

if IS_PRODUCTION:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SENZOR_ENV=production needs DJANGO_SECRET_KEY: a random value of 50+ characters."
        )
    if DEBUG:
        raise ImproperlyConfigured("SENZOR_ENV=production refuses to run with DJANGO_DEBUG on.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The absolute address readers know the site by (canonical links, feeds,
# attribution). Empty means "the host the request came to", for development.
SITE_URL = os.environ.get("SENZOR_SITE_URL", "").rstrip("/")

INSTALLED_APPS = [
    # Django's admin with the newsroom's site (portal/admin_site.py).
    "portal.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Full-text and trigram search lookups (articles.vocabulary).
    "django.contrib.postgres",
    "ckeditor",
    "ckeditor_uploader",
    "reversion",
    "adminsortable2",
    "csp",
    # django-axes, named in Azerbaijani (portal/apps.py).
    "portal.apps.LoginSecurityConfig",
    # Topic tags on articles (articles.tagging holds the project's own tag models).
    "taggit",
    # The project's own apps, lowest layer first (pyproject.toml, import-linter):
    "core",
    "cache_engine",
    "portal",
    "experts",
    "articles",
    "wordpress",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Old WordPress addresses (/?p=123, /2024/05/slug/): only after a 404, or for ?p=.
    "wordpress.middleware.OldAddressRedirectMiddleware",
    # Scheduled articles whose minute has come leave the cached pages first...
    "articles.schedule.ScheduledReleaseMiddleware",
    # ...then readers' pages from the cache, before the middleware whose work a stored page holds.
    "cache_engine.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.security.SiteCSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "senzor.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
                "articles.context_processors.menu",
                "articles.context_processors.urgent",
            ],
            # ``capfirst`` by the Azerbaijani alphabet ("İstifadəçilər", not "Istifadəçilər").
            "builtins": ["core.templatetags.azerbaijani_case"],
        },
    },
]

WSGI_APPLICATION = "senzor.wsgi.application"

# DATABASE_URL selects the database: postgres://user:pass@host:5432/name in
# production and CI; the SQLite file below when unset.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # When the database is down a request must fail fast with the 503 page
    # (core.security.server_error), not hang on connect.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "3")
    )

# A PostgreSQL read replica for readers' pages (core/db_router.py); the
# admin and every write stay on the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    # Under test the replica is the test database itself.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "core.db_router.ReplicaForReadersMiddleware",
    )

REDIS_URL = os.environ.get("REDIS_URL", "")
# Each process keeps its own copies of values stored under versioned keys
# (cache_engine.blocks): bounded in entries, and in time so that no copy
# outlives a release of the same code by much.
LOCAL_COPIES = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "senzor-local-copies",
    "TIMEOUT": int(os.environ.get("SENZOR_LOCAL_COPY_SECONDS", "60")),
    "OPTIONS": {"MAX_ENTRIES": 512},
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "senzor",
            "OPTIONS": {
                # A cache outage must slow the site down, not take it down.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        },
        "local": LOCAL_COPIES,
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "local": LOCAL_COPIES,
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Security (docs/security.md) ---------------------

# The admin's address; set SENZOR_ADMIN_URL to something unguessable in production.
SENZOR_ADMIN_URL = os.environ.get("SENZOR_ADMIN_URL", "admin/").strip("/") + "/"

# Content-Security-Policy by django-csp: no inline script anywhere public
# (JSON-LD blocks are data, not script), nothing framed by other sites. Body
# images may come from any https host; frames only from the embed hosts that
# core.sanitizer.EMBED_HOSTS lets through (the one list of them). The admin
# gets inline styles for its editor (core.security.SiteCSPMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "https:", "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [f"https://{host}" for host in sorted(EMBED_HOSTS)],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SENZOR_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SENZOR_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SENZOR_HSTS_PRELOAD", default=False)

# Admin password guessing: django-axes locks a username after 5 failures from
# anywhere, and an address after 5 failures on any usernames, for 30 minutes.
# The chief editor sees (and may lift) lockouts in the admin, "Axes".
AUTHENTICATION_BACKENDS = [
    "core.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("SENZOR_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SENZOR_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
# How many reverse proxies in front of gunicorn append to X-Forwarded-For; 0
# means the site is reached directly and REMOTE_ADDR is the reader's address.
SENZOR_TRUSTED_PROXY_COUNT = int(os.environ.get("SENZOR_TRUSTED_PROXY_COUNT", "0"))

# --- Serving in production (docs/operations.md) -----------

if SENZOR_TRUSTED_PROXY_COUNT:
    # The proxy in front (deploy/nginx.conf) always sets X-Forwarded-Proto, so
    # Django may believe it about the reader's scheme; without a proxy it is
    # the reader's own header and is ignored.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if IS_PRODUCTION:
    # Readers always land on https. TLS ends at the proxy or the load balancer
    # in front; plain-http probes of /healthz are answered, not redirected.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "SENZOR_ENV=production needs DJANGO_ALLOWED_HOSTS: the site's host names, "
            "comma-separated (www.senzor.az,senzor.az)."
        )

# Sessions (the admin's logins) live in the database, read through the cache:
# any replica of the web service can serve any request, and a cache flush
# logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Azerbaijani interface, Baku time.
LANGUAGE_CODE = "az"
LANGUAGES = [("az", "Azərbaycan dili")]
TIME_ZONE = "Asia/Baku"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["core.formats"]
# The project's corrections and additions to the Azerbaijani catalogues of
# Django's admin and auth, django-axes and django-reversion; the compiled .mo
# files are committed, so a fresh clone has them (docs/translations.md).
LOCALE_PATHS = [BASE_DIR / "locale"]

# A CDN in front of the site may serve static files from its own host
# (https://cdn.senzor.az); WhiteNoise stays the origin it fetches them from.
SENZOR_STATIC_HOST = os.environ.get("SENZOR_STATIC_HOST", "").rstrip("/")
STATIC_URL = f"{SENZOR_STATIC_HOST}/static/"
if SENZOR_STATIC_HOST:
    # The page's own scripts, styles and fonts then come from that host.
    for directive in ("script-src", "style-src", "font-src", "img-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][directive].append(SENZOR_STATIC_HOST)
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed static files (WhiteNoise) in production, so they can be
# cached forever. The Docker build turns this on to collect them into the image
# without needing production secrets (Dockerfile).
SENZOR_STATIC_MANIFEST = env_bool("SENZOR_STATIC_MANIFEST", default=IS_PRODUCTION)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if SENZOR_STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Media on S3-compatible object storage (AWS S3, MinIO, DigitalOcean Spaces,
# ...) through django-storages, when a bucket is named; the local MEDIA_ROOT
# (a shared volume) otherwise. Credentials are read by boto3 itself from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, never from this file.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # The CDN or public bucket host readers fetch images from.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Images are public: plain URLs that a CDN can cache, no signatures.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=2592000"},
        },
    }

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Django serves media itself only when this is on (development and the demo);
# production puts a reverse proxy in front of MEDIA_ROOT.
SENZOR_SERVE_MEDIA = env_bool("SENZOR_SERVE_MEDIA", default=not IS_PRODUCTION)

# Renditions of a new image are made after the response, in a background
# thread of the process (core/rendition_queue.py): "Dərc et" with a phone photo
# answers without waiting for six resized copies. Off, they are made in the
# request (the tests, where each test is one transaction that never commits).
SENZOR_RENDITIONS_IN_BACKGROUND = env_bool("SENZOR_RENDITIONS_IN_BACKGROUND", default=True)

# Uploads: refuse anything larger than the lead-image limit before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# Images inserted into article bodies are uploaded through the editor by staff
# only (ckeditor_uploader's views require is_staff) into media storage here.
CKEDITOR_UPLOAD_PATH = "editor/"
CKEDITOR_IMAGE_BACKEND = "pillow"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
CKEDITOR_RESTRICT_BY_USER = False

# django-ckeditor is used only as the admin widget of a plain text column; the
# server-side sanitiser (core.sanitizer) decides what is stored.
CKEDITOR_CONFIGS = {
    "default": {
        "language": "az",
        "height": 420,
        "width": "100%",
        "toolbar": "Senzor",
        "toolbar_Senzor": [
            ["Format", "Bold", "Italic"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink"],
            ["Image", "Iframe", "Table", "HorizontalRule"],
            ["RemoveFormat", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        # The editor filters to the server's allow-list (core.sanitizer),
        # so what an editor sees is what is stored; tests/test_sanitizer.py
        # checks the toolbar against it.
        "allowedContent": editor_allowed_content(),
        # Dialog tabs whose output the allow-list would drop (styles, targets, ids).
        "removeDialogTabs": "image:advanced;link:advanced;link:target;table:advanced",
        "filebrowserUploadMethod": "xhr",
        "removePlugins": "exportpdf",
    }
}
SILENCED_SYSTEM_CHECKS = [
    # ckeditor.W001 warns that CKEditor 4.22.1, bundled with django-ckeditor,
    # has unfixed editor-side security issues. The editor is loaded only on
    # staff-only admin pages, and every body is sanitised on the server with
    # nh3 before it is stored (core.sanitizer), so nothing the editor
    # produces reaches a reader unfiltered. docs/newsroom.md, says more.
    "ckeditor.W001",
    # security.W021 asks for SECURE_HSTS_PRELOAD. Preloading is the domain
    # owner's decision, not a default: once browsers ship the list, every
    # subdomain of senzor.az is https-only for months and the entry is slow to
    # remove. HSTS itself is on (a year, subdomains included); the owner opts
    # in with SENZOR_HSTS_PRELOAD=true once every subdomain serves https.
    "security.W021",
]

LOGIN_URL = "admin:login"
# Where a login goes when its ``next`` is missing or refused (another site's
# address): the admin's front page, not Django's /accounts/profile/ (a 404 here).
LOGIN_REDIRECT_URL = "admin:index"

# Logs go to stdout, where Docker collects them: one JSON object a line in
# production (core.logs), readable text for a developer.
DJANGO_LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "json" if IS_PRODUCTION else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.logs.StructuredFormatter"},
    },
    "filters": {"database_outage": {"()": "core.logs.DatabaseOutageFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if DJANGO_LOG_FORMAT == "json" else "plain",
        }
    },
    # A lost database is logged once per request by the 503 handler, not as a traceback.
    "loggers": {"django.request": {"filters": ["database_outage"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

SENZOR_PAGE_SIZE = 10
# Tags typed in another case are the same tag (articles.tagging also folds ə/ı/İ by slug).
TAGGIT_CASE_INSENSITIVE = True

# Caching of public pages for anonymous readers (cache_engine; docs/performance.md,
# "Performance"). Pages and shared blocks are invalidated by version tags when
# the newsroom changes them, so these timeouts only bound how long an entry no
# one reads any more stays in memory, and how old a relative date such as
# "12 dəqiqə əvvəl" may get. SENZOR_PAGE_CACHE_SECONDS=0 turns page caching off.
SENZOR_PAGE_CACHE_SECONDS = int(os.environ.get("SENZOR_PAGE_CACHE_SECONDS", "60"))
SENZOR_FRAGMENT_CACHE_SECONDS = int(os.environ.get("SENZOR_FRAGMENT_CACHE_SECONDS", "600"))
# After an edit one request renders a page again; for at most this long from its
# start, other readers get the previous copy (never after a withdrawal) or wait.
SENZOR_STALE_SECONDS = float(os.environ.get("SENZOR_STALE_SECONDS", "5"))
# Readers are counted by a beacon the article page's script sends (POST
# /oxu/<slug>/), since a page the proxy keeps for a second or two never reaches
# Django; the page view itself then counts nothing (docs/performance.md).
SENZOR_READERSHIP_BEACON = env_bool("SENZOR_READERSHIP_BEACON", default=True)
# The benchmark's bare view (bench/README.md); never set in production.
SENZOR_BENCH_VIEWS = env_bool("SENZOR_BENCH_VIEWS")
