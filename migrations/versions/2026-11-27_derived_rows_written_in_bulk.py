"""Let the writer of a page add its sentences to the search indexes and its money to the totals, in bulk, instead of a trigger per row.

Revisions 0003 to 0005 keep the search indexes and the money totals in step with `sentences`
and `figures` by triggers. Those that fire on INSERT took 23 of the 29 ms that storing a page
cost on SQLite (mostly a query over every position of every sentence for its bigrams, and FTS5
writing out its pending rows at each of them), so they go; `app.services.derived_rows` adds the same rows, one statement per
table for a page, in the transaction that writes it (`app.services.document_rows.write_rows`,
the one writer of sentences and figures). The triggers that fire on DELETE and UPDATE stay:
whatever removes or changes a row, cascades included, still keeps the indexes and totals exact.

- SQLite: the INSERT triggers of `sentences_fts` (0003), `sentence_bigrams` (0004) and
  `money_totals` (0005) are dropped; both FTS5 tables merge their segments 16 at a time.
- PostgreSQL: the bigram trigger fires on DELETE and UPDATE only; the money INSERT trigger is
  dropped (the trigram index of 0003 is an index, kept by the database itself).
- `money_totals` is keyed by (month, category, zone_id), on SQLite WITHOUT ROWID (the rows kept
  in key order), with an index by zone that holds the totals (see BY_ZONE).

Down again, the triggers are put back as the revisions that made them wrote them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 03:10:00.000000
"""

from collections.abc import Sequence
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_INSERT_TRIGGERS = {  # name: the revision that made it
    "sentences_fts_insert": "0003",
    "sentence_bigrams_insert": "0004",
    "money_totals_figure_insert": "0005",
}

# A load commits a page at a time, and FTS5 writes each commit out as a segment, which it merges
# once `automerge` of them (default 4) lie at one level: 16 halves the merging (a page stored in
# 14.0 ms instead of 16.7 over a 500-page load) for at most 15 segments a level to search.
FTS5_TABLES = ("sentences_fts", "sentence_bigrams")
FTS5_AUTOMERGE, FTS5_DEFAULT_AUTOMERGE = 16, 4


def _sqlite_automerge(segments: int) -> list[str]:
    return [f"INSERT INTO {table}({table}, rank) VALUES ('automerge', {segments})" for table in FTS5_TABLES]


POSTGRESQL_UPGRADE = [
    "DROP TRIGGER sentence_bigrams ON sentences",
    """
    CREATE TRIGGER sentence_bigrams AFTER DELETE OR UPDATE OF id, text ON sentences
    FOR EACH ROW EXECUTE FUNCTION sentence_bigrams_on_sentences()
    """,
    "DROP TRIGGER money_totals_figure_insert ON figures",
]

# --- money_totals, keyed by month first or by zone first ------------------------------------

KEYS = ("zone_id", "category", "month")
MONTH_FIRST = ("month", "category", "zone_id")
TOTALS = ("sum_yuan", "count", "min_yuan", "max_yuan")
COLUMNS = ", ".join(KEYS + TOTALS)


def _create_totals(name: str, key: Sequence[str], *, without_rowid: bool) -> None:
    op.create_table(
        name,
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("sum_yuan", sa.Numeric(precision=38, scale=0), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("min_yuan", sa.BigInteger(), nullable=False),
        sa.Column("max_yuan", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*key, name=op.f("pk_money_totals")),
        sqlite_with_rowid=not without_rowid,
    )


def _rekey_totals(key: Sequence[str], old_index: str, new_index: tuple[str, list[str]]) -> None:
    """Key `money_totals` by `key` (month first: WITHOUT ROWID on SQLite), its rows kept; drop
    index `old_index`, create `new_index` (name, columns)."""
    without_rowid = key[0] == "month"
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index(op.f(old_index), table_name="money_totals")
        op.drop_constraint(op.f("pk_money_totals"), "money_totals", type_="primary")
        op.create_primary_key(op.f("pk_money_totals"), "money_totals", list(key))
        op.create_index(op.f(new_index[0]), "money_totals", new_index[1])
        return
    # SQLite changes a table's key by copying it. The triggers of 0005 name `money_totals`: the
    # legacy rename neither checks nor rewrites them, and they find the new table by its name.
    _create_totals("money_totals_rekeyed", key, without_rowid=without_rowid)
    op.execute(f"INSERT INTO money_totals_rekeyed ({COLUMNS}) SELECT {COLUMNS} FROM money_totals")
    op.drop_index(op.f(old_index), table_name="money_totals")
    op.drop_table("money_totals")
    op.execute("PRAGMA legacy_alter_table = ON")
    op.execute("ALTER TABLE money_totals_rekeyed RENAME TO money_totals")
    op.execute("PRAGMA legacy_alter_table = OFF")
    op.create_index(op.f(new_index[0]), "money_totals", new_index[1])


# Month first, the rows of the every-month totals (month '*': the groupings by zone, province
# and category) lie together; the index by zone holds the totals too, so the every-zone rows
# (zone -1: the grouping by month) are read from it alone. At 1M figures (113,000 rows) the four
# groupings took 0.9, 1.2, 0.9 and 0.6 ms instead of 1.3, 1.7, 1.4 and 0.8.
BY_ZONE = ("ix_money_totals_by_zone", [*KEYS, *TOTALS])
BY_MONTH = ("ix_money_totals_month_category_zone_id", list(MONTH_FIRST))  # 0005's


# --- the triggers given back on the way down ------------------------------------------------


def _revision_module(revision_id: str) -> ModuleType:
    script = op.get_context().script
    assert script is not None, "migrations run from their script directory"
    found = script.get_revision(revision_id)
    assert found is not None
    return found.module


def _statement_creating(revision_id: str, name: str, statements: Sequence[str]) -> str:
    """The statement of `statements` (of revision `revision_id`) that creates trigger `name`."""
    for statement in statements:
        words = statement.split()
        if words[:2] == ["CREATE", "TRIGGER"] and words[2] == name:
            return statement
    raise LookupError(f"revision {revision_id} creates no trigger {name}")


def _sqlite_trigger(name: str, revision_id: str) -> str:
    module = _revision_module(revision_id)
    statements = module.SQLITE_UPGRADE if hasattr(module, "SQLITE_UPGRADE") else module._sqlite_upgrade()
    return _statement_creating(revision_id, name, statements)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRESQL_UPGRADE:
            op.execute(statement)
    else:
        for name in SQLITE_INSERT_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        for statement in _sqlite_automerge(FTS5_AUTOMERGE):
            op.execute(statement)
    _rekey_totals(MONTH_FIRST, BY_MONTH[0], BY_ZONE)


def downgrade() -> None:
    _rekey_totals(KEYS, BY_ZONE[0], BY_MONTH)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER sentence_bigrams ON sentences")
        module = _revision_module("0004")
        op.execute(_statement_creating("0004", "sentence_bigrams", module.POSTGRESQL_UPGRADE))
        module = _revision_module("0005")
        op.execute(_statement_creating("0005", "money_totals_figure_insert", module.POSTGRESQL_FUNCTIONS))
        return
    for name, revision_id in SQLITE_INSERT_TRIGGERS.items():
        op.execute(_sqlite_trigger(name, revision_id))
    for statement in _sqlite_automerge(FTS5_DEFAULT_AUTOMERGE):
        op.execute(statement)
