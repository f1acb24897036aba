"""Index the text of sentences for Chinese full-text search: FTS5 trigrams on SQLite, pg_trgm on PostgreSQL.

Chinese has no spaces between words, so both databases index character trigrams, which find any
substring of three characters or more. SQLite keeps an external-content FTS5 table
`sentences_fts` (no second copy of the text) in step with `sentences` through triggers, so the
ingest code needs no change. PostgreSQL gets a GIN trigram index that serves `ILIKE '%...%'`.
Neither object is a model: `migrations/env.py` keeps them out of the autogenerate comparison.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 17:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UPGRADE = [
    """
    CREATE VIRTUAL TABLE sentences_fts USING fts5(
        text, content='sentences', content_rowid='id', tokenize='trigram'
    )
    """,
    """
    CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
        INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
    END
    """,
    """
    CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END
    """,
    """
    CREATE TRIGGER sentences_fts_update AFTER UPDATE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
    END
    """,
    # the sentences stored before this revision
    "INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')",
]

SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS sentences_fts_update",
    "DROP TRIGGER IF EXISTS sentences_fts_delete",
    "DROP TRIGGER IF EXISTS sentences_fts_insert",
    "DROP TABLE IF EXISTS sentences_fts",
]

POSTGRESQL_UPGRADE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_sentences_text_trgm ON sentences USING gin (text gin_trgm_ops)",
]

# The extension stays: other objects in the database may use it, and unused it costs nothing.
POSTGRESQL_DOWNGRADE = ["DROP INDEX IF EXISTS ix_sentences_text_trgm"]


def _run(statements: dict[str, list[str]]) -> None:
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    _run({"sqlite": SQLITE_UPGRADE, "postgresql": POSTGRESQL_UPGRADE})


def downgrade() -> None:
    _run({"sqlite": SQLITE_DOWNGRADE, "postgresql": POSTGRESQL_DOWNGRADE})
