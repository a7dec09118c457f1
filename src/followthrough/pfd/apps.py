from django.apps import AppConfig


class PfdConfig(AppConfig):
    name = "followthrough.pfd"
    verbose_name = "Prevention of Future Deaths reports: addressees, clocks and responses"
