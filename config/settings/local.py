"""Development on a workstation: embedded SQLite, eager Celery, debug on unless told otherwise."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env_bool

# EMAIL_BACKEND: the console (base), unless EMAIL_BACKEND says otherwise.

DEBUG = env_bool("DEBUG", True)
