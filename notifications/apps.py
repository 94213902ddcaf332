from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Rappels et notifications"
    # Every role that works on files (`*`: the agents and the supervisors) reads its own notifications
    # in the admin (rows scoped to the recipient).
    permissions_par_role = {"*": ("notifications.view_notification",)}

    def ready(self) -> None:
        from notifications.signaux import connecter

        connecter()
