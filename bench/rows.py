"""Rows straight into a migrated database: N figures (a million) without running the extractor.

    python -m bench.rows --figures 1000000 --url sqlite:///bench/.data/figures-1000000.db
    python -m bench.rows --figures 1000000 --url postgresql+psycopg://user@127.0.0.1:5432/db

The schema is the real one (`app.db.upgrade_database`, then the gazetteer's zones through
`app.services.zones.sync_gazetteer`); the rows come from the same sentence drafts as
`bench.pages`, so each document, article, sentence, zone mention, initiative, organization,
person and figure is consistent with the text (`text[start:end]` is the span, figures link to the
initiative, organization and share they are about).

SQLite gets `executemany` in one transaction, its secondary indexes and the search table
(`sentences_fts`, migration 0003) built afterwards from their own definitions: a trigger fed row
by row costs ten times more. PostgreSQL is filled from such an SQLite file with COPY, its indexes
(the pg_trgm one too) built afterwards, its sequences moved past the ids, then VACUUM ANALYZE.
SQLite is left without ANALYZE, as `zonefacts load` leaves it.

The rows are written into the schema of revision ROWS_REVISION, then the database is migrated to
head: what later revisions add beside the rows (0004's bigram search index, 0005's money totals)
is built in bulk by their own backfills, as on a database upgraded in place, and their triggers,
which would fire row by row, do not exist yet while the rows go in.

Articles here are denser in figures than the seed page (a fifth of the sentences are background
instead of a half), which keeps a million figures to about 90,000 articles.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import make_url, select

from app import db
from app.models import Zone
from app.services.amounts import amount_bounds
from app.services.zones import sync_gazetteer
from bench.pages import ItemDraft, draft_item

GENERATOR_VERSION = 5  # bump when the rows or their schema change: cached databases are keyed by it
ROWS_REVISION = "0003"  # the schema COLUMNS writes; later revisions migrate the rows
FILLER_SHARE = 0.2
DOCUMENTS_PER_BATCH = 500
INGESTED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

COLUMNS: dict[str, tuple[str, ...]] = {  # in an order that respects the foreign keys
    "documents": ("id", "content_hash", "source_name", "raw_text", "ingested_at"),
    "articles": (
        "id", "document_id", "position", "title", "subtitle", "authors", "published_date",
        "primary_zone_id", "text", "body_start",
    ),
    "sentences": ("id", "article_id", "start", "end", "text"),
    "zone_mentions": ("id", "article_id", "zone_id", "start", "end"),
    "initiatives": ("id", "article_id", "name", "kind", "zone_id", "start", "end"),
    "initiative_mentions": ("id", "initiative_id", "start", "end"),
    "organizations": ("id", "article_id", "name", "type", "start", "end"),
    "organization_mentions": ("id", "organization_id", "start", "end"),
    "people": ("id", "article_id", "name", "role", "organization", "quote", "start", "end"),
    "person_mentions": ("id", "person_id", "start", "end"),
    "figures": (
        "id", "article_id", "kind", "text", "value", "value_high", "unit", "currency", "amount_yuan",
        "amount_yuan_high", "amount_low_yuan", "amount_high_yuan", "qualifier", "category", "per_year",
        "zone_id", "initiative_id", "organization_id", "share_of_id", "sentence_start", "sentence_end",
        "sentence_text", "start", "end",
    ),
}  # fmt: skip


def _number(value: Decimal | None) -> int | float | None:
    """As SQLAlchemy stores a Numeric in SQLite: an integer when whole."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(slots=True)
class Batch:
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: {name: [] for name in COLUMNS})


