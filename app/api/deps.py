"""The injectables, each declared once as an `Annotated` alias."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, urlencode

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.errors import InvalidInput
from app.schemas import Page
from app.services.loading import INCLUDES
from app.services.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageRequest, Window

M = TypeVar("M", bound=BaseModel)


def get_session(request: Request) -> Iterator[Session]:
    """One session per request: committed when the handler returns, rolled back if it raised."""
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    with factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@dataclass(frozen=True, slots=True)
class Paging:
    """The page a list request asks for, and how to answer it: `Page` body plus `Link` header."""

    limit: int
    cursor: str | None
    total: bool
    request: Request
    response: Response

    def request_for(self, sort: str = "id") -> PageRequest:
        return PageRequest(limit=self.limit, cursor=self.cursor, sort=sort, with_total=self.total)

    def page(self, window: Window[Any], schema: type[M], include: frozenset[str] = frozenset()) -> Page[M]:
        link = None
        if window.next_cursor is not None:
            query = [(k, v) for k, v in self.request.query_params.multi_items() if k != "cursor"]
            path = quote(self.request.url.path)  # a zone's name in the path: headers are ASCII
            link = f"{path}?{urlencode([('cursor', window.next_cursor), *query])}"
            self.response.headers["Link"] = f'<{link}>; rel="next"'
        items = [schema.model_validate(row, context={"include": include}) for row in window.items]
        return Page[schema](  # type: ignore[valid-type]
            items=items, next=link, next_cursor=window.next_cursor, total=window.total
        )


def get_paging(
    request: Request,
    response: Response,
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
    return Paging(limit=limit, cursor=cursor, total=total, request=request, response=response)


def get_include(
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


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
PagingDep = Annotated[Paging, Depends(get_paging)]
IncludeDep = Annotated[frozenset[str], Depends(get_include)]
