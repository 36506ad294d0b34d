# Etalase admin application. Build: docker build -t etalase .
# Run: see "Running in production" in the README.

FROM python:3.11-slim AS build
# No pip cache or version check in the image.
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY requirements.txt pyproject.toml ./
RUN python -m venv /venv && /venv/bin/pip install -r requirements.txt
COPY cms cms
COPY site site
COPY orders orders
COPY theme theme
RUN /venv/bin/pip install --no-deps .

FROM python:3.11-slim
RUN useradd --create-home --uid 1000 etalase && mkdir /data && chown etalase /data
COPY --from=build /venv /venv
WORKDIR /app
COPY manage.py .
# The virtualenv comes first on the path.
ENV PATH=/venv/bin:$PATH
# Production settings; secrets and hosts are passed with `docker run -e`.
ENV DJANGO_SETTINGS_MODULE=cms.settings.production
# Database (when SQLite), uploaded photos and builds live in the /data volume.
ENV ETALASE_VAR_DIR=/data
# The admin's static files are collected into the image, outside the volume.
ENV ETALASE_STATIC_ROOT=/app/static
# Logs go straight to the container's output.
ENV PYTHONUNBUFFERED=1
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput --verbosity 0
USER etalase
VOLUME /data
EXPOSE 8000
# Migrations are a deployment step (`docker run ... python manage.py migrate`), not part of CMD.
CMD ["gunicorn", "cms.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
