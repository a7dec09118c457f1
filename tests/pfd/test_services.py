"""The PFD services: every change audited and version-checked, a response's promised actions
added to the plan like any other, and a report imported in one atomic write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.interchange import PartialDate
from followthrough.parsing.pfd import read_pfd_report
from followthrough.pfd import services
from followthrough.pfd.models import Addressee
from followthrough.plans.models import Action, Recommendation, Review, ReviewType
from tests.factories import AgencyFactory, ReviewFactory
from tests.pfd.conftest import REPORT_DATE, TODAY

REPORTS = Path(__file__).resolve().parents[1] / "parsing" / "pfd"


def audited(event_type) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event_type=event_type))


def test_adding_an_addressee_puts_it_last_and_records_it(world):
    added = services.addressee_add(
        review=world.review, name="Home Office", sent_on=REPORT_DATE, actor=world.users["chair"]
    )
    assert added.order == 3
    [event] = audited(events.PFD_ADDRESSEE_ADDED)
    assert (event.actor, event.partnership, event.target_id) == (
        world.users["chair"],
        world.home,
        added.pk,
    )


def test_only_a_pfd_report_has_addressees(world):
    dhr = ReviewFactory(partnership=world.home)
    with pytest.raises(services.PfdRuleError, match="Only a Prevention of Future Deaths"):
        services.addressee_add(review=dhr, name="x", sent_on=REPORT_DATE, actor=None)


def test_an_addressee_s_agency_must_be_one_of_the_partnership_s(world):
    stranger = AgencyFactory(name="Somewhere Else Council")
    with pytest.raises(services.PfdRuleError, match="not one of"):
        services.addressee_add(
            review=world.review, name="x", sent_on=REPORT_DATE, agency=stranger, actor=None
        )


def test_a_change_made_on_a_stale_page_is_refused_and_nothing_changes(world):
    national = world.national
    services.addressee_change(
        addressee=national,
        actor=world.users["coordinator"],
        expected_version=1,
        name="NHS England (national)",
        agency=None,
        sent_on=REPORT_DATE,
    )
    with pytest.raises(services.StaleEdit):
        services.addressee_change(
            addressee=national,
            actor=world.users["chair"],
            expected_version=1,
            name="Someone else's change",
            agency=None,
            sent_on=REPORT_DATE,
        )
    national.refresh_from_db()
    assert (national.name, national.version) == ("NHS England (national)", 2)
    [event] = audited(events.PFD_ADDRESSEE_CHANGED)
    assert event.after == {"name": "NHS England (national)"}


def test_an_extension_needs_a_reason_and_a_later_date(world):
    def extend(**kwargs):
        return services.addressee_extension_record(
            addressee=world.national,
            actor=world.users["coordinator"],
            expected_version=1,
            granted_on=dt.date(2025, 5, 1),
            today=TODAY.replace(month=5, day=2),
            **kwargs,
        )

    with pytest.raises(services.PfdRuleError, match="reason"):
        extend(due_on=dt.date(2025, 6, 30), reason="  ")
    with pytest.raises(services.PfdRuleError, match="after the 56 days end, on 12 May 2025"):
        extend(due_on=dt.date(2025, 5, 12), reason="more time")
    extended = extend(due_on=dt.date(2025, 6, 30), reason="more time")
    assert (extended.extended_to, extended.extension_reason) == (dt.date(2025, 6, 30), "more time")
    [event] = audited(events.PFD_EXTENSION_RECORDED)
    assert event.after["extended_to"] == "2025-06-30"


def test_a_response_s_promised_actions_join_the_plan_led_by_the_partner_agency(world):
    first, second = world.concerns
    responded = services.addressee_response_record(
        addressee=world.partner,
        actor=world.users["coordinator"],
        expected_version=1,
        response_on=dt.date(2025, 3, 31),
        summary="The trust accepts both concerns.",
        promises=[
            services.Promise(first, "Write falls observation guidance", PartialDate(2025, 7)),
            services.Promise(second, "Raise staffing with the region", None),
        ],
        today=TODAY,
    )
    assert responded.response_on == dt.date(2025, 3, 31)
    assert responded.version == 2
    actions = list(responded.promised_actions.order_by("pk"))
    assert [(a.recommendation, a.text) for a in actions] == [
        (first, "Write falls observation guidance"),
        (second, "Raise staffing with the region"),
    ]
    # Tracked like any other action: in the partnership's actions, led by the trust.
    assert actions[0].partnership == world.home
    assert actions[0].target_date == dt.date(2025, 7, 31)
    assert [lead.agency for a in actions for lead in a.leads.all()] == [world.trust, world.trust]
    assert {e.event_type for e in AuditEvent.objects.all()} >= {
        events.PFD_RESPONSE_RECORDED,
        events.ACTION_CREATED,
        events.ACTION_LEAD_ADDED,
    }


def test_a_national_body_s_promised_action_has_no_lead_agency(world):
    responded = services.addressee_response_record(
        addressee=world.national,
        actor=None,
        expected_version=1,
        response_on=TODAY,
        summary="",
        promises=[services.Promise(world.concerns[1], "Consult on a standard")],
        today=TODAY,
    )
    assert list(responded.promised_actions.get().leads.all()) == []


def test_a_response_cannot_be_in_the_future_or_answer_another_report_s_concern(world):
    def respond(**kwargs):
        return services.addressee_response_record(
            addressee=world.national,
            actor=None,
            expected_version=1,
            summary="",
            today=TODAY,
            **kwargs,
        )

    with pytest.raises(services.PfdRuleError, match="future"):
        respond(response_on=TODAY + dt.timedelta(days=1), promises=[])
    other = Recommendation.objects.create(review=ReviewFactory(), text="x", order=1)
    with pytest.raises(services.PfdRuleError, match="this report's concerns"):
        respond(response_on=TODAY, promises=[services.Promise(other, "x")])
    assert not Action.objects.exists()
    world.national.refresh_from_db()
    assert world.national.response_on is None


def test_removing_an_addressee_keeps_its_promised_actions_and_closes_the_gap(world):
    services.addressee_response_record(
        addressee=world.partner,
        actor=None,
        expected_version=1,
        response_on=TODAY,
        summary="",
        promises=[services.Promise(world.concerns[0], "Audit the wards")],
        today=TODAY,
    )
    services.addressee_remove(addressee=world.partner, actor=world.users["coordinator"])
    assert Action.objects.filter(text="Audit the wards").exists()
    assert list(Addressee.objects.values_list("name", "order")) == [("NHS England", 1)]
    [event] = audited(events.PFD_ADDRESSEE_REMOVED)
    assert event.before["promised_actions"] == 1


def test_an_import_creates_the_review_its_concerns_and_addressees_in_one_write(world):
    report = read_pfd_report((REPORTS / "template-numbered.txt").read_bytes())
    review = services.pfd_report_import(
        partnership=world.home,
        report=report,
        report_date=dt.date(2025, 3, 17),
        actor=world.users["coordinator"],
        today=TODAY,
    )
    assert (review.review_type, review.title) == (
        ReviewType.PFD,
        "Prevention of future deaths report, 17 March 2025",
    )
    assert review.recommendations.count() == 3
    addressees = list(review.pfd_addressees.order_by("order"))
    assert [(a.name, a.agency, a.sent_on) for a in addressees] == [
        (
            "Chief Executive, Northmoor Hospitals NHS Foundation Trust",
            world.trust,
            dt.date(2025, 3, 17),
        ),
        ("NHS England", None, dt.date(2025, 3, 17)),
        ("Secretary of State for Health and Social Care", None, dt.date(2025, 3, 17)),
    ]
    [event] = audited(events.PFD_REPORT_IMPORTED)
    assert event.after == {"report_date": "2025-03-17", "concerns": 3, "addressees": 3}
    assert "Pell" not in repr(list(AuditEvent.objects.values()))


def test_an_import_that_fails_saves_nothing(world, monkeypatch):
    report = read_pfd_report((REPORTS / "template-numbered.txt").read_bytes())
    reviews = Review.objects.count()

    def broken(**kwargs):
        raise services.PfdRuleError("broken")

    monkeypatch.setattr(services, "addressee_add", broken)
    with pytest.raises(services.PfdRuleError):
        services.pfd_report_import(
            partnership=world.home,
            report=report,
            report_date=REPORT_DATE,
            actor=None,
            today=TODAY,
        )
    assert Review.objects.count() == reviews
    assert not AuditEvent.objects.filter(event_type=events.REVIEW_CREATED).exists()
