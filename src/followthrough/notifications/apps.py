from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "followthrough.notifications"
    verbose_name = "Notifications: reminder e-mails and calendar feeds"
