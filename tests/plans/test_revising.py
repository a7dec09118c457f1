"""A new version of an imported plan, compared with the review it updates and applied to it as
changes, keeping the progress of the actions it keeps (issue 12, observation 6)."""

from __future__ import annotations

import copy

import pytest

from followthrough import interchange
from followthrough.audit.models import AuditEvent
from followthrough.delivery import services as delivery
from followthrough.interchange import PartialDate
from followthrough.partnerships.models import Agency
from followthrough.partnerships.services import agency_create, partnership_get_or_create
from followthrough.plans.models import Action, ImportSource, Recommendation, Review
from followthrough.plans.services import PlanRuleError, plan_agree, plan_import
from followthrough.plans.services.revising import (
    CHANGED,
    NEW,
    REMOVED,
    UNCHANGED,
    PlanChangedMeanwhile,
    plan_compare,
    plan_revise,
)
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

A, L, M = interchange.Action, interchange.Lead, interchange.Milestone


def first_version() -> interchange.ActionPlan:
    return interchange.ActionPlan(
        review=interchange.ReviewInfo(
            title="DHR into the death of Adult B", review_type="DHR", reference="NM-01"
        ),
        recommendations=[
            interchange.Recommendation(
                number="1",
                text="Officers recognise coercive control at every domestic incident.",
                actions=[
                    A(
                        "Deliver coercive control training to all response officers",
                        leads=[L("Kit Marsh", "DA Lead", "Northmoor Police")],
                        milestones=[M("Course designed", 1, PartialDate(2025, 3))],
                        target_date=PartialDate(2025, 7),
                    ),
                    A(
                        "Audit twenty incident logs for DASH completion",
                        leads=[L(agency="Northmoor Police")],
                        target_date=PartialDate(2025, 9),
                    ),
                ],
            ),
            interchange.Recommendation(
                number="2",
                text="GPs ask about domestic abuse when patients present with injuries.",
                actions=[
                    A(
                        "Add a routine enquiry prompt to the GP record system",
                        leads=[L(agency="Northmoor Health")],
                        target_date=PartialDate(2025, 12),
                    )
                ],
            ),
        ],
    )


@pytest.fixture
def partnership():
    partnership = partnership_get_or_create(name="Northmoor CSP", actor=None)
    for name in ("Northmoor Police", "Northmoor Health"):
        agency_create(name=name, partnership=partnership, actor=None)
    return partnership


@pytest.fixture
def coordinator(partnership):
    user = UserFactory(username="coordinator")
    MembershipFactory(user=user, partnership=partnership, role="coordinator")
    return user


@pytest.fixture
def review(partnership):
    return plan_import(
        plan=first_version(), partnership=partnership, source=b"v1", filename="v1.docx", actor=None
    ).review


def action(text_start: str) -> Action:
    return Action.objects.get(text__startswith=text_start)


def revise(review, plan, actor, **kwargs):
    review = Review.objects.select_related("partnership").get(pk=review.pk)
    changes = plan_compare(review=review, plan=plan)
    return plan_revise(
        review=review,
        plan=plan,
        source=b"v2",
        filename="v2.docx",
        fingerprint=changes.fingerprint,
        actor=actor,
        **kwargs,
    )


def progress(item: Action, actor) -> None:
    delivery.progress_update_add(
        action=item,
        actor=actor,
        expected_version=item.version,
        narrative="Training booked",
        status="on_track",
    )


def test_the_same_plan_again_changes_nothing(review):
    changes = plan_compare(review=review, plan=first_version())
    assert not changes.has_changes
    assert [r.kind for r in changes.recommendations] == [UNCHANGED, UNCHANGED]
    assert changes.counts["actions_unchanged"] == 3


def test_new_changed_and_removed_items_are_listed_with_what_changed(review, coordinator):
    plan = first_version()
    training = plan.recommendations[0].actions[0]
    training.text = "Deliver coercive control training to all response and CID officers"
    training.target_date = PartialDate(2025, 10)
    plan.recommendations[0].actions.pop(1)  # the audit is left out
    plan.recommendations[1].actions.append(A("Train practice managers in routine enquiry"))
    plan.recommendations.append(
        interchange.Recommendation(number="3", text="Housing staff know the referral route.")
    )
    changes = plan_compare(review=review, plan=plan)

    first, second, third = changes.recommendations
    assert (first.kind, second.kind, third.kind) == (UNCHANGED, UNCHANGED, NEW)
    assert [a.kind for a in first.actions] == [CHANGED, REMOVED]
    assert {(d.label, d.before, d.after) for d in first.actions[0].differences} == {
        (
            "Action to take",
            "Deliver coercive control training to all response officers",
            "Deliver coercive control training to all response and CID officers",
        ),
        ("Target date", "July 2025", "October 2025"),
    }
    assert first.actions[1].kept is False  # nothing of its delivery recorded
    assert [a.kind for a in second.actions] == [UNCHANGED, NEW]
    assert changes.counts == {
        "recommendations_new": 1,
        "recommendations_changed": 0,
        "recommendations_removed": 0,
        "actions_new": 1,
        "actions_changed": 1,
        "actions_unchanged": 1,
        "actions_removed": 1,
        "actions_kept": 0,
    }


