"""Two agencies that are the same organisation become one: the actions and the leads of the one
given up move to the one kept, its names stay as other names of the kept one (so imports still
find it), its history stays, and the merge is audited."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from followthrough.audit.models import AuditEvent
from followthrough.partnerships.models import Agency, AgencyAlias, Membership
from followthrough.partnerships.selectors import agency_matches
from followthrough.partnerships.services import AgencyMergeRefused, agency_find, agency_merge
from followthrough.plans.models import ActionLead
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def lakeland():
    return PartnershipFactory(name="South Lakeland CSP")


@pytest.fixture
def eden():
    return PartnershipFactory(name="Eden Valley CSP")


def agency(name, short_name, *partnerships):
    made = AgencyFactory(name=name, short_name=short_name)
    made.partnerships.add(*partnerships)
    return made


@pytest.fixture
def slcsp(lakeland):
    return agency("SLCSP", "SLCSP", lakeland)


@pytest.fixture
def csp(lakeland):
    return agency("South Lakeland CSP", "", lakeland)


def person(username, partnership, role, agency=None):
    user = UserFactory(username=username, email=f"{username}@example.invalid")
    MembershipFactory(user=user, partnership=partnership, role=role, agency=agency)
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def led_by(agency_, partnership, n=1):
    review = ReviewFactory(partnership=partnership)
    leads = []
    for _ in range(n):
        action = ActionFactory(recommendation=RecommendationFactory(review=review))
        leads.append(ActionLeadFactory(action=action, agency=agency_))
    return leads


def merge_url(partnership, agency_):
    return reverse("partnerships:agency_merge", args=[partnership.pk, agency_.pk])


def test_the_coordinator_merges_slcsp_into_south_lakeland_csp_after_checking_what_moves(
    lakeland, slcsp, csp
):
    coordinator = person("coordinator", lakeland, "coordinator")
    lead = person("lead", lakeland, "agency_lead", slcsp)
    leads = led_by(slcsp, lakeland, n=2)
    client = signed_in(coordinator)
    agencies_page = client.get(reverse("partnerships:agencies", args=[lakeland.pk]))
    assert merge_url(lakeland, slcsp) in agencies_page.text
    form = client.get(merge_url(lakeland, slcsp))
    assert "South Lakeland CSP" in form.text
    check = client.post(merge_url(lakeland, slcsp), {"into": csp.pk})
    assert check.status_code == 200
    assert "Merge SLCSP into South Lakeland CSP?" in check.text
    assert "the 2 actions SLCSP leads" in check.text
    assert Agency.objects.filter(pk=slcsp.pk).exists()  # nothing yet
    done = client.post(merge_url(lakeland, slcsp), {"into": csp.pk, "confirm": "1"})
    assert done.status_code == 302
    assert not Agency.objects.filter(pk=slcsp.pk).exists()
    assert {lead.agency_id for lead in ActionLead.objects.filter(pk__in=[x.pk for x in leads])} == {
        csp.pk
    }
    assert Membership.objects.get(user=lead).agency == csp
    csp.refresh_from_db()
    assert csp.short_name == "SLCSP"
    event = AuditEvent.objects.get(event_type="agency.merged")
    assert (event.actor, event.partnership, event.target_id) == (coordinator, lakeland, csp.pk)
    assert event.before["name"] == "SLCSP"
    assert sorted(event.after["action_lead_ids"]) == sorted(x.pk for x in leads)
    # History kept: the agency given up, and each lead that moved.
    assert Agency.history.filter(id=slcsp.pk, history_type="-").exists()
    assert ActionLead.history.filter(id=leads[0].pk, agency_id=slcsp.pk).exists()


def test_the_lead_of_the_agency_given_up_reaches_the_same_actions_after_the_merge(
    lakeland, slcsp, csp
):
    lead = person("lead", lakeland, "agency_lead", slcsp)
    [moved] = led_by(slcsp, lakeland)
    agency_merge(agency=slcsp, into=csp, actor=None)
    client = signed_in(lead)
    assert client.get(reverse("delivery:progress_add", args=[moved.action_id])).status_code == 200


def test_names_of_the_agency_given_up_still_find_the_one_kept_on_import(lakeland, eden):
    kept = agency("Cumbria Constabulary", "Cumbria Police", lakeland)
    given_up = agency("Cumbria Police Service", "CPS", lakeland)
    AgencyAlias.objects.create(agency=given_up, name="Cumbria Pol.")
    agency_merge(agency=given_up, into=kept, actor=None)
    assert sorted(kept.aliases.values_list("name", flat=True)) == [
        "CPS",
        "Cumbria Pol.",
        "Cumbria Police Service",
    ]
    for name in ["cps", "Cumbria  Police Service", "CUMBRIA POL."]:
        assert agency_find(name) == kept
    found = {m.name: m for m in agency_matches(["CPS", "Unknown"], lakeland)}
    assert found["CPS"].partner == kept
    assert found["Unknown"].is_new
    elsewhere = {m.name: m for m in agency_matches(["CPS"], eden)}
    assert elsewhere["CPS"].elsewhere == kept and elsewhere["CPS"].needs_link


def test_matching_names_stays_two_queries_with_other_names(lakeland, django_assert_num_queries):
    kept = agency("Cumbria Constabulary", "", lakeland)
    AgencyAlias.objects.create(agency=kept, name="CC")
    with django_assert_num_queries(2):
        agency_matches([f"Agency {n}" for n in range(40)] + ["cc"], lakeland)


def test_a_lead_of_both_agencies_keeps_one_membership(lakeland, slcsp, csp):
    both = person("both", lakeland, "agency_lead", slcsp)
    MembershipFactory(user=both, partnership=lakeland, role="agency_lead", agency=csp)
    agency_merge(agency=slcsp, into=csp, actor=None)
    assert list(Membership.objects.filter(user=both).values_list("agency_id", flat=True)) == [
        csp.pk
    ]


def test_an_agency_cannot_be_merged_into_itself(slcsp):
    with pytest.raises(AgencyMergeRefused):
        agency_merge(agency=slcsp, into=slcsp, actor=None)


def test_an_agency_serving_another_partnership_is_merged_only_by_a_site_administrator(
    lakeland, eden, csp
):
    police = agency("Cumbria Police", "", lakeland, eden)
    coordinator = person("coordinator", lakeland, "coordinator")
    client = signed_in(coordinator)
    page = client.get(reverse("partnerships:agencies", args=[lakeland.pk]))
    assert merge_url(lakeland, police) not in page.text
    assert "a site administrator can merge it" in unescape(page.text)
    assert client.get(merge_url(lakeland, police)).status_code == 404
    client.post(merge_url(lakeland, police), {"into": csp.pk, "confirm": "1"})
    assert Agency.objects.filter(pk=police.pk).exists()
    # Nor may one be merged into it: its other partnership would see the change.
    form = client.get(merge_url(lakeland, csp))
    assert f'value="{police.pk}"' not in form.text
    client.post(merge_url(lakeland, csp), {"into": police.pk, "confirm": "1"})
    assert Agency.objects.filter(pk=csp.pk).exists()

    admin = signed_in(UserFactory(username="admin", is_superuser=True, is_staff=True))
    admin.post(merge_url(lakeland, police), {"into": csp.pk, "confirm": "1"})
    assert not Agency.objects.filter(pk=police.pk).exists()
    assert set(csp.partnerships.all()) == {lakeland, eden}
    # Each partnership the merge touched has it in its audit trail.
    assert set(
        AuditEvent.objects.filter(event_type="agency.merged").values_list(
            "partnership__name", flat=True
        )
    ) == {"South Lakeland CSP", "Eden Valley CSP"}


@pytest.mark.parametrize("role", ["panel_chair", "agency_lead", "board_member", "viewer"])
def test_only_the_coordinator_merges(role, lakeland, eden, slcsp, csp):
    member = person(f"{role}-user", lakeland, role, slcsp if role == "agency_lead" else None)
    outsider = person("outsider", eden, "coordinator")
    for who in (member, outsider):
        client = signed_in(who)
        assert client.get(merge_url(lakeland, slcsp)).status_code == 404
        client.post(merge_url(lakeland, slcsp), {"into": csp.pk, "confirm": "1"})
    assert Agency.objects.filter(pk=slcsp.pk).exists()
    assert not AuditEvent.objects.filter(event_type="agency.merged").exists()


def test_choosing_no_agency_to_keep_is_explained_beside_the_field(lakeland, slcsp, csp):
    client = signed_in(person("coordinator", lakeland, "coordinator"))
    response = client.post(merge_url(lakeland, slcsp), {"into": ""})
    assert "Choose the agency to keep" in response.text
    assert 'id="id_into-error"' in response.text
