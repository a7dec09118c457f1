from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _keep_the_index(sender, using, **kwargs):
    """A later migration of a source table may have dropped the triggers (SQLite rebuilds a
    table to alter it): put them back and rebuild the index (search/schema.py)."""
    from django.db import connections

    from followthrough.search import schema

    schema.ensure(connections[using])


class SearchConfig(AppConfig):
    name = "followthrough.search"
    verbose_name = "Search across every plan a user may see"

    def ready(self):
        post_migrate.connect(_keep_the_index, sender=self, dispatch_uid="search-keep-the-index")
