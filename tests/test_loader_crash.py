"""Crash consistency of `zonefacts load`, on both backends.

The loader is killed with SIGKILL while it loads a few hundred pages, then run again (alone,
or as two loaders at once): every page must end up stored exactly once with all its facts, as
the extractor gives them, and nothing half-written may be left by the killed transaction.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Select, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import InstrumentedAttribute

from app.db import Base, create_engine
from app.extract import check_text, extract_page
from app.extract.gazetteer import load_gazetteer
from app.models import (
    Article,
    Document,
    Figure,
    Initiative,
    InitiativeMention,
    Organization,
    OrganizationMention,
    Person,
    PersonMention,
    Sentence,
)
from app.services.ingest import content_hash, normalize_text

PAGES = 300
KILL_AFTER = 20  # documents committed before the kill: well past start-up, far from the end
TIMEOUT = 120  # seconds any one load may take before the test gives up on it

SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN_NAMES = ("建国", "晓东", "海涛", "丽华", "志强", "文静", "国栋")
PROGRAMS = ("“揭榜挂帅”专项计划", "“科创贷”专项行动", "“雏鹰”培育工程", "“人才贷”专项计划")
SUMMARY = re.compile(r"^(\d+) new, (\d+) unchanged, (\d+) failed documents; ")

# What a stored document holds, as multisets of rows keyed by the article's position on the page.
Facts = dict[str, Counter[tuple[Any, ...]]]


def page(number: int, zones: list[str]) -> str:
    """A small page of two news items in the genre (our own template sentences) about `zones`;
    the numbers in it depend on `number`, so every page is a different document."""
    zone = zones[number % len(zones)]
    partner = zones[(number * 7 + 3) % len(zones)]
    person = SURNAMES[number % len(SURNAMES)] + GIVEN_NAMES[number % len(GIVEN_NAMES)]
    return (
        f"{zone}设立科技成果转化基金\n\n"
        f"本报讯 近日,{zone}发布{PROGRAMS[number % len(PROGRAMS)]},设立科技成果转化基金,"
        f"规模达{3 + number % 97}.{number % 10}亿元。"
        f"{zone}管委会主任{person}表示,“今年将新建研发中心{number % 13 + 2}个。”\n\n"
        f"截至目前,园区已集聚高新技术企业{100 + number}家,全年实现营业收入{200 + number}亿元,"
        f"同比增长{number % 20 + 1}%。\n\n"
        f"{partner}:新添国家双创示范基地\n\n"
        f"本报讯 {partner}与{zone}签约共建创新联合体,总投资{10 + number % 50}亿元,"
        f"其中{partner}出资{1 + number % 9}亿元。\n"
    )


def expected_facts(stored_text: str) -> Facts:
    """The facts a clean load stores for a page, straight from the extractor."""
    items = list(enumerate(extract_page(stored_text)))
    return {
        "articles": Counter((p, item.title, item.text) for p, item in items),
        "sentences": Counter((p, s.start, s.end) for p, item in items for s in item.sentences),
        "figures": Counter(
            (p, f.start, f.end, f.kind, f.amount_yuan, f.unit) for p, item in items for f in item.figures
        ),
        "initiatives": Counter((p, i.name, i.kind) for p, item in items for i in item.initiatives),
        "initiative_mentions": Counter(
            (p, m.start, m.end) for p, item in items for i in item.initiatives for m in i.mentions
        ),
        "organizations": Counter((p, o.name, o.type) for p, item in items for o in item.organizations),
        "organization_mentions": Counter(
            (p, m.start, m.end) for p, item in items for o in item.organizations for m in o.mentions
        ),
        "people": Counter((p, person.name, person.role) for p, item in items for person in item.people),
        "person_mentions": Counter(
            (p, m.start, m.end) for p, item in items for person in item.people for m in person.mentions
        ),
    }


def by_document(*columns: Any, via: tuple[InstrumentedAttribute[Any], ...]) -> Select[Any]:
    """`columns` of a fact, each row led by its document's content hash and its article's
    position; `via` are the relationships from the fact up to its document."""
    query = select(Document.content_hash, Article.position, *columns).select_from(via[0].class_)
    for relationship in via:
        query = query.join(relationship)
    return query


# The same rows as `expected_facts`, read back from the database.
STORED = {
    "articles": by_document(Article.title, Article.text, via=(Article.document,)),
    "sentences": by_document(Sentence.start, Sentence.end, via=(Sentence.article, Article.document)),
    "figures": by_document(
        Figure.start,
        Figure.end,
        Figure.kind,
        Figure.amount_yuan,
        Figure.unit,
        via=(Figure.article, Article.document),
    ),
    "initiatives": by_document(Initiative.name, Initiative.kind, via=(Initiative.article, Article.document)),
    "initiative_mentions": by_document(
        InitiativeMention.start,
        InitiativeMention.end,
        via=(InitiativeMention.initiative, Initiative.article, Article.document),
    ),
    "organizations": by_document(
        Organization.name, Organization.type, via=(Organization.article, Article.document)
    ),
    "organization_mentions": by_document(
        OrganizationMention.start,
        OrganizationMention.end,
        via=(OrganizationMention.organization, Organization.article, Article.document),
    ),
    "people": by_document(Person.name, Person.role, via=(Person.article, Article.document)),
    "person_mentions": by_document(
        PersonMention.start,
        PersonMention.end,
        via=(PersonMention.person, Person.article, Article.document),
    ),
}


@dataclass(frozen=True, slots=True)
class Corpus:
    folder: Path
    expected: dict[str, Facts]  # by content hash


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("pages")
    zones = list(load_gazetteer().zones)
    expected: dict[str, Facts] = {}
    for number in range(PAGES):
        text = page(number, zones)
        (folder / f"{number:04d}.txt").write_text(text, encoding="utf-8")
        stored_text = normalize_text(check_text(text))
        expected[content_hash(stored_text)] = expected_facts(stored_text)
    assert len(expected) == PAGES, "two pages have the same text"
    for facts in expected.values():  # pages rich enough that a half-written one would show
        assert len(facts["articles"]) == 2
        assert facts["figures"].total() >= 6 and facts["initiatives"] and facts["people"]
    return Corpus(folder, expected)


@pytest.fixture
def engine(empty_database_url: str) -> Iterator[Engine]:
    engine = create_engine(empty_database_url)
    yield engine
    engine.dispose()


def start_load(url: str, folder: Path, log: Path) -> subprocess.Popen[bytes]:
    """`zonefacts load FOLDER` in a process of its own; its output goes to `log`(.out, .err)."""
    environment = {**os.environ, "DATABASE_URL": url}
    command = [sys.executable, "-m", "app.cli", "load", "--no-progress", str(folder)]
    with log.with_suffix(".out").open("wb") as out, log.with_suffix(".err").open("wb") as err:
        return subprocess.Popen(command, stdout=out, stderr=err, env=environment, cwd=log.parent)


def finish_load(process: subprocess.Popen[bytes], log: Path) -> tuple[int, int]:
    """Wait for a load that must succeed; returns its counts of new and unchanged documents."""
    try:
        code = process.wait(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    out, err = log.with_suffix(".out").read_text(), log.with_suffix(".err").read_text()
    assert code == 0, f"the load failed ({code}):\n{out}\n{err}"
    summary = SUMMARY.match(out)
    assert summary, out
    new, unchanged, failed = map(int, summary.groups())
    assert failed == 0 and new + unchanged == PAGES, out
    return new, unchanged


def count_documents(engine: Engine) -> int:
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(Document)) or 0
    except DBAPIError:  # the loader has not created the tables yet
        return 0


def other_sessions(engine: Engine, condition: str = "true") -> int:
    """PostgreSQL: the client sessions on this database other than ours (the loader's)."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        f" AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND {condition}"
    )
    with engine.connect() as connection:
        return connection.scalar(query) or 0


