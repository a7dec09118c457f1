"""The API under /api/v1/ and the API tokens pages under /accounts/api-tokens/.

The API's own operations are reached by their paths (the OpenAPI document lists them), not by
URL name: their names are dropped here, and tests/api/test_permissions.py walks every
operation for every persona with a token, as tests/test_permissions.py does the pages."""

from django.urls import URLPattern, include, path

from followthrough.api import views
from followthrough.api.v1 import api

# Named, so that ninja's docs page finds the document: the root, the document, the docs.
_KEEP_NAMES = {"api-root", "openapi-json", "openapi-view"}


def _unnamed(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in _KEEP_NAMES:
            pattern.name = None
    return patterns


_api_patterns, _app, _namespace = api.urls

token_patterns = [
    path("", views.token_list, name="list"),
    path("new/", views.token_create, name="create"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]

urlpatterns = [
    path("api/v1/", include((_unnamed(_api_patterns), _app), namespace=_namespace)),
    path("accounts/api-tokens/", include((token_patterns, "api_tokens"))),
]
