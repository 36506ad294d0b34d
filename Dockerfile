# Etalase: the admin (default command) and the task worker, from one image.
#   docker build -t etalase .
# Configuration is by environment variables only; see "Running in production" in the README.

# --- Stage 1: the virtualenv, built where pip and its caches stay behind. ---
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt ./
RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir -r requirements.txt
COPY pyproject.toml ./
COPY institutions institutions
COPY site site
COPY cms cms
COPY theme theme
COPY orders orders
COPY reach reach
COPY oversight oversight
COPY operations operations
RUN /venv/bin/pip install --no-cache-dir --no-deps .

# --- Stage 2: what runs: Python, the virtualenv, manage.py and the start scripts. ---
FROM python:3.11-slim-bookworm
RUN groupadd --gid 1000 etalase \
    && useradd --uid 1000 --gid 1000 --no-create-home --shell /usr/sbin/nologin etalase \
    && mkdir -p /data/media /data/build \
    && chown -R 1000:1000 /data
COPY --from=build /venv /venv
WORKDIR /app
COPY manage.py ./
COPY bin bin
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    ETALASE_VAR_DIR=/data \
    ETALASE_MEDIA_ROOT=/data/media \
    ETALASE_BUILD_DIR=/data/build/site \
    ETALASE_STATIC_ROOT=/app/static \
    ETALASE_BIND=0.0.0.0:8000 \
    WEB_CONCURRENCY=3
# The admin's static files are collected into the image (WhiteNoise serves them); the secret and
# host here exist for this one command only.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput --verbosity 0
USER 1000:1000
# Uploaded photos, and the baked site with its state: shared by the admin and the worker.
VOLUME ["/data/media", "/data/build"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["/app/bin/healthcheck"]
# Checks the configuration (manage.py check_config), then runs gunicorn. Migrations are a
# deployment step: docker run ... etalase python manage.py migrate
CMD ["/app/bin/start-web"]
