"""The writes of national bodies: each audited, each refused to whoever may not make it, an
answer given on a stale page refused, reasons required where the response needs them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.bodies.models import Addressing, BodyMembership
from followthrough.bodies.services import (
    AlreadyAnswered,
    addressing_acknowledge,
    addressing_respond,
    addressing_withdraw,
    body_membership_grant,
    body_membership_revoke,
    recommendation_address,
)
from followthrough.plans.concurrency import StaleEdit
from tests.bodies.conftest import ADDRESSED_AT, DUE_ON, body
from tests.factories import MembershipFactory, UserFactory


def _events(event_type):
    return list(AuditEvent.objects.filter(event_type=event_type))


def test_the_six_national_bodies_are_there_from_the_start(db):
    from followthrough.bodies.models import NationalBody

    assert sorted(NationalBody.objects.values_list("short_name", flat=True)) == sorted(
        ["HO", "DHSC", "NHSE", "DfE", "MoJ", "DWP"]
    )
    assert body("NHSE").in_sentence == "NHS England"
    assert body("HO").in_sentence == "the Home Office"


def test_it_addresses_a_recommendation_with_its_due_date_and_an_audit_event(
    rec, coordinator, addressing
):
    assert addressing.due_on == DUE_ON
    assert addressing.addressed_by == coordinator
    (event,) = _events(events.RECOMMENDATION_ADDRESSED)
    assert event.actor == coordinator
    assert event.partnership == rec.review.partnership
    assert event.after["due_on"] == "2026-04-27"
    assert addressing.history.count() == 1


def test_addressing_again_to_the_same_body_adds_nothing(rec, coordinator, addressing):
    again = recommendation_address(
        recommendation=rec, bodies=[body("HO"), body("DHSC")], actor=coordinator
    )
    assert [a.body.short_name for a in again] == ["DHSC"]
    assert Addressing.objects.filter(recommendation=rec).count() == 2


@override_settings(FOLLOWTHROUGH_NATIONAL_RESPONSE_DAYS=90)
def test_the_period_comes_from_the_setting_unless_the_body_sets_its_own(rec, coordinator):
    dhsc = body("DHSC")
    dhsc.response_days = 28
    dhsc.save()
    made = recommendation_address(
        recommendation=rec, bodies=[body("HO"), dhsc], actor=coordinator, addressed_at=ADDRESSED_AT
    )
    due = {a.body.short_name: a.due_on for a in made}
    assert due == {"HO": dt.date(2026, 5, 31), "DHSC": dt.date(2026, 3, 30)}


def test_only_the_plans_authors_address_a_recommendation(rec, viewer, outsider, homeoffice):
    for actor in (viewer, outsider, homeoffice):
        with pytest.raises(PermissionDenied):
            recommendation_address(recommendation=rec, bodies=[body("HO")], actor=actor)
    assert not Addressing.objects.exists()


def test_an_inactive_body_is_refused(rec, coordinator):
    retired = body("DWP")
    retired.active = False
    retired.save()
    with pytest.raises(ValidationError):
        recommendation_address(recommendation=rec, bodies=[body("HO"), retired], actor=coordinator)
    assert not Addressing.objects.exists()


def test_the_body_acknowledges_once_and_it_is_audited(addressing, homeoffice):
    done = addressing_acknowledge(
        addressing=addressing, expected_version=addressing.version, actor=homeoffice
    )
    assert done.acknowledged_at is not None and done.acknowledged_by == homeoffice
    again = addressing_acknowledge(addressing=done, expected_version=done.version, actor=homeoffice)
    assert again.acknowledged_at == done.acknowledged_at
    assert len(_events(events.RECOMMENDATION_ADDRESSING_ACKNOWLEDGED)) == 1


def test_only_users_of_that_body_answer(addressing, dhsc_user, coordinator):
    for actor in (dhsc_user, coordinator):
        with pytest.raises(PermissionDenied):
            addressing_acknowledge(addressing=addressing, expected_version=1, actor=actor)
        with pytest.raises(PermissionDenied):
            addressing_respond(
                addressing=addressing,
                expected_version=1,
                response="accepted",
                reasons="",
                responded_on=dt.date(2026, 3, 3),
                actor=actor,
            )
    addressing.refresh_from_db()
    assert not addressing.acknowledged and not addressing.responded


def _respond(addressing, actor, **kwargs):
    values = {
        "response": "accepted_in_part",
        "reasons": "We will consult on the guidance, not rewrite it.",
        "responded_on": dt.date(2026, 5, 12),
        "expected_version": addressing.version,
    }
    values.update(kwargs)
    return addressing_respond(addressing=addressing, actor=actor, **values)


def test_the_body_responds_with_reasons_and_a_past_date(addressing, homeoffice):
    done = _respond(addressing, homeoffice)
    assert done.response == "accepted_in_part"
    assert done.responded_on == dt.date(2026, 5, 12)
    assert done.responded_by == homeoffice
    assert done.acknowledged_by == homeoffice  # responding acknowledges it too
    (event,) = _events(events.RECOMMENDATION_ADDRESSING_ANSWERED)
    assert event.after == {"response": "accepted_in_part", "responded_on": "2026-05-12"}
    assert event.partnership == addressing.recommendation.review.partnership


@pytest.mark.parametrize("response", ["accepted_in_part", "not_accepted"])
def test_reasons_are_required_unless_accepted(addressing, homeoffice, response):
    with pytest.raises(ValidationError) as raised:
        _respond(addressing, homeoffice, response=response, reasons="  ")
    assert "reasons" in raised.value.message_dict
    addressing.refresh_from_db()
    assert not addressing.responded
    assert _respond(addressing, homeoffice, response="accepted", reasons="").response == "accepted"


def test_a_response_dated_in_the_future_is_refused(addressing, homeoffice):
    from django.utils import timezone

    with pytest.raises(ValidationError) as raised:
        _respond(addressing, homeoffice, responded_on=timezone.localdate() + dt.timedelta(days=1))
    assert "responded_on" in raised.value.message_dict


def test_an_answer_given_on_a_stale_page_is_refused_and_the_first_kept(addressing, homeoffice):
    opened = addressing.version
    _respond(addressing, homeoffice, response="accepted", reasons="")
    with pytest.raises(StaleEdit):
        _respond(addressing, homeoffice, response="not_accepted", expected_version=opened)
    addressing.refresh_from_db()
    assert addressing.response == "accepted"


def test_the_author_withdraws_before_a_response_only(rec, addressing, coordinator, homeoffice):
    dhsc = recommendation_address(recommendation=rec, bodies=[body("DHSC")], actor=coordinator)[0]
    _respond(addressing, homeoffice)
    addressing.refresh_from_db()
    with pytest.raises(AlreadyAnswered):
        addressing_withdraw(addressing=addressing, actor=coordinator)
    with pytest.raises(PermissionDenied):
        addressing_withdraw(addressing=dhsc, actor=homeoffice)
    addressing_withdraw(addressing=dhsc, actor=coordinator)
    assert list(Addressing.objects.values_list("body__short_name", flat=True)) == ["HO"]
    (event,) = _events(events.RECOMMENDATION_ADDRESSING_WITHDRAWN)
    assert event.before["body"] == dhsc.body_id


def test_a_body_user_belongs_to_no_partnership(home):
    user = UserFactory(username="member")
    MembershipFactory(user=user, partnership=home)
    with pytest.raises(ValidationError):
        body_membership_grant(user=user, body=body("HO"), actor=None)
    assert not BodyMembership.objects.exists()


def test_granting_and_revoking_are_audited(db):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    user = UserFactory(username="someone")
    body_membership_grant(user=user, body=body("MoJ"), actor=admin)
    body_membership_revoke(user=user, actor=admin)
    assert body_membership_revoke(user=user, actor=admin) is None
    assert len(_events(events.NATIONAL_BODY_MEMBERSHIP_GRANTED)) == 1
    assert len(_events(events.NATIONAL_BODY_MEMBERSHIP_REVOKED)) == 1
    assert not user.has_perm("bodies.view_register")
