"""The fixed theme vocabulary of docs/domain.md, used to pool learning across reviews."""

from django.db import migrations
from django.utils.text import slugify

THEMES = [
    "Risk assessment and management",
    "Information sharing",
    "Multi-agency working (MARAC, MAPPA, MASH)",
    "Training and awareness (professionals)",
    "Public and community awareness",
    "Policies and procedures",
    "Record keeping and IT systems",
    "Professional curiosity and routine enquiry",
    "Coercive control and economic abuse",
    "Mental health",
    "Substance misuse",
    "Suicide",
    "Children and young people",
    "Adult safeguarding and older or familial victims",
    "Criminal justice (police, CPS, courts, probation)",
    "Health services (GP, acute, maternity)",
    "Housing and homelessness",
    "Welfare and benefits",
    "Perpetrator management",
    "Equality and diversity (including honour-based abuse, disability, male victims)",
    "Specialist domestic abuse services",
    "Family and community involvement",
    "The review process itself",
    "National policy and legislation",
]


def load_themes(apps, schema_editor):
    Theme = apps.get_model("plans", "Theme")
    for order, name in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(slug=slugify(name), defaults={"name": name, "order": order})


def unload_themes(apps, schema_editor):
    apps.get_model("plans", "Theme").objects.filter(
        slug__in=[slugify(name) for name in THEMES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(load_themes, unload_themes)]
