from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from app.api.deps import PagingDep, SessionDep
from app.extract.types import OrganizationType
from app.schemas import OrganizationRead, Page
from app.services.organizations import list_organizations

router = APIRouter(prefix="/v1/organizations", tags=["organizations"])


@router.get("", response_model=Page[OrganizationRead], summary="List organizations named in articles")
def get_organizations(
    session: SessionDep,
    paging: PagingDep,
    type: Annotated[
        OrganizationType | None, Query(description="bank, government, company...", examples=["bank"])
    ] = None,
    zone: Annotated[
        list[str] | None,
        Query(
            description="named in an article about this zone (id, name or alias); repeatable",
            examples=["佛山高新区"],
        ),
    ] = None,
    text: Annotated[str | None, Query(description="part of the name", examples=["银行"])] = None,
    article: Annotated[int | None, Query(description="article id", examples=[1])] = None,
    sort: Annotated[
        Literal["id", "-id", "name", "-name"], Query(description="order; ties in id order", examples=["name"])
    ] = "id",
) -> Page[OrganizationRead]:
    window = list_organizations(
        session, paging.request_for(sort), type=type, zones=zone or (), text=text, article_id=article
    )
    return paging.page(window, OrganizationRead)
