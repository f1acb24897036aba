"""Hostile input, as one table: every request gets a clean 4xx or a correct answer, never a 5xx,
on SQLite and on PostgreSQL, and leaves the database as it was unless it is meant to store.

What the table decides (each decision is a row, so a change of mind shows as a failing row):

- A page with an amount beyond BIGINT yuan (9999999999999999999999亿元) is stored: the figure keeps
  its number and unit as written, with no yuan amount (`amount_yuan` null), so like a foreign
  amount it passes no amount filter and counts in no sum. A number of more than 22 digits (past
  the DECIMAL(30, 8) column) refuses the page: 422.
- As a filter, an amount beyond BIGINT (`min_amount=9999999999999999999999亿元`) is a 422 naming
  the parameter; full-width digits are digits (`１亿` answers as `1亿`).
- A page with a run of more than 100 digits is refused (422): reading numbers takes time that
  grows with the square of such a run, and a 4 MB run would hold a worker for hours.
- UTF-8 sent as `charset=gbk` is refused (422), not stored as mojibake.
- NUL anywhere in the path or query: 422. A path and query string over 8 KiB: 414.
- A cursor is checked before it reaches SQL, also one signed with the (public) key: 422.

The SQL-injection rows are generated from the OpenAPI schema, so a new parameter is covered the
day it is added: each free-text parameter alone (it reaches SQL as a bound value, so it matches
nothing), the typed parameters of each operation together (422 naming every one of them), and
`format` and `bom` together (the CSV middleware reads them before any route).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

import anyio
import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import Message

from app.api.csv_export import FORMAT_PARAMETERS
from app.config import Settings
from app.main import create_app
from app.models import Article, Document, Figure, Initiative, Organization, Person, Sentence, Zone
from app.services.pagination import encode_cursor
from tests.api.conftest import API_KEY

TABLES = (Document, Article, Figure, Initiative, Organization, Person, Sentence, Zone)

PAGE = """长沙高新区发布科技金融新政

