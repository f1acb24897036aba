"""CSV for every list: `Accept: text/csv` or `format=csv` turns a page's `items` into CSV rows.

It is done for every route that answers a `Page` (`{"items": [...], "next": ...}`), after the
route, by the middleware that tags GET answers (`app.api.caching`), so the routers know nothing
of it. Nested objects become dotted columns (`zone.name`), lists a JSON cell; the columns come
from the page's item model, so an empty page still has its header row. The rows are streamed.
`bom=true` puts a UTF-8 byte order mark first, which spreadsheet programs need to read Chinese
text as UTF-8. The next page's link stays in the `Link` header. `requested(scope)` tells
whether a request asks for CSV without parsing anything when it plainly does not, so JSON
answers pay next to nothing for CSV.
"""

from __future__ import annotations

import csv
import io
import json
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from fastapi import FastAPI
from pydantic import BaseModel
from starlette.datastructures import Headers, QueryParams
from starlette.responses import JSONResponse, StreamingResponse
from starlette.types import Message, Receive, Scope, Send

from app.api.problems import MEDIA_TYPE as PROBLEM_MEDIA_TYPE

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
ROWS_PER_CHUNK = 100
TRUE_WORDS, FALSE_WORDS = ("true", "1", "yes"), ("false", "0", "no", "")


@dataclass(frozen=True, slots=True)
class CsvOptions:
    bom: bool
    json_acceptable: bool = False  # asked by Accept, which takes JSON too: JSON for a non-list


class BadFormat(ValueError):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


def _quality(accept: str) -> dict[str, float]:
    """Media ranges of an Accept header with their q values.

    >>> _quality("text/csv;q=0.9, application/*")
    {'text/csv': 0.9, 'application/*': 1.0}
    """
    found = {}
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            found[media.lower()] = q
    return found


def _json_quality(quality: dict[str, float]) -> float:
    return quality.get("application/json", quality.get("application/*", quality.get("*/*", 0.0)))


def accepts_csv(accept: str) -> bool:
    """Whether the Accept header prefers CSV to JSON (an explicit text/csv wins a tie with */*).

    >>> accepts_csv("text/csv"), accepts_csv("text/csv, */*"), accepts_csv("application/json, text/csv;q=0.5")
    (True, True, False)
    """
    quality = _quality(accept)
    csv_q = quality.get("text/csv", 0.0)
    return csv_q > 0 and csv_q >= _json_quality(quality)


def requested(scope: Scope) -> CsvOptions | None:
    """`requested_csv` for an ASGI request; most ask for JSON, and are told so without parsing.

    >>> requested({"query_string": b"zone=%E4%BD%9B&limit=5", "headers": [(b"accept", b"*/*")]})
    >>> requested({"query_string": b"format=csv&bom=1", "headers": []})
    CsvOptions(bom=True, json_acceptable=False)
    >>> requested({"query_string": b"", "headers": [(b"accept", b"text/CSV, */*")]})
    CsvOptions(bom=False, json_acceptable=True)
    """
    query: bytes = scope["query_string"]
    if b"format" not in query and b"bom" not in query and not _encoded_name(query):
        # No format= nor bom=: only an Accept header naming CSV can ask for it.
        for name, value in scope["headers"]:
            if name == b"accept":
                if b"csv" not in value.lower():
                    return None
                break
        else:
            return None
    return requested_csv(QueryParams(query), Headers(scope=scope))


def _encoded_name(query: bytes) -> bool:
    """Whether a parameter's name has a percent sign: it may spell `format` (%66ormat)."""
    return b"%" in query and any(b"%" in pair.partition(b"=")[0] for pair in query.split(b"&"))


def requested_csv(query: QueryParams, headers: Headers) -> CsvOptions | None:
    """The CSV options a request asks for, or None for JSON. Raises BadFormat on a bad value."""
    format_ = query.get("format", "").strip().lower()
    if format_ not in ("", "csv", "json"):
        raise BadFormat("format", "format: csv or json")
    bom_word = query.get("bom", "").strip().lower()
    if bom_word not in TRUE_WORDS + FALSE_WORDS:
        raise BadFormat("bom", "bom: true or false")
    bom = bom_word in TRUE_WORDS
    if format_ == "csv":
        return CsvOptions(bom=bom)
    accept = headers.get("accept", "")
    if not format_ and accepts_csv(accept):
        return CsvOptions(bom=bom, json_acceptable=_json_quality(_quality(accept)) > 0)
    return None


# --- columns and cells ------------------------------------------------------------------------


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a field that holds one object (`ZoneRef | None`), else None."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else None
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def model_columns(model: type[BaseModel], prefix: str = "", depth: int = 0) -> list[str]:
    """The dotted columns of a model: nested objects flattened, everything else one column."""
    columns = []
    for name, info in model.model_fields.items():
        key = prefix + (info.serialization_alias or name)
        nested = _nested_model(info.annotation)
        if nested is not None and depth < 3:
            columns += model_columns(nested, f"{key}.", depth + 1)
        else:
            columns.append(key)
    return columns


