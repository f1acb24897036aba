"""Readiness: the database answers."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.errors import Unavailable


def check_database(session: Session) -> None:
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        raise Unavailable(f"the database does not answer: {type(exc).__name__}") from exc
