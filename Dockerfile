# Image for the web app, the Celery worker and Celery beat (same code, different commands).
FROM python:3.11-slim

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
