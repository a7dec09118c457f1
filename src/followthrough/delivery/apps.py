from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "followthrough.delivery"
    verbose_name = "Delivery: progress, evidence, sign-off and revised dates"
