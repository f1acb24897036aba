"""The injectables, each declared once as an `Annotated` alias."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.services.pagination import DEFAULT_LIMIT, MAX_LIMIT


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
class Pagination:
    limit: int
    offset: int


def get_pagination(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="rows per page")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, description="rows to skip (the `next` of the previous page)")] = 0,
) -> Pagination:
    return Pagination(limit=limit, offset=offset)


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
PaginationDep = Annotated[Pagination, Depends(get_pagination)]
