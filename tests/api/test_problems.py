"""Every 4xx and 5xx is RFC 9457 application/problem+json (issue 4 part 9)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

PROBLEM_CASES = {
    "unknown route": ("GET", "/v1/nothing-here", 404),
    "unknown route outside /v1": ("GET", "/favicon.ico", 404),
    "unknown article": ("GET", "/v1/articles/999999", 404),
    "unknown zone": ("GET", "/v1/zones/火星高新区", 404),
    "wrong method": ("DELETE", "/v1/figures", 405),
    "validation: a path id not a number": ("GET", "/v1/articles/abc", 422),
    "validation: an enum": ("GET", "/v1/figures?kind=weight", 422),
    "validation: a date": ("GET", "/v1/figures?date_from=yesterday", 422),
    "domain: an amount": ("GET", "/v1/initiatives?min_amount=很多", 422),
    "domain: a cursor": ("GET", "/v1/articles?cursor=abc", 422),
}


@pytest.mark.parametrize(("method", "url", "status"), PROBLEM_CASES.values(), ids=list(PROBLEM_CASES))
def test_errors_are_problems(client: TestClient, method: str, url: str, status: int) -> None:
    response = client.request(method, url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["title"] and problem["type"] and problem["detail"]
    assert problem["instance"] == url.split("?")[0]


def test_an_unexpected_error_is_a_500_problem(client: TestClient) -> None:
    app = client.app

    def boom() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/boom", boom)  # type: ignore[attr-defined]
    with TestClient(app, raise_server_exceptions=False) as quiet:  # type: ignore[arg-type]
        response = quiet.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert (problem["status"], problem["title"]) == (500, "Internal Server Error")
    assert "secret" not in response.text
