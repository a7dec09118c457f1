from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "followthrough.search"
    verbose_name = "Search across every plan a user may see"
