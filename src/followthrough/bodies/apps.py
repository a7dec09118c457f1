from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _keep_the_seeded_bodies(sender, using, apps=None, **kwargs):
    """The six seeded national bodies are there after `migrate`, and after a flush (which ends
    every transactional test, and empties every table before sending this signal)."""
    from django.apps import apps as installed

    from followthrough.bodies.seed import bodies_seed

    try:
        NationalBody = (apps or installed).get_model("bodies", "NationalBody")
    except LookupError:  # migrated back to before the table
        return
    bodies_seed(NationalBody, using)


class BodiesConfig(AppConfig):
    name = "followthrough.bodies"
    verbose_name = "National bodies: recommendations addressed to them and their responses"

    def ready(self):
        post_migrate.connect(
            _keep_the_seeded_bodies, sender=self, dispatch_uid="bodies-seeded-bodies"
        )
