from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "followthrough.exports"
    verbose_name = "Reports and exports"
