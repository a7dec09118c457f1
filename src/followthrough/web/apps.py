from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "followthrough.web"
    verbose_name = "Web pages"
