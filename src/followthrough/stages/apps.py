from django.apps import AppConfig


class StagesConfig(AppConfig):
    name = "followthrough.stages"
    verbose_name = "Review stages and statutory clocks"
