# syntax=docker/dockerfile:1
# Senzor's production image: gunicorn serving the Django app as an unprivileged
# user, static files collected (hashed and compressed) at build time.
# Secrets are never baked in: they come from the environment at run time
# (docker-compose.yml, .env.example).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: the dependencies, pinned in pyproject.toml, into a virtualenv ----
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
COPY pyproject.toml ./
# Only the runtime dependencies (not the test extras), read from pyproject.toml
# so there is one list of pins.
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && python -m venv /opt/venv \
    && /opt/venv/bin/pip install --requirement requirements.txt

# --- runtime -----------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=senzor.settings \
    DJANGO_MEDIA_ROOT=/srv/media \
    DJANGO_STATIC_ROOT=/app/staticfiles

# The unprivileged user the app runs as; numeric, so orchestrators can verify it.
RUN groupadd --system --gid 10001 senzor \
    && useradd --system --uid 10001 --gid senzor --home-dir /app --shell /usr/sbin/nologin senzor \
    && mkdir -p /srv/media \
    && chown senzor:senzor /srv/media

COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The code belongs to root and is only readable by the app: a compromised
# worker cannot rewrite it.
COPY . /app

# Static files, once per image: hashed names and gzip/brotli copies that
# WhiteNoise serves with far-future cache headers. No database and no secret
# is needed for this (SENZOR_ENV is not yet "production" here).
RUN SENZOR_STATIC_MANIFEST=1 python manage.py collectstatic --no-input --verbosity 0 \
    && python -m compileall -q /app

# From here on the image is production: settings refuse to start without a
# real DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS from the environment.
ENV SENZOR_ENV=production

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "deploy/healthcheck.py"]
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "senzor.wsgi"]
