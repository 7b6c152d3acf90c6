from tests.payments.fixtures import fake_stripe  # noqa: F401


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _english_pages(client):
    """The admin tests read the English wording of the pages."""
    client.set_cookie("lang", "en")
from tests.payments.xendit_fixtures import fake_xendit  # noqa: F401, E402
