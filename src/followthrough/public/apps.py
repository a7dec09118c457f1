from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "followthrough.public"
    verbose_name = "Public pages: published reviews' plans, open to anyone"
