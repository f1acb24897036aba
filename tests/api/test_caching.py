"""Every GET has a strong ETag and answers 304 to a matching If-None-Match; Cache-Control by path."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

GETS = ["/v1/zones", "/v1/figures?min_amount=1亿", "/v1/initiatives", "/v1/articles", "/v1/search?q=基金"]


@pytest.mark.parametrize("path", GETS)
def test_a_get_has_an_etag_and_a_matching_if_none_match_gets_304(client: TestClient, path: str) -> None:
    first = client.get(path)
    assert first.status_code == 200
    tag = first.headers["etag"]
    assert tag.startswith('"') and tag.endswith('"') and not tag.startswith("W/")
    assert first.headers["cache-control"] == "public, max-age=60"
    assert client.get(path).headers["etag"] == tag  # the same answer, the same tag

    again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    assert again.headers["cache-control"] == "public, max-age=60"

    for header in (f'"nope", W/{tag}', "*"):
        assert client.get(path, headers={"If-None-Match": header}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_other_answers_other_tags(client: TestClient) -> None:
    tags = {
        client.get("/v1/figures").headers["etag"],
        client.get("/v1/figures", params={"category": "bond"}).headers["etag"],
        client.get("/v1/figures", headers={"Accept": "text/csv"}).headers["etag"],
        client.get("/v1/figures", params={"format": "csv", "bom": "true"}).headers["etag"],
    }
    assert len(tags) == 4


def test_csv_is_tagged_and_revalidated_too(client: TestClient) -> None:
    first = client.get("/v1/figures", headers={"Accept": "text/csv"})
    again = client.get("/v1/figures", headers={"Accept": "text/csv", "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_one_resource_is_tagged(client: TestClient) -> None:
    article_id = client.get("/v1/articles").json()["items"][0]["id"]
    first = client.get(f"/v1/articles/{article_id}")
    again = client.get(f"/v1/articles/{article_id}", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_a_new_article_changes_the_tag(client: TestClient, session_factory) -> None:
    from app.services.ingest import ingest_text

    before = client.get("/v1/articles").headers["etag"]
    with session_factory() as session:
        ingest_text(session, "本报讯 佛山高新区设立新基金,规模5亿元。", "etag-test.txt")
        session.commit()
    after = client.get("/v1/articles", headers={"If-None-Match": before})
    assert after.status_code == 200
    assert after.headers["etag"] != before


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_never_stored(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers


def test_errors_are_not_stored_nor_tagged(client: TestClient) -> None:
    response = client.get("/v1/articles/999999")
    assert response.status_code == 404
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json"])
def test_docs_are_revalidated(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["cache-control"] == "no-cache"
    assert client.get(path, headers={"If-None-Match": response.headers["etag"]}).status_code == 304


def test_the_schema_documents_etag_and_304(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    operation = schema["paths"]["/v1/figures"]["get"]
    assert "ETag" in operation["responses"]["200"]["headers"]
    assert "304" in operation["responses"]
    assert "If-None-Match" in {p["name"] for p in operation["parameters"]}


def test_a_304_keeps_what_a_cache_needs(client: TestClient) -> None:
    tag = client.get("/v1/zones").headers["etag"]
    again = client.get("/v1/zones", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.headers["vary"] == "Accept"
    assert "content-type" not in again.headers and "content-length" not in again.headers
