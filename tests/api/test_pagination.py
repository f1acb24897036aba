"""Sorting and keyset pagination on every list (issue 4 part 3): walking the pages with `next`
gives every row once, in the sort's order, ties by id; cursors are opaque and checked."""

from __future__ import annotations

import base64
import itertools
import json

import pytest
from fastapi.testclient import TestClient

# (route, query, the field of each row the sort orders by: None for the id)
SORT_CASES = {
    "figures by id": ("/v1/figures", {"sort": "id"}, None),
    "figures newest id first": ("/v1/figures", {"sort": "-id"}, None),
    "figures by amount": ("/v1/figures", {"sort": "amount"}, "amount_yuan"),
    "figures by amount, largest first": ("/v1/figures", {"sort": "-amount"}, "amount_yuan"),
    "figures by date": (
        "/v1/figures",
        {"sort": "-date", "include": "article"},
        ("article", "published_date"),
    ),
    "figures by zone": ("/v1/figures", {"sort": "zone", "include": "zone"}, ("zone", "name")),
    "money over 1亿 by amount": ("/v1/figures", {"sort": "-amount", "min_amount": "1亿"}, "amount_yuan"),
    "initiatives by zone": ("/v1/initiatives", {"sort": "-zone", "include": "zone"}, ("zone", "name")),
    "initiatives by name": ("/v1/initiatives", {"sort": "name"}, "name"),
    "a zone's initiatives by date": ("/v1/zones/佛山高新区/initiatives", {"sort": "date"}, None),
    "organizations by name": ("/v1/organizations", {"sort": "-name"}, "name"),
    "articles by date": ("/v1/articles", {"sort": "date"}, "published_date"),
    "zones by province": ("/v1/zones", {"sort": "province", "province": "广东"}, "province"),
}


def walk(client: TestClient, url: str, params: dict[str, object]) -> list[dict[str, object]]:
    """Every row, following `next` from page to page (checking the Link header says the same)."""
    rows: list[dict[str, object]] = []
    response = client.get(url, params=params)
    while True:
        assert response.status_code == 200, response.json()
        body = response.json()
        rows += body["items"]
        if body["next"] is None:
            assert "link" not in response.headers
            return rows
        assert response.headers["link"] == f'<{body["next"]}>; rel="next"'
        assert f"cursor={body['next_cursor']}&" in body["next"]
        response = client.get(body["next"])


def value(row: dict[str, object], field: str | tuple[str, str] | None) -> object:
    if field is None:
        return row["id"]
    if isinstance(field, tuple):
        inner = row[field[0]]
        return inner[field[1]] if isinstance(inner, dict) else None
    return row[field]


@pytest.mark.parametrize(("url", "query", "field"), SORT_CASES.values(), ids=list(SORT_CASES))
def test_pages_hold_every_row_once_in_order(
    extra_client: TestClient, url: str, query: dict[str, str], field: str | tuple[str, str] | None
) -> None:
    sort = query["sort"]
    everything = extra_client.get(url, params={**query, "limit": 500}).json()["items"]
    assert len(everything) > 3
    rows = walk(extra_client, url, {**query, "limit": 3})
    assert [r["id"] for r in rows] == [r["id"] for r in everything]
    descending = sort.startswith("-")
    known = [(value(r, field), r["id"]) for r in rows if value(r, field) is not None]
    unknown = [r["id"] for r in rows if value(r, field) is None]
    assert [r["id"] for r in rows] == [i for _, i in known] + unknown  # nulls last
    assert unknown == sorted(unknown)
    if field is None:
        assert [i for _, i in known] == sorted((i for _, i in known), reverse=descending)
    else:
        keys = [v for v, _ in known]
        assert keys == sorted(keys, reverse=descending)  # type: ignore[type-var]
        assert all(a[1] < b[1] for a, b in itertools.pairwise(known) if a[0] == b[0])


def test_limit_default_max_and_total(client: TestClient) -> None:
    body = client.get("/v1/zones").json()
    assert len(body["items"]) == 50 and body["total"] is None and body["next"] is not None
    counted = client.get("/v1/zones", params={"limit": 500, "total": True}).json()
    assert counted["total"] == len(counted["items"])
    paged = client.get("/v1/zones", params={"limit": 10, "total": "true"}).json()
    assert paged["total"] == counted["total"]
    response = client.get("/v1/zones", params={"limit": 501})
    assert response.status_code == 422 and response.json()["errors"][0]["parameter"] == "limit"


def forge(cursor: str, **changes: object) -> str:
    body, _, signature = cursor.partition(".")
    data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload = json.dumps(data | changes, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=") + "." + signature


BAD_CURSORS = {
    "garbage": lambda cursor: "not-a-cursor",
    "cut short": lambda cursor: cursor[:-3],
    "no signature": lambda cursor: cursor.partition(".")[0],
    "edited id": lambda cursor: forge(cursor, id=1),
    "edited sort value": lambda cursor: forge(cursor, k=0),
    "non-base64": lambda cursor: "%%%.%%%",
}


@pytest.mark.parametrize("spoil", BAD_CURSORS.values(), ids=list(BAD_CURSORS))
def test_a_bad_cursor_names_the_parameter(client: TestClient, spoil: object) -> None:
    cursor = client.get("/v1/figures", params={"limit": 2, "sort": "-amount"}).json()["next_cursor"]
    response = client.get("/v1/figures", params={"sort": "-amount", "cursor": spoil(cursor)})  # type: ignore[operator]
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["parameter"] == "cursor"


def test_a_cursor_is_for_one_sort(client: TestClient) -> None:
    cursor = client.get("/v1/figures", params={"limit": 2, "sort": "amount"}).json()["next_cursor"]
    assert client.get("/v1/figures", params={"sort": "amount", "cursor": cursor}).status_code == 200
    response = client.get("/v1/figures", params={"sort": "date", "cursor": cursor})
    assert response.status_code == 422
    assert "sort=amount" in response.json()["detail"]


def test_an_unknown_sort_is_a_validation_problem(client: TestClient) -> None:
    response = client.get("/v1/figures", params={"sort": "colour"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "sort"
