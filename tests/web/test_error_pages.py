import pytest

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_explained_in_the_service_style(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="someone"))
    response = client.get("/reviews/999999/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'class="govuk-template' in response.text


def test_the_server_error_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
