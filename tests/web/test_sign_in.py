import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signing_in_takes_you_to_your_reviews(client):
    UserFactory(username="morgan")
    response = client.post(reverse("web:login"), {"username": "morgan", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:review_list")


def test_a_wrong_password_is_explained_in_an_error_summary(client):
    UserFactory(username="morgan")
    response = client.post(reverse("web:login"), {"username": "morgan", "password": "nope"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a correct username and password" in response.text
    assert "<title>Error: Sign in" in response.text


def test_empty_fields_get_one_message_each_linked_to_the_field(client):
    response = client.post(reverse("web:login"), {"username": "", "password": ""})
    assert '<a href="#id_username">Enter your username</a>' in response.text
    assert '<a href="#id_password">Enter your password</a>' in response.text


def test_signing_out_needs_a_post_and_ends_the_session(client):
    user = UserFactory(username="morgan")
    client.force_login(user)
    assert client.get(reverse("web:logout")).status_code == 405
    response = client.post(reverse("web:logout"))
    assert response.status_code == 302
    assert client.get(reverse("plans:review_list")).status_code == 302


def test_the_home_page_leads_to_the_reviews(client):
    assert client.get("/")["Location"] == reverse("plans:review_list")


def test_the_health_check_answers_without_signing_in(client):
    response = client.get("/healthz")
    assert (response.status_code, response.text) == (200, "ok")


def test_a_username_longer_than_any_account_is_refused_as_a_wrong_one(client, db):
    """Django's sign-in form does not check the username's length: a long one reached the
    lock-out's record of the attempt, which PostgreSQL refused with a server error."""
    from axes.models import AccessAttempt

    response = client.post(
        "/accounts/sign-in/", {"username": "u" * 300, "password": "anything at all"}
    )
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.text
    assert not AccessAttempt.objects.filter(username__startswith="uuu").exists()


def test_signing_in_with_the_national_role_takes_you_to_the_national_figures(client):
    from followthrough.oversight.services import national_access_grant

    user = UserFactory(username="nat")
    national_access_grant(user=user, body="Domestic Abuse Commissioner's Office", actor=None)
    response = client.post(reverse("web:login"), {"username": "nat", "password": PASSWORD})
    assert response["Location"] == reverse("oversight:figures")


def test_signing_in_to_reach_a_page_still_goes_to_that_page(client):
    UserFactory(username="morgan")
    response = client.post(
        reverse("web:login") + "?next=/search/", {"username": "morgan", "password": PASSWORD}
    )
    assert response["Location"] == "/search/"