def writing(engine: Engine) -> bool:
    """Whether a (stopped) loader is inside a transaction that writes: PostgreSQL has given its
    transaction an id (it wrote a row); SQLite's write lock is taken (BEGIN IMMEDIATE)."""
    if engine.dialect.name == "postgresql":
        return other_sessions(engine, "backend_xid IS NOT NULL") > 0
    assert engine.url.database
    with closing(sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)) as connection:
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # database is locked
            return True
        connection.execute("ROLLBACK")
        return False


def kill_mid_way(engine: Engine, url: str, folder: Path, log: Path) -> int:
    """Start a load and, once KILL_AFTER documents are committed, SIGKILL it inside the
    transaction of the next one; returns how many documents stay committed."""
    process = start_load(url, folder, log)
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            assert process.poll() is None, (
                f"the load ended ({process.returncode}) before it could be killed:\n"
                + log.with_suffix(".out").read_text()
                + log.with_suffix(".err").read_text()
            )
            assert time.monotonic() < deadline, "the load was never caught writing"
            if count_documents(engine) >= KILL_AFTER:
                # Stopped, it can be looked at: killed between two transactions, it would
                # leave nothing half-written and the test would prove little.
                process.send_signal(signal.SIGSTOP)
                if writing(engine):
                    break
                process.send_signal(signal.SIGCONT)
            time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL, log.with_suffix(".out").read_text()
    if engine.dialect.name == "postgresql":
        # Until the server has ended the killed session (rolling its transaction back), a
        # COMMIT the loader had sent could still land: count only after that.
        while other_sessions(engine):
            assert time.monotonic() < deadline, "the killed loader's session outlived it"
            time.sleep(0.01)
    assert_sqlite_file_sound(engine)
    stored = count_documents(engine)
    # Mid-way: a load that finished before the kill would test nothing.
    assert KILL_AFTER <= stored < PAGES, f"{stored} of {PAGES} documents stored when killed"
    return stored


