"""Organizations and people named in the articles."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Organization, Person
from app.services.loading import organization_options, person_options
from app.services.pagination import Window, paginate


def list_organizations(
    session: Session,
    *,
    type: str | None = None,
    text: str | None = None,
    article_id: int | None = None,
    limit: int,
    offset: int,
) -> Window[Organization]:
    statement = select(Organization).options(*organization_options()).order_by(Organization.id)
    if type:
        statement = statement.where(Organization.type == type)
    if text:
        statement = statement.where(Organization.name.contains(text, autoescape=True))
    if article_id is not None:
        statement = statement.where(Organization.article_id == article_id)
    return paginate(session, statement, limit=limit, offset=offset)


def list_people(
    session: Session, *, text: str | None = None, article_id: int | None = None, limit: int, offset: int
) -> Window[Person]:
    statement = select(Person).options(*person_options()).order_by(Person.id)
    if text:
        statement = statement.where(Person.name.contains(text, autoescape=True))
    if article_id is not None:
        statement = statement.where(Person.article_id == article_id)
    return paginate(session, statement, limit=limit, offset=offset)
