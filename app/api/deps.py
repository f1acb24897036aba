"""The injectables, each declared once as an `Annotated` alias."""

from __future__ import annotations

import hmac
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, Query, Request, Response
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from app.api.reading import json_response
from app.config import Settings
from app.errors import Forbidden, InvalidInput, Unauthorized
from app.services.loading import INCLUDES
from app.services.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageRequest, Window


def _transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def get_session(request: Request) -> Iterator[Session]:
    """One session per request: committed when the handler returns, rolled back if it raised."""
    yield from _transaction(request.app.state.sessionmaker)


def get_writer_session(request: Request) -> Iterator[Session]:
    """A session for a request that writes: on SQLite it takes the write lock at BEGIN, so
    concurrent writers queue instead of failing with "database is locked"."""
    yield from _transaction(request.app.state.writer_sessionmaker)


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="an API key from ZONEFACTS_API_KEYS as `Authorization: Bearer KEY`",
)
_api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    scheme_name="apiKey",
    description="an API key from ZONEFACTS_API_KEYS as `X-API-Key: KEY`",
)


def key_matches(sent: str, keys: Sequence[str]) -> bool:
    """Whether `sent` is one of `keys`, compared in constant time (every key is compared).

    >>> key_matches("b", ["a", "b"]), key_matches("c", ["a", "b"])
    (True, False)
    """
    sent_bytes = sent.encode("utf-8", "surrogateescape")
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(sent_bytes, key.encode("utf-8", "surrogateescape"))
    return matched


def require_api_key(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header_key: Annotated[str | None, Depends(_api_key_header)],
) -> None:
    """Writes need a configured API key; with none configured the service is read-only."""
    keys = get_app_settings(request).api_keys
    if not keys:
        raise Forbidden(
            "this service is read-only: no API keys are configured (set ZONEFACTS_API_KEYS to allow writes)"
        )
    sent = [header_key] if header_key else []
    authorization = request.headers.get("authorization")
    if authorization is not None:  # present, it must be a bearer key: a garbled one is refused
        if bearer is None or not bearer.credentials:
            raise Unauthorized("the Authorization header must be `Bearer KEY`")
        sent.append(bearer.credentials)
    if not sent:
        raise Unauthorized("writing needs an API key: send `Authorization: Bearer KEY` or `X-API-Key: KEY`")
    if not all(key_matches(key, keys) for key in sent):  # a wrong key is never excused by a right one
        raise Unauthorized("the API key is not valid")


@dataclass(frozen=True, slots=True)
class Paging:
    """The page a list request asks for, and how to answer it: `Page` body plus `Link` header."""

    limit: int
    cursor: str | None
    total: bool
    request: Request

    def request_for(self, sort: str = "id") -> PageRequest:
        return PageRequest(limit=self.limit, cursor=self.cursor, sort=sort, with_total=self.total)

    def respond(self, window: Window[Any]) -> Response:
        """The `Page` JSON of a window of rows (already in their response model's shape)."""
        link, headers = None, None
        if window.next_cursor is not None:
            query = [(k, v) for k, v in self.request.query_params.multi_items() if k != "cursor"]
            path = quote(self.request.url.path)  # a zone's name in the path: headers are ASCII
            link = f"{path}?{urlencode([('cursor', window.next_cursor), *query])}"
            headers = {"Link": f'<{link}>; rel="next"'}
        page = {"items": window.items, "next": link, "next_cursor": window.next_cursor, "total": window.total}
        return json_response(page, headers)


async def get_paging(
    request: Request,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="rows per page, at most 500", examples=[100])
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(
            description="opaque cursor of the next page: the `next_cursor` of the previous page "
            "(or follow `next`); made for one `sort`, invalid for another",
            examples=["eyJ2IjoxLCJzIjoiaWQiLCJrIjo1MCwiaWQiOjUwfQ.abc"],
        ),
    ] = None,
    total: Annotated[
        bool,
        Query(description="also count every matching row (`total`); costs one more query", examples=[True]),
    ] = False,
) -> Paging:
    return Paging(limit=limit, cursor=cursor, total=total, request=request)


async def get_include(
    include: Annotated[
        list[str] | None,
        Query(
            description="related objects to show in each row, comma-separated or repeated: "
            "zone (its province, city, official name; else id and name only), article (id, title, "
            "date), sentence (an initiative's first mention's sentence; figures always have theirs)",
            examples=["zone,article,sentence"],
        ),
    ] = None,
) -> frozenset[str]:
    names = {part.strip() for value in include or () for part in value.split(",") if part.strip()}
    unknown = sorted(names - set(INCLUDES))
    if unknown:
        raise InvalidInput(
            f"include: unknown {', '.join(unknown)} (choose from {', '.join(INCLUDES)})", parameter="include"
        )
    return frozenset(names)


# scope="function": the transaction commits before the response is sent, so a 2xx means stored.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
WriterSessionDep = Annotated[Session, Depends(get_writer_session, scope="function")]
ApiKeyDep = Depends(require_api_key)
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
PagingDep = Annotated[Paging, Depends(get_paging)]
IncludeDep = Annotated[frozenset[str], Depends(get_include)]