def assert_sqlite_file_sound(engine: Engine) -> None:
    """SQLite: the database is in WAL mode and sound (the killed writer's WAL recovered)."""
    if engine.dialect.name != "sqlite":
        return
    assert engine.url.database
    with closing(sqlite3.connect(engine.url.database)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def orphans(engine: Engine) -> dict[str, int]:
    """Rows whose foreign key points at no row (articles without documents, figures without
    articles, mentions without their fact, ...), by `table.column`."""
    found = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for key in table.foreign_keys:
                parent = key.column.table.alias()
                parent_column = parent.c[key.column.name]
                query = (
                    select(func.count())
                    .select_from(table.outerjoin(parent, key.parent == parent_column))
                    .where(key.parent.is_not(None), parent_column.is_(None))
                )
                found[f"{table.name}.{key.parent.name}"] = connection.scalar(query) or 0
    return found


def stored_facts(engine: Engine) -> dict[str, Facts]:
    with engine.connect() as connection:
        hashes = connection.scalars(select(Document.content_hash)).all()
        assert len(hashes) == len(set(hashes))
        stored: dict[str, Facts] = {h: {name: Counter() for name in STORED} for h in hashes}
        for name, query in STORED.items():
            for document_hash, *row in connection.execute(query):
                stored[document_hash][name][tuple(row)] += 1
    return stored


def assert_stored_once_with_all_facts(engine: Engine, corpus: Corpus) -> None:
    assert count_documents(engine) == PAGES
    found = orphans(engine)
    assert found and {key: rows for key, rows in found.items() if rows} == {}
    assert_sqlite_file_sound(engine)
    stored = stored_facts(engine)
    assert stored.keys() == corpus.expected.keys()
    wrong = [h for h, facts in stored.items() if facts != corpus.expected[h]]
    if wrong:
        first, expected = stored[wrong[0]], corpus.expected[wrong[0]]
        rows = {name: (first[name].total(), expected[name].total()) for name in STORED}
        pytest.fail(
            f"{len(wrong)} documents differ from a clean load; rows (stored, expected) of {wrong[0]}: {rows}"
        )


def test_a_killed_load_is_completed_by_the_next_one(
    empty_database_url: str, engine: Engine, corpus: Corpus, tmp_path: Path
) -> None:
    stored = kill_mid_way(engine, empty_database_url, corpus.folder, tmp_path / "killed")

    log = tmp_path / "again"
    new, unchanged = finish_load(start_load(empty_database_url, corpus.folder, log), log)

    assert (new, unchanged) == (PAGES - stored, stored)
    assert_stored_once_with_all_facts(engine, corpus)


def test_two_loaders_at_once_after_a_kill_store_each_document_once(
    empty_database_url: str, engine: Engine, corpus: Corpus, tmp_path: Path
) -> None:
    stored = kill_mid_way(engine, empty_database_url, corpus.folder, tmp_path / "killed")

    logs = [tmp_path / "second", tmp_path / "third"]
    processes = [start_load(empty_database_url, corpus.folder, log) for log in logs]
    results = [finish_load(process, log) for process, log in zip(processes, logs, strict=True)]

    assert sum(new for new, _unchanged in results) == PAGES - stored
    assert_stored_once_with_all_facts(engine, corpus)
