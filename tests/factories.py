"""Factories for records, and the named personas every permission test uses."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from followthrough.partnerships.models import Agency, Membership, Partnership, Role
from followthrough.plans.models import Action, ActionLead, Milestone, Recommendation, Review

PASSWORD = "a-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.django.Password(PASSWORD)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Partnership {n} CSP")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Agency {n}")
    short_name = factory.LazyAttribute(lambda o: o.name[:40])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = Role.VIEWER


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    partnership = factory.SubFactory(PartnershipFactory)
    review_type = "DHR"
    title = factory.Sequence(lambda n: f"Domestic Homicide Review into the death of Person {n}")
    subject_pseudonym = "Person"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    review = factory.SubFactory(ReviewFactory)
    text = factory.Sequence(lambda n: f"Recommendation text {n}")
    theme_heading = "Training"
    scope = "local"
    order = factory.Sequence(lambda n: n + 1)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    recommendation = factory.SubFactory(RecommendationFactory)
    partnership = factory.LazyAttribute(lambda o: o.recommendation.review.partnership)
    text = factory.Sequence(lambda n: f"Action text {n}")
    target_date = dt.date(2030, 7, 31)
    target_date_precision = "month"
    order = factory.Sequence(lambda n: n + 1)


class ActionLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionLead

    action = factory.SubFactory(ActionFactory)
    agency = factory.SubFactory(AgencyFactory)
    person_name = "Lee Example"
    order = 1


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    text = factory.Sequence(lambda n: f"Milestone {n}")
    order = factory.Sequence(lambda n: n + 1)


def authenticator(user):
    """The user's authenticator app (a confirmed TOTP device), made if they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test authenticator")


def current_code(device) -> str:
    """The code the authenticator app shows now."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"
