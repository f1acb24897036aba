"""Initiatives: listing by zone, kind and name ("initiatives by zone" is one call)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Initiative
from app.services import zones as zones_service
from app.services.loading import initiative_options
from app.services.pagination import Window, paginate


def list_initiatives(
    session: Session,
    *,
    zones: Sequence[str] = (),
    kind: str | None = None,
    text: str | None = None,
    article_id: int | None = None,
    limit: int,
    offset: int,
) -> Window[Initiative]:
    statement = select(Initiative).options(*initiative_options()).order_by(Initiative.id)
    if zones:
        statement = statement.where(Initiative.zone_id.in_(zones_service.resolve_ids(session, zones)))
    if kind:
        statement = statement.where(Initiative.kind == kind)
    if text:
        statement = statement.where(Initiative.name.contains(text, autoescape=True))
    if article_id is not None:
        statement = statement.where(Initiative.article_id == article_id)
    return paginate(session, statement, limit=limit, offset=offset)
