"""Each existing review's dates (notified, decided, sent for and approved by quality
assurance, published) become its first stage entries, so that its timeline starts from what
its details page already says."""

from django.conf import settings
from django.db import migrations

FIELDS = (
    ("notified_on", ("notification", "incident_known", "referral", "received"), ""),
    ("decided_on", ("decision",), ""),
    ("qa_submitted_on", ("qa_submitted",), ""),
    ("qa_approved_on", ("qa_outcome",), "approved"),
    ("published_on", ("publication", "annual_report", "published"), ""),
)
NOTE = "From the review's details"


def entries_from_review_dates(apps, schema_editor):
    from followthrough.clocks.rules import StagesFileError, load_stages

    try:
        stages = load_stages(getattr(settings, "FOLLOWTHROUGH_STAGES_FILE", None))
    except StagesFileError:
        stages = load_stages()
    Review = apps.get_model("plans", "Review")
    StageEntry = apps.get_model("stages", "StageEntry")
    entries = []
    for review in Review.objects.order_by("pk").iterator():
        of_type = stages.get(review.review_type)
        if of_type is None:
            continue
        keys = of_type.keys()
        for field, candidates, outcome in FIELDS:
            value = getattr(review, field)
            key = next((k for k in candidates if k in keys), None)
            if value is not None and key is not None:
                entries.append(
                    StageEntry(
                        review_id=review.pk,
                        stage=key,
                        round=1,
                        on=value,
                        outcome=outcome,
                        note=NOTE,
                    )
                )
    StageEntry.objects.bulk_create(entries, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("stages", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(entries_from_review_dates, migrations.RunPython.noop),
    ]
