from __future__ import annotations

from fastapi.testclient import TestClient


def test_initiatives_of_a_zone(client: TestClient, seed_items: list) -> None:
    body = client.get("/v1/initiatives", params={"zone": "佛山高新区", "limit": 500}).json()
    expected = [(i.name, i.kind) for item in seed_items for i in item.initiatives if i.zone == "佛山高新区"]
    assert sorted((i["name"], i["kind"]) for i in body["items"]) == sorted(expected)
    assert all(i["zone"]["name"] == "佛山高新区" for i in body["items"])


def test_initiatives_by_kind_and_text(client: TestClient, seed_items: list) -> None:
    body = client.get("/v1/initiatives", params={"kind": "fund", "text": "基金", "limit": 500}).json()
    expected = [
        i.name for item in seed_items for i in item.initiatives if i.kind == "fund" and "基金" in i.name
    ]
    assert sorted(i["name"] for i in body["items"]) == sorted(expected)


def test_organizations_and_people(client: TestClient, seed_items: list) -> None:
    organizations = client.get("/v1/organizations", params={"limit": 500}).json()["items"]
    assert sorted(o["name"] for o in organizations) == sorted(
        o.name for i in seed_items for o in i.organizations
    )
    people = client.get("/v1/people", params={"limit": 500}).json()["items"]
    assert sorted(p["name"] for p in people) == sorted(p.name for i in seed_items for p in i.people)
