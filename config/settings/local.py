"""Development on a workstation: embedded SQLite, eager Celery, debug on unless told otherwise."""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, env_bool

# EMAIL_BACKEND: the console (base), unless EMAIL_BACKEND says otherwise.

DEBUG = env_bool("DEBUG", True)

# `runserver` serves each request in its own thread: a persistent connection per thread would stay
# open after it (96 left open by a burst of 180 requests, until PostgreSQL refused new ones). Here
# each request closes its connection. Production pools them (README, « Connexions à PostgreSQL »).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "0"))
