from __future__ import annotations

import pytest

from tests.demo.vocabulary import themes_load


@pytest.fixture(autouse=True)
def theme_vocabulary(request):
    """Each transactional test of the demo starts with the theme vocabulary in place."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        themes_load()
