"""The docs pages load everything from this server: no CDN, no fonts from elsewhere."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

ASSETS = {
    "/docs": ["/static/docs/swagger-ui-bundle.js", "/static/docs/swagger-ui.css"],
    "/redoc": ["/static/docs/redoc.standalone.js"],
}


@pytest.mark.parametrize("page", list(ASSETS))
def test_the_docs_pages_use_only_local_files(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    html = response.text
    for asset in ASSETS[page]:
        assert asset in html
        served = client.get(asset)
        assert served.status_code == 200 and len(served.content) > 10_000
    assert not re.findall(r"""(?:src|href)=["']?(?:https?:)?//""", html), "the page loads from elsewhere"


def test_search_parameters_have_descriptions_and_chinese_examples(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/search"]["get"]
    for parameter in operation["parameters"]:
        assert parameter.get("description"), parameter["name"]
        schema = parameter["schema"]
        examples = [*schema.get("examples", []), parameter.get("example")]
        assert any(e is not None for e in examples), parameter["name"]
    [q] = [p for p in operation["parameters"] if p["name"] == "q"]
    assert any(re.search(r"[\u4e00-\u9fff]", e) for e in q["schema"]["examples"])
    assert operation["responses"]["200"]["content"]["application/json"]["example"]["items"]
