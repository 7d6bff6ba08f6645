"""schemathesis calls every operation of the OpenAPI document with generated input: every answer is one the
document describes (its status code, content type, body and headers), and nothing fails with 5xx.

Bounded and deterministic: a fixed number of examples per operation, derandomised, as a supervisor holding
a token, against a world with a published plan, reports and pending applications.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from duban.api.api import api
from duban.api.tests.conftest import bearer, make_world

EXAMPLES_PER_OPERATION = 20
# The response checks: the contract clients code against. Input-side checks (negative_data_rejection, …) judge
# the generator's idea of invalid input, which the API may accept on purpose (e.g. unknown query parameters).
RESPONSE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
DOCUMENTED_ERRORS = {400, 401, 403, 404, 405, 409, 413, 422, 429}

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = WSGIHandler()


@pytest.fixture
def supervisor_headers(personas, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    make_world(personas)
    # As Django's test client does: a request must not close the test's connection (and its transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield bearer(personas.supervisor)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_to_a_generated_request_conforms_to_the_schema(case, supervisor_headers):
    response = case.call(headers=supervisor_headers)

    case.validate_response(response, checks=RESPONSE_CHECKS, headers=supervisor_headers)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:500]}"
    if response.status_code in DOCUMENTED_ERRORS:
        assert set(response.json()["error"]) == {"code", "message", "fields"}
