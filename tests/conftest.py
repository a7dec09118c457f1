"""Fixtures shared by the whole suite: the seed plan and named personas."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FOLLOWTHROUGH_SHARED_DIR", REPO.parent / "shared"))
SEED_TEXT = SHARED / "seeds" / "dhr-sarah-action-plan.txt"
SEED_EXPECTED = SHARED / "seeds" / "dhr-sarah-action-plan.expected.json"


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.fail(
            f"{path} is missing: the tests read the seed plan from ../shared beside the "
            "repository (or FOLLOWTHROUGH_SHARED_DIR)."
        )
    return path


@pytest.fixture
def seed_expected() -> dict:
    return json.loads(_require(SEED_EXPECTED).read_text())


@pytest.fixture
def seed_plan(seed_expected):
    """The seed plan as the expected parse gives it (independent of the text reader)."""
    from followthrough.interchange import plan_from_dict

    return plan_from_dict(seed_expected)


@pytest.fixture
def seed_review(db, seed_plan):
    """The seed plan stored as a review of South Lakeland CSP."""
    from followthrough.partnerships.services import partnership_get_or_create
    from followthrough.plans.services import plan_import

    return plan_import(
        plan=seed_plan,
        partnership=partnership_get_or_create(name="South Lakeland CSP", actor=None),
        source=b"seed plan fixture",
        filename="seed.txt",
        actor=None,
    ).review


def _persona(username, partnership, role, agency=None):
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username=username)
    MembershipFactory(user=user, partnership=partnership, role=role, agency=agency)
    return user


@pytest.fixture
def coordinator(seed_review):
    return _persona("coordinator", seed_review.partnership, "coordinator")


@pytest.fixture
def agency_lead(seed_review):
    from followthrough.partnerships.models import Agency

    return _persona(
        "cadas-lead", seed_review.partnership, "agency_lead", Agency.objects.get(name="CADAS")
    )


@pytest.fixture
def outsider(db):
    """A coordinator of another partnership."""
    from tests.factories import PartnershipFactory

    return _persona("outsider", PartnershipFactory(name="Eden Valley CSP"), "coordinator")


@pytest.fixture(autouse=True)
def _force_login_includes_the_second_factor(monkeypatch):
    """``client.force_login(user)`` skips signing in: for a user who must give a code
    (coordinators, site administrators, anyone with an authenticator) it now skips that step
    too, as if they had entered it, so tests of other pages test what they did before. Tests of
    signing in itself go through the sign-in pages (tests/web/test_second_factor.py)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    plain = Client.force_login

    def force_login(self, user, backend=None):
        plain(self, user, backend)
        from followthrough.web.second_factor import Step, second_factor_step
        from tests.factories import authenticator

        fresh = type(user).objects.get(pk=user.pk)  # the rule caches roles on the object
        if second_factor_step(fresh) is Step.NONE:
            return
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = authenticator(fresh).persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)
