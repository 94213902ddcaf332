"""Production: PostgreSQL, Redis, gunicorn. Refuses to start with a weak secret key, without a
database URL or a broker; `python manage.py check --deploy` is clean (tests/config/test_production.py)."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import DEFAULT_SECRET_KEY, REDIS_URL, SECRET_KEY, env_bool, env_list

ENVIRONNEMENT = "production"

# Django's own bar for a strong key (check --deploy, security.W009): 50 characters, 5 different.
if (
    not SECRET_KEY
    or SECRET_KEY == DEFAULT_SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "SECRET_KEY doit être fourni en production : 50 caractères au moins, tirés au hasard "
        '(par exemple : python -c "import secrets; print(secrets.token_urlsafe(50))").'
    )
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL doit être fourni en production (postgres://…) : pas de base SQLite implicite."
    )
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL doit être fourni en production (courtier Celery).")

# gunicorn's sync workers keep their connection (one each) unless DB_CONN_MAX_AGE says otherwise.
if "DB_CONN_MAX_AGE" not in os.environ:
    for _base in DATABASES.values():  # noqa: F405
        _base["CONN_MAX_AGE"] = 60

DEBUG = False  # never in production: tracebacks would show personal data
# gunicorn serves the admin's static files itself (no separate web server in the stack).
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
# HTTPS only: plain HTTP is redirected (except the load balancer's health check), browsers are told
# to keep to HTTPS for a year.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Digests of the reminders go out by SMTP; every parameter comes from the environment.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or "587")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
