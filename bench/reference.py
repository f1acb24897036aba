"""Reference servers for the API benchmark: the same answers without the ORM, pydantic or a thread.

    BENCH_DATABASE=bench/.data/x.db BENCH_BODIES=dir python -m uvicorn bench.reference:app --port 8100

One FastAPI app, run by the same uvicorn as the service, with two kinds of routes:

- the service's own paths (`/v1/figures`, `/v1/zones/{zone}/initiatives`, `/v1/articles/{id}`,
  `/v1/search`, `/v1/stats/money`), each answered by `async def` on the event loop with raw
  `sqlite3` (the same SQL the service sends) and `orjson`: the same JSON, byte for byte, which
  `bench.run` checks before it measures. Only the parameters the benchmark sends are read.
- `/bytes/{name}`: bytes serialized before the run (the service's own answer to that request,
  from the files `BENCH_BODIES/{name}.json`), so the same size: the floor of the framework.

It imports from `app` only the pure functions that define the output (the cursor, the amount
parser, the search highlighter), never its database or web code.
"""

from __future__ import annotations

import os
import sqlite3
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import orjson
from fastapi import FastAPI, Request, Response

from app.services.amounts import parse_amount
from app.services.pagination import decode_cursor, encode_cursor
from app.services.search import TRIGRAM, fts5_phrase, mark, parse_query, snippet

JSON = "application/json"
state: dict[str, Any] = {}


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    path = os.environ["BENCH_DATABASE"]
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    state["db"] = connection
    bodies = Path(os.environ.get("BENCH_BODIES", ""))
    state["bodies"] = {p.stem: p.read_bytes() for p in bodies.glob("*.json")} if bodies.is_dir() else {}
    try:
        yield
    finally:
        connection.close()


app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)


