"""Every URL, for every persona: who may reach it, and who gets 404 (never a hint that a
record exists). A new URL must be added here: the last test fails until it is."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permission_rows import (
    AUTHORS,
    MEMBERS,
    PERSONAS,
    SIGNED_IN,
    SIGNERS,
    UPDATERS,
    api,
    bodies,
    lessons,
    oversight,
    pfd,
    public,
    search,
    stages,
    trackers,
)
from tests.worlds import every_persona_world

# url name -> (the object its argument comes from, who gets 200; the rest get 404, anonymous
# visitors are sent to sign in). "405" marks POST-only URLs, refused for a GET to everyone.
MATRIX = {
    "home": (None, "redirect"),
    "healthz": (None, "public"),
    "web:login": (None, "login"),
    "web:logout": (None, "post-only for all"),
    # Your account. force_login stands for both steps of signing in, so the code page sends
    # everyone on; those who must use a code have an authenticator (tests/conftest.py).
    "web:verify": (None, "redirect"),
    "web:account": (None, SIGNED_IN),
    "web:authenticator_setup": (None, SIGNED_IN),
    "web:authenticator_remove": (None, "redirect"),  # only for those with an app, not required
    "web:backup_codes": (None, "has an authenticator"),
    "web:second_factor_reset": (None, {"superuser"}),
    "web:password_change": (None, SIGNED_IN),
    "web:password_reset": (None, "public"),
    "web:password_reset_done": (None, "public"),
    "web:password_reset_confirm": ("reset_link", "public"),
    "web:password_reset_complete": (None, "public"),
    "plans:review_list": (None, SIGNED_IN),
    "plans:review_create": (None, AUTHORS | {"outsider"}),
    "plans:review_detail": ("review", MEMBERS),
    "plans:review_as_of": ("review", MEMBERS),
    "plans:review_details": ("review", MEMBERS),
    "plans:review_edit": ("review", AUTHORS),
    "plans:review_write": ("review", AUTHORS),
    "plans:plan_agree": ("review", AUTHORS),
    "plans:recommendation_create": ("review", AUTHORS),
    "plans:recommendation_edit": ("rec", AUTHORS),
    "plans:recommendation_delete": ("rec", AUTHORS),
    "plans:recommendation_move": ("rec", "405"),
    "plans:action_create": ("rec", AUTHORS),
    "actions:detail": ("action", MEMBERS),
    "plans:action_history": ("action", MEMBERS),
    "plans:action_edit": ("action", AUTHORS),
    "plans:action_delete": ("action", AUTHORS),
    "plans:action_move": ("action", "405"),
    "plans:lead_add": ("action", AUTHORS),
    "plans:lead_remove": ("lead", AUTHORS),
    "plans:milestone_create": ("action", AUTHORS),
    "plans:milestone_edit": ("milestone", AUTHORS),
    "plans:milestone_delete": ("milestone", AUTHORS),
    "imports:upload": (None, AUTHORS | {"outsider"}),
    "imports:drafts": (None, AUTHORS | {"outsider"}),
    "imports:preview": ("pending", AUTHORS),
    "imports:template": ("pending", AUTHORS),
    "imports:blank_template": ("pending", AUTHORS),
    "imports:status": ("pending_queued", AUTHORS),
    "imports:status_json": ("pending", AUTHORS),
    "imports:requeue": ("pending", "405"),
    "imports:correct_review": ("pending", AUTHORS),
    "imports:correct_recommendation": ("pending_rec", AUTHORS),
    "imports:correct_action": ("pending_action", AUTHORS),
    "imports:save": ("pending", "405"),
    "imports:discard": ("pending", AUTHORS),
    "imports:compare_choose": ("pending", AUTHORS),
    "imports:compare": ("pending_compare", AUTHORS),
    "delivery:progress_add": ("action", UPDATERS),
    "delivery:complete": ("action", UPDATERS),
    "delivery:close": ("action", UPDATERS),
    "delivery:revision_propose": ("action_fresh", UPDATERS),
    "delivery:sign_off": ("action_awaiting", SIGNERS),
    "delivery:reopen": ("action_finished", SIGNERS),
    "delivery:revision_decide": ("revision", {"coordinator", "superuser"}),
    "delivery:evidence_download": ("evidence", MEMBERS),
    "delivery:rag_help": (None, SIGNED_IN),
    # The action's thread: whoever may update the action or decide on it.
    "delivery:comment_add": ("action", UPDATERS | SIGNERS),
    # Several actions decided at one meeting: those who decide for the partnership.
    "delivery:meeting": ("partnership", SIGNERS),
    "partnerships:agencies": ("partnership", {"coordinator", "superuser"}),
    "partnerships:agency_link": ("partnership", {"coordinator", "superuser"}),
    "partnerships:agency_create": ("partnership", {"coordinator", "superuser"}),
    "partnerships:agency_unlink": ("partner_agency", {"coordinator", "superuser"}),
    # Northmoor Health serves only Northmoor: its coordinator may merge it.
    "partnerships:agency_merge": ("partner_agency", {"coordinator", "superuser"}),
    "people:people": ("partnership", {"coordinator", "superuser"}),
    "people:invite": ("partnership", {"coordinator", "superuser"}),
    "people:membership_change": ("membership", {"coordinator", "superuser"}),
    "people:membership_remove": ("membership", {"coordinator", "superuser"}),
    "people:invitation_resend": ("invitation", {"coordinator", "superuser"}),
    "people:invitation_withdraw": ("invitation", {"coordinator", "superuser"}),
    # The invitation's link is the key: whoever opens it sees the page (the signed-in are
    # told it is for someone else).
    "people:invitation_accept": ("invitation_token", "public"),
    "dashboards:index": (None, "own dashboard"),
    "dashboards:partnership": ("partnership", MEMBERS),
    "dashboards:actions": ("partnership", MEMBERS),
    "dashboards:my_actions": (None, SIGNED_IN),
    "notifications:calendar": (None, SIGNED_IN),
    "notifications:calendar_create": (None, "405"),
    "notifications:calendar_revoke": (None, "405"),
    # The feed's secret link is the key: calendar apps cannot sign in.
    "notifications:calendar_feed": ("calendar_token", "public"),
    # Downloads: whoever may read the review (or the partnership) may export it.
    "exports:review_docx": ("review", MEMBERS),
    "exports:review_pdf": ("review", MEMBERS),
    "exports:review_xlsx": ("review", MEMBERS),
    "exports:review_csv": ("review", MEMBERS),
    "exports:review_json": ("review", MEMBERS),
    "exports:review_board_pack_docx": ("review", MEMBERS),
    "exports:review_board_pack_pdf": ("review", MEMBERS),
    "exports:partnership_board_pack_docx": ("partnership", MEMBERS),
    "exports:partnership_board_pack_pdf": ("partnership", MEMBERS),
    # A board pack made by the worker: whoever asked for it (the board member here) only,
    # while they may still export it; not even the superuser.
    "exports:job": ("export_job", {"board"}),
    "exports:job_status": ("export_job", {"board"}),
    "exports:job_download": ("export_job", {"board"}),
    "exports:job_appendix": ("export_job", {"board"}),
    "exports:job_again": ("export_job", "405"),
    **search.ROWS,
    **lessons.ROWS,
    **oversight.ROWS,
    **public.ROWS,
    **stages.ROWS,
    **bodies.ROWS,
    **pfd.ROWS,
    **api.ROWS,
    **trackers.ROWS,
}


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return every_persona_world()


def expected_status(persona: str, rule) -> int:
    if rule == "public":
        return 200
    if rule == "hidden from all":  # a public URL of something not public: as if missing
        return 404
    if rule == "redirect":
        return 302
    if rule == "post-only for all":
        return 405
    if rule == "login":
        return 200 if persona == "anonymous" else 302
    if persona == "anonymous":
        return 302
    if rule == "own dashboard":
        # Members are sent to their partnership's dashboard; the superuser sees the list, and
        # the national role and a national body's user, members of none, an empty one.
        return 200 if persona in {"superuser", "national", "homeoffice"} else 302
    if rule == "405":
        return 405
    if rule == "has an authenticator":  # those who must sign in with a code
        return 200 if persona in {"coordinator", "outsider", "homeoffice", "superuser"} else 302
    return 200 if persona in rule else 404


def _cases():
    """(url name, object kind, rule) for every row; a row may be a list of (kind, rule), where
    one URL answers differently for different records (a published review and an unpublished
    one)."""
    for name, row in sorted(MATRIX.items()):
        for kind, rule in row if isinstance(row, list) else [row]:
            yield pytest.param(name, kind, rule, id=f"{name}[{kind}]" if kind else name)


@pytest.mark.parametrize(("name", "kind", "rule"), list(_cases()))
def test_each_persona_reaches_only_what_they_may(client, world, name, kind, rule):
    users, objects = world
    url = reverse(name, args=objects[kind] if kind else [])
    results = {}
    for persona in PERSONAS:
        client.logout()
        if users[persona] is not None:
            client.force_login(users[persona])
        results[persona] = client.get(url).status_code
    expected = {persona: expected_status(persona, rule) for persona in PERSONAS}
    assert results == expected


def test_a_hidden_record_and_a_missing_one_look_the_same_to_an_outsider(client, world):
    users, objects = world
    client.force_login(users["outsider"])
    hidden = client.get(reverse("actions:detail", args=objects["action"]))
    missing = client.get(reverse("actions:detail", args=[objects["action"][0] + 999]))
    assert hidden.status_code == missing.status_code == 404
    assert without_csrf(hidden.text) == without_csrf(missing.text)


def _url_names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _url_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_of_the_app_is_in_the_matrix():
    assert set(_url_names(get_resolver().url_patterns)) - set(MATRIX) == set()


def without_csrf(html: str) -> str:
    """The page without its CSRF token, which differs on every response."""
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
