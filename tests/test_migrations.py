"""The migrations build exactly the models, and come down cleanly, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

import app.models  # noqa: F401
from app.db import (
    Base,
    create_engine,
    current_revision,
    downgrade_database,
    include_object,
    upgrade_database,
)


def schema_differences(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": include_object}
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def table_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_matches_models(empty_database_url: str) -> None:
    upgrade_database(empty_database_url)
    assert table_names(empty_database_url) >= set(Base.metadata.tables)

    downgrade_database(empty_database_url, "base")
    assert table_names(empty_database_url) <= {"alembic_version"}

    upgrade_database(empty_database_url)
    assert schema_differences(empty_database_url) == []
    engine = create_engine(empty_database_url)
    try:
        assert current_revision(engine) is not None
    finally:
        engine.dispose()
