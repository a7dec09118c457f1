"""The accessibility check itself must be able to fail."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_axe_reports_an_image_without_alternative_text(page):
    page.set_content(
        '<html><head><title>t</title></head><body><main><img src="x.png"></main></body></html>'
    )
    assert "image-alt" in {v["id"] for v in axe_violations(page)}
