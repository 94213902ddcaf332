# Two images from one file. The default (last) stage, `web`: the web app, the Celery worker and Celery
# beat (same code, different commands), without OpenFisca. The stage `estimation`
# (`docker build --target estimation`): the worker of the `openfisca` queue, the only process that
# imports OpenFisca-France, with its own pinned requirements (no Flask, no gunicorn).
FROM python:3.11-slim AS estimation

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app
RUN useradd --create-home --uid 1000 pacte

COPY requirements-estimation.txt ./
RUN pip install --no-deps -r requirements-estimation.txt && pip check

COPY . .
USER pacte
# One process: the tax-benefit system (~300 MB) is loaded once and reused by every task.
CMD ["celery", "-A", "config", "worker", "-Q", "openfisca", "--concurrency=1", "--loglevel=info"]

FROM python:3.11-slim AS web

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app
RUN useradd --create-home --uid 1000 pacte

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
# collectstatic only reads code: a throw-away key and broker URL satisfy the production checks.
RUN SECRET_KEY=collectstatic-uniquement-pas-une-vraie-cle-0123456789 REDIS_URL=redis://localhost:6379/0 \
    DATABASE_URL=postgres://collectstatic@localhost/aucune \
    python manage.py collectstatic --noinput

USER pacte
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
