"""Each action carries its review's partnership (``Action.partnership``), filled here for the
actions already stored in one UPDATE, with the indexes the dashboards read it by (issue 13)."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE plans_action SET partnership_id = (
    SELECT plans_review.partnership_id
    FROM plans_recommendation
    JOIN plans_review ON plans_review.id = plans_recommendation.review_id
    WHERE plans_recommendation.id = plans_action.recommendation_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0003_invitations_agency_aliases_and_membership_versions"),
        ("plans", "0011_orderings_by_parent_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="partnership",
            field=models.ForeignKey(
                null=True,
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="actions",
                to="partnerships.partnership",
            ),
        ),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="action",
            name="partnership",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="actions",
                to="partnerships.partnership",
            ),
        ),
        migrations.AddField(
            model_name="historicalaction",
            name="partnership",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partnerships.partnership",
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                fields=["partnership", "target_date"], name="action_partnership_target"
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(fields=["partnership", "status"], name="action_partnership_status"),
        ),
    ]
