"""`LeanRoute` answers exactly as FastAPI's own handler would, and serves every read route.

The same requests go to two apps on the same database: the service as built, and one built with
FastAPI's standard `APIRoute` handler. Status, media type, body and `Link` must be the same, for
valid requests and for every kind of parameter error (missing, wrong type, out of range, not one
of the choices, several at once, in the path and in the query).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import AsyncIterator, Iterator
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.api.lean_route import LeanRoute
from app.api.reading import get_reader
from app.config import Settings
from app.main import create_app
from app.services.reader import Reader

ROUTER_MODULES = (
    "articles",
    "documents",
    "figures",
    "health",
    "initiatives",
    "organizations",
    "people",
    "search",
    "stats",
    "zones",
)

ZONE = quote("佛山高新区")
CASES = [
    "/v1/figures",
    "/v1/figures?category=fund_size&min_amount=1亿&sort=-amount&limit=5",
    "/v1/figures?zone=佛山高新区&zone=东莞松山湖高新区&limit=3",
    "/v1/figures?kind=money&per_year=false&qualifier=over&match=certain",
    "/v1/figures?include=zone&include=sentence&limit=2",
    "/v1/figures?limit=2&total=true",
    "/v1/figures?format=csv&limit=2",
    "/v1/figures?limit=0",
    "/v1/figures?limit=abc",
    "/v1/figures?limit=501",
    "/v1/figures?category=nope",
    "/v1/figures?sort=bogus",
    "/v1/figures?per_year=maybe",
    "/v1/figures?date_from=2024-13-01",
    "/v1/figures?article=0&initiative=-1",
    "/v1/figures?min_amount=lots",
    "/v1/figures?limit=0&category=nope&sort=x&date_to=never",
    "/v1/figures?cursor=forged",
    "/v1/figures?include=everything",
    f"/v1/zones/{ZONE}",
    f"/v1/zones/{ZONE}/figures?limit=2&sort=-amount",
    f"/v1/zones/{ZONE}/initiatives",
    f"/v1/zones/{quote('无此高新区')}/initiatives",
    "/v1/zones?province=广东",
    "/v1/articles?limit=2",
    "/v1/articles/1",
    "/v1/articles/abc",
    "/v1/articles/0",
    "/v1/articles/99999999",
    "/v1/initiatives?limit=3",
    "/v1/organizations?limit=3",
    "/v1/people?limit=3",
    "/v1/search?q=基金",
    "/v1/search",
    "/v1/search?q=",
    "/v1/stats/money?group_by=province",
    "/v1/stats/money?group_by=nothing",
    "/v1/stats/money",
]


def read_routes() -> list[APIRoute]:
    routes = []
    for name in ROUTER_MODULES:
        router = importlib.import_module(f"app.api.{name}").router
        routes += [route for route in router.routes if isinstance(route, APIRoute)]
    return routes


def test_every_async_read_route_of_the_api_is_planned() -> None:
    """The read routes run on the event loop are planned; a sync one (the ORM's, run in the
    thread pool: one document with everything in it) keeps FastAPI's handler."""
    create_app(Settings(database_url="sqlite://", auto_migrate=False, auto_seed=False))
    reads = [route for route in read_routes() if route.methods == {"GET"} and route.path.startswith("/v1/")]
    planned = {route.path for route in reads if getattr(route, "planned", False)}
    asynchronous = {route.path for route in reads if inspect.iscoroutinefunction(route.endpoint)}
    assert planned == asynchronous
    assert {"/v1/figures", "/v1/zones/{zone}/initiatives", "/v1/articles/{article_id}"} <= planned
    assert len(planned) >= 12


def test_a_route_with_a_body_or_security_keeps_fastapis_handler() -> None:
    create_app(Settings(database_url="sqlite://", auto_migrate=False, auto_seed=False))
    writes = [route for route in read_routes() if route.methods & {"POST", "DELETE"}]
    assert writes
    assert all(isinstance(route, LeanRoute) and not route.planned for route in writes)


@pytest.fixture
def fastapi_client(
    client: TestClient,  # loads the seed into the test's database
    session_factory: sessionmaker[Session],
    migrated_engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[TestClient]:
    """The same app as `client`, every route served by FastAPI's own handler."""

    async def test_reader() -> AsyncIterator[Reader]:
        with session_factory() as session:
            yield Reader.of(session)

    monkeypatch.setattr(LeanRoute, "get_route_handler", APIRoute.get_route_handler)
    url = migrated_engine.url.render_as_string(hide_password=False)
    app = create_app(Settings(database_url=url, auto_migrate=False, auto_seed=False))
    monkeypatch.undo()
    app.dependency_overrides[get_reader] = test_reader
    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize("url", CASES)
def test_lean_route_answers_as_fastapi_does(url: str, client: TestClient, fastapi_client: TestClient) -> None:
    ours, theirs = client.get(url), fastapi_client.get(url)
    assert ours.status_code == theirs.status_code
    assert ours.headers["content-type"] == theirs.headers["content-type"]
    assert ours.headers.get("link") == theirs.headers.get("link")
    assert ours.content == theirs.content


def test_both_apps_see_rows_and_errors(client: TestClient) -> None:
    """The cases above cover answers with rows, empty ones, and errors of each kind."""
    statuses = [client.get(url).status_code for url in CASES]
    assert statuses.count(200) >= 16
    assert statuses.count(422) >= 12
    assert 404 in statuses
    assert all(client.get(url).content for url in CASES[:2])
