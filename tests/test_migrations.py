import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_the_theme_vocabulary_is_loaded_by_migration():
    from followthrough.plans.models import Theme

    names = list(Theme.objects.values_list("name", flat=True))
    assert len(names) == 24
    assert names[0] == "Risk assessment and management"
    assert names[-1] == "National policy and legislation"
