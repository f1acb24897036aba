from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import PaginationDep, SessionDep
from app.extract.types import OrganizationType
from app.schemas import OrganizationRead, Page
from app.services.organizations import list_organizations

router = APIRouter(prefix="/v1/organizations", tags=["organizations"])


@router.get("", response_model=Page[OrganizationRead], summary="List organizations named in articles")
def get_organizations(
    session: SessionDep,
    page: PaginationDep,
    type: OrganizationType | None = None,
    text: Annotated[str | None, Query(description="part of the name")] = None,
    article: Annotated[int | None, Query(description="article id")] = None,
) -> object:
    return list_organizations(
        session, type=type, text=text, article_id=article, limit=page.limit, offset=page.offset
    )
