from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "followthrough.plans"
    verbose_name = "Reviews and action plans"
