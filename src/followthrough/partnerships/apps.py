from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "followthrough.partnerships"
    verbose_name = "Partnerships and agencies"
