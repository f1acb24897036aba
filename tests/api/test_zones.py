from __future__ import annotations

from fastapi.testclient import TestClient


def test_list_zones_holds_the_gazetteer(client: TestClient) -> None:
    body = client.get("/v1/zones", params={"national": True, "limit": 500}).json()
    names = {zone["name"] for zone in body["items"]}
    assert {"佛山高新区", "东莞松山湖高新区", "厦门火炬高新区"} <= names
    assert len(names) > 150
    assert body["next"] is None


def test_list_zones_by_province_and_pages(client: TestClient) -> None:
    first = client.get("/v1/zones", params={"province": "广东", "limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    assert all(zone["province"] == "广东省" for zone in first["items"])
    second = client.get(
        "/v1/zones", params={"province": "广东省", "limit": 2, "cursor": first["next_cursor"]}
    ).json()
    assert {z["id"] for z in first["items"]}.isdisjoint(z["id"] for z in second["items"])


def test_zone_by_name_alias_and_id_is_the_same(client: TestClient) -> None:
    by_name = client.get("/v1/zones/东莞松山湖高新区")
    assert by_name.status_code == 200
    zone = by_name.json()
    assert "松山湖高新区" in zone["aliases"]
    assert client.get("/v1/zones/松山湖高新区").json()["id"] == zone["id"]
    assert client.get(f"/v1/zones/{zone['id']}").json()["name"] == "东莞松山湖高新区"
    assert isinstance(zone["initiatives"], list) and isinstance(zone["figures"], list)


def test_zone_detail_lists_its_facts(client: TestClient, seed_items: list) -> None:
    zone = client.get("/v1/zones/佛山高新区").json()
    expected = {i.name for item in seed_items for i in item.initiatives if i.zone == "佛山高新区"}
    assert {i["name"] for i in zone["initiatives"]} == expected
    assert all(f["zone"]["name"] == "佛山高新区" for f in zone["figures"])


def test_unknown_zone_is_a_problem(client: TestClient) -> None:
    response = client.get("/v1/zones/火星高新区")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 404 and problem["title"] == "Not found"
    assert "火星高新区" in problem["detail"]
    assert problem["instance"] == "/v1/zones/火星高新区"
