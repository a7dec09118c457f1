from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "followthrough.oversight"
    verbose_name = "National oversight: pooled, anonymised figures across every partnership"
