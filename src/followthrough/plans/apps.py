from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _keep_the_theme_vocabulary(sender, using, apps=None, **kwargs):
    """The fixed theme vocabulary (docs/domain.md) is always there after `migrate`: its data
    migration loaded it once, but a flush (which ends every transactional test, and which
    `manage flush` does) empties every table and then sends this signal."""
    from django.apps import apps as installed
    from django.utils.text import slugify

    from followthrough.learning.themes import THEMES

    try:
        # `migrate` gives the models as its migrations leave them; a flush gives none.
        Theme = (apps or installed).get_model("plans", "Theme")
    except LookupError:  # migrated back to before the table
        return
    themes = Theme.objects.using(using)
    if themes.count() == len(THEMES):
        return
    for order, name in enumerate(THEMES, start=1):
        themes.update_or_create(slug=slugify(name), defaults={"name": name, "order": order})


class PlansConfig(AppConfig):
    name = "followthrough.plans"
    verbose_name = "Reviews and action plans"

    def ready(self):
        post_migrate.connect(
            _keep_the_theme_vocabulary, sender=self, dispatch_uid="plans-theme-vocabulary"
        )
