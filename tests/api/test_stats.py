"""/v1/stats/money: sum, count, min, max by zone, province, category, month, under the figure
filters (issue 4 part 6)."""

from __future__ import annotations

from collections import defaultdict

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import EXTRA_DATE


def expected_groups(client: TestClient, params: dict[str, object], key: object) -> dict[object, tuple]:
    """The groups computed here from the figures /v1/figures lists under the same filters."""
    rows = client.get("/v1/figures", params={**params, "limit": 500, "include": "zone,article"}).json()
    amounts: dict[object, list[int]] = defaultdict(list)
    for figure in rows["items"]:
        if figure["amount_yuan"] is not None:
            amounts[key(figure)].append(figure["amount_yuan"])  # type: ignore[operator]
    return {k: (sum(v), len(v), min(v), max(v)) for k, v in amounts.items()}


def month(figure: dict) -> str | None:
    date = figure["article"]["published_date"]
    return date[:7] if date else None


# (group_by, filters, how a figure's key is read)
STATS_CASES = {
    "zone": ("zone", {}, lambda f: f["zone"]["name"] if f["zone"] else None),
    "province": ("province", {}, lambda f: f["zone"]["province"] if f["zone"] else None),
    "category": ("category", {}, lambda f: f["category"]),
    "month": ("month", {}, month),
    "category, over 1亿 certainly": (
        "category",
        {"min_amount": "1亿", "match": "certain"},
        lambda f: f["category"],
    ),
    "zone, in Guangdong": ("zone", {"province": "广东"}, lambda f: f["zone"]["name"]),
    "province of credit": ("province", {"category": "credit_line"}, lambda f: f["zone"]["province"]),
}


@pytest.mark.parametrize(("group_by", "params", "key"), STATS_CASES.values(), ids=list(STATS_CASES))
def test_money_stats_agree_with_the_figures(
    extra_client: TestClient, group_by: str, params: dict[str, object], key: object
) -> None:
    response = extra_client.get("/v1/stats/money", params={**params, "group_by": group_by})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["group_by"] == group_by
    groups = {g["key"]: (g["sum_yuan"], g["count"], g["min_yuan"], g["max_yuan"]) for g in body["groups"]}
    assert groups == expected_groups(extra_client, params, key)
    keyed = [g for g in body["groups"] if g["key"] is not None]
    assert [g["sum_yuan"] for g in keyed] == sorted((g["sum_yuan"] for g in keyed), reverse=True)
    assert body["groups"][-1]["key"] is not None or all(g["key"] is not None for g in body["groups"][:-1])


def test_how_much_credit_guangdong_announced(client: TestClient) -> None:
    params = {"group_by": "province", "category": "credit_line", "province": "广东"}
    [group] = client.get("/v1/stats/money", params=params).json()["groups"]
    assert (group["key"], group["sum_yuan"], group["count"]) == ("广东省", 30_000_000_000, 1)


def test_months_come_from_the_article_dates(extra_client: TestClient) -> None:
    groups = extra_client.get("/v1/stats/money", params={"group_by": "month"}).json()["groups"]
    assert {g["key"] for g in groups} == {"2022-11", EXTRA_DATE.isoformat()[:7], None}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"group_by": "colour"}, "group_by"),
        ({}, "group_by"),
        ({"group_by": "zone", "min_amount": "很多"}, "min_amount"),
    ],
)
def test_bad_stats_queries_are_problems(client: TestClient, params: dict[str, str], parameter: str) -> None:
    response = client.get("/v1/stats/money", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem.get("parameter") == parameter or [e["parameter"] for e in problem["errors"]] == [parameter]
