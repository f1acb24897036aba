from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

YI = 100_000_000


def money(seed_items: list) -> list:
    return [f for item in seed_items for f in item.figures if f.amount_yuan is not None]


def test_all_figures_are_those_extracted(client: TestClient, seed_items: list) -> None:
    body = client.get("/v1/figures", params={"limit": 500}).json()
    assert sorted(f["text"] for f in body["items"]) == sorted(f.text for i in seed_items for f in i.figures)


@pytest.mark.parametrize("written", ["1亿", "1亿元", "10000万", "100000000", "100,000,000"])
def test_min_amount_accepts_chinese_units(client: TestClient, seed_items: list, written: str) -> None:
    body = client.get("/v1/figures", params={"min_amount": written, "limit": 500}).json()
    assert sorted(f["amount_yuan"] for f in body["items"]) == sorted(
        f.amount_yuan for f in money(seed_items) if f.amount_yuan >= YI
    )


def test_amount_range_and_category(client: TestClient, seed_items: list) -> None:
    params = {"min_amount": "5000万", "max_amount": "100亿", "category": "fund_size"}
    body = client.get("/v1/figures", params=params).json()
    expected = [
        f.text
        for f in money(seed_items)
        if f.category == "fund_size" and 5000 * 10**4 <= f.amount_yuan <= 100 * YI
    ]
    assert sorted(f["text"] for f in body["items"]) == sorted(expected)


def test_figures_of_a_zone_by_alias(client: TestClient, seed_items: list) -> None:
    body = client.get("/v1/figures", params={"zone": "佛山国家高新区", "limit": 500}).json()
    expected = [f.text for i in seed_items for f in i.figures if f.zone == "佛山高新区"]
    assert sorted(f["text"] for f in body["items"]) == sorted(expected)


@pytest.mark.parametrize("parameter", ["min_amount", "max_amount"])
def test_a_bad_amount_names_the_parameter(client: TestClient, parameter: str) -> None:
    response = client.get("/v1/figures", params={parameter: "很多钱"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"].startswith(f"{parameter}:")


def test_a_bad_category_is_a_validation_problem(client: TestClient) -> None:
    response = client.get("/v1/figures", params={"category": "lottery", "limit": 0})
    assert response.status_code == 422
    problem = response.json()
    assert {e["parameter"] for e in problem["errors"]} == {"category", "limit"}


def test_an_unknown_zone_filter_is_invalid(client: TestClient) -> None:
    response = client.get("/v1/figures", params={"zone": "火星高新区"})
    assert response.status_code == 422
    assert response.json()["parameter"] == "zone"
