"""Organizations and people named in the articles."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Article, Organization, Person
from app.services import zones as zones_service
from app.services.loading import organization_options, person_options
from app.services.pagination import PageRequest, SortKey, Window, keyset_page, text_key

ORGANIZATION_SORTS: dict[str, SortKey] = {"name": text_key(Organization.name)}
PERSON_SORTS: dict[str, SortKey] = {"name": text_key(Person.name)}


def list_organizations(
    session: Session,
    page: PageRequest,
    *,
    type: str | None = None,
    zones: Sequence[str] = (),
    text: str | None = None,
    article_id: int | None = None,
) -> Window[Organization]:
    """Organizations; `zones`: named in an article about one of these zones (its primary zone)."""
    statement = select(Organization).options(*organization_options())
    if type:
        statement = statement.where(Organization.type == type)
    if zones:
        ids = zones_service.resolve_ids(session, zones)
        about = select(Article.id).where(Article.primary_zone_id.in_(ids))
        statement = statement.where(Organization.article_id.in_(about))
    if text:
        statement = statement.where(Organization.name.contains(text, autoescape=True))
    if article_id is not None:
        statement = statement.where(Organization.article_id == article_id)
    return keyset_page(session, statement, Organization.id, ORGANIZATION_SORTS, page)


def list_people(
    session: Session, page: PageRequest, *, text: str | None = None, article_id: int | None = None
) -> Window[Person]:
    statement = select(Person).options(*person_options())
    if text:
        statement = statement.where(Person.name.contains(text, autoescape=True))
    if article_id is not None:
        statement = statement.where(Person.article_id == article_id)
    return keyset_page(session, statement, Person.id, PERSON_SORTS, page)
