"""Dates outside 1900-2199 (a year such as 9999, typed or imported before the forms and the
reader refused them) broke every page of their review. A target date keeps what was written in
its "as written" text; the date itself is cleared, so the action shows "no target date" and the
SMART checker asks for one."""

from django.db import migrations
from django.db.models import Q

EARLIEST_YEAR, LATEST_YEAR = 1900, 2199


def _outside(field):
    return Q(**{f"{field}__year__lt": EARLIEST_YEAR}) | Q(**{f"{field}__year__gt": LATEST_YEAR})


def clear(apps, schema_editor):
    Action = apps.get_model("plans", "Action")
    Milestone = apps.get_model("plans", "Milestone")
    Review = apps.get_model("plans", "Review")
    for model in (Action, Milestone):
        for row in model.objects.filter(_outside("target_date")):
            row.target_date_text = row.target_date_text or row.target_date.isoformat()
            row.target_date = None
            row.target_date_precision = "day"
            row.save(update_fields=["target_date", "target_date_precision", "target_date_text"])
    Action.objects.filter(_outside("completed_on")).update(completed_on=None)
    Action.objects.filter(_outside("original_target_date")).update(original_target_date=None)
    Milestone.objects.filter(_outside("done_on")).update(done_on=None)
    for field in (
        "published_on",
        "notified_on",
        "decided_on",
        "qa_submitted_on",
        "qa_approved_on",
        "retention_until",
    ):
        Review.objects.filter(_outside(field)).update(**{field: None})


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0007_versions_on_every_edited_record"),
    ]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
