from django.db import migrations


def seed(apps, schema_editor):
    from followthrough.bodies.seed import bodies_seed

    bodies_seed(apps.get_model("bodies", "NationalBody"), schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("bodies", "0001_national_bodies")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
