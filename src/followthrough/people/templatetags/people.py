"""The warning, on an action's page and on the dashboard, that no lead would be reminded of
open actions. Inclusion tags, because those pages' views belong to other apps: each calls one
selector (a fixed number of queries) and asks the rules whether to offer the invitation."""

from django import template

from followthrough.people import selectors

register = template.Library()


@register.inclusion_tag("people/_reminder_gap_action.html", takes_context=True)
def action_reminder_warning(context, action):
    gap = selectors.action_reminder_gap(action)
    user = context.get("user")
    can_invite = bool(
        gap
        and user is not None
        and user.has_perm(selectors.MANAGE_PEOPLE, action.recommendation.review.partnership)
    )
    return {"gap": gap, "can_invite": can_invite}


@register.inclusion_tag("people/_reminder_gaps.html", takes_context=True)
def partnership_reminder_warning(context, partnership):
    gaps = selectors.partnership_reminder_gaps(partnership)
    user = context.get("user")
    can_invite = bool(
        gaps and user is not None and user.has_perm(selectors.MANAGE_PEOPLE, partnership)
    )
    return {"gaps": gaps, "can_invite": can_invite, "partnership": partnership}
