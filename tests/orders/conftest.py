from tests.payments.fixtures import fake_stripe  # noqa: F401
from tests.payments.xendit_fixtures import fake_xendit  # noqa: F401
