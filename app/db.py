"""Database plumbing: the declarative base, engines, sessions and schema migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, event, make_url
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from app.config import PROJECT_ROOT

# The same constraint names on SQLite and PostgreSQL, so migrations can name what they drop.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def create_engine(
    database_url: str, *, timeout: float = 30, bulk_load: bool = False, **kwargs: Any
) -> Engine:
    """An engine for `database_url`; for SQLite: the folder made, foreign keys and WAL on.

    `timeout` bounds the wait for a connection (PostgreSQL: connecting, and for a free one in
    the pool) or for a lock (SQLite), so a database that is down makes requests fail fast.
    Connections are pinged before use: after a restart of the server the pool heals by itself.
    `bulk_load` (the loader's engine, whose work can be run again) trades the durability of the
    last commits for speed on SQLite, see `_configure_sqlite`.
    """
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        connect_args = {"connect_timeout": max(1, round(timeout))}
        return sa_create_engine(
            url, pool_pre_ping=True, pool_timeout=timeout, connect_args=connect_args, **kwargs
        )
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa_create_engine(url, connect_args={"timeout": timeout}, **kwargs)
    _configure_sqlite(engine, bulk_load=bulk_load)
    return engine


# For a bulk load: under WAL, synchronous=NORMAL syncs at checkpoints only, not at each commit (a
# power loss may lose the last commits but never corrupts the file; a killed process loses
# nothing committed); a checkpoint every 10,000 pages of WAL instead of 1,000 copies the pages
# that every commit rewrites (indexes, search tables) less often, for a WAL of up to ~40 MB.
BULK_LOAD_PRAGMAS = ("PRAGMA synchronous=NORMAL", "PRAGMA wal_autocheckpoint=10000")


def _configure_sqlite(engine: Engine, *, bulk_load: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT and
        # transactional DDL; we switch it off and emit BEGIN ourselves (see on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        for pragma in BULK_LOAD_PRAGMAS if bulk_load else ():
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Writers take the write lock up front (BEGIN IMMEDIATE): a deferred transaction that
        # read first would fail with "database is locked" when another writer got in between.
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


def create_sessionmaker(engine: Engine, *, writer: bool = False) -> sessionmaker[Session]:
    """Sessions on `engine`; `writer=True` for transactions that will write (the loader)."""
    bind = engine.execution_options(sqlite_begin="IMMEDIATE") if writer else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


# --- migrations ---------------------------------------------------------------------------

# What only migrations know, never the models: the search indexes (revision 0003: the SQLite
# FTS5 trigram table with its shadow tables, PostgreSQL's trigram index; 0004: the bigram index,
# an FTS5 table or a PostgreSQL table) and the money totals (0005, with its indexes), kept in
# step by the writer of a page (`app.services.derived_rows`) and by triggers (0006). Autogenerate
# must not propose to drop them.
SEARCH_INDEX_PREFIXES = ("sentences_fts", "ix_sentences_text_trgm", "sentence_bigrams", "money_totals")


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's `include_object` hook: compare everything but what SEARCH_INDEX_PREFIXES names."""
    return not (reflected and compare_to is None and (name or "").startswith(SEARCH_INDEX_PREFIXES))


def migrations_dir() -> Path:
    """`migrations/` beside the package (editable installs, the Docker image) or in the cwd."""
    beside = PROJECT_ROOT / "migrations"
    return beside if beside.is_dir() else Path.cwd() / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


def upgrade_database(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade_database(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
