"""The body of `POST /v1/articles`: a page as text/plain, text/html or JSON, read into `PageInput`.

The rules for charsets, control characters and HTML are in `app.services.page_text`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from pydantic import ValidationError

from app.errors import InvalidInput, UnsupportedMediaType
from app.schemas import HAN_CHARACTER, PageIn
from app.services.page_text import check_sent_text, decode_body, page_text

TEXT_TYPES = ("text/plain", "text/html")
JSON_TYPE = "application/json"
DEFAULT_SOURCE = "api"


@dataclass(frozen=True, slots=True)
class PageInput:
    text: str
    source: str
    published_date: dt.date | None


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """Media type (lower case) and charset of a Content-Type header; no header reads as text.

    >>> parse_content_type('text/plain; charset="GBK"')
    ('text/plain', 'GBK')
    >>> parse_content_type(None)
    ('text/plain', None)
    """
    if not value or not value.strip():
        return "text/plain", None
    media_type, *parameters = value.split(";")
    charset = None
    for parameter in parameters:
        name, _, parameter_value = parameter.partition("=")
        if name.strip().lower() == "charset" and parameter_value.strip():
            charset = parameter_value.strip().strip('"')
    return media_type.strip().lower(), charset


def _from_json(body: bytes) -> PageIn:
    try:
        return PageIn.model_validate_json(body)
    except ValidationError as exc:
        errors = [
            {"parameter": ".".join(str(part) for part in error["loc"]) or "body", "message": error["msg"]}
            for error in exc.errors(include_url=False, include_context=False, include_input=False)
        ]
        detail = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors)
        raise InvalidInput(f"the JSON body is not a valid page: {detail}", errors=errors) from exc


async def read_page(
    request: Request,
    source: Annotated[
        str | None,
        Query(
            max_length=500,
            description="where the page came from, for text bodies (a JSON body has its own `source`)",
            examples=["https://example.com/news/2022-11-23.html"],
        ),
    ] = None,
    published_date: Annotated[
        dt.date | None,
        Query(
            description="the page's date, for text bodies: dates the items whose text states none",
            examples=["2022-11-23"],
        ),
    ] = None,
) -> PageInput:
    media_type, charset = parse_content_type(request.headers.get("content-type"))
    body = await request.body()
    if media_type in TEXT_TYPES:
        text = page_text(decode_body(body, charset), html=media_type == "text/html")
        return PageInput(text, source or DEFAULT_SOURCE, published_date)
    if media_type == JSON_TYPE or media_type.endswith("+json"):
        if not body.strip():
            raise InvalidInput("the JSON body is empty")
        page = _from_json(body)
        text = page_text(check_sent_text(page.text), html=False)
        return PageInput(text, page.source or source or DEFAULT_SOURCE, page.published_date or published_date)
    raise UnsupportedMediaType(
        f"Content-Type {media_type!r} is not accepted: send text/plain, text/html or application/json",
        accepted=[*TEXT_TYPES, JSON_TYPE],
    )


PageInputDep = Annotated[PageInput, Depends(read_page)]


def request_body_schema() -> dict[str, Any]:
    """The OpenAPI `requestBody` of the ingest operation (the body is read by hand, above)."""
    json_schema = PageIn.model_json_schema()
    text_schema = {"type": "string", "minLength": 1, "pattern": HAN_CHARACTER}
    return {
        "required": True,
        "description": "The page: its text (UTF-8, GB18030, GBK; the charset parameter says which, "
        "else it is detected), an HTML page (reduced to its text), or JSON.",
        "content": {
            "text/plain": {"schema": text_schema, "example": PageIn.model_fields["text"].examples[0]},  # type: ignore[index]
            "text/html": {"schema": text_schema},
            JSON_TYPE: {"schema": json_schema},
        },
    }
