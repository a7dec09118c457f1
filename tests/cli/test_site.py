"""followthrough import and demo, run as a user would run them."""

from __future__ import annotations

import pytest

from followthrough.cli import main
from followthrough.partnerships.models import Membership
from followthrough.plans.models import Action, Review
from tests.conftest import SEED_TEXT

pytestmark = pytest.mark.django_db(transaction=True)


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_import_stores_the_plan_and_says_where_to_see_it(capsys):
    status, out, err = run(capsys, "import", str(SEED_TEXT), "--partnership", "South Lakeland CSP")
    review = Review.objects.get()
    assert status == 0 and err == ""
    assert "6 recommendations, 6 actions" in out
    assert f"http://127.0.0.1:8000/reviews/{review.pk}/" in out
    assert review.partnership.name == "South Lakeland CSP"


def test_import_uses_the_partnership_the_plan_names_when_none_is_given(capsys):
    status, _, _ = run(capsys, "import", str(SEED_TEXT))
    assert status == 0
    assert Review.objects.get().partnership.name == "South Lakeland CSP"


def test_importing_the_same_document_twice_says_so_and_changes_nothing(capsys):
    run(capsys, "import", str(SEED_TEXT))
    first = Review.objects.get()
    status, out, _ = run(capsys, "import", str(SEED_TEXT))
    assert status == 0
    assert "was already imported" in out and "nothing changed" in out
    assert list(Review.objects.all()) == [first]


def test_replace_imports_the_document_again(capsys):
    run(capsys, "import", str(SEED_TEXT))
    first = Review.objects.get()
    status, out, _ = run(capsys, "import", str(SEED_TEXT), "--replace")
    assert status == 0 and out.startswith("Replaced")
    assert Review.objects.get().pk != first.pk


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\xff\xfe", "binary"),
        (b"Minutes of the meeting. Nothing else.\n", "no action plan found"),
    ],
)
def test_an_unreadable_file_gets_one_line_and_exit_status_2(capsys, tmp_path, content, message):
    path = tmp_path / "plan.txt"
    if content is not None:
        path.write_bytes(content)
    status, out, err = run(capsys, "import", str(path))
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err.lower()
    assert not Review.objects.exists()


def test_demo_loads_the_seed_plan_and_one_user_per_role_and_is_safe_to_run_again(capsys):
    from followthrough.demo.learning import PARTNERSHIPS, REVIEWS

    status, out, _ = run(capsys, "demo")
    assert status == 0
    assert "demo-followthrough" in out
    usernames = ["coordinator", "chair", "lead", "board", "viewer", "outsider", "national"]
    for username in [*usernames, "admin"]:
        assert f"  {username} " in out
    review = Review.objects.get(subject_pseudonym="Sarah")
    assert review.recommendations.count() == 6
    live = Review.objects.get(subject_pseudonym="Adult M")
    assert live.plan_status == "agreed"
    statuses = set(
        Action.objects.filter(recommendation__review=live).values_list("status", flat=True)
    )
    assert statuses == {"on_track", "at_risk", "not_started", "completed"}
    measured = Action.objects.filter(recommendation__review=live).exclude(measure="")
    assert measured.count() == 3
    roles = set(
        Membership.objects.filter(partnership=review.partnership).values_list("role", flat=True)
    )
    assert roles == {"coordinator", "panel_chair", "agency_lead", "board_member", "viewer"}
    run(capsys, "demo")
    # The seed plan and the live plan, the reviews of learning across reviews, the reviews at
    # several stages of their lifecycle, and one coroner's report (PFD).
    from followthrough.demo.stages import REVIEWS as REVIEWS_AT_STAGES

    assert Review.objects.count() == 2 + len(REVIEWS) + len(REVIEWS_AT_STAGES) + 1
    # One membership per persona of a partnership, and each other partnership's coordinator.
    assert Membership.objects.count() == 6 + len(PARTNERSHIPS)


def test_demo_users_have_invented_names_only(capsys):
    from django.contrib.auth import get_user_model

    from followthrough.demo.learning import PARTNERSHIPS

    run(capsys, "demo")
    names = {(u.first_name, u.last_name) for u in get_user_model().objects.all()}
    assert names == {
        ("Morgan", "Ashby"),
        ("Dev", "Okafor"),
        ("Sam", "Rowe"),
        ("Jo", "Linden"),
        ("Alex", "Hart"),
        ("Riley", "Stone"),
        ("Nat", "Greaves"),
        ("Hana", "Whitfield"),
        ("Pat", "Quinn"),
    } | {(r.first_name, r.last_name) for r, _ in PARTNERSHIPS.values()}
