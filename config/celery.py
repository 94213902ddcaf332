"""The Celery app. Broker: Redis (REDIS_URL). Without a broker, tasks run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("pacte")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