def test_a_recommendation_reworded_beyond_recognition_is_matched_by_its_number(review):
    plan = first_version()
    plan.recommendations[1].text = "Primary care adopts routine enquiry."
    changes = plan_compare(review=review, plan=plan)
    second = changes.recommendations[1]
    assert second.kind == CHANGED and second.old.number == "2"
    assert second.actions[0].kind == UNCHANGED


def test_applying_keeps_the_progress_evidence_and_history_of_the_actions_it_keeps(
    review, coordinator
):
    training = action("Deliver coercive control")
    progress(training, coordinator)
    plan = first_version()
    plan.recommendations[0].actions[
        0
    ].text = "Deliver coercive control training to all response officers and their sergeants"
    plan.recommendations[0].actions[0].status = "not_started"  # the document's: not applied
    revise(review, plan, coordinator)

    training.refresh_from_db()
    assert training.text.endswith("and their sergeants")
    assert training.status == "on_track"
    assert training.progress_updates.count() == 1
    assert training.history.count() >= 3  # created, progress, changed


def test_a_removed_action_with_nothing_recorded_is_deleted_and_one_with_progress_is_kept(
    review, coordinator
):
    audit = action("Audit twenty")
    enquiry = action("Add a routine enquiry")
    progress(enquiry, coordinator)
    plan = first_version()
    plan.recommendations[0].actions.pop(1)
    plan.recommendations.pop(1)  # recommendation 2 and its one action, which has progress
    changes = plan_compare(review=review, plan=plan)
    removed = changes.recommendations[1]
    assert (removed.kind, removed.kept) == (REMOVED, True)
    assert [(a.kind, a.kept) for a in removed.actions] == [(REMOVED, True)]
    assert changes.counts["actions_removed"] == 1 and changes.counts["actions_kept"] == 1

    revise(review, plan, coordinator)
    assert not Action.objects.filter(pk=audit.pk).exists()
    enquiry.refresh_from_db()
    assert enquiry.progress_updates.count() == 1
    assert Recommendation.objects.filter(pk=enquiry.recommendation_id).exists()
    deleted = AuditEvent.objects.get(event_type="action.deleted")
    assert deleted.target_id == audit.pk and "leaves it out" in deleted.summary


def test_an_action_moved_to_another_recommendation_stays_the_same_action(review, coordinator):
    audit = action("Audit twenty")
    progress(audit, coordinator)
    plan = first_version()
    moved = plan.recommendations[0].actions.pop(1)
    plan.recommendations[1].actions.append(moved)
    changes = plan_compare(review=review, plan=plan)
    assert changes.recommendations[1].actions[1].differences[0].label == "Recommendation"
    revise(review, plan, coordinator)
    audit.refresh_from_db()
    assert audit.recommendation.number == "2"
    assert audit.progress_updates.count() == 1


def test_a_target_date_changed_on_an_agreed_plan_counts_as_a_revision(review, coordinator):
    plan = first_version()
    plan.recommendations[0].actions[0].target_date = PartialDate(2025, 10)
    revise(review, plan, coordinator)
    training = action("Deliver coercive control")
    assert training.target == PartialDate(2025, 10)
    assert training.original_target == PartialDate(2025, 7)
    assert training.target_date_revisions == 1


def test_a_target_date_changed_on_a_draft_plan_is_simply_corrected(partnership, coordinator):
    draft = plan_import(
        plan=first_version(),
        partnership=partnership,
        source=b"v1",
        filename="v1.docx",
        actor=None,
        plan_status="draft",
    ).review
    plan = first_version()
    plan.recommendations[0].actions[0].target_date = PartialDate(2025, 10)
    revise(draft, plan, coordinator)
    training = action("Deliver coercive control")
    assert training.target == PartialDate(2025, 10)
    assert training.original_target is None and training.target_date_revisions == 0
    plan_agree(review=draft, actor=coordinator)  # still agreed the usual way afterwards


def test_new_leads_and_milestones_replace_the_old_and_a_new_agency_joins_the_partnership(
    review, coordinator, partnership
):
    plan = first_version()
    training = plan.recommendations[0].actions[0]
    training.leads = [L("Sam Reed", "Training Lead", "Northmoor Fire")]
    training.milestones = [
        M("Course designed", 1, PartialDate(2025, 3)),
        M("First cohort trained", 2, PartialDate(2025, 6)),
    ]
    revise(review, plan, coordinator)
    item = action("Deliver coercive control")
    fire = Agency.objects.get(name="Northmoor Fire")
    assert partnership in fire.partnerships.all()
    assert [(ld.person_name, ld.agency) for ld in item.leads.all()] == [("Sam Reed", fire)]
    assert [(m.number, m.text) for m in item.milestones.all()] == [
        (1, "Course designed"),
        (2, "First cohort trained"),
    ]


