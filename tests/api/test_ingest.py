"""POST /v1/articles, GET/DELETE /v1/documents/{id}, DELETE /v1/articles/{id}: ingestion over HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.main import create_app
from app.models import Article, Document, Figure, Initiative, Sentence
from app.services import ingest
from tests.api.conftest import API_KEY, WRITER

# Pages of our own in the genre; each names a zone, a fund with an amount and a dated lead.
PAGE = """长沙高新区发布科技金融新政

本报讯（记者 周明）长沙高新区近日出台科技金融十条措施，设立规模20亿元的科创母基金，
对入驻企业最高给予500万元贴息支持。
该区相关负责人表示，新政将带动社会资本超过50亿元投向新一代信息技术产业。
"""

UNDATED_PAGE = """贵阳高新区打造数据产业园

贵阳高新区计划三年内投入约8亿元建设大数据产业园，引进数据服务企业200家以上。
"""

TWO_ITEM_PAGE = """兰州高新区设立人才基金

本报讯 兰州高新区设立规模3亿元的人才发展基金，重点支持青年科技人才创业。

合肥高新区启动量子产业专项行动

本报讯 合肥高新区启动量子产业专项行动，计划投入12亿元建设量子信息产业园。
"""

TABLES = (Document, Article, Figure, Initiative, Sentence)


def row_counts(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as session:
        return {t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES}


def post_text(client: TestClient, text: str, **headers: str) -> object:
    return client.post(
        "/v1/articles", content=text.encode(), headers={"Content-Type": "text/plain", **WRITER, **headers}
    )


def test_a_new_page_is_stored_with_its_facts_and_answers_201(client: TestClient) -> None:
    response = client.post(
        "/v1/articles", content=PAGE.encode(), headers={**WRITER, "Content-Type": "text/plain"}
    )

    assert response.status_code == 201, response.text
    document = response.json()
    assert response.headers["location"] == f"/v1/documents/{document['id']}"
    assert document["content_hash"] == ingest.content_hash(PAGE)
    (article,) = document["articles"]
    assert article["title"] == "长沙高新区发布科技金融新政"
    amounts = sorted(f["amount_yuan"] for f in article["figures"] if f["kind"] == "money")
    assert amounts == [5_000_000, 2_000_000_000, 5_000_000_000]
    for figure in article["figures"]:
        assert article["text"][figure["start"] : figure["end"]] == figure["text"]

    # The facts are queryable like any other: by the article, and in the figure list.
    stored = client.get(f"/v1/articles/{article['id']}").json()
    assert stored["figures"] == article["figures"]
    listed = client.get("/v1/figures", params={"article": article["id"], "kind": "money"}).json()["items"]
    assert sorted(f["amount_yuan"] for f in listed) == amounts
    assert client.get(f"/v1/documents/{document['id']}").json() == document


def test_the_same_text_again_answers_200_with_the_stored_document(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    first = client.post("/v1/articles", content=PAGE.encode(), headers=WRITER)
    counts = row_counts(session_factory)
    # The same text with Windows line ends and outer blanks is the same document.
    again = client.post(
        "/v1/articles", content=("\r\n" + PAGE.replace("\n", "\r\n") + "  ").encode(), headers=WRITER
    )

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["location"] == first.headers["location"]
    assert row_counts(session_factory) == counts


def test_a_json_body_names_the_source_and_dates_undated_items(client: TestClient) -> None:
    body = {"text": UNDATED_PAGE, "source": "https://example.com/a.html", "published_date": "2024-03-08"}
    response = client.post("/v1/articles", json=body, headers=WRITER)

    assert response.status_code == 201, response.text
    document = response.json()
    assert document["source"] == "https://example.com/a.html"
    assert [a["published_date"] for a in document["articles"]] == ["2024-03-08"]


def test_a_text_body_takes_source_and_date_from_the_query(client: TestClient) -> None:
    response = client.post(
        "/v1/articles",
        params={"source": "feed-7", "published_date": "2023-12-01"},
        content=UNDATED_PAGE.encode(),
        headers=WRITER,
    )

    assert response.status_code == 201, response.text
    assert response.json()["source"] == "feed-7"
    assert response.json()["articles"][0]["published_date"] == "2023-12-01"


def test_a_dry_run_extracts_and_stores_nothing(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    counts = row_counts(session_factory)
    response = client.post(
        "/v1/articles", params={"dry_run": "true"}, content=TWO_ITEM_PAGE.encode(), headers=WRITER
    )

    assert response.status_code == 200, response.text
    preview = response.json()
    assert preview["dry_run"] is True
    assert preview["stored_document_id"] is None
    assert [item["title"] for item in preview["items"]] == [
        "兰州高新区设立人才基金",
        "合肥高新区启动量子产业专项行动",
    ]
    assert [item["primary_zone"] for item in preview["items"]] == ["兰州高新区", "合肥高新区"]
    assert [f["amount_yuan"] for f in preview["items"][1]["figures"]] == [1_200_000_000]
    assert row_counts(session_factory) == counts


def test_a_dry_run_of_a_stored_text_names_its_document(client: TestClient) -> None:
    stored = client.post("/v1/articles", content=PAGE.encode(), headers=WRITER).json()
    preview = client.post("/v1/articles?dry_run=true", content=PAGE.encode(), headers=WRITER).json()

    assert preview["stored_document_id"] == stored["id"]
    assert preview["content_hash"] == stored["content_hash"]


@pytest.mark.parametrize(
    ("content_type", "encoded"),
    [
        ("text/plain; charset=gbk", PAGE.encode("gbk")),
        ("text/plain; charset=GB2312", PAGE.encode("gb2312")),
        ("text/plain; charset=gb18030", PAGE.encode("gb18030")),
        ("text/plain; charset=utf-8", PAGE.encode("utf-8")),
        ("text/plain", PAGE.encode("gb18030")),  # detected
        ("text/plain", b"\xef\xbb\xbf" + PAGE.encode("utf-8")),  # UTF-8 with a BOM
        ("", PAGE.encode("utf-8")),  # no Content-Type: read as text
    ],
    ids=["gbk", "gb2312", "gb18030", "utf-8", "detected-gb18030", "utf-8-bom", "no-content-type"],
)
def test_every_accepted_encoding_gives_the_same_document(
    client: TestClient, content_type: str, encoded: bytes
) -> None:
    headers = {**WRITER, "Content-Type": content_type} if content_type else WRITER
    response = client.post("/v1/articles", content=encoded, headers=headers)

    assert response.status_code == 201, response.text
    assert response.json()["content_hash"] == ingest.content_hash(PAGE)


def test_html_is_reduced_to_its_visible_text(client: TestClient) -> None:
    title, *paragraphs = [line for line in PAGE.splitlines() if line]
    body = "".join(f"<p>{line}</p>" for line in paragraphs)
    html = (
        "<!DOCTYPE html><html><head><title>ignored</title><style>p{color:red}</style></head><body>"
        f"<h1>{title}</h1><script>var amount = '99亿元';</script>{body}"
        "<!-- 100亿元 in a comment --></body></html>"
    )
    for content_type in ("text/html; charset=utf-8", "text/plain"):
        response = client.post(
            "/v1/articles", content=html.encode(), headers={**WRITER, "Content-Type": content_type}
        )
        assert response.status_code in (200, 201), response.text
        (article,) = response.json()["articles"]
        assert (
            "<" not in article["text"]
            and "99亿元" not in article["text"]
            and "100亿元" not in article["text"]
        )
        assert article["title"] == title
        assert sorted(f["amount_yuan"] for f in article["figures"] if f["kind"] == "money") == [
            5_000_000,
            2_000_000_000,
            5_000_000_000,
        ]


def test_a_stray_control_character_is_dropped_from_the_stored_text(client: TestClient) -> None:
    response = client.post("/v1/articles", content=PAGE.replace("近日", "近\x07日").encode(), headers=WRITER)

    assert response.status_code == 201, response.text
    assert response.json()["content_hash"] == ingest.content_hash(PAGE)


def test_deleting_a_document_removes_it_with_every_fact(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    before = row_counts(session_factory)
    document = client.post("/v1/articles", content=TWO_ITEM_PAGE.encode(), headers=WRITER).json()
    assert client.get("/v1/search", params={"q": "量子信息产业园"}).json()["items"]

    response = client.delete(f"/v1/documents/{document['id']}", headers=WRITER)

    assert response.status_code == 200, response.text
    assert response.json() == {
        "document_id": document["id"],
        "articles": [a["id"] for a in document["articles"]],
        "document_removed": True,
    }
    assert row_counts(session_factory) == before
    assert client.get(f"/v1/documents/{document['id']}").status_code == 404
    assert client.get(f"/v1/articles/{document['articles'][0]['id']}").status_code == 404
    assert client.get("/v1/search", params={"q": "量子信息产业园"}).json()["items"] == []
    assert client.delete(f"/v1/documents/{document['id']}", headers=WRITER).status_code == 404


def test_deleting_articles_one_by_one_removes_the_document_with_the_last(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    before = row_counts(session_factory)
    document = client.post("/v1/articles", content=TWO_ITEM_PAGE.encode(), headers=WRITER).json()
    first, second = (a["id"] for a in document["articles"])

    one = client.delete(f"/v1/articles/{first}", headers=WRITER).json()
    assert one == {"document_id": document["id"], "articles": [first], "document_removed": False}
    assert [a["id"] for a in client.get(f"/v1/documents/{document['id']}").json()["articles"]] == [second]
    assert client.get("/v1/figures", params={"article": first}).json()["items"] == []

    two = client.delete(f"/v1/articles/{second}", headers=WRITER).json()
    assert two["document_removed"] is True
    assert row_counts(session_factory) == before
    # Nothing is left of the page, so it can be sent again and is stored afresh.
    assert client.post("/v1/articles", content=TWO_ITEM_PAGE.encode(), headers=WRITER).status_code == 201


def test_a_failure_part_way_leaves_nothing(
    client: TestClient, session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = row_counts(session_factory)
    add_article = ingest.add_article

    def fail_on_the_second_item(session: Session, document: Document, position: int, item: object) -> int:
        if position == 1:
            raise RuntimeError("the disk is full")
        return add_article(session, document, position, item)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "add_article", fail_on_the_second_item)
    client_that_answers = TestClient(client.app, raise_server_exceptions=False)
    response = client_that_answers.post("/v1/articles", content=TWO_ITEM_PAGE.encode(), headers=WRITER)

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "disk" not in response.text  # no internals leak
    assert row_counts(session_factory) == before


# --- authentication --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"X-API-Key": "wrong"}, 401),
        ({"Authorization": "Bearer wrong"}, 401),
        ({"Authorization": f"Basic {API_KEY}"}, 401),
        ({"X-API-Key": API_KEY[:-1]}, 401),
        ({"X-API-Key": API_KEY}, 201),
        ({"Authorization": f"Bearer {API_KEY}"}, 201),
    ],
    ids=["none", "wrong-header-key", "wrong-bearer", "basic-scheme", "prefix-of-key", "header-key", "bearer"],
)
def test_writes_need_a_valid_key(
    client: TestClient, session_factory: sessionmaker[Session], headers: dict[str, str], status: int
) -> None:
    before = row_counts(session_factory)
    response = client.post("/v1/articles", content=PAGE.encode(), headers=headers)

    assert response.status_code == status, response.text
    if status == 401:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert row_counts(session_factory) == before
        assert client.delete("/v1/documents/1", headers=headers).status_code == 401
        assert client.delete("/v1/articles/1", headers=headers).status_code == 401


def test_reads_need_no_key(client: TestClient) -> None:
    articles = client.get("/v1/articles")
    assert articles.status_code == 200
    assert client.get(f"/v1/documents/{articles.json()['items'][0]['document_id']}").status_code == 200


@pytest.fixture
def read_only_client(migrated_engine: object, session_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    url = migrated_engine.url.render_as_string(hide_password=False)  # type: ignore[attr-defined]
    app = create_app(Settings(database_url=url, auto_migrate=False, auto_seed=False))
    with TestClient(app) as test_client:
        yield test_client


def test_with_no_keys_configured_the_service_is_read_only(read_only_client: TestClient) -> None:
    for headers in ({}, {"X-API-Key": API_KEY}, {"Authorization": "Bearer anything"}):
        response = read_only_client.post("/v1/articles", content=PAGE.encode(), headers=headers)
        assert response.status_code == 403
        assert "read-only" in response.json()["detail"]
        assert read_only_client.delete("/v1/documents/1", headers=headers).status_code == 403
    assert read_only_client.get("/healthz").status_code == 200


# --- limits and media types ------------------------------------------------------------------


@pytest.fixture
def small_limit_client(migrated_engine: object) -> Iterator[TestClient]:
    url = migrated_engine.url.render_as_string(hide_password=False)  # type: ignore[attr-defined]
    settings = Settings(
        database_url=url, auto_migrate=False, auto_seed=False, zonefacts_api_keys=API_KEY, max_body_bytes=2048
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_a_body_over_the_limit_is_413(small_limit_client: TestClient) -> None:
    big = ("高新区" * 1000).encode()
    declared = small_limit_client.post("/v1/articles", content=big, headers=WRITER)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(10):
            yield big[:600]

    streamed = small_limit_client.post("/v1/articles", content=chunks(), headers=WRITER)

    for response in (declared, streamed):
        assert response.status_code == 413, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["max_body_bytes"] == 2048


def test_a_body_under_the_limit_passes_it(small_limit_client: TestClient) -> None:
    response = small_limit_client.post(
        "/v1/articles?dry_run=true", content=UNDATED_PAGE.encode(), headers=WRITER
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        ("application/xml", 415),
        ("image/png", 415),
        ("text/plain; charset=latin-1", 415),
        ("text/plain; charset=no-such-charset", 415),
        ("application/json", 422),  # the body is not JSON
    ],
)
def test_media_types_not_read_are_refused(
    client: TestClient, session_factory: sessionmaker[Session], content_type: str, status: int
) -> None:
    before = row_counts(session_factory)
    response = client.post(
        "/v1/articles", content=PAGE.encode(), headers={**WRITER, "Content-Type": content_type}
    )

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert row_counts(session_factory) == before


# --- CORS ------------------------------------------------------------------------------------


def test_cors_answers_configured_origins_only(migrated_engine: object) -> None:
    url = migrated_engine.url.render_as_string(hide_password=False)  # type: ignore[attr-defined]
    settings = Settings(
        database_url=url, auto_migrate=False, auto_seed=False, cors_origins="https://a.example"
    )
    with TestClient(create_app(settings)) as cors_client:
        preflight = cors_client.options(
            "/v1/articles",
            headers={
                "Origin": "https://a.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "x-api-key,content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://a.example"
        assert "POST" in preflight.headers["access-control-allow-methods"]
        simple = cors_client.get("/healthz", headers={"Origin": "https://a.example"})
        assert simple.headers["access-control-allow-origin"] == "https://a.example"
        other = cors_client.get("/healthz", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers

    with TestClient(create_app(Settings(database_url=url, auto_migrate=False, auto_seed=False))) as plain:
        response = plain.get("/healthz", headers={"Origin": "https://a.example"})
        assert "access-control-allow-origin" not in response.headers


def test_published_dates_are_real_dates(client: TestClient) -> None:
    response = client.post(
        "/v1/articles", json={"text": UNDATED_PAGE, "published_date": "2024-02-30"}, headers=WRITER
    )
    assert response.status_code == 422
    assert "published_date" in response.json()["detail"]
    assert dt.date.fromisoformat("2024-02-29")  # the calendar the check relies on


def metric(client: TestClient, name: str) -> float:
    """A sample's value from GET /metrics (Prometheus text format)."""
    for line in client.get("/metrics").text.splitlines():
        if line.startswith(f"{name} "):
            return float(line.split()[1])
    raise AssertionError(f"{name} is not in /metrics")


def test_ingestion_is_counted_in_the_metrics_once_stored(client: TestClient) -> None:
    documents = metric(client, "zonefacts_documents_ingested_total")
    facts = metric(client, "zonefacts_facts_ingested_total")

    first = client.post("/v1/articles", content=TWO_ITEM_PAGE.encode(), headers=WRITER).json()
    client.post("/v1/articles", content=TWO_ITEM_PAGE.encode(), headers=WRITER)  # stored already
    client.post("/v1/articles?dry_run=true", content=PAGE.encode(), headers=WRITER)  # stores nothing

    assert metric(client, "zonefacts_documents_ingested_total") == documents + 1
    written = sum(
        len(a["figures"]) + len(a["initiatives"]) + len(a["organizations"]) + len(a["people"])
        for a in first["articles"]
    )
    assert metric(client, "zonefacts_facts_ingested_total") == facts + written
    assert metric(client, "zonefacts_articles_ingested_total") >= 2
