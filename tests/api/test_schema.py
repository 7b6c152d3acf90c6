"""Schemathesis against the OpenAPI document, in-process through WSGI, on a small store:
no server errors, answers that match their schemas, documented status codes and media types.

Each operation is driven through its Hypothesis strategy inside one ordinary test (the
`schema.parametrize` integration does not run under pytest 9.2: it sets `Node._nodeid`).
Generation is derandomized and small, so the test is the same on every run and quick.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import PRODUCT_EXAMPLE, SELLER_EXAMPLE

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance,
          content_type_conformance]
KNOWN_SLUGS = {"/api/v1/products/{slug}": PRODUCT_EXAMPLE, "/api/v1/sellers/{slug}": SELLER_EXAMPLE}
EXAMPLES = settings(max_examples=25, derandomize=True, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture
def api_schema(app, store):
    app.config["API_RATE_LIMIT"] = "100000 per minute"  # the test's own requests, not clients'
    assert app.test_client().get("/api/v1/search?q=tenun").status_code == 200  # index built
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def strategies(operation):
    """Valid and invalid requests (where a parameter can be invalid: not for a bare header);
    for a slug, also real ones (random slugs are all 404s)."""
    yield "positive", operation.as_strategy()
    if operation.query or operation.path_parameters:
        yield "negative", operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
    if operation.path in KNOWN_SLUGS:
        known = {"slug": KNOWN_SLUGS[operation.path]}
        yield "known slug", operation.as_strategy(path_parameters=known)


def test_api_conforms_to_its_openapi_document(api_schema):
    statuses: dict[str, set[int]] = {}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    # Schemathesis leaves out the path it loaded the document from (/api/v1/openapi.json).
    assert len(operations) == 5
    for operation in operations:
        for mode, strategy in strategies(operation):
            seen = statuses.setdefault(f"{operation.label} ({mode})", set())

            @given(case=strategy)
            @EXAMPLES
            def conforms(case):
                seen.add(case.call_and_validate(checks=CHECKS).status_code)

            conforms()
    # The test reached real answers, not only refusals.
    assert 200 in statuses["GET /api/v1/products (positive)"]
    assert 200 in statuses["GET /api/v1/search (positive)"]
    assert 200 in statuses["GET /api/v1/products/{slug} (known slug)"]
    assert 200 in statuses["GET /api/v1/sellers/{slug} (known slug)"]
    # Invalid requests are refused; an empty value (`regency=`) counts as absent, as in the
    # store's own links, so a "negative" example may also be answered.
    assert 400 in statuses["GET /api/v1/products (negative)"]
    assert statuses["GET /api/v1/products (negative)"] <= {200, 304, 400}
