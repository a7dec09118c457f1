"""Reading recommendations, actions, leads or milestones in their default order never joins up
the tree: each sorts by its parent's id and its own order (migration plans 0011), so a read of
one action's milestones or one agency's leads touches only their own table."""

from __future__ import annotations

import pytest

from followthrough.plans.models import Action, ActionLead, Milestone, Recommendation


@pytest.mark.parametrize(
    ("model", "parent"),
    [
        (Recommendation, "review_id"),
        (Action, "recommendation_id"),
        (ActionLead, "action_id"),
        (Milestone, "action_id"),
    ],
)
def test_the_default_order_is_the_parents_id_then_the_own_order_with_no_join(model, parent):
    sql = str(model.objects.filter(pk=1).query)
    assert "JOIN" not in sql
    table = model._meta.db_table
    assert f'ORDER BY "{table}"."{parent}" ASC, "{table}"."order" ASC' in sql
