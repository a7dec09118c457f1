"""plan_import: a parsed plan becomes a review, all or nothing, once per document."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import IntegrityError

from followthrough.audit.models import AuditEvent
from followthrough.interchange import PartialDate
from followthrough.partnerships.models import Agency
from followthrough.partnerships.services import partnership_get_or_create
from followthrough.plans.models import Action, ActionLead, ImportSource, Milestone, Review
from followthrough.plans.services import AgenciesNeedLinking, PlanAlreadyImported, plan_import

pytestmark = pytest.mark.django_db


def do_import(plan, source=b"document", **kwargs):
    return plan_import(
        plan=plan,
        partnership=partnership_get_or_create(
            name=kwargs.pop("partnership", "South Lakeland CSP"), actor=None
        ),
        source=source,
        filename="plan.txt",
        actor=None,
        **kwargs,
    )


def test_it_stores_every_recommendation_action_lead_and_milestone(seed_plan):
    result = do_import(seed_plan)
    review = result.review
    assert (result.recommendation_count, result.action_count) == (6, 6)
    assert review.recommendations.count() == 6
    assert Milestone.objects.filter(action__recommendation__review=review).count() == 24
    assert review.subject_pseudonym == "Sarah"
    assert review.review_type == "DHR"
    assert review.preamble.startswith("The Panel is responsible")
    second = review.recommendations.get(order=2)
    assert (second.theme_heading, second.scope, second.area) == (
        "Processes",
        "regional",
        "Cumbria wide",
    )


def test_it_keeps_the_precision_of_month_dates_and_their_due_date(seed_plan):
    review = do_import(seed_plan).review
    action = Action.objects.get(recommendation__review=review, recommendation__order=1)
    assert action.target_date == dt.date(2014, 1, 31)
    assert action.target == PartialDate(2014, 1)
    assert action.completed == PartialDate(2014, 4)
    assert action.status == "completed"


def test_it_creates_the_partnership_and_the_agencies_the_plan_names(seed_plan):
    review = do_import(seed_plan).review
    names = set(Agency.objects.values_list("name", flat=True))
    assert names == {
        "CADAS",
        "GP services",
        "CCC",
        "South Lakeland CSP",
        "Unity",
        "Cumbria Police",
        "CPFT",
        "SLCSP",
    }
    assert set(review.partnership.agencies.values_list("name", flat=True)) == names


def test_it_reuses_the_partnerships_agency_known_by_its_short_name(seed_plan):
    partnership = partnership_get_or_create(name="South Lakeland CSP", actor=None)
    cadas = Agency.objects.create(
        name="Cumbria Alcohol and Drug Advisory Service", short_name="CADAS"
    )
    cadas.partnerships.add(partnership)
    review = do_import(seed_plan).review
    assert Agency.objects.filter(short_name__iexact="cadas").count() == 1
    assert not Agency.objects.filter(name="CADAS").exists()
    assert ActionLead.objects.filter(action__recommendation__review=review, agency=cadas).exists()


def test_an_agency_of_another_partnership_is_not_linked_by_its_name_alone(seed_plan):
    """The finding: importing a plan that named "CADAS" joined South Lakeland's CADAS to Eden
    Valley by its name. Now the import stops and says which agencies need a confirmed link."""
    do_import(seed_plan)
    eden = partnership_get_or_create(name="Eden Valley CSP", actor=None)
    events_before = AuditEvent.objects.count()
    with pytest.raises(AgenciesNeedLinking, match="not yet partners of Eden Valley CSP: CADAS"):
        do_import(seed_plan, source=b"another document", partnership="Eden Valley CSP")
    assert not eden.agencies.exists()
    assert Review.objects.filter(partnership=eden).count() == 0
    assert AuditEvent.objects.count() == events_before


def test_a_confirmed_link_makes_the_named_agencies_partners_and_is_audited(seed_plan):
    do_import(seed_plan)
    cadas = Agency.objects.get(name="CADAS")
    review = do_import(
        seed_plan, source=b"another document", partnership="Eden Valley CSP", link_agencies=True
    ).review
    assert review.partnership in cadas.partnerships.all()
    assert Agency.objects.filter(name="CADAS").count() == 1
    linked = AuditEvent.objects.filter(
        event_type="agency.joined_partnership", partnership=review.partnership
    )
    assert linked.count() == review.partnership.agencies.count()


def test_importing_the_same_document_twice_changes_nothing(seed_plan):
    first = do_import(seed_plan).review
    events_before = AuditEvent.objects.count()
    with pytest.raises(PlanAlreadyImported) as excinfo:
        do_import(seed_plan)
    assert excinfo.value.review == first
    assert Review.objects.count() == 1
    assert AuditEvent.objects.count() == events_before


def test_the_same_document_may_be_imported_by_another_partnership(seed_plan):
    do_import(seed_plan)
    do_import(seed_plan, partnership="Eden Valley CSP", link_agencies=True)
    assert Review.objects.count() == 2


def test_replace_imports_the_document_afresh(seed_plan):
    first = do_import(seed_plan).review
    result = do_import(seed_plan, replace=True)
    assert result.replaced_review_id == first.pk
    assert list(Review.objects.values_list("pk", flat=True)) == [result.review.pk]
    assert AuditEvent.objects.filter(event_type="plan.replaced").count() == 1


def test_it_saves_nothing_when_the_import_fails_half_way(seed_plan):
    partnership = partnership_get_or_create(name="South Lakeland CSP", actor=None)
    events_before = AuditEvent.objects.count()
    seed_plan.recommendations[3].actions[0].text = None  # the database refuses a NULL text
    with pytest.raises(IntegrityError):
        plan_import(
            plan=seed_plan, partnership=partnership, source=b"x", filename="x.txt", actor=None
        )
    assert Review.objects.count() == 0
    assert Agency.objects.count() == 0
    assert ImportSource.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_it_keeps_the_document_with_its_hash(seed_plan):
    review = do_import(seed_plan, source=b"the original bytes").review
    source = ImportSource.objects.get(review=review)
    assert bytes(source.content) == b"the original bytes"
    assert source.sha256 == hashlib.sha256(b"the original bytes").hexdigest()


def test_it_records_an_audit_event_for_the_import(seed_plan):
    review = do_import(seed_plan).review
    event = AuditEvent.objects.get(event_type="plan.imported")
    assert (event.target_type, event.target_id) == ("plans.review", review.pk)
    assert event.after["recommendations"] == 6
    assert "Sarah" not in event.summary  # audit summaries carry counts, not case content


def test_statuses_map_to_the_recorded_vocabulary(seed_plan):
    seed_plan.recommendations[0].actions[0].status = None
    seed_plan.recommendations[0].actions[0].completed_on = None
    seed_plan.recommendations[1].actions[0].status = "in_progress"
    seed_plan.recommendations[1].actions[0].completed_on = None
    seed_plan.recommendations[2].actions[0].status = None
    seed_plan.recommendations[2].actions[0].completed_on = PartialDate(2014, 6)
    review = do_import(seed_plan).review
    statuses = [
        a.status
        for a in Action.objects.filter(recommendation__review=review).order_by(
            "recommendation__order"
        )
    ]
    # No status and no completion: nobody has said. A completion date and no status: done,
    # and waiting for the partnership's sign-off like any completed action.
    assert statuses[:3] == ["no_information", "on_track", "completed"]


MEASURE = "Audit of 20 cases shows DASH completed in 95%"


def test_it_keeps_a_measure_of_success_apart_from_the_outcome(seed_plan):
    seed_plan.recommendations[1].actions[0].measure = MEASURE
    review = do_import(seed_plan).review
    actions = Action.objects.filter(recommendation__review=review)
    measured = actions.get(recommendation__order=2)
    assert measured.measure == MEASURE
    assert MEASURE not in measured.outcome
    assert set(actions.exclude(pk=measured.pk).values_list("measure", flat=True)) == {""}
    assert measured.history.get().measure == MEASURE  # the row history has it from the start


def test_a_stored_measure_converts_back_to_the_interchange_plan(seed_plan):
    from followthrough.interchange import plan_to_dict
    from followthrough.plans.conversion import plan_from_review
    from followthrough.plans.selectors import review_plan

    seed_plan.recommendations[1].actions[0].measure = MEASURE
    review = do_import(seed_plan).review
    back = plan_from_review(review, review_plan(review))
    assert back.recommendations[1].actions[0].measure == MEASURE
    assert back.recommendations[0].actions[0].measure is None  # none stored: none written
    data = plan_to_dict(back)
    assert data["recommendations"][1]["actions"][0]["measure"] == MEASURE
    assert "measure" not in data["recommendations"][0]["actions"][0]