def rows(sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    connection: sqlite3.Connection = state["db"]
    return connection.execute(sql, parameters).fetchall()


def json_response(content: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(content), media_type=JSON, headers=headers)


def marks(count: int) -> str:
    return ", ".join("?" * count)


def number(value: int | float | None) -> int | float | None:
    """A Numeric as the API writes it: whole numbers as integers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- figures -----------------------------------------------------------------------------------

FIGURE_COLUMNS = (
    "f.id, f.article_id, f.kind, f.text, f.value, f.value_high, f.unit, f.currency, f.amount_yuan, "
    "f.amount_yuan_high, f.amount_low_yuan, f.amount_high_yuan, f.qualifier, f.category, f.per_year, "
    'f.zone_id, f.share_of_id, f.sentence_start, f.sentence_end, f.sentence_text, f.start, f."end", '
    "z.id, z.name, i.id, i.name, i.kind, o.id, o.name, o.type"
)
FIGURE_JOINS = (
    "FROM figures f LEFT JOIN zones z ON z.id = f.zone_id LEFT JOIN initiatives i ON i.id = f.initiative_id "
    "LEFT JOIN organizations o ON o.id = f.organization_id"
)


def figure(row: Sequence[Any]) -> dict[str, Any]:
    """A FigureRead: the zone as id and name, the article not loaded (null)."""
    (fid, article_id, kind, text, value, value_high, unit, currency, amount, amount_high, low, high,
     qualifier, category, per_year, zone_id, share_of_id, s_start, s_end, s_text, start, end,
     z_id, z_name, i_id, i_name, i_kind, o_id, o_name, o_type) = row  # fmt: skip
    return {
        "id": fid,
        "article_id": article_id,
        "kind": kind,
        "text": text,
        "value": number(value),
        "value_high": number(value_high),
        "unit": unit,
        "currency": currency,
        "amount_yuan": amount,
        "amount_yuan_high": amount_high,
        "amount_low_yuan": low,
        "amount_high_yuan": high,
        "qualifier": qualifier,
        "category": category,
        "per_year": bool(per_year),
        "zone_id": zone_id,
        "zone": None if z_id is None else {"id": z_id, "name": z_name},
        "article": None,
        "initiative": None if i_id is None else {"id": i_id, "name": i_name, "kind": i_kind},
        "organization": None if o_id is None else {"id": o_id, "name": o_name, "type": o_type},
        "share_of_id": share_of_id,
        "sentence": {"start": s_start, "end": s_end, "text": s_text},
        "start": start,
        "end": end,
    }


def page(request: Request, items: list[Any], next_cursor: str | None) -> Response:
    """The service's `Page`: items, the next page's link (also in `Link`), its cursor, no total."""
    link, headers = None, None
    if next_cursor is not None:
        query = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
        link = f"{quote(request.url.path)}?{urlencode([('cursor', next_cursor), *query])}"
        headers = {"Link": f'<{link}>; rel="next"'}
    return json_response({"items": items, "next": link, "next_cursor": next_cursor, "total": None}, headers)


@app.get("/v1/figures")
async def figures(
    request: Request,
    category: str,
    min_amount: str,
    sort: str = "-amount",
    limit: int = 50,
    cursor: str | None = None,
) -> Response:
    """Query (a): figures of a category that may reach `min_amount`, by amount, keyset-paged."""
    descending = sort.startswith("-")
    conditions = [
        "f.category = ?",
        "f.amount_yuan IS NOT NULL",
        "(f.amount_high_yuan IS NULL OR f.amount_high_yuan >= ?)",
    ]
    parameters: list[Any] = [category, parse_amount(min_amount)]
    if cursor:
        value, row_id = decode_cursor(cursor, sort, int)
        beyond = "f.amount_yuan < ?" if descending else "f.amount_yuan > ?"
        conditions.append(f"({beyond} OR (f.amount_yuan = ? AND f.id > ?) OR f.amount_yuan IS NULL)")
        parameters += [value, value, row_id]
    order = "DESC" if descending else "ASC"
    found = rows(
        f"SELECT {FIGURE_COLUMNS} {FIGURE_JOINS} WHERE {' AND '.join(conditions)} "
        f"ORDER BY f.amount_yuan {order} NULLS LAST, f.id LIMIT ?",
        [*parameters, limit + 1],
    )
    items = [figure(row) for row in found[:limit]]
    next_cursor = None
    if len(found) > limit:
        last = items[-1]
        next_cursor = encode_cursor(sort, last["amount_yuan"], last["id"])
    return page(request, items, next_cursor)


# --- initiatives of a zone ---------------------------------------------------------------------


def zone_id(key: str) -> int | None:
    conditions = "name = ? OR id IN (SELECT zone_id FROM zone_aliases WHERE alias = ?)"
    parameters: list[Any] = [key, key]
    if key.isdigit():
        conditions += " OR id = ?"
        parameters.append(int(key))
    found = rows(f"SELECT id FROM zones WHERE {conditions} ORDER BY id LIMIT 1", parameters)
    return found[0][0] if found else None


def brief(row: Sequence[Any]) -> dict[str, Any]:
    fid, kind, text, amount, category, start, end = row
    return {"id": fid, "kind": kind, "text": text, "amount_yuan": amount, "category": category} | {
        "start": start,
        "end": end,
    }


def initiatives_with_facts(
    found: list[tuple[Any, ...]], sentences: dict[int, dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """InitiativeRead rows (id, name, kind, article_id, zone_id, zone id, zone name, start, end),
    with their mentions and their figures, in two more queries."""
    ids = [row[0] for row in found]
    mentions: dict[int, list[dict[str, int]]] = defaultdict(list)
    figures_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if ids:
        for owner, start, end in rows(
            'SELECT initiative_id, start, "end" FROM initiative_mentions '
            f"WHERE initiative_id IN ({marks(len(ids))}) ORDER BY start",
            ids,
        ):
            mentions[owner].append({"start": start, "end": end})
        for owner, *rest in rows(
            f'SELECT initiative_id, id, kind, text, amount_yuan, category, start, "end" FROM figures '
            f"WHERE initiative_id IN ({marks(len(ids))}) ORDER BY start",
            ids,
        ):
            figures_of[owner].append(brief(rest))
    return [
        {
            "id": iid,
            "name": name,
            "kind": kind,
            "article_id": article_id,
            "zone_id": zid,
            "zone": None if z_id is None else {"id": z_id, "name": z_name},
            "article": None,
            "sentence": None if sentences is None else sentences.get(iid),
            "start": start,
            "end": end,
            "mentions": mentions[iid],
            "figures": figures_of[iid],
        }
        for iid, name, kind, article_id, zid, z_id, z_name, start, end in found
    ]


INITIATIVE_COLUMNS = 'i.id, i.name, i.kind, i.article_id, i.zone_id, z.id, z.name, i.start, i."end"'


@app.get("/v1/zones/{zone}/initiatives")
async def zone_initiatives(
    request: Request, zone: str, limit: int = 50, cursor: str | None = None
) -> Response:
    """Query (b): a zone's initiatives in id order, with their mentions and figures."""
    found_zone = zone_id(zone.strip())
    if found_zone is None:
        return json_response({"title": "Not found", "status": 404}, None)
    after = decode_cursor(cursor, "id", int)[1] if cursor else 0
    found = rows(
        f"SELECT {INITIATIVE_COLUMNS} FROM initiatives i LEFT JOIN zones z ON z.id = i.zone_id "
        "WHERE i.zone_id = ? AND i.id > ? ORDER BY i.id LIMIT ?",
        [found_zone, after, limit + 1],
    )
    items = initiatives_with_facts(found[:limit])
    next_cursor = encode_cursor("id", items[-1]["id"], items[-1]["id"]) if len(found) > limit else None
    return page(request, items, next_cursor)


# --- one article -------------------------------------------------------------------------------


@app.get("/v1/articles/{article_id}")
async def article(article_id: int) -> Response:
    """Query (c): one article with its text and every fact, as ArticleDetail."""
    found = rows(
        "SELECT a.id, a.document_id, a.position, a.title, a.subtitle, a.authors, a.published_date, "
        "z.id, z.name, a.text, a.body_start FROM articles a LEFT JOIN zones z ON z.id = a.primary_zone_id "
        "WHERE a.id = ?",
        [article_id],
    )
    if not found:
        return json_response({"title": "Not found", "status": 404})
    aid, document_id, position, title, subtitle, authors, published, z_id, z_name, text, body_start = found[0]
    zones = [
        {"zone": {"id": zid, "name": name}, "start": start, "end": end}
        for zid, name, start, end in rows(
            'SELECT z.id, z.name, m.start, m."end" FROM zone_mentions m '
            "LEFT JOIN zones z ON z.id = m.zone_id WHERE m.article_id = ? ORDER BY m.start",
            [aid],
        )
    ]
    sentences = [
        {"start": start, "end": end, "text": sentence_text}
        for start, end, sentence_text in rows(
            'SELECT start, "end", text FROM sentences WHERE article_id = ? ORDER BY start', [aid]
        )
    ]
    figures = [
        figure(row)
        for row in rows(
            f"SELECT {FIGURE_COLUMNS} {FIGURE_JOINS} WHERE f.article_id = ? ORDER BY f.start", [aid]
        )
    ]
    found_initiatives = rows(
        f"SELECT {INITIATIVE_COLUMNS} FROM initiatives i LEFT JOIN zones z ON z.id = i.zone_id "
        "WHERE i.article_id = ? ORDER BY i.id",
        [aid],
    )
    first_sentences = {
        iid: {"start": start, "end": end, "text": sentence_text}
        for iid, start, end, sentence_text in rows(
            'SELECT i.id, s.start, s."end", s.text FROM initiatives i JOIN sentences s ON i.article_id = '
            's.article_id AND s.start <= i.start AND s."end" > i.start WHERE i.article_id = ?',
            [aid],
        )
    }
    organizations = mentioned("organizations", "organization_mentions", "organization_id", "name, type", aid)
    people = mentioned("people", "person_mentions", "person_id", "name, role, organization, quote", aid)
    return json_response(
        {
            "id": aid,
            "document_id": document_id,
            "position": position,
            "title": title,
            "subtitle": subtitle,
            "authors": orjson.loads(authors),
            "published_date": published,
            "primary_zone": None if z_id is None else {"id": z_id, "name": z_name},
            "text": text,
            "body_start": body_start,
            "zones": zones,
            "sentences": sentences,
            "figures": figures,
            "initiatives": initiatives_with_facts(found_initiatives, first_sentences),
            "organizations": organizations,
            "people": people,
        }
    )


def mentioned(
    table: str, mentions_table: str, key: str, columns: str, article_id: int
) -> list[dict[str, Any]]:
    """Organizations (id, name, type, article_id, ...) or people (id, article_id, name, ...)
    of an article with their mentions."""
    names = [c.strip() for c in columns.split(",")]
    found = rows(
        f'SELECT id, {columns}, start, "end" FROM {table} WHERE article_id = ? ORDER BY id', [article_id]
    )
    spans: dict[int, list[dict[str, int]]] = defaultdict(list)
    ids = [row[0] for row in found]
    if ids:
        for owner, start, end in rows(
            f'SELECT {key}, start, "end" FROM {mentions_table} '
            f"WHERE {key} IN ({marks(len(ids))}) ORDER BY start",
            ids,
        ):
            spans[owner].append({"start": start, "end": end})
    items = []
    for fid, *values, start, end in found:
        fields = dict(zip(names, values, strict=True))
        if table == "organizations":  # OrganizationRead: id, name, type, article_id, ...
            item = {"id": fid, **fields, "article_id": article_id}
        else:  # PersonRead: id, article_id, name, ...
            item = {"id": fid, "article_id": article_id, **fields}
        items.append(item | {"start": start, "end": end, "mentions": spans[fid]})
    return items


# --- search ------------------------------------------------------------------------------------


def like(term: str) -> str:
    escaped = term.lower().replace("/", "//").replace("%", "/%").replace("_", "/_")
    return escaped


@app.get("/v1/search")
async def search(request: Request, q: str, limit: int = 50, offset: int = 0) -> Response:
    """Query (d): sentences holding every term, densest first, highlighted, with their facts."""
    terms = parse_query(q)
    conditions, parameters = [], []
    for term in terms:
        if len(term) < TRIGRAM:
            conditions.append("(lower(text) LIKE '%' || ? || '%' ESCAPE '/')")
            parameters.append(like(term))
    indexed = [t for t in terms if len(t) >= TRIGRAM]
    if indexed:
        conditions.append("id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)")
        parameters.append(" AND ".join(fts5_phrase(t) for t in indexed))
    covered = " + ".join("(length(lower(text)) - length(replace(lower(text), ?, '')))" for _ in terms)
    score = f"CAST({covered} AS FLOAT) / (nullif(length(lower(text)), 0) + 0.0)"
    found = rows(
        f'SELECT id, article_id, start, "end", text, {score} AS score FROM sentences '
        f"WHERE {' AND '.join(conditions)} ORDER BY score DESC, id LIMIT ? OFFSET ?",
        [*(t.lower() for t in terms), *parameters, limit + 1, offset],
    )
    hits = []
    for sid, article_id, start, end, text, found_score in found[:limit]:
        highlight, spans = mark(text, terms)
        hits.append(
            {
                "sentence_id": sid,
                "article_id": article_id,
                "start": start,
                "end": end,
                "text": text,
                "highlight": highlight,
                "snippet": snippet(text, spans),
                "score": round(float(found_score or 0), 6),
                "matches": [{"start": start + a, "end": start + b} for a, b in spans],
                "figures": [],
                "initiatives": [],
                "organizations": [],
                "people": [],
            }
        )
    attach_facts(hits)
    following = None
    headers = None
    if len(found) > limit:
        url = request.url.include_query_params(offset=offset + limit)
        following = f"{url.path}?{url.query}"
        headers = {"Link": f'<{following}>; rel="next"'}
    return json_response({"items": hits, "next": following}, headers)


def attach_facts(hits: list[dict[str, Any]]) -> None:
    by_article: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for hit in hits:
        by_article[hit["article_id"]].append(hit)
    if not by_article:
        return
    ids = list(by_article)
    where = f"IN ({marks(len(ids))})"

    def inside(article_id: int, start: int, end: int) -> list[dict[str, Any]]:
        return [hit for hit in by_article[article_id] if hit["start"] <= start and end <= hit["end"]]

    for article_id, *rest in rows(
        f'SELECT article_id, id, kind, text, amount_yuan, category, start, "end" FROM figures '
        f"WHERE article_id {where} ORDER BY start, id",
        ids,
    ):
        for hit in inside(article_id, rest[-2], rest[-1]):
            hit["figures"].append(brief(rest))
    facts = (
        ("initiatives", "initiative_mentions", "initiative_id", "kind"),
        ("organizations", "organization_mentions", "organization_id", "type"),
        ("people", "person_mentions", "person_id", None),
    )
    for table, mentions_table, key, third in facts:
        extra = f", t.{third}" if third else ""
        for fid, article_id, name, *kind, start, end in rows(
            f'SELECT t.id, t.article_id, t.name{extra}, m.start, m."end" FROM {table} t '
            f"JOIN {mentions_table} m ON t.id = m.{key} WHERE t.article_id {where} ORDER BY m.start, t.id",
            ids,
        ):
            item = {"id": fid, "name": name} | ({third: kind[0]} if third else {})
            for hit in inside(article_id, start, end):
                if item not in hit[table]:
                    hit[table].append(item)


# --- money by province -------------------------------------------------------------------------

GROUPS = {"province": "z.province", "zone": "z.name", "category": "f.category"}


@app.get("/v1/stats/money")
async def money_stats(group_by: str) -> Response:
    """Query (e): sum, count, min and max of yuan amounts by province (zone, category)."""
    key = GROUPS[group_by]
    found = rows(
        f"SELECT {key} AS key, sum(f.amount_yuan) AS total, count(f.id), "
        "min(f.amount_yuan), max(f.amount_yuan) "
        "FROM figures f LEFT JOIN zones z ON z.id = f.zone_id WHERE f.amount_yuan IS NOT NULL "
        f"GROUP BY {key} ORDER BY {key} IS NULL, total DESC, key"
    )
    groups = [
        {"key": k, "sum_yuan": int(s), "count": c, "min_yuan": int(lo), "max_yuan": int(hi)}
        for k, s, c, lo, hi in found
    ]
    return json_response({"group_by": group_by, "groups": groups})


# --- pre-serialized bytes ----------------------------------------------------------------------


@app.get("/bytes/{name}")
async def serialized(name: str) -> Response:
    """The bytes of an answer serialized before the run: what the framework alone costs."""
    return Response(state["bodies"][name], media_type=JSON)
