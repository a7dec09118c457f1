from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "followthrough.bodies"
    verbose_name = "National bodies: recommendations addressed to them and their responses"