def test_an_agency_of_another_partnership_is_linked_only_when_confirmed(review, coordinator):
    elsewhere = PartnershipFactory(name="Fellside CSP")
    agency_create(name="Fellside Housing", partnership=elsewhere, actor=None)
    plan = first_version()
    plan.recommendations[1].actions.append(
        A("Brief housing officers", leads=[L(agency="Fellside Housing")])
    )
    from followthrough.plans.services import AgenciesNeedLinking

    with pytest.raises(AgenciesNeedLinking):
        revise(review, plan, coordinator)
    assert Action.objects.filter(recommendation__review=review).count() == 3
    revise(review, plan, coordinator, link_agencies=True)
    assert Action.objects.filter(recommendation__review=review).count() == 4


def test_applying_records_each_change_and_the_new_document(review, coordinator):
    plan = first_version()
    plan.recommendations[0].actions[0].text = "Deliver coercive control training to all officers"
    plan.review.published_on = PartialDate(2025, 2)
    revise(review, plan, coordinator)
    revised = AuditEvent.objects.get(event_type="plan.revised")
    assert revised.actor == coordinator and revised.target_id == review.pk
    assert revised.before["filename"] == "v1.docx" and revised.after["filename"] == "v2.docx"
    assert revised.after["actions_changed"] == 1
    assert AuditEvent.objects.filter(event_type="action.updated").count() == 1
    assert AuditEvent.objects.filter(event_type="review.updated").count() == 1
    source = ImportSource.objects.get(review=review)
    assert (bytes(source.content), source.filename) == (b"v2", "v2.docx")
    review.refresh_from_db()
    assert review.published == PartialDate(2025, 2)


def test_a_comparison_out_of_date_is_refused_and_nothing_changes(review, coordinator):
    plan = first_version()
    plan.recommendations[0].actions[0].text = "Deliver coercive control training to all officers"
    changes = plan_compare(review=review, plan=plan)
    training = action("Deliver coercive control")
    progress(training, coordinator)  # meanwhile, the lead records progress on a changed action
    with pytest.raises(PlanChangedMeanwhile):
        plan_revise(
            review=review,
            plan=plan,
            source=b"v2",
            filename="v2.docx",
            fingerprint=changes.fingerprint,
            actor=coordinator,
        )
    training.refresh_from_db()
    assert training.text == "Deliver coercive control training to all response officers"
    assert not AuditEvent.objects.filter(event_type="plan.revised").exists()


def test_it_changes_nothing_when_applying_fails_half_way(review, coordinator, monkeypatch):
    from followthrough.plans.services import revising

    plan = first_version()
    plan.recommendations[0].actions[0].text = "Deliver coercive control training to all officers"
    plan.recommendations[1].actions.append(A("Train practice managers"))

    def broken(**kwargs):
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(revising.ImportSource.objects, "update_or_create", broken)
    with pytest.raises(RuntimeError):
        revise(review, plan, coordinator)
    assert action("Deliver coercive control").text.endswith("response officers")
    assert not Action.objects.filter(text="Train practice managers").exists()
    assert Review.objects.get(pk=review.pk).version == review.version


def test_a_reference_already_another_reviews_stops_it(review, coordinator, partnership):
    from tests.factories import ReviewFactory

    ReviewFactory(partnership=partnership, reference="NM-02")
    plan = first_version()
    plan.review.reference = "NM-02"
    changes = plan_compare(review=review, plan=plan)
    assert "already the reference of" in changes.problems[0]
    with pytest.raises(PlanRuleError):
        revise(review, plan, coordinator)


def test_comparing_runs_the_same_queries_whatever_the_size_of_the_plan(
    partnership, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(plan) -> int:
        review = plan_import(
            plan=plan,
            partnership=partnership,
            source=repr(plan).encode(),
            filename="v1",
            actor=None,
        ).review
        review = Review.objects.select_related("partnership").get(pk=review.pk)
        new = copy.deepcopy(plan)
        for rec in new.recommendations:
            rec.actions.pop()  # one removed action in each
        with CaptureQueriesContext(connection) as seen:
            plan_compare(review=review, plan=new)
        return len(seen)

    small = first_version()
    large = first_version()
    large.review.reference = "NM-02"
    large.recommendations = [copy.deepcopy(large.recommendations[0]) for _ in range(12)]
    for n, rec in enumerate(large.recommendations, start=1):
        rec.number = str(n)
        rec.text = f"Recommendation {n}: {rec.text}"
    assert queries(small) == queries(large)