class RowMaker:
    """Turns item drafts into rows with ids of their own, values as SQLite stores them."""

    def __init__(self, zone_ids: dict[str, int], target: int) -> None:
        self.zone_ids = zone_ids
        self.target = target
        self.last_id = dict.fromkeys(COLUMNS, 0)
        self.hashes: set[str] = set()

    @property
    def figures(self) -> int:
        return self.last_id["figures"]

    def _id(self, table: str) -> int:
        self.last_id[table] += 1
        return self.last_id[table]

    def document(self, rng: random.Random, batch: Batch) -> None:
        drafts = [draft_item(rng, rng.randint(6, 14), FILLER_SHARE) for _ in range(rng.randint(3, 7))]
        layouts = [draft.layout() for draft in drafts]
        raw_text = "\n\n".join(layout.text for layout in layouts)
        text_hash = hashlib.sha256(raw_text.encode()).hexdigest()
        if text_hash in self.hashes:  # never seen, but the column is unique
            return
        self.hashes.add(text_hash)
        document_id = self._id("documents")
        ingested = INGESTED_AT + dt.timedelta(seconds=document_id)
        batch.rows["documents"].append(
            (
                document_id,
                text_hash,
                f"synthetic_{document_id:07d}.txt",
                raw_text,
                ingested.strftime("%Y-%m-%d %H:%M:%S.%f"),
            )
        )
        for position, (draft, layout) in enumerate(zip(drafts, layouts, strict=True)):
            published = dt.date(draft.year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            self.article(batch, document_id, position, draft, layout.text, layout.body_start, published)
            self.facts(batch, self.last_id["articles"], draft, layout.sentence_starts)

    def article(
        self,
        batch: Batch,
        document_id: int,
        position: int,
        draft: ItemDraft,
        text: str,
        body_start: int,
        published: dt.date,
    ) -> None:
        batch.rows["articles"].append(
            (
                self._id("articles"),
                document_id,
                position,
                draft.title,
                draft.lead_in,
                json.dumps([draft.author]),
                published.isoformat(),
                self.zone_ids[draft.zone.name],
                text,
                body_start,
            )
        )

    def facts(self, batch: Batch, article_id: int, draft: ItemDraft, starts: Sequence[int]) -> None:
        rows = batch.rows
        zone_id = self.zone_ids[draft.zone.name]
        initiatives: dict[str, int] = {}
        organizations: dict[str, int] = {}
        sentences = (s for paragraph in draft.paragraphs for s in paragraph)
        for at, facts in zip(starts, sentences, strict=True):
            end = at + len(facts.text)
            rows["sentences"].append((self._id("sentences"), article_id, at, end, facts.text))
            for name, start, stop in facts.zones:
                rows["zone_mentions"].append(
                    (self._id("zone_mentions"), article_id, self.zone_ids[name], at + start, at + stop)
                )
            for found in facts.initiatives:
                initiative_id = initiatives.get(found.name)
                if initiative_id is None:
                    initiative_id = initiatives[found.name] = self._id("initiatives")
                    rows["initiatives"].append(
                        (
                            initiative_id,
                            article_id,
                            found.name,
                            found.kind,
                            zone_id,
                            at + found.start,
                            at + found.end,
                        )
                    )
                rows["initiative_mentions"].append(
                    (self._id("initiative_mentions"), initiative_id, at + found.start, at + found.end)
                )
            for found in facts.organizations:
                organization_id = organizations.get(found.name)
                if organization_id is None:
                    organization_id = organizations[found.name] = self._id("organizations")
                    rows["organizations"].append(
                        (
                            organization_id,
                            article_id,
                            found.name,
                            found.kind,
                            at + found.start,
                            at + found.end,
                        )
                    )
                rows["organization_mentions"].append(
                    (self._id("organization_mentions"), organization_id, at + found.start, at + found.end)
                )
            for person in facts.people:
                person_id = self._id("people")
                start, stop = at + person.start, at + person.end
                rows["people"].append(
                    (
                        person_id,
                        article_id,
                        person.name,
                        person.role,
                        person.organization,
                        person.quote,
                        start,
                        stop,
                    )
                )
                rows["person_mentions"].append((self._id("person_mentions"), person_id, start, stop))
            figure_ids: list[int | None] = []
            for figure in facts.figures:
                if self.figures >= self.target:
                    figure_ids.append(None)
                    continue
                figure_id = self._id("figures")
                figure_ids.append(figure_id)
                low, high = amount_bounds(figure.amount_yuan, figure.amount_yuan_high, figure.qualifier)
                share_of = figure_ids[figure.share_of] if figure.share_of is not None else None
                rows["figures"].append(
                    (
                        figure_id,
                        article_id,
                        figure.kind,
                        figure.text,
                        _number(figure.value),
                        _number(figure.value_high),
                        figure.unit,
                        figure.currency,
                        figure.amount_yuan,
                        figure.amount_yuan_high,
                        low,
                        high,
                        figure.qualifier,
                        figure.category,
                        int(figure.per_year),
                        zone_id,
                        initiatives.get(figure.initiative) if figure.initiative else None,
                        organizations.get(figure.organization) if figure.organization else None,
                        share_of,
                        at,
                        end,
                        facts.text,
                        at + figure.start,
                        at + figure.end,
                    )
                )


def batches(maker: RowMaker, seed: int) -> Iterator[Batch]:
    """Batches of documents until the target number of figures is written."""
    number = 0
    while maker.figures < maker.target:
        batch = Batch()
        for _ in range(DOCUMENTS_PER_BATCH):
            maker.document(random.Random(f"rows:{seed}:{number}"), batch)
            number += 1
            if maker.figures >= maker.target:
                break
        yield batch


def _quote(name: str) -> str:
    return f'"{name}"'


def _prepare(url: str) -> dict[str, int]:
    """Schema at ROWS_REVISION and the gazetteer in; the zones' ids by name."""
    db.upgrade_database(url, ROWS_REVISION)
    engine = db.create_engine(url)
    try:
        factory = db.create_sessionmaker(engine, writer=True)
        with factory() as session, session.begin():
            sync_gazetteer(session)
            return {name: zone_id for name, zone_id in session.execute(select(Zone.name, Zone.id))}
    finally:
        engine.dispose()


# Built after the rows are in, from their own definitions, as a bulk load does: the secondary
# indexes, and the search table's insert trigger (the search table is rebuilt in one pass).
SQLITE_DEFERRED = """
SELECT type, name, sql FROM sqlite_master
WHERE sql IS NOT NULL AND ((type = 'index' AND tbl_name IN ({tables})) OR name = 'sentences_fts_insert')
"""
POSTGRESQL_DEFERRED = """
SELECT indexname, indexdef FROM pg_indexes
WHERE schemaname = current_schema() AND tablename = ANY(%s)
  AND indexname NOT IN (SELECT conname FROM pg_constraint)
"""


def fill_sqlite(url: str, figures: int, seed: int = 1) -> dict[str, int]:
    """Fill a new SQLite database with `figures` figures; returns the rows written per table."""
    maker = RowMaker(_prepare(url), figures)
    path = make_url(url).database
    assert path, "an SQLite file, not memory"
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-400000")
        connection.execute("BEGIN")
        tables = ", ".join(f"'{table}'" for table in COLUMNS)
        deferred = connection.execute(SQLITE_DEFERRED.format(tables=tables)).fetchall()
        for kind, name, _sql in deferred:
            connection.execute(f"DROP {kind} {name}")
        for batch in batches(maker, seed):
            for table, columns in COLUMNS.items():
                placeholders = ", ".join("?" for _ in columns)
                statement = f"INSERT INTO {table} ({', '.join(map(_quote, columns))}) VALUES ({placeholders})"
                connection.executemany(statement, batch.rows[table])
        connection.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
        for _kind, _name, sql in deferred:
            connection.execute(sql)
        connection.execute("COMMIT")
    finally:
        connection.close()
    db.upgrade_database(url)
    # the migrations ran in WAL mode: fold the log into the file, which callers rename
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=rw", uri=True)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return maker.last_id


def copy_to_postgresql(sqlite_path: str, url: str) -> dict[str, int]:
    """Copy the rows of a database that `fill_sqlite` made into a new PostgreSQL database at `url`
    (COPY, indexes built afterwards, sequences moved past the ids, migrated to head, VACUUM ANALYZE)."""
    import psycopg
    from psycopg import sql

    _prepare(url)
    source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    counts: dict[str, int] = {}
    try:
        with psycopg.connect(conninfo) as connection, connection.cursor() as cursor:
            # The rows are consistent by construction: skip the per-row foreign key triggers.
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("SET maintenance_work_mem = '512MB'")
            deferred = cursor.execute(POSTGRESQL_DEFERRED, [list(COLUMNS)]).fetchall()
            for name, _definition in deferred:
                cursor.execute(f"DROP INDEX {name}")
            for table, columns in COLUMNS.items():
                names = ", ".join(map(_quote, columns))
                rows = source.execute(f"SELECT {names} FROM {table} ORDER BY id")
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                counts[table] = cursor.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
            for _name, definition in deferred:
                cursor.execute(definition)
            cursor.execute("SET session_replication_role = DEFAULT")
            connection.commit()
    finally:
        source.close()
    name = sql.Identifier(str(make_url(url).database))
    with psycopg.connect(conninfo, autocommit=True) as connection:
        # the migrations' index builds (0004's GIN index over a million sentences) want memory
        connection.execute(sql.SQL("ALTER DATABASE {} SET maintenance_work_mem = '512MB'").format(name))
        db.upgrade_database(url)
        connection.execute(sql.SQL("ALTER DATABASE {} RESET maintenance_work_mem").format(name))
        connection.execute("VACUUM ANALYZE")
    return counts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fill an empty database with N synthetic figures.")
    parser.add_argument("--figures", type=int, default=10_000)
    parser.add_argument(
        "--url",
        required=True,
        help="SQLAlchemy URL of a new database (PostgreSQL: filled via a temporary SQLite)",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if make_url(args.url).get_backend_name() == "sqlite":
        counts = fill_sqlite(args.url, args.figures, args.seed)
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = f"{folder}/rows.db"
            fill_sqlite(f"sqlite:///{path}", args.figures, args.seed)
            counts = copy_to_postgresql(path, args.url)
    print(f"{counts} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
