"""Keep money totals by zone, category and month, so that money stats read a few hundred rows, not every figure.

`money_totals` holds the sum, count, min and max of `figures.amount_yuan` (money with a yuan
amount) for three groupings, each row keyed by (zone_id, category, month):

- (zone, category, month): month is the article's "YYYY-MM";
- (zone, category, '*'): every month;
- (-1, category, month): every zone.

A figure without a zone has zone_id 0, one without a category category '', one whose article
has no date month ''. Triggers keep the rows in step with `figures` whatever writes it: an
insert adds, a delete or an update takes the old values out (min and max are looked up again
when the one removed was the min or the max). The month comes from the figure's article, so
an article deletes its money figures itself just before it goes (a cascade would run after the
article is gone), and a change of an article's date recounts the two months. The rows stored
before this revision are counted here. Not a model: `app.db.include_object` keeps the table
out of the autogenerate comparison (see `app.services.stats` for the reads).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 01:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANY_ZONE, ANY_MONTH = -1, "*"

# --- SQLite: triggers are lists of statements, so each step is written out for `old` or `new` ---


def _sqlite_month(article: str) -> str:
    return f"coalesce((SELECT substr(published_date, 1, 7) FROM articles WHERE id = {article}), '')"


def _sqlite_keys(row: str) -> tuple[str, str, str]:
    return f"coalesce({row}.zone_id, 0)", f"coalesce({row}.category, '')", _sqlite_month(f"{row}.article_id")


def _sqlite_add(row: str) -> list[str]:
    zone, category, month = _sqlite_keys(row)
    amount = f"{row}.amount_yuan"
    return [
        f"""
        INSERT INTO money_totals (zone_id, category, month, sum_yuan, count, min_yuan, max_yuan)
        SELECT {key_zone}, {category}, {key_month}, {amount}, 1, {amount}, {amount}
        WHERE {amount} IS NOT NULL
        ON CONFLICT (zone_id, category, month) DO UPDATE SET
            sum_yuan = sum_yuan + excluded.sum_yuan,
            count = count + 1,
            min_yuan = min(min_yuan, excluded.min_yuan),
            max_yuan = max(max_yuan, excluded.max_yuan);
        """
        for key_zone, key_month in ((zone, month), (zone, f"'{ANY_MONTH}'"), (str(ANY_ZONE), month))
    ]


def _sqlite_remove(row: str) -> list[str]:
    zone, category, month = _sqlite_keys(row)
    amount = f"{row}.amount_yuan"
    mine = (
        f"((zone_id = {zone} AND category = {category} AND month IN ({month}, '{ANY_MONTH}')) "
        f"OR (zone_id = {ANY_ZONE} AND category = {category} AND month = {month}))"
    )
    was_extreme = f"{amount} IN (min_yuan, max_yuan)"
    # the extremes of the figures left in the group: an index walk by amount within the zone
    figures = (
        "FROM figures AS f JOIN articles AS a ON a.id = f.article_id "
        f"WHERE f.zone_id IS {row}.zone_id AND f.category IS {row}.category "
        f"AND f.amount_yuan IS NOT NULL AND coalesce(substr(a.published_date, 1, 7), '') = {month}"
    )
    return [
        f"UPDATE money_totals SET sum_yuan = sum_yuan - {amount}, count = count - 1 "
        f"WHERE {amount} IS NOT NULL AND {mine};",
        f"DELETE FROM money_totals WHERE count <= 0 AND {amount} IS NOT NULL AND {mine};",
        f"""
        UPDATE money_totals SET
            min_yuan = (SELECT f.amount_yuan {figures} ORDER BY f.amount_yuan LIMIT 1),
            max_yuan = (SELECT f.amount_yuan {figures} ORDER BY f.amount_yuan DESC LIMIT 1)
        WHERE zone_id = {zone} AND category = {category} AND month = {month} AND {was_extreme};
        """,
        # the other two groupings from the (zone, category, month) rows just made right
        f"""
        UPDATE money_totals SET
            min_yuan = (SELECT min(g.min_yuan) FROM money_totals AS g
                        WHERE g.zone_id = {zone} AND g.category = {category} AND g.month <> '{ANY_MONTH}'),
            max_yuan = (SELECT max(g.max_yuan) FROM money_totals AS g
                        WHERE g.zone_id = {zone} AND g.category = {category} AND g.month <> '{ANY_MONTH}')
        WHERE zone_id = {zone} AND category = {category} AND month = '{ANY_MONTH}' AND {was_extreme};
        """,
        f"""
        UPDATE money_totals SET
            min_yuan = (SELECT min(g.min_yuan) FROM money_totals AS g
                        WHERE g.month = {month} AND g.category = {category} AND g.zone_id >= 0),
            max_yuan = (SELECT max(g.max_yuan) FROM money_totals AS g
                        WHERE g.month = {month} AND g.category = {category} AND g.zone_id >= 0)
        WHERE zone_id = {ANY_ZONE} AND category = {category} AND month = {month} AND {was_extreme};
        """,
    ]


def _count(months: str, dated: str) -> list[str]:
    """Statements that count the months `months` (rows already deleted) from the figures; `dated`
    is the month of an article `a`, as each database writes it."""
    return [
        f"""
        INSERT INTO money_totals (zone_id, category, month, sum_yuan, count, min_yuan, max_yuan)
        SELECT coalesce(f.zone_id, 0), coalesce(f.category, ''), {dated},
               sum(f.amount_yuan), count(*), min(f.amount_yuan), max(f.amount_yuan)
        FROM figures AS f JOIN articles AS a ON a.id = f.article_id
        WHERE f.amount_yuan IS NOT NULL AND {dated} IN ({months})
        GROUP BY coalesce(f.zone_id, 0), coalesce(f.category, ''), {dated}
        """,
        f"""
        INSERT INTO money_totals (zone_id, category, month, sum_yuan, count, min_yuan, max_yuan)
        SELECT {ANY_ZONE}, category, month, sum(sum_yuan), sum(count), min(min_yuan), max(max_yuan)
        FROM money_totals WHERE zone_id >= 0 AND month IN ({months})
        GROUP BY category, month
        """,
    ]


SQLITE_DATED = "coalesce(substr(a.published_date, 1, 7), '')"


def _sqlite_trigger(name: str, when: str, body: list[str]) -> str:
    return f"CREATE TRIGGER {name} {when} BEGIN\n" + "\n".join(body) + "\nEND"


def _sqlite_upgrade() -> list[str]:
    old_month = "coalesce(substr(old.published_date, 1, 7), '')"
    new_month = "coalesce(substr(new.published_date, 1, 7), '')"
    return [
        _sqlite_trigger("money_totals_figure_insert", "AFTER INSERT ON figures", _sqlite_add("new")),
        _sqlite_trigger("money_totals_figure_delete", "AFTER DELETE ON figures", _sqlite_remove("old")),
        _sqlite_trigger(
            "money_totals_figure_update",
            "AFTER UPDATE OF amount_yuan, zone_id, category, article_id ON figures",
            _sqlite_remove("old") + _sqlite_add("new"),
        ),
        _sqlite_trigger(
            "money_totals_article_delete",
            "BEFORE DELETE ON articles",
            ["DELETE FROM figures WHERE article_id = old.id AND amount_yuan IS NOT NULL;"],
        ),
        _sqlite_trigger(
            "money_totals_article_month",
            f"AFTER UPDATE OF published_date ON articles WHEN {old_month} <> {new_month}",
            [
                f"DELETE FROM money_totals WHERE month IN ({old_month}, {new_month});",
                *(f"{statement};" for statement in _count(f"{old_month}, {new_month}", SQLITE_DATED)),
            ],
        ),
    ]


SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS money_totals_article_month",
    "DROP TRIGGER IF EXISTS money_totals_article_delete",
    "DROP TRIGGER IF EXISTS money_totals_figure_update",
    "DROP TRIGGER IF EXISTS money_totals_figure_delete",
    "DROP TRIGGER IF EXISTS money_totals_figure_insert",
]

# --- PostgreSQL: plpgsql functions ------------------------------------------------------------

POSTGRESQL_DATED = "coalesce(to_char(a.published_date, 'YYYY-MM'), '')"

POSTGRESQL_FUNCTIONS = [
    f"""
    CREATE FUNCTION money_totals_add(zone integer, category text, month text, amount bigint)
    RETURNS void LANGUAGE sql AS $$
        INSERT INTO money_totals AS t (zone_id, category, month, sum_yuan, count, min_yuan, max_yuan)
        VALUES (zone, category, month, amount, 1, amount, amount),
               (zone, category, '{ANY_MONTH}', amount, 1, amount, amount),
               ({ANY_ZONE}, category, month, amount, 1, amount, amount)
        ON CONFLICT (zone_id, category, month) DO UPDATE SET
            sum_yuan = t.sum_yuan + excluded.sum_yuan,
            count = t.count + 1,
            min_yuan = least(t.min_yuan, excluded.min_yuan),
            max_yuan = greatest(t.max_yuan, excluded.max_yuan)
    $$
    """,
    f"""
    CREATE FUNCTION money_totals_remove(zone integer, category text, month text, amount bigint, figure integer)
    RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
        low bigint;
        high bigint;
    BEGIN
        UPDATE money_totals AS t SET sum_yuan = t.sum_yuan - amount, count = t.count - 1
        WHERE (t.zone_id = zone AND t.category = money_totals_remove.category
               AND t.month IN (money_totals_remove.month, '{ANY_MONTH}'))
           OR (t.zone_id = {ANY_ZONE} AND t.category = money_totals_remove.category
               AND t.month = money_totals_remove.month);
        DELETE FROM money_totals AS t
        WHERE t.count <= 0 AND t.category = money_totals_remove.category
          AND ((t.zone_id = zone AND t.month IN (money_totals_remove.month, '{ANY_MONTH}'))
               OR (t.zone_id = {ANY_ZONE} AND t.month = money_totals_remove.month));
        IF EXISTS (
            SELECT 1 FROM money_totals AS t
            WHERE t.zone_id = zone AND t.category = money_totals_remove.category
              AND t.month = money_totals_remove.month AND amount IN (t.min_yuan, t.max_yuan)
        ) THEN
            -- the extremes of the other figures of the group, from the zone's figures
            IF zone = 0 THEN
                SELECT min(f.amount_yuan), max(f.amount_yuan) INTO low, high
                FROM figures AS f JOIN articles AS a ON a.id = f.article_id
                WHERE f.zone_id IS NULL AND f.id <> figure
                  AND f.category IS NOT DISTINCT FROM nullif(money_totals_remove.category, '')
                  AND f.amount_yuan IS NOT NULL AND {POSTGRESQL_DATED} = money_totals_remove.month;
            ELSE
                SELECT min(f.amount_yuan), max(f.amount_yuan) INTO low, high
                FROM figures AS f JOIN articles AS a ON a.id = f.article_id
                WHERE f.zone_id = zone AND f.id <> figure
                  AND f.category IS NOT DISTINCT FROM nullif(money_totals_remove.category, '')
                  AND f.amount_yuan IS NOT NULL AND {POSTGRESQL_DATED} = money_totals_remove.month;
            END IF;
            UPDATE money_totals AS t SET min_yuan = low, max_yuan = high
            WHERE t.zone_id = zone AND t.category = money_totals_remove.category
              AND t.month = money_totals_remove.month;
        END IF;
        -- the other two groupings from the (zone, category, month) rows just made right
        UPDATE money_totals AS t SET (min_yuan, max_yuan) = (
            SELECT min(g.min_yuan), max(g.max_yuan) FROM money_totals AS g
            WHERE g.zone_id = zone AND g.category = t.category AND g.month <> '{ANY_MONTH}')
        WHERE t.zone_id = zone AND t.category = money_totals_remove.category AND t.month = '{ANY_MONTH}'
          AND amount IN (t.min_yuan, t.max_yuan);
        UPDATE money_totals AS t SET (min_yuan, max_yuan) = (
            SELECT min(g.min_yuan), max(g.max_yuan) FROM money_totals AS g
            WHERE g.month = t.month AND g.category = t.category AND g.zone_id >= 0)
        WHERE t.zone_id = {ANY_ZONE} AND t.category = money_totals_remove.category
          AND t.month = money_totals_remove.month AND amount IN (t.min_yuan, t.max_yuan);
    END
    $$
    """,
    """
    CREATE FUNCTION money_totals_month(article integer) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT coalesce((SELECT to_char(published_date, 'YYYY-MM') FROM articles WHERE id = article), '')
    $$
    """,
    """
    CREATE FUNCTION money_totals_on_figures() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.amount_yuan IS NOT NULL THEN
            PERFORM money_totals_remove(
                coalesce(OLD.zone_id, 0), coalesce(OLD.category, ''),
                money_totals_month(OLD.article_id), OLD.amount_yuan, OLD.id
            );
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.amount_yuan IS NOT NULL THEN
            PERFORM money_totals_add(
                coalesce(NEW.zone_id, 0), coalesce(NEW.category, ''),
                money_totals_month(NEW.article_id), NEW.amount_yuan
            );
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE FUNCTION money_totals_on_article_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM figures WHERE article_id = OLD.id AND amount_yuan IS NOT NULL;
        RETURN OLD;
    END
    $$
    """,
    f"""
    CREATE FUNCTION money_totals_on_article_month() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        old_month text := coalesce(to_char(OLD.published_date, 'YYYY-MM'), '');
        new_month text := coalesce(to_char(NEW.published_date, 'YYYY-MM'), '');
    BEGIN
        IF old_month <> new_month THEN
            DELETE FROM money_totals WHERE month IN (old_month, new_month);
            {";".join(_count("old_month, new_month", POSTGRESQL_DATED))};
        END IF;
        RETURN NULL;
    END
    $$
    """,
    # Before, for deletes and updates: a row trigger then sees the rows the statement changed
    # before this one, as SQLite's do (after-triggers would all run once the statement is done,
    # and look up min and max in a table that is ahead of the totals).
    """
    CREATE TRIGGER money_totals_figure_insert AFTER INSERT ON figures
    FOR EACH ROW EXECUTE FUNCTION money_totals_on_figures()
    """,
    """
    CREATE TRIGGER money_totals_figure_change BEFORE DELETE
        OR UPDATE OF amount_yuan, zone_id, category, article_id ON figures
    FOR EACH ROW EXECUTE FUNCTION money_totals_on_figures()
    """,
    """
    CREATE TRIGGER money_totals_article_delete BEFORE DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION money_totals_on_article_delete()
    """,
    """
    CREATE TRIGGER money_totals_article_month AFTER UPDATE OF published_date ON articles
    FOR EACH ROW EXECUTE FUNCTION money_totals_on_article_month()
    """,
]

POSTGRESQL_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS money_totals_article_month ON articles",
    "DROP TRIGGER IF EXISTS money_totals_article_delete ON articles",
    "DROP TRIGGER IF EXISTS money_totals_figure_change ON figures",
    "DROP TRIGGER IF EXISTS money_totals_figure_insert ON figures",
    "DROP FUNCTION IF EXISTS money_totals_on_article_month()",
    "DROP FUNCTION IF EXISTS money_totals_on_article_delete()",
    "DROP FUNCTION IF EXISTS money_totals_on_figures()",
    "DROP FUNCTION IF EXISTS money_totals_month(integer)",
    "DROP FUNCTION IF EXISTS money_totals_remove(integer, text, text, bigint, integer)",
    "DROP FUNCTION IF EXISTS money_totals_add(integer, text, text, bigint)",
]


def upgrade() -> None:
    op.create_table(
        "money_totals",
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("sum_yuan", sa.Numeric(precision=38, scale=0), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("min_yuan", sa.BigInteger(), nullable=False),
        sa.Column("max_yuan", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("zone_id", "category", "month", name=op.f("pk_money_totals")),
    )
    op.create_index(
        op.f("ix_money_totals_month_category_zone_id"), "money_totals", ["month", "category", "zone_id"]
    )
    dialect = op.get_bind().dialect.name
    dated = SQLITE_DATED if dialect == "sqlite" else POSTGRESQL_DATED
    # the figures stored before this revision: every month, then the other two groupings
    op.execute(
        f"""
        INSERT INTO money_totals (zone_id, category, month, sum_yuan, count, min_yuan, max_yuan)
        SELECT coalesce(f.zone_id, 0), coalesce(f.category, ''), {dated},
               sum(f.amount_yuan), count(*), min(f.amount_yuan), max(f.amount_yuan)
        FROM figures AS f JOIN articles AS a ON a.id = f.article_id
        WHERE f.amount_yuan IS NOT NULL
        GROUP BY coalesce(f.zone_id, 0), coalesce(f.category, ''), {dated}
        """
    )
    op.execute(
        f"""
        INSERT INTO money_totals (zone_id, category, month, sum_yuan, count, min_yuan, max_yuan)
        SELECT zone_id, category, '{ANY_MONTH}', sum(sum_yuan), sum(count), min(min_yuan), max(max_yuan)
        FROM money_totals WHERE zone_id >= 0 AND month <> '{ANY_MONTH}'
        GROUP BY zone_id, category
        """
    )
    op.execute(
        f"""
        INSERT INTO money_totals (zone_id, category, month, sum_yuan, count, min_yuan, max_yuan)
        SELECT {ANY_ZONE}, category, month, sum(sum_yuan), sum(count), min(min_yuan), max(max_yuan)
        FROM money_totals WHERE zone_id >= 0 AND month <> '{ANY_MONTH}'
        GROUP BY category, month
        """
    )
    for statement in _sqlite_upgrade() if dialect == "sqlite" else POSTGRESQL_FUNCTIONS:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_DOWNGRADE if dialect == "sqlite" else POSTGRESQL_DOWNGRADE:
        op.execute(statement)
    op.drop_index(op.f("ix_money_totals_month_category_zone_id"), table_name="money_totals")
    op.drop_table("money_totals")
