"""/v1/initiatives, a zone's initiatives and figures, organizations, people, articles: filters
and includes (issue 4 parts 2 and 4)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import EXTRA_DATE

ALL = {"limit": 500}


def seed_initiatives(seed_items: list, keep: object) -> list[str]:
    return sorted(i.name for item in seed_items for i in item.initiatives if keep(i))  # type: ignore[operator]


def names(client: TestClient, url: str, params: dict[str, object]) -> list[str]:
    response = client.get(url, params={**ALL, **params})
    assert response.status_code == 200, response.json()
    return sorted(row.get("name") or row.get("title") or row["text"] for row in response.json()["items"])


# (params, the names of the initiatives they find) over the seed
INITIATIVE_CASES = {
    "fund over 1亿元": ({"min_amount": "1亿元", "kind": "fund"}, ["顺德园城发顺盛基金"]),
    "by province": ({"province": "湖南"}, ["“怀化普职综合性学校”项目签约仪式", "怀化普职综合性学校"]),
    "two zones": ({"zone": ["怀化高新区", "济南高新区"], "kind": "project"}, ["怀化普职综合性学校"]),
    "name contains": ({"text": "信贷"}, ["佛山高新区企业专属信贷资金"]),
}


@pytest.mark.parametrize(("params", "expected"), INITIATIVE_CASES.values(), ids=list(INITIATIVE_CASES))
def test_initiative_filters(client: TestClient, params: dict[str, object], expected: list[str]) -> None:
    assert names(client, "/v1/initiatives", params) == sorted(expected)


def test_initiatives_of_a_zone_are_one_call(client: TestClient, seed_items: list) -> None:
    expected = seed_initiatives(seed_items, lambda i: i.zone == "佛山高新区")
    assert names(client, "/v1/initiatives", {"zone": "佛山高新区"}) == expected
    assert names(client, "/v1/zones/佛山国家高新区/initiatives", {}) == expected
    zone_id = client.get("/v1/zones/佛山高新区").json()["id"]
    assert names(client, f"/v1/zones/{zone_id}/initiatives", {}) == expected
    funds = names(client, "/v1/zones/佛山高新区/initiatives", {"kind": "fund"})
    assert funds == seed_initiatives(seed_items, lambda i: i.zone == "佛山高新区" and i.kind == "fund")


def test_has_figures(client: TestClient) -> None:
    rows = client.get("/v1/initiatives", params=ALL).json()["items"]
    with_figures = sorted(r["name"] for r in rows if r["figures"])
    assert with_figures and names(client, "/v1/initiatives", {"has_figures": True}) == with_figures
    without = names(client, "/v1/initiatives", {"has_figures": False})
    assert sorted(with_figures + without) == sorted(r["name"] for r in rows)


def test_initiative_includes(client: TestClient) -> None:
    params = {"text": "信贷", "include": "zone,article,sentence"}
    [row] = client.get("/v1/initiatives", params=params).json()["items"]
    assert row["zone"]["province"] == "广东省" and row["zone"]["id"] == row["zone_id"]
    assert row["article"]["id"] == row["article_id"]
    sentence = row["sentence"]
    assert sentence["start"] <= row["start"] < sentence["end"] and row["name"] in sentence["text"]
    [plain] = client.get("/v1/initiatives", params={"text": "信贷"}).json()["items"]
    assert plain["zone"] == {"id": row["zone_id"], "name": "佛山高新区"}
    assert (plain["article"], plain["sentence"]) == (None, None)
    assert plain["figures"] == row["figures"] and plain["figures"][0]["text"] == "300亿元"


def test_figures_of_a_zone(extra_client: TestClient) -> None:
    everything = names(extra_client, "/v1/figures", {"zone": "佛山高新区", "min_amount": "5亿"})
    assert names(extra_client, "/v1/zones/佛山高新区/figures", {"min_amount": "5亿"}) == everything
    assert "5亿至8亿元" in everything and "6亿元" not in everything
    response = extra_client.get("/v1/zones/火星高新区/figures")
    assert response.status_code == 404 and response.json()["instance"] == "/v1/zones/火星高新区/figures"


ORGANIZATION_CASES = {
    "banks": ({"type": "bank"}, ["中国工商银行佛山分行"]),
    "of a zone": ({"zone": "济南高新区"}, ["中国侨联"]),
    "of a zone, by type": ({"zone": "怀化高新区", "type": "company"}, ["湖南展优教育科技集团有限公司"]),
}


@pytest.mark.parametrize(("params", "expected"), ORGANIZATION_CASES.values(), ids=list(ORGANIZATION_CASES))
def test_organization_filters(client: TestClient, params: dict[str, object], expected: list[str]) -> None:
    assert names(client, "/v1/organizations", params) == sorted(expected)


ARTICLE_CASES = {
    "dated": ({"date_from": "2022-11-22", "date_to": "2022-11-22"}, 1),
    "from a date": ({"date_from": EXTRA_DATE.isoformat()}, 1),
    "text": ({"text": "声学"}, 1),
    "zone and text": ({"zone": "佛山高新区", "text": "基金"}, 2),
}


@pytest.mark.parametrize(("params", "count"), ARTICLE_CASES.values(), ids=list(ARTICLE_CASES))
def test_article_filters(extra_client: TestClient, params: dict[str, object], count: int) -> None:
    body = extra_client.get("/v1/articles", params={**params, "total": True}).json()
    assert body["total"] == len(body["items"]) == count


def test_organizations_and_people(client: TestClient, seed_items: list) -> None:
    organizations = client.get("/v1/organizations", params=ALL).json()["items"]
    assert sorted(o["name"] for o in organizations) == sorted(
        o.name for i in seed_items for o in i.organizations
    )
    people = client.get("/v1/people", params=ALL).json()["items"]
    assert sorted(p["name"] for p in people) == sorted(p.name for i in seed_items for p in i.people)
