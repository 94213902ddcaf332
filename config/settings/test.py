"""Test runs: the database and Redis come from DATABASE_URL / REDIS_URL when set (CI), SQLite otherwise."""

from config.settings.base import *  # noqa: F403
from config.settings.base import INSTALLED_APPS, env_bool

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests call tasks in-process; the Redis round trip has its own test (tests/config/test_services_externes.py).
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A fifth dispositif for the tests only (tests/dispositif_essai): it declares itself and so appears on
# every shared path — the person's file, the API, the journal, the history, retention, roles and
# grants, reminders, indicators — with no shared file naming it (tests/config/test_dispositif_essai.py).
INSTALLED_APPS = [*INSTALLED_APPS[:-1], "tests.dispositif_essai", INSTALLED_APPS[-1]]

# Every reuse of a compiled SELECT (`config.sql.compiler_select`) is compared with the full
# compilation: the suite checks the templates on every list it reads. The benchmarks turn it off.
SQL_GABARITS_VERIFIES = env_bool("SQL_GABARITS_VERIFIES", True)
