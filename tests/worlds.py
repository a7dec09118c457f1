"""One partnership with a plan under way and a person in every role around it, as the
permission matrix (tests/test_permissions.py) and the form fuzz (tests/test_fuzz.py) use it.
Set MEDIA_ROOT to a temporary folder before calling it: it stores an evidence file."""

from __future__ import annotations

import datetime as dt

from followthrough.delivery import services as delivery
from followthrough.interchange import PartialDate
from tests.delivery.conftest import PDF
from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    AgencyFactory,
    MembershipFactory,
    MilestoneFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)


def every_persona_world():
    """(users by persona, the URL arguments of each kind of record)."""
    home = PartnershipFactory(name="Northmoor CSP")
    fellside = PartnershipFactory(name="Fellside CSP")
    police = AgencyFactory(name="Northmoor Police")
    police.partnerships.add(home, fellside)
    health = AgencyFactory(name="Northmoor Health")
    health.partnerships.add(home)
    review = ReviewFactory(partnership=home)
    rec = RecommendationFactory(review=review)
    action = ActionFactory(recommendation=rec, status="on_track")
    lead = ActionLeadFactory(action=action, agency=police)
    # Actions in the states some pages need: awaiting the partnership's decision, finished, and
    # one with no revised date waiting (the main one has one).
    states = {}
    for name, status in [
        ("awaiting", "completed"),
        ("finished", "signed_off"),
        ("fresh", "on_track"),
    ]:
        states[name] = ActionFactory(recommendation=rec, status=status)
        ActionLeadFactory(action=states[name], agency=police)
    milestone = MilestoneFactory(action=action)
    # A review whose publication date has passed, with a plan: the public pages and the
    # national figures may show it (the review above is unpublished: they may not).
    published = ReviewFactory(partnership=home, published_on=dt.date(2024, 1, 10))
    published_rec = RecommendationFactory(review=published)
    ActionLeadFactory(
        action=ActionFactory(recommendation=published_rec, status="signed_off"), agency=police
    )

    users = {"anonymous": None}
    for name, partnership, role, agency in [
        ("coordinator", home, "coordinator", None),
        ("chair", home, "panel_chair", None),
        ("lead", home, "agency_lead", police),
        ("other_lead", home, "agency_lead", health),
        ("lead_elsewhere", fellside, "agency_lead", police),
        ("board", home, "board_member", None),
        ("viewer", home, "viewer", None),
        ("outsider", PartnershipFactory(name="Eden Valley CSP"), "coordinator", None),
    ]:
        users[name] = UserFactory(username=name)
        MembershipFactory(user=users[name], partnership=partnership, role=role, agency=agency)
    users["superuser"] = UserFactory(username="superuser", is_superuser=True, is_staff=True)
    # National oversight: a national role and no membership of any partnership.
    from followthrough.oversight.services import national_access_grant

    users["national"] = UserFactory(username="national")
    national_access_grant(user=users["national"], body="Home Office", actor=users["superuser"])

    update = delivery.progress_update_add(
        action=action,
        actor=users["lead"],
        expected_version=action.version,
        narrative="x",
        status="on_track",
        files=[delivery.Upload("a.pdf", PDF)],
    )
    action.refresh_from_db()
    revision = delivery.target_date_revision_propose(
        action=action, actor=users["lead"], proposed=PartialDate(2031, 1), reason="Because"
    )
    from followthrough.imports.services import pending_import_create
    from tests.conftest import SEED_TEXT

    pending = pending_import_create(
        partnership=home,
        data=SEED_TEXT.read_bytes(),
        filename="seed.txt",
        actor=users["coordinator"],
    )
    # Read as the worker reads it, in this process (tests/imports run the real queue and the
    # sandbox), so the preview is open.
    from followthrough.imports.services import pending_import_read, pending_import_start
    from followthrough.parsing import read_plan

    plan = read_plan(SEED_TEXT.read_bytes())
    pending_import_read(pending=pending_import_start(pk=pending.pk), plan=plan)
    queued = pending_import_create(
        partnership=home, data=b"not read yet", filename="queued.txt", actor=users["chair"]
    )
    from followthrough.notifications.services import calendar_feed_create

    _, calendar_token = calendar_feed_create(user=users["lead"], actor=users["lead"])
    from followthrough.partnerships.models import Membership
    from followthrough.people.services import invitation_create

    invited = invitation_create(
        partnership=home,
        email="invited.lead@example.invalid",
        role="agency_lead",
        agency=health,
        actor=users["coordinator"],
    )
    viewer_membership = Membership.objects.get(user=users["viewer"], partnership=home)
    export_job = _ready_board_pack(users["board"], home)
    objects = {
        "calendar_token": [calendar_token],
        "partnership": [home.pk],
        "partner_agency": [home.pk, health.pk],
        "review": [review.pk],
        "published_review": [published.pk],
        "rec": [rec.pk],
        "action": [action.pk],
        "action_awaiting": [states["awaiting"].pk],
        "action_finished": [states["finished"].pk],
        "action_fresh": [states["fresh"].pk],
        "lead": [lead.pk],
        "milestone": [milestone.pk],
        "pending": [pending.pk],
        "pending_queued": [queued.pk],
        "pending_rec": [pending.pk, 1],
        "pending_action": [pending.pk, 1, 1],
        "pending_compare": [pending.pk, review.pk],
        "revision": [revision.pk],
        "evidence": [update.evidence.get().pk],
        "reset_link": ["MQ", "set-password"],
        "membership": [home.pk, viewer_membership.pk],
        "invitation": [home.pk, invited.invitation.pk],
        "invitation_token": [invited.token],
        "export_job": [export_job.pk],
    }
    # Each newer area adds its own records (and people) in its own module, beside its rows.
    from tests.permission_rows import api, bodies, pfd, stages, trackers

    for area in (stages, bodies, pfd, api, trackers):
        area.world_add(users=users, objects=objects, home=home, review=review, rec=rec)
    return users, objects


def _ready_board_pack(user, partnership):
    """A board pack the board member asked for, made (its files stand in for the worker's)."""
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from followthrough.exports.models import ExportJob

    job = ExportJob(
        requested_by=user,
        partnership=partnership,
        fmt="docx",
        profile="internal",
        since=dt.date(2026, 1, 1),
        status=ExportJob.Status.READY,
        filename="pack.docx",
        size=2,
        appendix_filename="pack-appendix.xlsx",
        appendix_size=2,
        finished_at=timezone.now(),
    )
    job.file.save("pack.docx", ContentFile(b"PK"), save=False)
    job.appendix.save("pack-appendix.xlsx", ContentFile(b"PK"), save=False)
    job.save()
    return job
