from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "followthrough.notifications"
    verbose_name = "Notifications: reminder e-mails and calendar feeds"

    def ready(self):
        # Same-day mail about what a lead did to an action: delivery announces it, after its
        # transaction commits, and this package tells the partnership (delivery/news.py).
        from followthrough.delivery import news
        from followthrough.notifications.action_news import action_news_send

        news.listen(action_news_send)
