"""Create the tables for documents, articles, zones and their facts.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 15:44:57.562453
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_documents_content_hash")),
    )
    op.create_table(
        "zones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("official_name", sa.String(length=200), nullable=False),
        sa.Column("province", sa.String(length=50), nullable=True),
        sa.Column("city", sa.String(length=50), nullable=True),
        sa.Column("national", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zones")),
        sa.UniqueConstraint("name", name=op.f("uq_zones_name")),
    )
    op.create_index(op.f("ix_zones_province"), "zones", ["province"], unique=False)

    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("subtitle", sa.String(length=500), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published_date", sa.Date(), nullable=True),
        sa.Column("primary_zone_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("body_start", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_articles_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["primary_zone_id"], ["zones.id"], name=op.f("fk_articles_primary_zone_id_zones")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        sa.UniqueConstraint("document_id", "position", name=op.f("uq_articles_document_id_position")),
    )
    op.create_index(op.f("ix_articles_primary_zone_id"), "articles", ["primary_zone_id"], unique=False)
    op.create_index(op.f("ix_articles_published_date"), "articles", ["published_date"], unique=False)

    op.create_table(
        "zone_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zones.id"], name=op.f("fk_zone_aliases_zone_id_zones"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zone_aliases")),
        sa.UniqueConstraint("zone_id", "alias", name=op.f("uq_zone_aliases_zone_id_alias")),
    )
    op.create_index(op.f("ix_zone_aliases_alias"), "zone_aliases", ["alias"], unique=False)

    op.create_table(
        "initiatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_initiatives_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["zone_id"], ["zones.id"], name=op.f("fk_initiatives_zone_id_zones")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiatives")),
    )
    op.create_index(op.f("ix_initiatives_article_id"), "initiatives", ["article_id"], unique=False)
    op.create_index(op.f("ix_initiatives_kind"), "initiatives", ["kind"], unique=False)
    op.create_index(op.f("ix_initiatives_name"), "initiatives", ["name"], unique=False)
    op.create_index(op.f("ix_initiatives_zone_id"), "initiatives", ["zone_id"], unique=False)

    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_organizations_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
    )
    op.create_index(op.f("ix_organizations_article_id"), "organizations", ["article_id"], unique=False)
    op.create_index(op.f("ix_organizations_name"), "organizations", ["name"], unique=False)
    op.create_index(op.f("ix_organizations_type"), "organizations", ["type"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("organization", sa.String(length=300), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_people_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    op.create_index(op.f("ix_people_article_id"), "people", ["article_id"], unique=False)
    op.create_index(op.f("ix_people_name"), "people", ["name"], unique=False)

    op.create_table(
        "sentences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_sentences_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sentences")),
    )
    op.create_index(op.f("ix_sentences_article_id"), "sentences", ["article_id"], unique=False)

    op.create_table(
        "zone_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_zone_mentions_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["zone_id"], ["zones.id"], name=op.f("fk_zone_mentions_zone_id_zones")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zone_mentions")),
    )
    op.create_index(op.f("ix_zone_mentions_article_id"), "zone_mentions", ["article_id"], unique=False)
    op.create_index(
        op.f("ix_zone_mentions_zone_id_article_id"), "zone_mentions", ["zone_id", "article_id"], unique=False
    )

    op.create_table(
        "figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Numeric(precision=30, scale=8), nullable=False),
        sa.Column("value_high", sa.Numeric(precision=30, scale=8), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("amount_yuan", sa.BigInteger(), nullable=True),
        sa.Column("amount_yuan_high", sa.BigInteger(), nullable=True),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("per_year", sa.Boolean(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=True),
        sa.Column("initiative_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("share_of_id", sa.Integer(), nullable=True),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("sentence_text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_figures_article_id_articles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_figures_initiative_id_initiatives"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_figures_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["share_of_id"], ["figures.id"], name=op.f("fk_figures_share_of_id_figures"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["zone_id"], ["zones.id"], name=op.f("fk_figures_zone_id_zones")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figures")),
    )
    op.create_index(op.f("ix_figures_amount_yuan"), "figures", ["amount_yuan"], unique=False)
    op.create_index(op.f("ix_figures_article_id"), "figures", ["article_id"], unique=False)
    op.create_index(
        op.f("ix_figures_category_amount_yuan"), "figures", ["category", "amount_yuan"], unique=False
    )
    op.create_index(op.f("ix_figures_initiative_id"), "figures", ["initiative_id"], unique=False)
    op.create_index(op.f("ix_figures_kind"), "figures", ["kind"], unique=False)
    op.create_index(op.f("ix_figures_organization_id"), "figures", ["organization_id"], unique=False)
    op.create_index(op.f("ix_figures_qualifier"), "figures", ["qualifier"], unique=False)
    op.create_index(
        op.f("ix_figures_zone_id_amount_yuan"), "figures", ["zone_id", "amount_yuan"], unique=False
    )

    op.create_table(
        "initiative_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_initiative_mentions_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_mentions")),
    )
    op.create_index(
        op.f("ix_initiative_mentions_initiative_id"), "initiative_mentions", ["initiative_id"], unique=False
    )

    op.create_table(
        "organization_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_mentions_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_mentions")),
    )
    op.create_index(
        op.f("ix_organization_mentions_organization_id"),
        "organization_mentions",
        ["organization_id"],
        unique=False,
    )

    op.create_table(
        "person_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_person_mentions_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_mentions")),
    )
    op.create_index(op.f("ix_person_mentions_person_id"), "person_mentions", ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_person_mentions_person_id"), table_name="person_mentions")
    op.drop_table("person_mentions")

    op.drop_index(op.f("ix_organization_mentions_organization_id"), table_name="organization_mentions")
    op.drop_table("organization_mentions")

    op.drop_index(op.f("ix_initiative_mentions_initiative_id"), table_name="initiative_mentions")
    op.drop_table("initiative_mentions")

    op.drop_index(op.f("ix_figures_zone_id_amount_yuan"), table_name="figures")
    op.drop_index(op.f("ix_figures_qualifier"), table_name="figures")
    op.drop_index(op.f("ix_figures_organization_id"), table_name="figures")
    op.drop_index(op.f("ix_figures_kind"), table_name="figures")
    op.drop_index(op.f("ix_figures_initiative_id"), table_name="figures")
    op.drop_index(op.f("ix_figures_category_amount_yuan"), table_name="figures")
    op.drop_index(op.f("ix_figures_article_id"), table_name="figures")
    op.drop_index(op.f("ix_figures_amount_yuan"), table_name="figures")
    op.drop_table("figures")

    op.drop_index(op.f("ix_zone_mentions_zone_id_article_id"), table_name="zone_mentions")
    op.drop_index(op.f("ix_zone_mentions_article_id"), table_name="zone_mentions")
    op.drop_table("zone_mentions")

    op.drop_index(op.f("ix_sentences_article_id"), table_name="sentences")
    op.drop_table("sentences")

    op.drop_index(op.f("ix_people_name"), table_name="people")
    op.drop_index(op.f("ix_people_article_id"), table_name="people")
    op.drop_table("people")

    op.drop_index(op.f("ix_organizations_type"), table_name="organizations")
    op.drop_index(op.f("ix_organizations_name"), table_name="organizations")
    op.drop_index(op.f("ix_organizations_article_id"), table_name="organizations")
    op.drop_table("organizations")

    op.drop_index(op.f("ix_initiatives_zone_id"), table_name="initiatives")
    op.drop_index(op.f("ix_initiatives_name"), table_name="initiatives")
    op.drop_index(op.f("ix_initiatives_kind"), table_name="initiatives")
    op.drop_index(op.f("ix_initiatives_article_id"), table_name="initiatives")
    op.drop_table("initiatives")

    op.drop_index(op.f("ix_zone_aliases_alias"), table_name="zone_aliases")
    op.drop_table("zone_aliases")

    op.drop_index(op.f("ix_articles_published_date"), table_name="articles")
    op.drop_index(op.f("ix_articles_primary_zone_id"), table_name="articles")
    op.drop_table("articles")

    op.drop_index(op.f("ix_zones_province"), table_name="zones")
    op.drop_table("zones")

    op.drop_table("documents")
