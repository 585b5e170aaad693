import pytest

from tests.conftest import run_axe

pytestmark = pytest.mark.browser


def test_home_renders_without_third_party(page, base_url):
    page.goto(base_url)
    assert page.locator("h1").first.inner_text().startswith("Dynamique RSE")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert run_axe(page) == []