def item_model(route: Any) -> type[BaseModel] | None:
    """The model of a route's page items: `FigureRead` for a route answering `Page[FigureRead]`."""
    page = getattr(route, "response_model", None)
    if not (isinstance(page, type) and issubclass(page, BaseModel)) or "items" not in page.model_fields:
        return None
    args = get_args(page.model_fields["items"].annotation)
    return args[0] if args and isinstance(args[0], type) and issubclass(args[0], BaseModel) else None


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A JSON object as dotted keys.

    >>> flatten({"id": 1, "zone": {"id": 50, "name": "佛山高新区"}, "initiative": None})
    {'id': 1, 'zone.id': 50, 'zone.name': '佛山高新区', 'initiative': None}
    """
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat |= flatten(value, f"{prefix}{key}.")
        else:
            flat[prefix + key] = value
    return flat


def cell(value: Any) -> str:
    """A JSON value as CSV text: null empty, booleans as true/false, lists as JSON.

    >>> [cell(None), cell(True), cell(36.75), cell(["王明", "李华"])]
    ['', 'true', '36.75', '["王明","李华"]']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def columns_for(model: type[BaseModel] | None, rows: list[dict[str, Any]]) -> list[str]:
    """The model's columns, then any key the rows have beyond them (fields added at run time)."""
    columns = model_columns(model) if model is not None else []
    known = set(columns)
    prefixes = {column.rsplit(".", 1)[0] for column in columns if "." in column}
    for row in rows:
        for key in row:
            if key not in known and key not in prefixes:
                known.add(key)
                columns.append(key)
    return columns


def csv_chunks(items: list[dict[str, Any]], model: type[BaseModel] | None, bom: bool) -> Iterator[bytes]:
    rows = [flatten(item) for item in items]
    columns = columns_for(model, rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        buffer.write("\ufeff")
    writer.writerow(columns)
    for number, row in enumerate(rows, 1):
        writer.writerow([cell(row.get(column)) for column in columns])
        if number % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


# --- the answer ---------------------------------------------------------------------------------


def _problem(scope: Scope, status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {
        "type": "urn:zonefacts:problem:invalid-input" if status == 422 else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": scope["path"],
    } | extra
    headers = {"Cache-Control": "no-store", "Vary": "Accept"}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def bad_format(scope: Scope, exc: BadFormat) -> JSONResponse:
    """The answer to a request whose `format` or `bom` has no meaning."""
    return _problem(scope, 422, "Invalid input", str(exc), parameter=exc.parameter)


async def respond(
    scope: Scope, receive: Receive, send: Send, start: Message, body: bytes, options: CsvOptions
) -> None:
    """Answer a request that asked for CSV, given the route's whole answer (`start`, `body`): a
    page of a list as CSV, anything else as it is, or 406 when the client takes no JSON."""
    headers = Headers(raw=start["headers"])
    page = _page(start["status"], headers, body)
    if page is None:
        if start["status"] == 200 and not options.json_acceptable:
            detail = "CSV is available for lists only; this resource is JSON"
            await _problem(scope, 406, "Not Acceptable", detail)(scope, receive, send)
            return
        await send(start)
        await send({"type": "http.response.body", "body": body})
        return

    kept = {k: v for k, v in headers.items() if k not in ("content-type", "content-length")}
    kept["vary"] = "Accept"
    name = scope["path"].rstrip("/").rsplit("/", 1)[-1] or "items"
    kept["content-disposition"] = f'attachment; filename="{name}.csv"'
    if page.get("next") is not None and "link" not in kept:
        kept["link"] = f'<{page["next"]}>; rel="next"'
    model = item_model(scope.get("route"))
    response = StreamingResponse(
        csv_chunks(page["items"], model, options.bom), media_type=CSV_MEDIA_TYPE, headers=kept
    )
    await response(scope, receive, send)


def _page(status: int, headers: Headers, body: bytes) -> dict[str, Any] | None:
    if status != 200 or not headers.get("content-type", "").startswith("application/json"):
        return None
    try:
        page = json.loads(body)
    except ValueError:
        return None
    if isinstance(page, dict) and isinstance(page.get("items"), list):
        return page
    return None


# --- documentation ------------------------------------------------------------------------------

CSV_EXAMPLE = "id,name,kind,zone.id,zone.name\r\n11,滨湖科创天使基金,fund,50,合肥高新区\r\n"
FORMAT_PARAMETERS = [
    {
        "name": "format",
        "in": "query",
        "required": False,
        "description": "`csv`: answer this page as CSV (a header row, then one row per item); "
        "the same as `Accept: text/csv`. `json` (the default) answers JSON.",
        "schema": {"type": "string", "enum": ["json", "csv"]},
        "example": "csv",
    },
    {
        "name": "bom",
        "in": "query",
        "required": False,
        "description": "with CSV: `true` starts the file with a UTF-8 byte order mark, so that "
        "spreadsheet programs read 佛山高新区 and not mojibake",
        "schema": {"type": "boolean", "default": False},
        "example": True,
    },
]


def _is_page(schema: dict[str, Any], components: dict[str, Any]) -> bool:
    ref = schema.get("$ref", "")
    target = components.get(ref.rsplit("/", 1)[-1], {}) if ref else schema
    return "items" in target.get("properties", {}) and "next" in target.get("properties", {})


def document(app: FastAPI) -> None:
    """Say in the OpenAPI schema that every list also answers CSV, with `format` and `bom`."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            components = schema.get("components", {}).get("schemas", {})
            for operation in (ops["get"] for ops in schema.get("paths", {}).values() if "get" in ops):
                ok = operation.get("responses", {}).get("200", {})
                json_schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
                if not _is_page(json_schema, components):
                    continue
                names = {p["name"] for p in operation.get("parameters", [])}
                operation.setdefault("parameters", []).extend(
                    p for p in FORMAT_PARAMETERS if p["name"] not in names
                )
                ok["content"]["text/csv"] = {
                    "schema": {"type": "string", "description": "a header row, then one row per item"},
                    "example": CSV_EXAMPLE,
                }
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
