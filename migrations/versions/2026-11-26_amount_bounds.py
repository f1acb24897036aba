"""Give each money figure the lower and upper bound of its amount in yuan, and keyset indexes.

A qualifier bounds the amount on one side only: 超8.4亿元 is above 840,000,000 with no upper
bound, 近30亿元 and 最高1000万元 are below 3,000,000,000 and 10,000,000 with no lower bound,
a range (5-8亿元) is bounded by both its ends; exact and approximate amounts are both bounds.
NULL is "unknown" (or "not in yuan": foreign currency has no bound at all). The existing
rows are backfilled here with the same rule as `app.services.amounts.amount_bounds`.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 17:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = """
UPDATE figures SET
    amount_low_yuan = CASE WHEN qualifier IN ('under', 'up_to') THEN NULL ELSE amount_yuan END,
    amount_high_yuan = CASE WHEN qualifier = 'over' THEN NULL
                            ELSE COALESCE(amount_yuan_high, amount_yuan) END
WHERE amount_yuan IS NOT NULL
"""


def upgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.add_column(sa.Column("amount_low_yuan", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("amount_high_yuan", sa.BigInteger(), nullable=True))
        batch.drop_index("ix_figures_category_amount_yuan")
        batch.drop_index("ix_figures_zone_id_amount_yuan")
        batch.create_index("ix_figures_amount_low_yuan", ["amount_low_yuan"], unique=False)
        batch.create_index("ix_figures_amount_high_yuan", ["amount_high_yuan"], unique=False)
        batch.create_index(
            "ix_figures_category_amount_yuan_id", ["category", "amount_yuan", "id"], unique=False
        )
        batch.create_index("ix_figures_zone_id_amount_yuan_id", ["zone_id", "amount_yuan", "id"], unique=False)
    op.execute(BACKFILL)
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_published_date")
        batch.create_index("ix_articles_published_date_id", ["published_date", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_published_date_id")
        batch.create_index("ix_articles_published_date", ["published_date"], unique=False)
    with op.batch_alter_table("figures") as batch:
        batch.drop_index("ix_figures_zone_id_amount_yuan_id")
        batch.drop_index("ix_figures_category_amount_yuan_id")
        batch.drop_index("ix_figures_amount_high_yuan")
        batch.drop_index("ix_figures_amount_low_yuan")
        batch.create_index("ix_figures_zone_id_amount_yuan", ["zone_id", "amount_yuan"], unique=False)
        batch.create_index("ix_figures_category_amount_yuan", ["category", "amount_yuan"], unique=False)
        batch.drop_column("amount_high_yuan")
        batch.drop_column("amount_low_yuan")
