"""A long plan is shown a page at a time (``plans.selectors.review_plan_page``): whole
recommendations packed in order into pages of at most 50 actions, with the GOV.UK pagination,
a contents list of every recommendation and its page, the SMART summary of the whole plan, and
links to an action landing on the page that shows it. Only the page's actions are built and
shown, with the same queries however long the plan."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followthrough.plans import smart
from followthrough.plans.models import Action, PlanFindings, Recommendation
from followthrough.plans.selectors import PlanEntry, pack_pages, review_plan
from followthrough.smart import check_plan
from tests.plans.test_pages import _plan_with
from tests.plans.test_stored_findings import checks as counted_checks

pytestmark = pytest.mark.django_db

checks = pytest.fixture(counted_checks.__wrapped__, name="checks")

VAGUE = "Consider raising awareness"


def import_plan(n: int, *, vague_at: int | None = None):
    """A review of ``n`` recommendations of two actions each, and a viewer of it; the first
    action of recommendation ``vague_at`` (counted from 1) is vague, for the checker to find."""
    from followthrough.partnerships.services import partnership_get_or_create
    from followthrough.plans.services import plan_import
    from tests.factories import MembershipFactory, UserFactory

    plan = _plan_with(n)
    if vague_at is not None:
        plan.recommendations[vague_at - 1].actions[0].text = VAGUE
    review = plan_import(
        plan=plan,
        partnership=partnership_get_or_create(name="Paging CSP", actor=None),
        source=f"plan of {n}".encode(),
        filename=f"{n}.txt",
        actor=None,
    ).review
    user = UserFactory(username=f"reader{n}")
    MembershipFactory(user=user, partnership=review.partnership, role="viewer")
    return review, user


def plan_page(client, user, review, page=None) -> str:
    client.force_login(user)
    url = reverse("plans:review_detail", args=[review.pk])
    response = client.get(url, {"page": page} if page is not None else {})
    assert response.status_code == 200
    return response.text


def test_recommendations_are_packed_whole_into_pages_of_at_most_fifty_actions():
    entries = [
        PlanEntry(pk=n, number="", text="", action_count=c)
        for n, c in enumerate([20, 20, 20, 55, 5, 0, 44, 1, 50])
    ]
    pages = [entry.page for entry in pack_pages(entries)]
    # 20+20 fill page 1 (a third 20 would pass 50); 55 has a page of its own; the empty one
    # counts as a row; 1 more would take 5+1+44+1 past 50; 50 fills a page alone.
    assert pages == [1, 1, 2, 3, 4, 4, 4, 5, 6]


def test_a_plan_of_120_actions_is_shown_on_three_pages_of_whole_recommendations(client):
    review, user = import_plan(60)  # 120 actions, two to a recommendation
    first = plan_page(client, user, review)
    assert "recommendations 1 to 25 of 60" in first
    assert first.count('id="action-') == 50
    assert first.count('class="govuk-pagination"') == 2  # above the plan and below it
    assert 'aria-label="Pages of the action plan"' in first
    assert 'aria-label="Pages of the action plan, below it"' in first
    # The whole plan at once: the plan as it stands today, which the paged page links to.
    whole = re.search(r'href="(/reviews/\d+/as-of/\?date=[^"]+)"', first).group(1)
    client.force_login(user)
    whole_plan = client.get(whole.replace("&amp;", "&")).text
    assert "Recommendation 0" in whole_plan and "Recommendation 59" in whole_plan
    assert "Action 59.1" in whole_plan and "Action 0.0" in whole_plan
    third = plan_page(client, user, review, page=3)
    assert "recommendations 51 to 60 of 60" in third
    assert third.count('id="action-') == 20
    assert 'rel="next"' not in third and 'rel="prev"' in third
    # The contents list names every recommendation with the page it is on.
    recommendations = list(Recommendation.objects.filter(review=review).order_by("order"))
    for n, rec in enumerate(recommendations):
        assert f'href="?page={n // 25 + 1}#recommendation-{rec.pk}"' in first
    # Every recommendation is on exactly one page, in order.
    shown = []
    for number in (1, 2, 3):
        html = plan_page(client, user, review, page=number)
        shown += re.findall(r'id="recommendation-(\d+)"', html.split("<table", 1)[1])
    assert shown == [str(rec.pk) for rec in recommendations]


def test_a_page_number_that_is_not_one_shows_the_nearest_page(client):
    review, user = import_plan(60)
    assert "recommendations 51 to 60 of 60" in plan_page(client, user, review, page=99)
    assert "recommendations 1 to 25 of 60" in plan_page(client, user, review, page="x")


def test_a_plan_of_fifty_actions_or_fewer_is_one_page_with_no_pagination(client):
    review, user = import_plan(25)
    html = plan_page(client, user, review)
    assert html.count('id="action-') == 50
    assert "govuk-pagination" not in html
    assert 'id="plan-contents"' not in html


def test_the_queries_and_the_actions_built_are_bounded_by_the_page_whatever_the_plan(
    client, checks, monkeypatch
):
    from followthrough.plans.models import Action as ActionModel

    built = []
    original = ActionModel.__init__

    def counted(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    counts = []
    for n in (60, 150):  # 120 and 300 actions
        review, user = import_plan(n)
        plan_page(client, user, review, page=2)  # checked at the import's commit, or here
        checks.clear()
        monkeypatch.setattr(ActionModel, "__init__", counted)
        built.clear()
        with CaptureQueriesContext(connection) as queries:
            html = plan_page(client, user, review, page=2)
        monkeypatch.setattr(ActionModel, "__init__", original)
        assert html.count('id="action-') == 50
        assert len(built) == 50  # only the page's actions are made into objects
        assert checks == []
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_findings_of_a_recommendation_on_page_three_are_shown_there(client):
    review, user = import_plan(60, vague_at=55)
    vague = Action.objects.get(recommendation__review=review, text=VAGUE)
    third = plan_page(client, user, review, page=3)
    row = third.split(f'id="action-{vague.pk}"', 1)[1].split("</tr>", 1)[0]
    expected = check_plan(
        smart.plan_from_review(review, review_plan(review)),
        plan_date=smart.plan_date(review),
        partners=smart.partners_of(review.partnership),
    )
    found = expected.recommendations[54].actions[0].findings
    assert found
    for finding in found:
        assert str(finding.message).split("'")[0][:30] in row
    # The summary is of the whole plan, on every page.
    summary = f"<strong>{expected.problem_count} problem"
    assert summary in third and summary in plan_page(client, user, review)


def test_a_change_to_the_plan_no_service_told_of_is_still_seen_by_a_page_of_it(client, checks):
    """The findings are kept while the plan's stored rows are the same; a row changed behind
    the services' back (here an action's text, on page 1) changes them, so the page of page 3
    checks the plan again, once."""
    review, user = import_plan(60)
    plan_page(client, user, review, page=3)
    checks.clear()
    action = Action.objects.filter(recommendation__review=review).first()
    Action.objects.filter(pk=action.pk).update(text=VAGUE)
    before = PlanFindings.objects.get(review=review).fingerprint
    plan_page(client, user, review, page=3)
    assert len(checks) == 1
    assert PlanFindings.objects.get(review=review).fingerprint != before
    plan_page(client, user, review, page=3)
    assert len(checks) == 1


def test_the_action_page_links_back_to_the_page_of_the_plan_that_shows_it(client):
    review, user = import_plan(60)
    action = Action.objects.get(recommendation__review=review, text="Action 55.1")
    client.force_login(user)
    html = client.get(reverse("actions:detail", args=[action.pk])).text
    link = f"{reverse('plans:review_detail', args=[review.pk])}?page=3#action-{action.pk}"
    assert f'href="{link}"' in html
    assert f'id="action-{action.pk}"' in client.get(link.split("#")[0]).text
    early = Action.objects.get(recommendation__review=review, text="Action 1.0")
    html = client.get(reverse("actions:detail", args=[early.pk])).text
    assert f'href="{reverse("plans:review_detail", args=[review.pk])}#action-{early.pk}"' in html


def test_an_outsider_gets_no_page_of_a_long_plan(client, outsider):
    review, _user = import_plan(60)
    client.force_login(outsider)
    url = reverse("plans:review_detail", args=[review.pk])
    assert client.get(url, {"page": 2}).status_code == 404


def test_a_plan_changed_between_a_pages_reads_still_gets_the_findings_of_the_plan_as_it_is(
    client,
):
    """Someone adds an action after the page has loaded its recommendations: the stored
    findings no longer line up with them, so they are found by id in the plan as it is now."""
    from followthrough.plans.selectors import review_plan_page

    review, _user = import_plan(60, vague_at=55)
    shown = review_plan_page(review, 3)
    Action.objects.create(recommendation=shown["recommendations"][0], text="Added", order=9)
    summary = smart.findings_for(review, shown["recommendations"], shown["positions"])
    vague = next(a for r in shown["recommendations"] for a in r.actions.all() if a.text == VAGUE)
    assert vague.smart_findings
    assert summary["problem_count"] + summary["warning_count"] >= len(vague.smart_findings)
