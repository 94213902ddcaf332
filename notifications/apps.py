from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Rappels et notifications"
    # Every role reads its own notifications in the admin (rows scoped to the recipient).
    permissions_par_role = dict.fromkeys(
        ("acces_droits", "asll", "acor", "emas", "encadrant"), ("notifications.view_notification",)
    )

    def ready(self) -> None:
        from notifications import signaux  # noqa: F401 - connects the after-save enqueue
