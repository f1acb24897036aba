"""Every list answers CSV: `Accept: text/csv` or `format=csv`, a header row, `bom=true` for spreadsheets."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from app.api.csv_export import cell as csv_cell

LISTS = {
    "/v1/zones": {},
    "/v1/figures": {},
    "/v1/initiatives": {},
    "/v1/organizations": {},
    "/v1/people": {},
    "/v1/articles": {},
    "/v1/search": {"q": "基金"},
}
BOM = "\ufeff".encode()


def read_csv(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def flat(row: dict, prefix: str = "") -> dict:
    out: dict = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out |= flat(value, f"{prefix}{key}.")
        else:
            out[prefix + key] = value
    return out


@pytest.mark.parametrize("path", list(LISTS))
@pytest.mark.parametrize("ask", ["accept", "format"])
def test_every_list_answers_csv_with_the_rows_of_its_json(client: TestClient, path: str, ask: str) -> None:
    params = {**LISTS[path], "limit": 500}
    expected = client.get(path, params=params).json()["items"]
    if ask == "accept":
        response = client.get(path, params=params, headers={"Accept": "text/csv"})
    else:
        response = client.get(path, params={**params, "format": "csv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].endswith(f'{path.rsplit("/", 1)[-1]}.csv"')
    assert not response.content.startswith(BOM)
    rows = read_csv(response.content)
    assert len(rows) == len(expected) > 0
    for row, item in zip(rows, expected, strict=True):
        for key, value in flat(item).items():
            if key in row:
                assert row[key] == csv_cell(value), (key, row[key], value)
            else:  # a null object: its dotted columns are empty
                assert value is None
                assert all(row[c] == "" for c in row if c.startswith(f"{key}.")), key


def test_nested_objects_are_dotted_columns(client: TestClient) -> None:
    response = client.get("/v1/figures", params={"category": "fund_size", "format": "csv"})
    header = response.content.decode().splitlines()[0].split(",")
    assert {"id", "amount_yuan", "zone.id", "zone.name", "initiative.name", "sentence.text"} <= set(header)
    [row] = read_csv(response.content)
    assert (row["text"], row["amount_yuan"], row["zone.name"]) == ("10亿元", "1000000000", "佛山高新区")


def test_bom_for_spreadsheets(client: TestClient) -> None:
    response = client.get("/v1/zones", params={"format": "csv", "bom": "true"})
    assert response.content.startswith(BOM + b"id,name,")
    assert "佛山高新区" in response.content.decode("utf-8-sig")


def test_an_empty_list_still_has_its_header_row(client: TestClient) -> None:
    response = client.get("/v1/search", params={"q": "没有这样的句子", "format": "csv"})
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sentence_id,article_id,start,end,text")


@pytest.mark.parametrize("path", ["/v1/zones", "/v1/search"])
def test_a_page_of_csv_links_to_the_next_page(client: TestClient, path: str) -> None:
    params = {**LISTS[path], "limit": 2}
    json_page = client.get(path, params=params).json()
    response = client.get(path, params={**params, "format": "csv"})
    assert json_page["next"] in response.headers["link"].replace("&format=csv", "")
    assert response.headers["link"].endswith('rel="next"')
    assert len(read_csv(response.content)) == 2


def test_json_stays_the_default_and_varies_on_accept(client: TestClient) -> None:
    for accept in ("*/*", "application/json", "application/json, text/csv;q=0.5"):
        response = client.get("/v1/zones", headers={"Accept": accept})
        assert response.headers["content-type"] == "application/json"
        assert response.headers["vary"] == "Accept"


def test_csv_of_a_single_resource_is_not_acceptable(client: TestClient) -> None:
    article_id = client.get("/v1/articles").json()["items"][0]["id"]
    response = client.get(f"/v1/articles/{article_id}", params={"format": "csv"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert client.get(f"/v1/articles/{article_id}", headers={"Accept": "text/csv"}).status_code == 406
    # a client that prefers CSV but takes anything gets the JSON there is
    lenient = client.get(f"/v1/articles/{article_id}", headers={"Accept": "text/csv, */*;q=0.1"})
    assert lenient.status_code == 200
    assert lenient.headers["content-type"] == "application/json"


@pytest.mark.parametrize("params", [{"format": "xml"}, {"format": "csv", "bom": "perhaps"}])
def test_a_bad_format_or_bom_is_a_problem(client: TestClient, params: dict) -> None:
    response = client.get("/v1/figures", params=params)
    assert response.status_code == 422
    assert response.json()["parameter"] in params


def test_errors_stay_problems_when_csv_is_asked(client: TestClient) -> None:
    response = client.get("/v1/figures", params={"min_amount": "很多", "format": "csv"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_the_openapi_schema_documents_csv_on_every_list(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in LISTS:
        operation = schema["paths"][path]["get"]
        assert "text/csv" in operation["responses"]["200"]["content"], path
        assert {"format", "bom"} <= {p["name"] for p in operation["parameters"]}, path


def test_a_percent_encoded_format_is_understood_too(client: TestClient) -> None:
    # JSON requests are told apart without parsing the query; an encoded name must still count.
    response = client.get("/v1/zones?%66ormat=csv&b%6Fm=true")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM)
    assert client.get("/v1/zones?%66ormat=xml").status_code == 422
