"""/v1/figures: amount filters with qualifier bounds, every filter, includes (issue 4 parts 1, 2, 4)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import EXTRA_DATE

ALL = {"limit": 500}

# (query, the texts of the figures it finds) over the seed plus EXTRA_PAGE. The bounds:
# 近30亿元 (-, 30亿], 近7亿元 (-, 7亿], 超8.4亿元 [8.4亿, -), 超120亿元 [120亿, -),
# 最高1000万元 (-, 1000万], 5亿至8亿元 [5亿, 8亿], 约2亿元 [2亿, 2亿], 1亿美元: no yuan at all.
AMOUNT_FILTER_CASES = {
    "min 1亿, possible": (
        {"min_amount": "1亿"},
        [
            "300亿元",
            "10亿元",
            "224.94亿元",
            "近30亿元",
            "近7亿元",
            "超8.4亿元",
            "6亿元",
            "1.2亿元",
            "超120亿元",
            "5亿至8亿元",
            "约2亿元",
        ],
    ),
    "min 1亿元, certain: 近 has no low bound": (
        {"min_amount": "1亿元", "match": "certain"},
        [
            "300亿元",
            "10亿元",
            "224.94亿元",
            "超8.4亿元",
            "6亿元",
            "1.2亿元",
            "超120亿元",
            "5亿至8亿元",
            "约2亿元",
        ],
    ),
    "max 1亿, possible: 近 and 最高 may be below": (
        {"max_amount": "100000000"},
        ["近30亿元", "近7亿元", "1000万元", "2000万元", "5260万元", "1000万元"],
    ),
    "max 1亿, certain": (
        {"max_amount": "1亿", "match": "certain"},
        ["1000万元", "2000万元", "5260万元", "1000万元"],
    ),
    "6亿 to 10亿, possible: a range meets it": (
        {"min_amount": "6亿", "max_amount": "10亿"},
        ["10亿元", "近30亿元", "近7亿元", "超8.4亿元", "6亿元", "5亿至8亿元"],
    ),
    "5亿 to 10亿, certain: a range inside it": (
        {"min_amount": "5亿", "max_amount": "10亿", "match": "certain"},
        ["10亿元", "6亿元", "5亿至8亿元"],
    ),
    "min 1.5万亿, possible: only 超 has no ceiling": (
        {"min_amount": "1.5万亿"},
        ["超8.4亿元", "超120亿元"],
    ),
    "min 1.5万亿, certain": ({"min_amount": "1.5万亿", "match": "certain"}, []),
    "5000万 to 5000万, certain": ({"min_amount": "5000万", "max_amount": "5000万", "match": "certain"}, []),
    "funds over 1亿元": ({"category": "fund_size", "min_amount": "1亿元"}, ["10亿元", "5亿至8亿元"]),
}

FILTER_CASES = {
    "qualifier": ({"qualifier": "over", "kind": "money"}, ["超8.4亿元", "超120亿元"]),
    "foreign currency": ({"currency": "usd"}, ["1亿美元"]),
    "province": ({"province": "福建", "kind": "money"}, ["超120亿元"]),
    "province with 省": ({"province": "湖南省", "kind": "money"}, ["6亿元"]),
    "zones, repeated": (
        {"zone": ["怀化高新区", "大连高新区"], "kind": "money"},
        ["6亿元", "1000万元", "1.2亿元"],
    ),
    "category and zone alias": (
        {"zone": "佛山国家高新区", "category": "capital_injection"},
        ["1000万元", "2000万元"],
    ),
    "text in the sentence": ({"text": "境外投资"}, ["1亿美元", "约2亿元"]),
    "date range": (
        {"date_from": EXTRA_DATE.isoformat(), "date_to": EXTRA_DATE.isoformat()},
        ["5亿至8亿元", "1亿美元", "约2亿元"],
    ),
    "date from, later": ({"date_from": "2024-01-01"}, []),
}


def texts(client: TestClient, params: dict[str, object]) -> list[str]:
    response = client.get("/v1/figures", params={**ALL, **params})
    assert response.status_code == 200, response.json()
    return [f["text"] for f in response.json()["items"]]


@pytest.mark.parametrize(("params", "expected"), AMOUNT_FILTER_CASES.values(), ids=list(AMOUNT_FILTER_CASES))
def test_amount_filters(extra_client: TestClient, params: dict[str, object], expected: list[str]) -> None:
    assert sorted(texts(extra_client, params)) == sorted(expected)


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES.values(), ids=list(FILTER_CASES))
def test_filters(extra_client: TestClient, params: dict[str, object], expected: list[str]) -> None:
    assert sorted(texts(extra_client, params)) == sorted(expected)


def test_bounds_are_returned(extra_client: TestClient) -> None:
    bounds = {
        f["text"]: (f["amount_low_yuan"], f["amount_high_yuan"])
        for f in extra_client.get("/v1/figures", params={**ALL, "kind": "money"}).json()["items"]
    }
    assert bounds["超8.4亿元"] == (840_000_000, None)
    assert bounds["近30亿元"] == (None, 3_000_000_000)
    assert bounds["5亿至8亿元"] == (500_000_000, 800_000_000)
    assert bounds["1亿美元"] == (None, None)


@pytest.mark.parametrize("written", ["1亿", "1亿元", "10000万", "100000000", "100,000,000"])
def test_min_amount_spellings_agree(client: TestClient, written: str) -> None:
    assert texts(client, {"min_amount": written}) == texts(client, {"min_amount": "1亿"})


@pytest.mark.parametrize("parameter", ["min_amount", "max_amount"])
@pytest.mark.parametrize("bad", ["很多钱", "1美元", "-5", "1e9"])
def test_a_bad_amount_names_the_parameter(client: TestClient, parameter: str, bad: str) -> None:
    response = client.get("/v1/figures", params={parameter: bad})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["parameter"] == parameter
    assert response.json()["detail"].startswith(f"{parameter}:")


def test_a_bad_match_is_a_validation_problem(client: TestClient) -> None:
    response = client.get("/v1/figures", params={"match": "maybe", "min_amount": "1亿"})
    assert response.status_code == 422
    assert [e["parameter"] for e in response.json()["errors"]] == ["match"]


def test_the_openapi_description_states_the_amount_rule(client: TestClient) -> None:
    parameters = client.get("/openapi.json").json()["paths"]["/v1/figures"]["get"]["parameters"]
    described = {p["name"]: p for p in parameters}
    assert "超/逾/以上 (over) has only a low bound" in described["min_amount"]["description"]
    assert "certain" in described["match"]["description"]
    assert all(p.get("description") for p in parameters)


def test_all_figures_are_those_extracted(client: TestClient, seed_items: list) -> None:
    body = client.get("/v1/figures", params=ALL).json()
    assert sorted(f["text"] for f in body["items"]) == sorted(f.text for i in seed_items for f in i.figures)


def test_include_zone_article_sentence(client: TestClient) -> None:
    plain = client.get("/v1/figures", params={"category": "fund_size"}).json()["items"][0]
    assert plain["zone"] == {"id": plain["zone_id"], "name": "佛山高新区"}
    assert plain["article"] is None
    assert plain["text"] in plain["sentence"]["text"]  # a figure always carries its sentence
    params = {"category": "fund_size", "include": "zone,article,sentence"}
    full = client.get("/v1/figures", params=params).json()["items"][0]
    zone = full["zone"]
    assert (zone["id"], zone["name"], zone["province"]) == (plain["zone_id"], "佛山高新区", "广东省")
    assert full["article"]["id"] == plain["article_id"]
    assert full["article"]["title"] == "佛山高新区推动“金科产”深度融合"
    assert full["sentence"] == plain["sentence"]
    repeated = client.get("/v1/figures", params={"category": "fund_size", "include": ["zone", "sentence"]})
    assert repeated.json()["items"][0]["article"] is None
    assert repeated.json()["items"][0]["zone"] == zone


def test_an_unknown_include_names_the_parameter(client: TestClient) -> None:
    response = client.get("/v1/figures", params={"include": "zone,people"})
    assert response.status_code == 422
    assert response.json()["parameter"] == "include"
    assert "people" in response.json()["detail"]


def test_an_unknown_zone_filter_is_invalid(client: TestClient) -> None:
    response = client.get("/v1/figures", params={"zone": "火星高新区"})
    assert response.status_code == 422
    assert response.json()["parameter"] == "zone"
