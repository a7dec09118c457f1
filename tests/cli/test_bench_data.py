"""followthrough bench-data, run as a user would run it, at the small scale."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from followthrough.audit import events
from followthrough.audit.models import AuditEvent
from followthrough.benchdata.loader import bench_data_load
from followthrough.cli import main
from followthrough.delivery.models import ProgressUpdate, SignOffDecision
from followthrough.demo.loader import DEMO_PASSWORD
from followthrough.partnerships.models import Agency, Membership, Partnership, Role
from followthrough.plans.models import Action, ActionLead, Milestone, Recommendation, Review
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def actions_in(partnership) -> int:
    return Action.objects.filter(recommendation__review__partnership=partnership).count()


def test_the_small_scale_fills_an_empty_database_with_the_shape_of_the_national_one(capsys):
    status, out, err = run(capsys, "bench-data", "--scale", "small")
    assert status == 0
    assert [
        m.objects.count()
        for m in (Partnership, Review, Recommendation, Action, Milestone, ProgressUpdate)
    ] == [3, 6, 40, 80, 320, 140]
    sizes = sorted(actions_in(p) for p in Partnership.objects.all())
    assert sizes == [8, 22, 50]
    largest = max(Partnership.objects.all(), key=actions_in)
    plan_sizes = sorted(
        Review.objects.filter(partnership=largest)
        .annotate(n=Count("recommendations__actions"))
        .values_list("n", flat=True)
    )
    assert 20 in plan_sizes and 4 in plan_sizes
    # agencies serving several partnerships, leads, spread statuses, decisions
    assert Agency.objects.annotate(n=Count("partnerships")).filter(n__gt=1).exists()
    assert ActionLead.objects.count() >= 70
    assert len(set(Action.objects.values_list("status", flat=True))) >= 5
    assert SignOffDecision.objects.exists()
    # the row history the app keeps, and an audit event saying the data is invented
    assert Action.history.count() == 80 and Milestone.history.count() == 320
    assert AuditEvent.objects.filter(event_type=events.BENCH_DATA_LOADED).count() == 3
    assert "3/3]" in err  # progress shown
    assert "never on production" in out.lower()
    for username in ("bench-coordinator", "bench-small", "bench-lead", "bench-admin"):
        assert f"  {username} " in out


def test_progress_updates_are_dated_in_the_past_not_when_loaded(capsys):
    run(capsys, "bench-data", "--scale", "small")
    times = list(ProgressUpdate.objects.values_list("created_at", flat=True))
    assert max(times).date() < dt.date.today()
    assert (max(times) - min(times)).days > 30
    # and auto_now_add is back as it was once the load is done
    assert ProgressUpdate._meta.get_field("created_at").auto_now_add


def test_the_bench_users_hold_the_roles_the_page_benchmark_signs_in_as(capsys):
    run(capsys, "bench-data", "--scale", "small")
    User = get_user_model()
    by_size = sorted(Partnership.objects.all(), key=actions_in)

    def roles(username):
        return set(
            Membership.objects.filter(user__username=username).values_list(
                "partnership", "role", "agency"
            )
        )

    assert roles("bench-coordinator") == {(by_size[-1].pk, Role.COORDINATOR, None)}
    assert roles("bench-small") == {(by_size[0].pk, Role.COORDINATOR, None)}
    lead = roles("bench-lead")
    agencies = {agency for _, _, agency in lead}
    assert len(lead) == 2 and len(agencies) == 1
    assert {role for _, role, _ in lead} == {Role.AGENCY_LEAD}
    agency = Agency.objects.get(pk=agencies.pop())
    assert set(agency.partnerships.values_list("pk", flat=True)) == {p for p, _, _ in lead}
    assert User.objects.get(username="bench-admin").is_superuser
    can_sign_in = {u.username for u in User.objects.all() if u.check_password(DEMO_PASSWORD)}
    assert can_sign_in == {"bench-coordinator", "bench-small", "bench-lead", "bench-admin"}
    assert not any(u.has_usable_password() for u in User.objects.exclude(username__in=can_sign_in))


def test_bench_lead_signs_in_with_the_demo_password_and_sees_both_partnerships_actions(
    capsys, client
):
    run(capsys, "bench-data", "--scale", "small")
    signed_in = client.post(
        reverse("web:login"), {"username": "bench-lead", "password": DEMO_PASSWORD}
    )
    assert signed_in.status_code == 302
    page = client.get(reverse("dashboards:my_actions"))
    assert page.status_code == 200
    for partnership in Membership.objects.filter(user__username="bench-lead"):
        assert partnership.partnership.name in page.text


def test_the_coordinator_signs_in_with_the_code_the_demo_command_prints(capsys, client):
    run(capsys, "bench-data", "--scale", "small")
    status, code, _ = run(capsys, "demo", "--code", "bench-coordinator")
    assert status == 0
    client.post(reverse("web:login"), {"username": "bench-coordinator", "password": DEMO_PASSWORD})
    largest = Membership.objects.get(user__username="bench-coordinator").partnership
    dashboard = reverse("dashboards:partnership", args=[largest.pk])
    assert client.get(dashboard).status_code == 302  # the code first
    verified = client.post(reverse("web:verify"), {"code": code.strip()})
    assert verified.status_code == 302
    assert client.get(dashboard).status_code == 200


def test_running_it_again_with_the_same_seed_changes_nothing(capsys):
    run(capsys, "bench-data", "--scale", "small")
    before = (Action.objects.count(), AuditEvent.objects.count(), get_user_model().objects.count())
    status, out, _ = run(capsys, "bench-data", "--scale", "small")
    assert status == 0
    assert "already" in out and "nothing changed" in out
    after = (Action.objects.count(), AuditEvent.objects.count(), get_user_model().objects.count())
    assert after == before


def test_it_refuses_a_database_that_holds_other_data_unless_forced(capsys):
    PartnershipFactory(name="Eden Valley CSP")
    status, out, err = run(capsys, "bench-data", "--scale", "small")
    assert status == 2 and out == ""
    assert "already holds data (1 partnership)" in err and "--force" in err
    assert not Review.objects.exists()
    status, _, _ = run(capsys, "bench-data", "--scale", "small", "--force")
    assert status == 0
    assert Partnership.objects.filter(name="Eden Valley CSP").exists()
    assert Partnership.objects.count() == 4


def test_other_bench_data_is_refused_even_when_forced(capsys):
    run(capsys, "bench-data", "--scale", "small")
    status, _, err = run(capsys, "bench-data", "--scale", "small", "--seed", "2", "--force")
    assert status == 2
    assert "already holds the bench data of scale small, seed 1" in err
    assert Action.objects.count() == 80


def fingerprint() -> list[tuple]:
    """What was written, without the ids (a database hands them out afresh each time)."""
    return sorted(
        (
            a.recommendation.review.partnership.name,
            a.recommendation.review.reference,
            a.recommendation.review.title,
            a.recommendation.text,
            a.text,
            a.status,
            a.target_date,
            a.completed_on,
            tuple(a.leads.values_list("agency__name", "person_name")),
            tuple(a.milestones.values_list("text", "target_date", "done_on")),
            tuple(
                a.progress_updates.order_by("created_at").values_list(
                    "author__username", "created_at", "narrative", "status"
                )
            ),
        )
        for a in Action.objects.select_related("recommendation__review__partnership")
    )


def load_and_forget(seed: int) -> list[tuple]:
    with transaction.atomic():
        bench_data_load(scale="small", seed=seed, today=dt.date(2026, 12, 7))
        written = fingerprint()
        transaction.set_rollback(True)
    return written


def test_the_same_seed_writes_the_same_data_and_another_seed_other_data():
    first = load_and_forget(1)
    assert len(first) == 80
    assert load_and_forget(1) == first
    assert load_and_forget(2) != first
