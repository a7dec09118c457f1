"""The theme vocabulary, loaded again for a transactional test: its data migration loaded it
once, and the flush that ends each transactional test empties every table, so the demo (which
sets themes) would otherwise find none in every such test but the first."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps


def themes_load() -> None:
    migration = import_module("followthrough.plans.migrations.0002_themes")
    migration.load_themes(apps, None)
