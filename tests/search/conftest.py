"""A small world to search: two partnerships an agency serves, reviews of two types and two
years, themes, leads and statuses, and the people who may and may not see each."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from tests.factories import (
    ActionFactory,
    ActionLeadFactory,
    AgencyFactory,
    MembershipFactory,
    PartnershipFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
)


@pytest.fixture
def world(db):
    from followthrough.delivery.models import ProgressUpdate
    from followthrough.plans.models import Theme

    home = PartnershipFactory(name="Northmoor CSP")
    fellside = PartnershipFactory(name="Fellside CSP")
    police = AgencyFactory(name="Northmoor Police")
    police.partnerships.add(home, fellside)
    health = AgencyFactory(name="Northmoor Health")
    health.partnerships.add(home)

    dhr = ReviewFactory(
        partnership=home, review_type="DHR", title="DHR Adult A", published_on=dt.date(2024, 1, 10)
    )
    sar = ReviewFactory(partnership=home, review_type="SAR", title="SAR Adult B")
    elsewhere = ReviewFactory(partnership=fellside, review_type="DHR", title="DHR Adult C")

    # Loaded by migration; made again after a transactional test has flushed them.
    training, _ = Theme.objects.get_or_create(
        slug="training-and-awareness-professionals",
        defaults={"name": "Training and awareness (professionals)", "order": 4},
    )
    sharing, _ = Theme.objects.get_or_create(
        slug="information-sharing", defaults={"name": "Information sharing", "order": 2}
    )

    rec1 = RecommendationFactory(
        review=dhr,
        number="1",
        order=1,
        text="Deliver domestic abuse training to GP surgeries on safeguarding.",
    )
    rec1.themes.add(training)
    rec2 = RecommendationFactory(
        review=sar,
        number="1",
        order=1,
        text="Improve information sharing between safeguarding agencies.",
    )
    rec2.themes.add(sharing)
    rec3 = RecommendationFactory(
        review=elsewhere, number="1", order=1, text="Fellside safeguarding training for the panel."
    )

    a1 = ActionFactory(
        recommendation=rec1,
        order=1,
        text="Police officers attend coercive control training.",
        status="on_track",
        outcome="",
        measure="Ninety per cent of response officers trained.",
    )
    ActionLeadFactory(action=a1, agency=police)
    a2 = ActionFactory(
        recommendation=rec2,
        order=1,
        text="Health visitors share records with the safeguarding hub.",
        status="signed_off",
        outcome="Records are now shared weekly.",
    )
    ActionLeadFactory(action=a2, agency=health)
    a3 = ActionFactory(
        recommendation=rec3, order=1, text="Fellside police training on stalking.", status="at_risk"
    )
    ActionLeadFactory(action=a3, agency=police)

    users = {}
    for name, partnership, role, agency in [
        ("coordinator", home, "coordinator", None),
        ("lead", home, "agency_lead", police),
        ("lead_elsewhere", fellside, "agency_lead", police),
        ("outsider", PartnershipFactory(name="Eden Valley CSP"), "coordinator", None),
    ]:
        users[name] = UserFactory(username=name)
        MembershipFactory(user=users[name], partnership=partnership, role=role, agency=agency)
    users["superuser"] = UserFactory(username="superuser", is_superuser=True, is_staff=True)
    update = ProgressUpdate.objects.create(
        action=a1,
        author=users["lead"],
        narrative="Two training sessions held for the night shift.",
        status="on_track",
    )
    names = {
        ("recommendation", rec1.pk): "r1",
        ("recommendation", rec2.pk): "r2",
        ("recommendation", rec3.pk): "r3",
        ("action", a1.pk): "a1",
        ("action", a2.pk): "a2",
        ("action", a3.pk): "a3",
        ("update", update.pk): "u1",
    }
    return SimpleNamespace(
        names=names,
        home=home,
        fellside=fellside,
        police=police,
        health=health,
        dhr=dhr,
        sar=sar,
        elsewhere=elsewhere,
        training=training,
        sharing=sharing,
        recs=[rec1, rec2, rec3],
        actions=[a1, a2, a3],
        update=update,
        users=users,
    )
