"""The access journal may live in its own database: `JOURNAL_DATABASE` names the alias (default
`default`; set `JOURNAL_DATABASE_URL` to give it one). Everything else stays on `default`."""

from django.conf import settings

APP = "journal"


class JournalRouter:
    def db_for_read(self, model, **hints):
        return settings.JOURNAL_DATABASE if model._meta.app_label == APP else None

    def db_for_write(self, model, **hints):
        return settings.JOURNAL_DATABASE if model._meta.app_label == APP else None

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if settings.JOURNAL_DATABASE == "default":
            return None
        if app_label == APP:
            return db == settings.JOURNAL_DATABASE
        return None if db == "default" else False
