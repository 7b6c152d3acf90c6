from tests.payments.fixtures import fake_stripe  # noqa: F401
