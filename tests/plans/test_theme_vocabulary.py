from django.core.management import call_command

from followthrough.learning.themes import THEMES
from followthrough.plans.models import Theme


def test_the_theme_vocabulary_is_there_again_after_a_flush_empties_every_table(
    transactional_db,
):
    Theme.objects.all().delete()
    call_command("flush", interactive=False, verbosity=0)
    assert list(Theme.objects.values_list("name", flat=True)) == list(THEMES)
