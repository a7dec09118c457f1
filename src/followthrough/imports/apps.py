from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "followthrough.imports"
    verbose_name = "Imports"
