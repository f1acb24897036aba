"""Property-based API tests from the service's own OpenAPI schema (Schemathesis), over real HTTP
against a real `zonefacts serve` on each database: every operation, a few hundred generated
requests each, and stateful sequences along the schema's links (ingest → read → delete).
No answer may be a 5xx, and every answer must match what the schema declares."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.conftest import BACKENDS
from tests.postgres import PostgresServer
from tests.servers import running_server

API_KEY = "schemathesis-key"
CASES_PER_OPERATION = 200
HEADERS = {"X-API-Key": API_KEY}


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp(f"schemathesis-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'zonefacts.db'}"
    else:
        postgres: PostgresServer = request.getfixturevalue("postgres_server")
        url = postgres.create_database("schemathesis")
    with running_server(url, folder, {"ZONEFACTS_API_KEYS": API_KEY}) as base:
        yield base


# "Schema-valid data must be accepted" cannot hold for values whose validity JSON Schema cannot
# state: a cursor is valid only if this service made it, an amount only if it reads as one
# (1亿, 5000万), a page only if it holds Chinese text. Those answer 422 problems, checked below.
NOT_CHECKED = [positive_data_acceptance]

# Every operation of the published schema (a test keeps openapi.json in step with the app).
PUBLISHED = json.loads((Path(__file__).resolve().parent.parent / "openapi.json").read_text(encoding="utf-8"))
OPERATIONS = [(method.upper(), path) for path, item in PUBLISHED["paths"].items() for method in item]


@pytest.fixture(scope="module")
def api_schema(server: str) -> BaseSchema:
    return schemathesis.openapi.from_url(f"{server}/openapi.json")


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_operation_answers_as_documented(api_schema: BaseSchema, method: str, path: str) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=CASES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,  # the same cases on every run: a failure reproduces
        database=None,
    )
    def answers_as_documented(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=HEADERS, excluded_checks=NOT_CHECKED)

    answers_as_documented()


def resolve(pointer: str, body: Any) -> Any:
    """A `$response.body#/a/0/b` runtime expression of an OpenAPI link, against a JSON body."""
    prefix = "$response.body#"
    assert pointer.startswith(prefix), pointer
    value = body
    for part in pointer[len(prefix) :].strip("/").split("/"):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def test_stateful_sequences_along_the_links(api_schema: BaseSchema) -> None:
    """Ingest generated pages; for each one stored, follow every link the 201 declares (read the
    document and its first article, then delete them), checking each answer against the schema."""
    ingest = api_schema["/v1/articles"]["POST"]
    links = PUBLISHED["paths"]["/v1/articles"]["post"]["responses"]["201"]["links"]
    by_id = {
        item["operationId"]: (path, method.upper())
        for path, methods in PUBLISHED["paths"].items()
        for method, item in methods.items()
    }
    # Reads before deletes, and the whole document last; it is gone already (404) when deleting
    # its first article removed it (a page of one article).
    order = sorted(
        links.values(), key=lambda link: ("delete" in link["operationId"], "documents" in link["operationId"])
    )
    followed = 0

    @given(case=ingest.as_strategy())
    @settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def ingest_then_follow(case: schemathesis.Case) -> None:
        nonlocal followed
        response = case.call_and_validate(headers=HEADERS, excluded_checks=NOT_CHECKED)
        if response.status_code != 201:
            return
        document_gone = False
        for link in order:
            path, method = by_id[link["operationId"]]
            parameters = {name: resolve(value, response.json()) for name, value in link["parameters"].items()}
            following = api_schema[path][method].Case(path_parameters=parameters)
            answer = following.call_and_validate(headers=HEADERS, excluded_checks=NOT_CHECKED)
            expected = 404 if document_gone and path.startswith("/v1/documents") else 200
            assert answer.status_code == expected, (link, answer.text)
            document_gone |= method == "DELETE" and answer.json().get("document_removed") is True
            followed += 1

    ingest_then_follow()
    assert followed >= len(order)  # at least one page was stored and every link was followed