本报讯（记者 周明）长沙高新区近日出台科技金融十条措施，设立规模20亿元的科创母基金，
对入驻企业最高给予500万元贴息支持。
"""
TITLE = "长沙高新区发布科技金融新政"
PAGE_AMOUNTS = [5_000_000, 2_000_000_000]

ABSURD = "9999999999999999999999亿元"  # about 10^30 yuan, past BIGINT (9.2 × 10^18)
MAX_BIGINT = 2**63 - 1

Check = Callable[[httpx.Response, TestClient], None]
Headers = Mapping[bytes, bytes]
Params = tuple[tuple[str, str], ...]

WRITER: Headers = {b"x-api-key": API_KEY.encode()}
TEXT = {b"content-type": b"text/plain"}


@dataclass(frozen=True)
class Case:
    """One hostile request and what a clean answer to it is."""

    id: str
    method: str = "GET"
    path: str = "/v1/figures"
    params: Params = ()
    headers: Headers | None = None
    content: bytes | Callable[[], Iterator[bytes]] | None = None  # a callable: streamed, no length
    raw_target: bytes | None = None  # path?query sent as is: httpx refuses a query over 64 KiB
    status: int = 200  # exact: every row here has one right answer
    stores: bool = False  # a new document is meant to be stored; else the database is unchanged
    check: Check | None = None


def q(**params: object) -> Params:
    return tuple((name, str(value)) for name, value in params.items())


def post(
    id: str, body: bytes | Callable[[], Iterator[bytes]] | None, content_type: bytes | None, **kw: Any
) -> Case:
    """A page sent to POST /v1/articles with a valid key, as `content_type` (None: no header)."""
    headers = {**WRITER, **({b"content-type": content_type} if content_type is not None else {})}
    return Case(id, "POST", "/v1/articles", headers=headers, content=body, **kw)


def post_json(id: str, value: object, **kw: Any) -> Case:
    return post(id, json.dumps(value).encode(), b"application/json", **kw)


# --- checks ----------------------------------------------------------------------------------


def items(response: httpx.Response) -> list[Any]:
    body = response.json()
    found: list[Any] = body["items"] if "items" in body else body["groups"]
    return found


def empty(response: httpx.Response, client: TestClient) -> None:
    """A value no row holds matches nothing: an injection did not widen the query."""
    if response.status_code == 200:
        assert items(response) == [], response.text[:300]


def names_parameter(name: str) -> Check:
    def check(response: httpx.Response, client: TestClient) -> None:
        problem = response.json()
        named = {problem.get("parameter")} | {e["parameter"] for e in problem.get("errors", [])}
        assert name in named, problem

    return check


def money(article: dict[str, Any]) -> list[int | None]:
    return sorted(
        (f["amount_yuan"] for f in article["figures"] if f["kind"] == "money"), key=lambda a: (a is None, a)
    )


def stored_page(title: str = TITLE, amounts: list[int] = PAGE_AMOUNTS) -> Check:
    """The page was stored whole: its title, its amounts, and reading it back gives the same."""

    def check(response: httpx.Response, client: TestClient) -> None:
        document = response.json()
        (article,) = document["articles"]
        assert article["title"] == title
        assert money(article) == amounts
        for figure in article["figures"]:
            assert article["text"][figure["start"] : figure["end"]] == figure["text"]
        assert client.get(f"/v1/documents/{document['id']}").json() == document

    return check


def stored_html(response: httpx.Response, client: TestClient) -> None:
    stored_page()(response, client)
    text = response.json()["articles"][0]["text"]
    assert "<" not in text and ">" not in text and "&amp;" not in text, text
    assert "99亿元" not in text and "var " not in text and "color" not in text


def stored_without_yuan(written: str) -> Check:
    """The figure is stored as written, with no yuan amount: no filter finds it, no sum counts it."""

    def check(response: httpx.Response, client: TestClient) -> None:
        (article,) = response.json()["articles"]
        figure = next(f for f in article["figures"] if f["text"] == written)
        assert figure["unit"] == "亿元" and figure["currency"] == "CNY"
        assert (figure["amount_yuan"], figure["amount_low_yuan"], figure["amount_high_yuan"]) == (None,) * 3
        assert money(article) == [5_000_000, None]  # the page's other amount is intact
        listed = client.get("/v1/figures", params={"article": article["id"], "min_amount": "1"}).json()
        assert [f["text"] for f in listed["items"]] == ["500万元"]
        stats = client.get("/v1/stats/money", params={"group_by": "zone", "article": article["id"]}).json()
        assert [(g["sum_yuan"], g["count"]) for g in stats["groups"]] == [(5_000_000, 1)]

    return check


def stored_at_bigint_edge(response: httpx.Response, client: TestClient) -> None:
    (article,) = response.json()["articles"]
    assert money(article) == [5_000_000, MAX_BIGINT]
    found = client.get("/v1/figures", params={"min_amount": str(MAX_BIGINT), "match": "certain"}).json()
    assert [f["amount_yuan"] for f in found["items"]] == [MAX_BIGINT]


def previewed_absurd(response: httpx.Response, client: TestClient) -> None:
    (item,) = response.json()["items"]
    assert [f["amount_yuan"] for f in item["figures"] if f["text"] == ABSURD] == [
        9999999999999999999999 * 10**8
    ]


def stored_oddities(response: httpx.Response, client: TestClient) -> None:
    (article,) = response.json()["articles"]
    assert "\u202e" in article["text"] and "😀" in article["text"] and "é" in article["text"]  # NFC
    assert money(article) == PAGE_AMOUNTS


def same_as(**params: str) -> Check:
    """The same answer as these (equivalent) parameters give."""

    def check(response: httpx.Response, client: TestClient) -> None:
        assert response.json() == client.get(response.request.url.path, params=params).json()
        assert items(response)

    return check


def every_item(text_of: Callable[[dict[str, Any]], str], contains: str) -> Check:
    """Each row holds `contains` literally (LIKE wildcards are escaped), and some row does."""

    def check(response: httpx.Response, client: TestClient) -> None:
        found = items(response)
        assert found
        for item in found:
            assert contains in text_of(item), text_of(item)

    return check


def ids_after(row_id: int) -> Check:
    def check(response: httpx.Response, client: TestClient) -> None:
        found = [item["id"] for item in items(response)]
        assert found and min(found) > row_id and found == sorted(found)

    return check


def zone_named(name: str) -> Check:
    def check(response: httpx.Response, client: TestClient) -> None:
        assert response.json()["name"] == name

    return check


def limited_to(count: int) -> Check:
    def check(response: httpx.Response, client: TestClient) -> None:
        assert len(items(response)) == count

    return check


# --- the bodies ------------------------------------------------------------------------------

_random = random.Random(8)
RANDOM_BYTES = _random.randbytes(4096) + b"\x00"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    + _random.randbytes(512)
)
HTML = (
    "<!DOCTYPE html><html><head><title>标题不算</title><style>p{color:red}</style></head><body>"
    f"<h1>{TITLE}</h1><script>var amount = '99亿元';</script>"
    "<p>本报讯（记者 周明）长沙高新区近日出台科技金融十条措施，设立规模20亿元的科创母基金，</p>"
    "<p>对入驻企业最高给予500万元贴息支持。</p><!-- 99亿元 --></body></html>"
)
FIVE_MB = 5 * 1024 * 1024


def five_mb_in_chunks() -> Iterator[bytes]:
    for _ in range(5):
        yield b"a" * (1024 * 1024)


def page_with(old: str, new: str) -> bytes:
    return PAGE.replace(old, new).encode()


def nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


INGEST_CASES = [
    # empty, blank, too large
    post("body-empty", b"", b"text/plain", status=422),
    post("body-whitespace-only", " \r\n\t\u3000 ".encode(), b"text/plain", status=422),
    post("body-5mb", b"a" * FIVE_MB, b"text/plain", status=413),
    post("body-5mb-chunked-no-length", five_mb_in_chunks, b"text/plain", status=413),
    # binary
    post("body-png-as-text", PNG, b"text/plain", status=422),
    post("body-png-as-png", PNG, b"image/png", status=415),
    post("body-random-bytes-with-nul", RANDOM_BYTES, b"text/plain", status=422),
    post("body-random-bytes-no-content-type", RANDOM_BYTES, None, status=422),
    post("body-utf16-undeclared", PAGE.encode("utf-16"), b"text/plain", status=422),
    # encodings
    post("gbk-undeclared", PAGE.encode("gbk"), b"text/plain", status=201, stores=True, check=stored_page()),
    post("gbk-declared-utf8", PAGE.encode("gbk"), b"text/plain; charset=utf-8", status=422),
    post("utf8-declared-gbk", "科技金融".encode(), b"text/plain; charset=gbk", status=422),
    post("utf8-then-gbk-mixed", PAGE.encode() + PAGE.encode("gbk"), b"text/plain", status=422),
    post("utf16-declared", PAGE.encode("utf-16"), b"text/plain; charset=utf-16", status=415),
    post("latin1-declared", PAGE.encode(), b"text/plain; charset=latin-1", status=415),
    post("two-charsets-last-wins", PAGE.encode(), b"text/plain; charset=utf-8; charset=gbk", status=422),
    # HTML
    post("html-document", HTML.encode(), b"text/html", status=201, stores=True, check=stored_html),
    post("html-document-as-text", HTML.encode(), b"text/plain", status=201, stores=True, check=stored_html),
    post(
        "html-only-script",
        "<html><body><script>var a = '长沙高新区20亿元';</script></body></html>".encode(),
        b"text/html",
        status=422,
    ),
    post(
        "html-only-head",
        "<html><head><title>长沙高新区</title></head><body></body></html>".encode(),
        b"text/html",
        status=422,
    ),
    # lone surrogates and NUL
    post(
        "json-lone-surrogate-escape",
        b'{"text": "' + json.dumps(PAGE)[1:-1].encode() + b'\\ud800"}',
        b"application/json",
        status=422,
    ),
    post("text-lone-surrogate-bytes", PAGE.encode() + b"\xed\xa0\x80", b"text/plain", status=422),
    post(
        "text-lone-surrogate-bytes-utf8",
        PAGE.encode() + b"\xed\xa0\x80",
        b"text/plain; charset=utf-8",
        status=422,
    ),
    post("text-nul-byte", page_with("近日", "近\x00日"), b"text/plain", status=422),
    post("text-nul-byte-utf8", page_with("近日", "近\x00日"), b"text/plain; charset=utf-8", status=422),
    post_json("json-nul-in-string", {"text": PAGE.replace("近日", "近\x00日")}, status=422),
    post(
        "json-raw-nul-byte",
        b'{"text": "' + page_with("近日", "近\x00日").replace(b"\n", b"\\n") + b'"}',
        b"application/json",
        status=422,
    ),
    # JSON shapes
    post("json-nested-10000-objects", nested(10_000), b"application/json", status=422),
    post("json-nested-in-text", b'{"text": ' + nested(10_000) + b"}", b"application/json", status=422),
    post_json("json-array", [PAGE], status=422),
    post("json-null", b"null", b"application/json", status=422),
    post("json-number", b"12", b"application/json", status=422),
    post("json-huge-number", b"1" + b"0" * 5000, b"application/json", status=422),
    post_json("json-empty-object", {}, status=422),
    post_json("json-extra-field", {"text": PAGE, "admin": True}, status=422),
    post_json("json-text-empty", {"text": ""}, status=422),
    post_json("json-source-too-long", {"text": PAGE, "source": "x" * 501}, status=422),
    post_json("json-date-year-99999", {"text": PAGE, "published_date": "99999-01-01"}, status=422),
    post("json-invalid-utf8", b'{"text": "\xff\xfe"}', b"application/json", status=422),
    # absurd amounts: stored without a yuan amount, or refused when no column can hold the number
    post(
        "amount-beyond-bigint",
        page_with("20亿元", ABSURD),
        b"text/plain",
        status=201,
        stores=True,
        check=stored_without_yuan(ABSURD),
    ),
    post(
        "amount-just-beyond-bigint",
        page_with("20亿元", "99999999999亿元"),
        b"text/plain",
        status=201,
        stores=True,
        check=stored_without_yuan("99999999999亿元"),
    ),
    post(
        "amount-range-to-beyond-bigint",
        page_with("20亿元", f"1亿至{ABSURD}"),
        b"text/plain",
        status=201,
        stores=True,
        check=stored_without_yuan(f"1亿至{ABSURD}"),
    ),
    post(
        "amount-at-bigint-max",
        page_with("20亿元", f"{MAX_BIGINT}元"),
        b"text/plain",
        status=201,
        stores=True,
        check=stored_at_bigint_edge,
    ),
    post(
        "number-of-26-digits",
        page_with("20亿元", "20亿元，引进企业99999999999999999999999999家"),
        b"text/plain",
        status=422,
    ),
    post("amount-of-300-digits", page_with("20亿元", "9" * 300 + "亿元"), b"text/plain", status=422),
    post("digits-1mb", page_with("20亿元", "9" * 1_000_000 + "亿元"), b"text/plain", status=422),
    post("numerals-1mb", page_with("20亿元", "九" * 300_000 + "亿元"), b"text/plain", status=422),
    post("digits-and-dots-1mb", page_with("20亿元", "9.." * 300_000 + "亿元"), b"text/plain", status=422),
    post(
        "amount-beyond-bigint-dry-run",
        page_with("20亿元", ABSURD),
        b"text/plain",
        params=q(dry_run="true"),
        check=previewed_absurd,
    ),
    # unicode oddities in the text
    post(
        "rtl-emoji-combining-marks",
        ("\u202e" + PAGE.replace("近日", "近日😀").replace("措施", "措施e\u0301")).encode(),
        b"text/plain",
        status=201,
        stores=True,
        check=stored_oddities,
    ),
    post(
        "full-width-digits",
        page_with("20亿元", "２０亿元").replace(b"500", "５００".encode()),
        b"text/plain",
        status=201,
        stores=True,
        check=stored_page(),
    ),
    # Content-Type lies
    post("json-declared-text", json.dumps({"text": PAGE}).encode(), b"text/plain", status=422),
    post("text-declared-json", PAGE.encode(), b"application/json", status=422),
    post("html-declared-json", HTML.encode(), b"application/json", status=422),
    post(
        "json-in-gbk-declared-json",
        json.dumps({"text": PAGE}, ensure_ascii=False).encode("gbk"),
        b"application/json; charset=gbk",
        status=422,
    ),
    post("octet-stream", PAGE.encode(), b"application/octet-stream", status=415),
    post("form-urlencoded", PAGE.encode(), b"application/x-www-form-urlencoded", status=415),
    post("multipart", PAGE.encode(), b"multipart/form-data; boundary=x", status=415),
    post("content-type-garbage", PAGE.encode(), b"\x7f;;;=charset", status=415),
    post(
        "problem-json-is-json",
        json.dumps({"text": PAGE}).encode(),
        b"application/problem+json",
        status=201,
        stores=True,
        check=stored_page(),
    ),
]

# --- API keys --------------------------------------------------------------------------------


def keyed(id: str, headers: Headers, method: str = "POST", path: str = "/v1/articles") -> Case:
    content = PAGE.encode() if method == "POST" else None
    return Case(id, method, path, headers={**TEXT, **headers}, content=content, status=401)


KEY_CASES = [
    keyed("key-missing", {}),
    keyed("key-empty", {b"x-api-key": b""}),
    keyed("key-nul", {b"x-api-key": b"\x00"}),
    keyed("key-valid-then-nul", {b"x-api-key": API_KEY.encode() + b"\x00"}),
    keyed("key-latin1-bytes", {b"x-api-key": b"\xff\xfe\xfd"}),
    keyed("key-utf8-cyrillic", {b"x-api-key": "ключ".encode()}),
    keyed("key-crlf", {b"x-api-key": b"k\r\nx-api-key: " + API_KEY.encode()}),
    keyed("key-10kb", {b"x-api-key": b"k" * 10_000}),
    keyed("bearer-empty", {b"authorization": b"Bearer "}),
    keyed("bearer-odd-bytes", {b"authorization": b"Bearer \xff\x00\x7f"}),
    keyed("delete-document-odd-key", {b"x-api-key": b"\xff"}, "DELETE", "/v1/documents/1"),
    keyed("delete-article-odd-key", {b"authorization": b"Bearer \x00"}, "DELETE", "/v1/articles/1"),
]

# --- query parameters ------------------------------------------------------------------------

VALID_CURSOR = encode_cursor("id", 2, 2)
ALTERED_CURSOR = VALID_CURSOR[:-1] + ("A" if VALID_CURSOR[-1] != "A" else "B")

QUERY_CASES = [
    # limit and offset
    Case("limit-huge", params=q(limit=10**12), status=422, check=names_parameter("limit")),
    Case("limit-negative", params=q(limit=-1), status=422, check=names_parameter("limit")),
    Case("limit-abc", params=q(limit="abc"), status=422, check=names_parameter("limit")),
    Case("limit-full-width", params=q(limit="１０"), status=422),
    Case("limit-repeated-last-wins", params=(("limit", "1"), ("limit", "2")), check=limited_to(2)),
    Case("search-offset-huge", "GET", "/v1/search", params=q(q="基金", offset=2**63), status=422),
    # amounts
    Case("min-amount-absurd", params=q(min_amount=ABSURD), status=422, check=names_parameter("min_amount")),
    Case("max-amount-absurd", params=q(max_amount=ABSURD), status=422, check=names_parameter("max_amount")),
    Case("min-amount-5000-digits", params=q(min_amount="1" + "0" * 5000), status=422),
    Case("initiatives-min-amount-absurd", "GET", "/v1/initiatives", params=q(min_amount=ABSURD), status=422),
    Case(
        "stats-min-amount-absurd",
        "GET",
        "/v1/stats/money",
        params=q(group_by="zone", min_amount=ABSURD),
        status=422,
    ),
    Case(
        "stats-max-amount-26-digits",
        "GET",
        "/v1/stats/money",
        params=q(group_by="zone", max_amount="9" * 26),
        status=422,
    ),
    Case(
        "zone-figures-min-amount-absurd",
        "GET",
        "/v1/zones/佛山高新区/figures",
        params=q(min_amount=ABSURD),
        status=422,
    ),
    Case("min-amount-bigint-max-certain", params=q(min_amount=MAX_BIGINT, match="certain"), check=empty),
    Case("min-amount-full-width", params=q(min_amount="１亿"), check=same_as(min_amount="1亿")),
    Case("min-amount-rtl-mark", params=q(min_amount="\u202e1亿"), status=422),
    Case("min-amount-combining-mark", params=q(min_amount="1\u0301亿"), status=422),
    Case("min-amount-scientific", params=q(min_amount="1e30"), status=422),
    # dates
    Case("date-year-99999", params=q(date_to="99999-01-01"), status=422),
    Case("date-february-30", params=q(date_from="2024-02-30"), status=422),
    Case("dates-inverted", params=q(date_from="9999-12-31", date_to="0001-01-01"), check=empty),
    # cursors
    Case(
        "cursor-random-base64",
        params=q(cursor="q83vEjRWeJq8/w+hC5lX3A=="),
        status=422,
        check=names_parameter("cursor"),
    ),
    Case(
        "cursor-checksum-altered",
        params=q(cursor=ALTERED_CURSOR),
        status=422,
        check=names_parameter("cursor"),
    ),
    Case("cursor-other-sort", params=q(cursor=encode_cursor("-amount", 10**9, 3)), status=422),
    Case("cursor-valid", params=q(cursor=VALID_CURSOR), check=ids_after(2)),
    Case("cursor-signed-huge-id", params=q(cursor=encode_cursor("id", 10**30, 10**30)), status=422),
    Case(
        "cursor-signed-id-true",
        params=q(sort="-amount", cursor=encode_cursor("-amount", 1, True)),
        status=422,
    ),
    Case(
        "cursor-signed-huge-amount",
        params=q(sort="-amount", cursor=encode_cursor("-amount", 10**30, 1)),
        status=422,
    ),
    Case(
        "cursor-signed-lone-surrogate",
        params=q(sort="zone", cursor=encode_cursor("zone", "\ud800", 1)),
        status=422,
    ),
    Case("cursor-signed-nul", params=q(sort="zone", cursor=encode_cursor("zone", "\x00", 1)), status=422),
    Case(
        "cursor-signed-huge-id-articles",
        "GET",
        "/v1/articles",
        params=q(sort="date", cursor=encode_cursor("date", "2022-01-01", -(2**70))),
        status=422,
    ),
    # unicode and LIKE wildcards in text
    Case("text-rtl-mark", params=q(text="\u202e基金"), check=empty),
    Case(
        "text-percent-is-literal", params=q(text="%"), check=every_item(lambda f: f["sentence"]["text"], "%")
    ),
    Case("text-underscore-is-literal", params=q(text="_"), check=empty),
    Case("text-literal-backslash-x00", params=q(text="\\x00"), check=empty),
    Case("text-bad-utf8-escape", raw_target=b"/v1/figures?text=%FF%FE", check=empty),
    Case("text-lone-surrogate-escape", raw_target=b"/v1/figures?text=%ED%A0%80", check=empty),
    Case("zone-lone-surrogate-escape", raw_target=b"/v1/figures?zone=%ED%A0%80", status=422),
    Case(
        "search-percent-is-literal",
        "GET",
        "/v1/search",
        params=q(q="%"),
        check=every_item(lambda hit: hit["text"], "%"),
    ),
    Case("search-emoji", "GET", "/v1/search", params=q(q="😀"), check=empty),
    Case("search-combining-mark", "GET", "/v1/search", params=q(q="基\u0301金"), check=empty),
    Case("search-zero-width-space", "GET", "/v1/search", params=q(q="基\u200b金"), check=empty),
    # long query strings
    Case("text-100kb", raw_target=b"/v1/figures?text=" + b"x" * 100_000, status=414),
    Case("search-100kb", raw_target=b"/v1/search?q=" + b"%E5%9F%BA" * 12_000, status=414),
    Case("zone-path-100kb", raw_target=b"/v1/zones/" + b"x" * 100_000, status=414),
    Case(
        "ingest-source-100kb",
        "POST",
        "/v1/articles",
        raw_target=b"/v1/articles?source=" + b"x" * 100_000,
        headers={**WRITER, **TEXT},
        content=PAGE.encode(),
        status=414,
    ),
    Case("text-9kb", params=q(text="x" * 9000), status=414),
    Case("text-7kb", params=q(text="x" * 7000), check=empty),
]

# --- paths -----------------------------------------------------------------------------------

PATH_CASES = [
    *(
        Case(f"article-id-{label}", path=f"/v1/articles/{value}", status=422)
        for label, value in [
            ("negative", -1),
            ("2-to-31", 2**31),
            ("2-to-63", 2**63),
            ("10-to-30", 10**30),
            ("full-width", "１"),
        ]
    ),
    Case("document-id-2-to-63", path=f"/v1/documents/{2**63}", status=422),
    Case("delete-article-2-to-63", "DELETE", f"/v1/articles/{2**63}", headers=WRITER, status=422),
    Case("delete-article-negative", "DELETE", "/v1/articles/-1", headers=WRITER, status=422),
    Case("delete-document-10-to-30", "DELETE", f"/v1/documents/{10**30}", headers=WRITER, status=422),
    Case("zone-id-2-to-63", path=f"/v1/zones/{2**63}", status=404),
    Case("zone-id-negative", path="/v1/zones/-1", status=404),
    Case("zone-id-full-width", path="/v1/zones/１", status=404),
    Case("zone-figures-id-2-to-63", path=f"/v1/zones/{2**63}/figures", status=404),
    Case("zone-rtl-mark", path=quote("/v1/zones/\u202e佛山高新区"), status=404),
    Case("zone-zero-width-space", path=quote("/v1/zones/佛山\u200b高新区"), status=404),
    Case("zone-emoji", path=quote("/v1/zones/😀"), status=404),
    Case(
        "zone-ideographic-spaces",
        path=quote("/v1/zones/\u3000佛山高新区\u3000"),
        check=zone_named("佛山高新区"),
    ),
    Case("zone-path-traversal", raw_target=b"/v1/zones/..%2F..%2Fetc%2Fpasswd", status=404),
    Case("zone-nul", raw_target=b"/v1/zones/%00", status=422),
    Case("article-id-nul", raw_target=b"/v1/articles/%00", status=422),
]

# --- SQL injection into every parameter, generated from the OpenAPI schema --------------------

SQL_INJECTIONS = {"or-1-eq-1": "' OR 1=1 --", "drop-table": "1; DROP TABLE figures", "like-quote": "%' --"}
NUL = "\x00"  # refused (422) before any route, whatever the parameter: PostgreSQL text cannot hold it
CSV_PARAMETERS = frozenset(p["name"] for p in FORMAT_PARAMETERS)  # read by CsvMiddleware, before routing
REQUIRED = {"/v1/search": {"q": "基金"}, "/v1/stats/money": {"group_by": "zone"}}
PATH_VALUES = {"zone": "佛山高新区", "article_id": "1", "document_id": "1"}
# Free text resolved or parsed before any query runs: a value that names nothing is a 422.
REFUSED = frozenset({"cursor", "min_amount", "max_amount", "include", "zone"})


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of a value, past `Optional` and lists."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    plain = options[0]
    return _plain(plain["items"]) if plain.get("type") == "array" else plain


def is_free_text(schema: dict[str, Any]) -> bool:
    plain = _plain(schema)
    return plain.get("type") == "string" and "enum" not in plain and "format" not in plain


def _slug(path: str) -> str:
    return path.removeprefix("/v1/").replace("/", "-").replace("{", "").replace("}", "")


def _request(path: str, values: dict[str, str]) -> tuple[str, Params]:
    for name, value in values.items():
        path = path.replace(f"{{{name}}}", quote(value, safe=""))
    return path, tuple((n, v) for n, v in values.items() if f"{{{n}}}" not in path)


def injection_cases() -> list[Case]:
    """For each GET operation under /v1 (lists, and single resources by path): every free-text
    parameter alone, with each SQL string and NUL; the typed ones together (validation names each)
    and the CSV ones together (the middleware reads `format` first), with each SQL string."""
    schema = create_app(Settings(database_url="sqlite://", auto_migrate=False, auto_seed=False)).openapi()
    cases = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if not path.startswith("/v1/") or operation is None:
            continue
        parameters = [p for p in operation.get("parameters", []) if p["in"] in ("query", "path")]
        in_path = [p["name"] for p in parameters if p["in"] == "path"]
        if in_path and len(in_path) != len(parameters):
            continue  # a zone's figures or initiatives: the parameters of /v1/figures, /v1/initiatives
        base = {**REQUIRED.get(path, {}), **{name: PATH_VALUES[name] for name in in_path}}
        slug = _slug(path)
        free = [p for p in parameters if p["name"] not in CSV_PARAMETERS and is_free_text(p["schema"])]
        typed = [p["name"] for p in parameters if p["name"] not in CSV_PARAMETERS and p not in free]
        csv = [p["name"] for p in parameters if p["name"] in CSV_PARAMETERS]

        def case(id: str, values: dict[str, str], status: int, check: Check | None) -> Case:
            url, params = _request(path, {**base, **values})  # noqa: B023 - called in this iteration
            return Case(f"inject-{id}", path=url, params=params, status=status, check=check)

        for label, value in {**SQL_INJECTIONS, "nul": NUL}.items():
            for p in free:
                if value == NUL or (p["in"] == "query" and p["name"] in REFUSED):
                    status = 422
                else:
                    status = 404 if p["in"] == "path" else 200
                cases.append(case(f"{label}-{slug}-{p['name']}", {p["name"]: value}, status, empty))
        for label, value in SQL_INJECTIONS.items():
            if typed:
                values = dict.fromkeys(typed, value)
                cases.append(case(f"{label}-{slug}-every-typed", values, 422, names_every(typed)))
            if csv:
                values = dict.fromkeys(csv, value)
                cases.append(case(f"{label}-{slug}-format-and-bom", values, 422, names_parameter("format")))
    return cases


def names_every(parameters: list[str]) -> Check:
    def check(response: httpx.Response, client: TestClient) -> None:
        assert set(parameters) <= {e["parameter"] for e in response.json()["errors"]}, response.json()

    return check


CASES = [*INGEST_CASES, *KEY_CASES, *QUERY_CASES, *PATH_CASES, *injection_cases()]


# --- the test --------------------------------------------------------------------------------


def row_counts(factory: sessionmaker[Session]) -> dict[str, int]:
    with factory() as session:
        return {t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES}


def send_raw(client: TestClient, case: Case) -> httpx.Response:
    """The request target as is, straight to the app (httpx refuses a query over 64 KiB)."""
    assert case.raw_target is not None
    raw_path, _, query = case.raw_target.partition(b"?")
    body = case.content if isinstance(case.content, bytes) else b""
    headers = [
        (b"host", b"testserver"),
        (b"content-length", str(len(body)).encode()),
        *(case.headers or {}).items(),
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": case.method,
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("testclient", 50000),
        "root_path": "",
        "path": unquote(raw_path.decode("ascii")),
        "raw_path": raw_path,
        "query_string": query,
        "headers": headers,
    }
    sent: list[Message] = []
    messages = iter([{"type": "http.request", "body": body, "more_body": False}])

    async def receive() -> Message:
        return next(messages, {"type": "http.disconnect"})

    async def send(message: Message) -> None:
        sent.append(message)

    anyio.run(client.app, scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return httpx.Response(start["status"], headers=start["headers"], content=content)


def send(client: TestClient, case: Case) -> httpx.Response:
    if case.raw_target is not None:
        return send_raw(client, case)
    content = case.content() if callable(case.content) else case.content
    response: httpx.Response = client.request(
        case.method, case.path, params=case.params, headers=case.headers, content=content
    )
    return response


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input_gets_a_clean_answer(
    client: TestClient, session_factory: sessionmaker[Session], case: Case
) -> None:
    before = row_counts(session_factory)

    response = send(client, case)

    assert response.status_code < 500, response.text[:500]
    assert response.status_code == case.status, response.text[:500]
    if response.status_code >= 400:
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert {"type", "title", "status", "detail"} <= problem.keys(), problem
        assert problem["status"] == response.status_code and problem["detail"], problem
    after = row_counts(session_factory)
    if case.stores:
        assert after["documents"] == before["documents"] + 1 and after["articles"] > before["articles"]
    else:
        assert after == before
    if case.check is not None:
        case.check(response, client)


def test_the_table_has_a_row_for_each_operation_and_every_parameter() -> None:
    ids = {case.id for case in CASES}
    assert len(ids) == len(CASES), "case ids are unique"
    for path in ("/v1/figures", "/v1/initiatives", "/v1/organizations", "/v1/people", "/v1/articles"):
        assert f"inject-or-1-eq-1-{_slug(path)}-text" in ids
    for name in ("zones-province", "search-q", "stats-money-currency", "zones-zone-zone", "people-cursor"):
        assert f"inject-nul-{name}" in ids
    for slug in ("zones", "search", "stats-money", "articles-article_id"):
        assert f"inject-drop-table-{slug}-every-typed" in ids
