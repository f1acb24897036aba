from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import PaginationDep, SessionDep
from app.extract.types import InitiativeKind
from app.schemas import InitiativeRead, Page
from app.services.initiatives import list_initiatives

router = APIRouter(prefix="/v1/initiatives", tags=["initiatives"])


@router.get("", response_model=Page[InitiativeRead], summary="List initiatives with their figures")
def get_initiatives(
    session: SessionDep,
    page: PaginationDep,
    zone: Annotated[list[str] | None, Query(description="zone id, name or alias; repeat for several")] = None,
    kind: InitiativeKind | None = None,
    text: Annotated[str | None, Query(description="part of the name")] = None,
    article: Annotated[int | None, Query(description="article id")] = None,
) -> object:
    return list_initiatives(
        session,
        zones=zone or (),
        kind=kind,
        text=text,
        article_id=article,
        limit=page.limit,
        offset=page.offset,
    )
