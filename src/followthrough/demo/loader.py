from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from django.contrib.auth import get_user_model
from django.db import transaction

from followthrough.audit import events
from followthrough.audit.services import audit_event_record
from followthrough.demo.bodies import bodies_demo_load
from followthrough.demo.learning import learning_reviews_load
from followthrough.demo.live_plan import live_plan_load
from followthrough.demo.pfd import pfd_demo_load
from followthrough.demo.signin import demo_authenticator
from followthrough.demo.stages import stages_demo_load
from followthrough.oversight.services import national_access_grant
from followthrough.parsing import read_plan
from followthrough.partnerships.models import Role
from followthrough.partnerships.services import (
    agency_find,
    agency_get_or_create_for_partnership,
    membership_create,
    partnership_get_or_create,
)
from followthrough.plans.models import Review
from followthrough.plans.services import (
    PlanAlreadyImported,
    plan_import,
    recommendation_themes_set,
)
from followthrough.web.second_factor import second_factor_required

DEMO_PASSWORD = "demo-followthrough"
SEED_FILENAME = "dhr-sarah-action-plan.txt"
DEMO_PARTNERSHIP = "South Lakeland CSP"
OTHER_PARTNERSHIP = "Eden Valley CSP"
NATIONAL_BODY = "Domestic Abuse Commissioner's Office"


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: str | None
    partnership: str
    agency: str | None = None
    superuser: bool = False
    national_body: str | None = None
    # A national body they act for (bodies.BodyMembership, granted by demo/bodies.py).
    acts_for: str | None = None

    @property
    def description(self) -> str:
        if self.superuser:
            return "site administrator (Django admin)"
        if self.national_body:
            return f"national oversight for the {self.national_body}"
        if self.acts_for:
            return f"answers the recommendations addressed to the {self.acts_for}"
        role = Role(self.role).label.lower()
        at = f" for {self.agency}" if self.agency else ""
        return f"{role}{at}, {self.partnership}"


PERSONAS = [
    Persona("coordinator", "Morgan", "Ashby", Role.COORDINATOR, DEMO_PARTNERSHIP),
    Persona("chair", "Dev", "Okafor", Role.PANEL_CHAIR, DEMO_PARTNERSHIP),
    Persona("lead", "Sam", "Rowe", Role.AGENCY_LEAD, DEMO_PARTNERSHIP, agency="CADAS"),
    Persona("board", "Jo", "Linden", Role.BOARD_MEMBER, DEMO_PARTNERSHIP),
    Persona("viewer", "Alex", "Hart", Role.VIEWER, DEMO_PARTNERSHIP),
    Persona("outsider", "Riley", "Stone", Role.COORDINATOR, OTHER_PARTNERSHIP),
    Persona("national", "Nat", "Greaves", None, "", national_body=NATIONAL_BODY),
    Persona("homeoffice", "Hana", "Whitfield", None, "", acts_for="Home Office"),
    Persona("admin", "Pat", "Quinn", None, DEMO_PARTNERSHIP, superuser=True),
]


# The seed plan's recommendations in the order it gives them, with their themes.
SEED_THEMES = [
    ["Multi-agency working (MARAC, MAPPA, MASH)", "The review process itself"],
    ["Multi-agency working (MARAC, MAPPA, MASH)", "The review process itself"],
    [
        "Substance misuse",
        "Health services (GP, acute, maternity)",
        "Risk assessment and management",
    ],
    ["Mental health", "Criminal justice (police, CPS, courts, probation)"],
    ["Training and awareness (professionals)"],
    ["National policy and legislation", "Substance misuse", "The review process itself"],
]


def seed_document() -> bytes:
    return resources.files("followthrough.demo").joinpath("data", SEED_FILENAME).read_bytes()


@transaction.atomic
def demo_load() -> list[Review]:
    """Load the demo: the published seed plan, imported, a second review written in the app
    and under way, reviews of other partnerships and years for learning across reviews
    (``learning.py``), and a user per role (a national one too). Safe to run again: nothing
    is added twice, and a demo user who is there already is left exactly as they are
    (password, names, sessions, memberships, second factor); only missing ones are made."""
    source = seed_document()
    plan = read_plan(source, filename=SEED_FILENAME)
    try:
        review = plan_import(
            plan=plan,
            partnership=partnership_get_or_create(name=DEMO_PARTNERSHIP, actor=None),
            source=source,
            filename=SEED_FILENAME,
            actor=None,
        ).review
        # Themes only for a plan imported now: a rerun leaves any the partnership changed.
        recommendations = review.recommendations.order_by("order")
        for recommendation, themes in zip(recommendations, SEED_THEMES, strict=True):
            recommendation_themes_set(recommendation=recommendation, themes=themes, actor=None)
    except PlanAlreadyImported as exc:
        review = exc.review

    User = get_user_model()
    for persona in PERSONAS:
        if User.objects.filter(username=persona.username).exists():
            # A rerun never changes a user who is there: not their password (which would end
            # their sessions), names, address, rights, memberships or second factor.
            continue
        user = User.objects.create_user(
            username=persona.username,
            password=DEMO_PASSWORD,
            email=f"{persona.username}@example.invalid",
            first_name=persona.first_name,
            last_name=persona.last_name,
            is_staff=persona.superuser,
            is_superuser=persona.superuser,
        )
        if persona.role is not None:
            partnership = partnership_get_or_create(name=persona.partnership, actor=None)
            agency = None
            if persona.agency:
                agency = agency_find(persona.agency) or agency_get_or_create_for_partnership(
                    name=persona.agency, partnership=partnership, actor=None
                )
            membership_create(
                user=user, partnership=partnership, role=persona.role, agency=agency, actor=None
            )
        if persona.national_body:
            national_access_grant(user=user, body=persona.national_body, actor=None)
        if second_factor_required(User.objects.get(pk=user.pk)):
            demo_authenticator(user)
    users = {p.username: User.objects.get(username=p.username) for p in PERSONAS}
    leads = {p.agency: users[p.username] for p in PERSONAS if p.agency}
    live = live_plan_load(
        partnership=review.partnership, coordinator=users["coordinator"], lead_for=leads.get
    )
    learning = learning_reviews_load()
    stages_demo_load(users=users)
    bodies_demo_load(users=users)
    pfd_demo_load(users=users)
    audit_event_record(
        actor=None,
        event_type=events.DEMO_LOADED,
        target=review,
        partnership=review.partnership,
        summary="Demo data loaded",
    )
    return [review, live, *learning]
