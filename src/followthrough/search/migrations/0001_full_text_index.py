"""The full-text index over recommendations, actions and progress updates (search/schema.py):
GIN expression indexes on PostgreSQL, FTS5 external-content tables with triggers on SQLite.
Reverses cleanly on both."""

from django.db import migrations


def install(apps, schema_editor):
    from followthrough.search import schema

    schema.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from followthrough.search import schema

    schema.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0012_action_partnership"),
        ("delivery", "0004_latest_update_and_return_by_action"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
