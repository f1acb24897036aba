"""The rows kept beside a page's facts for the read paths, written with them in bulk: the bigram
search index of its sentences (migration 0004) and its money in the money totals (0005).

Triggers kept both in step row by row: 23 of the 29 ms that storing a page (~120 sentences, ~40
money figures) took on SQLite, mostly the bigram trigger's query over every position of every
sentence, and FTS5 writing out its pending rows at each sentence, whose rowids (length first) did
not come in order. Since revision 0006 the writer adds the rows itself, one statement per table
for the page (`app.services.document_rows.write_rows`, the one writer of sentences and figures;
a row added any other way is neither searched nor summed). The triggers that take rows out
(deletes, cascades included) and follow updates are unchanged, so whatever changes or deletes a
row keeps the tables exact.

- Bigrams: the tokens of each sentence are found here as the migration's SQL finds them (see
  `sqlite_bigram_tokens`, `postgresql_bigram_tokens`), then written by one multi-row INSERT
  (SQLite) or a COPY (PostgreSQL; a sentence whose lowercase the database might write otherwise
  is left to the migration's own function).
- Money: the page's amounts summed by (zone, category, month), (zone, category, every month) and
  (every zone, category, month), then added to `money_totals` by one upsert per page.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import sqlite3
import weakref
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

# The keys of money_totals (migration 0005) that say "none" and "every"
NO_ZONE, ANY_ZONE = 0, -1  # zone_id of figures without a zone; of the totals over every zone
NO_CATEGORY = ""
NO_MONTH, ANY_MONTH = "", "*"  # the article has no date; the totals over every month
_INT64 = range(-(2**63), 2**63)


class _BigramHex(dict[str, str]):
    """The hex of a bigram's UTF-8, as SQLite's hex() writes it, remembered once found (a load
    meets the same few ten thousand bigrams again and again)."""

    LIMIT = 200_000

    def __missing__(self, bigram: str) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        found = self[bigram] = bigram.encode().hex().upper()
        return found


_HEX = _BigramHex()


def sqlite_bigram_tokens(text: str) -> str:
    """The tokens of a sentence in SQLite's bigram index (migration 0004), exactly as its SQL
    lists them, repeats included (FTS5 forgets a row of a contentless table only when told the
    very tokens it was given): at each position of the lowercased text, the hex of the UTF-8 of
    the bigram there, and, if the bigram occurred before clear of this one, also <hex>x<k>, k the
    count of its occurrences up to here without overlap (as replace() counts them).

    >>> sqlite_bigram_tokens("基金Ab")
    'E59FBAE98791 E9879161 6162'
    >>> sqlite_bigram_tokens("基金基金")
    'E59FBAE98791 E98791E59FBA E59FBAE98791 E59FBAE98791x2'
    >>> sqlite_bigram_tokens("基基基")  # 基基 once: the second overlaps the first
    'E59FBAE59FBA E59FBAE59FBA'
    """
    # SQLite's lower() (no ICU) changes the ASCII letters only, as bytes.lower() does
    lowered = text.encode().lower().decode()
    pairs = list(map(operator.add, lowered, lowered[1:]))
    tokens = list(map(_HEX.__getitem__, pairs))
    if len(set(pairs)) < len(pairs):  # some bigram occurs more than once
        for pair, occurrences in Counter(pairs).items():
            if occurrences > 1:
                tokens += _repeat_tokens(lowered, pair)
    return " ".join(tokens)


def _repeat_tokens(lowered: str, pair: str) -> list[str]:
    """<hex>x<k> at each position of `pair` clear of its first occurrence (k >= 2)."""
    found, first = [], lowered.find(pair)
    at = lowered.find(pair, first + 2)
    while at >= 0:
        found.append(f"{_HEX[pair]}x{lowered.count(pair, 0, at + 2)}")
        at = lowered.find(pair, at + 1)
    return found


def sqlite_bigram_rowid(sentence_id: int, text: str) -> int:
    """The sentence's rowid in the bigram index: shortest first, then by id (migration 0004)."""
    if sentence_id >= 1 << 32:
        raise ValueError("sentence ids beyond 2^32 do not fit the bigram index")
    return (len(text) << 32) + sentence_id


def postgresql_bigram_tokens(text: str) -> set[str]:
    """The tokens of a sentence in PostgreSQL's bigram index (migration 0004's function
    `sentence_bigram_tokens`): each bigram of the lowercased text, and <bigram>#<k> for k in
    2..n when it occurs n times without overlap. Only for text whose lowercase Python and the
    database agree on (`lowercase_agrees`).

    >>> sorted(postgresql_bigram_tokens("基金Ab基金"))
    ['ab', 'b基', '基金', '基金#2', '金a']
    """
    lowered = text.lower()
    pairs = list(map(operator.add, lowered, lowered[1:]))
    tokens = set(pairs)
    if len(tokens) < len(pairs):
        for pair, occurrences in Counter(pairs).items():
            if occurrences > 1:
                tokens.update(f"{pair}#{k}" for k in range(2, lowered.count(pair) + 1))
    return tokens


# Characters that have no case (Han, CJK and general punctuation, full-width signs and digits)
# or are ASCII: PostgreSQL's lower() leaves them as Python's does, if it lowers ASCII as Python
# does (its locale might not: Turkish lowers I to ı). A sentence with any other character is
# indexed by the database's own function.
_AGREED_CASE = re.compile(
    "[\x00-\x7f\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff20\uff3b-\uff40\uff5b-\uff65]*"
)
_ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def lowercase_agrees(text: str) -> bool:
    """Whether PostgreSQL lowercases `text` as Python does, if it does so for ASCII.

    >>> lowercase_agrees("设立“AI”基金，规模10亿元。"), lowercase_agrees("ＡＩ基金")
    (True, False)
    """
    return _AGREED_CASE.fullmatch(text) is not None


_lowers_ascii_as_python: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def index_sentences(session: Session, sentences: Sequence[tuple[int, str]]) -> None:
    """Add sentences just written, as (id, text), to the bigram index, and on SQLite to the
    trigram one (`sentences_fts`, 0003); a statement or two each."""
    if not sentences:
        return
    dialect, driver = _driver(session)
    if dialect == "postgresql":
        _index_postgresql(session, driver, sentences)
        return
    # in rowid order: FTS5 writes out what it holds whenever a rowid is below the last one
    bigrams = sorted((sqlite_bigram_rowid(i, text), sqlite_bigram_tokens(text)) for i, text in sentences)
    insert_many_sqlite(driver, "INSERT INTO sentence_bigrams (rowid, tokens) VALUES ", bigrams)
    insert_many_sqlite(driver, "INSERT INTO sentences_fts (rowid, text) VALUES ", sentences)


def _index_postgresql(session: Session, driver: Any, sentences: Sequence[tuple[int, str]]) -> None:
    """COPY the tokens found here (the function took 0.5 ms a sentence), and have the database
    find those of sentences whose lowercase might differ."""
    connection = session.connection()
    engine = connection.engine
    if engine not in _lowers_ascii_as_python:
        lowered = connection.exec_driver_sql("SELECT lower(%s)", (_ASCII_LETTERS,)).scalar()
        _lowers_ascii_as_python[engine] = lowered == _ASCII_LETTERS.lower()
    agreed = _lowers_ascii_as_python[engine]
    rows, others = [], []
    for sentence_id, text in sentences:
        if agreed and lowercase_agrees(text):
            rows += [(token, len(text), sentence_id) for token in postgresql_bigram_tokens(text)]
        else:
            others.append(sentence_id)
    with driver.cursor() as cursor:
        with cursor.copy("COPY sentence_bigrams (token, length, sentence_id) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        if others:
            cursor.execute(_POSTGRESQL_INDEX, (others,))


_POSTGRESQL_INDEX = """
    INSERT INTO sentence_bigrams (token, length, sentence_id)
    SELECT token, length(lower(s.text)), s.id
    FROM sentences AS s, unnest(sentence_bigram_tokens(s.text)) AS token
    WHERE s.id = ANY(%s)
"""


def _driver(session: Session) -> tuple[str, Any]:
    """The dialect's name and the driver's connection (sqlite3, psycopg) of the session's."""
    connection = session.connection()
    return connection.dialect.name, connection.connection.driver_connection


def insert_many_sqlite(driver: Any, insert_sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """`insert_sql` ("INSERT INTO t (a, b) VALUES ") for all `rows`, in as few multi-row
    statements as SQLite takes. An FTS5 table writes out what it holds at the end of each
    statement: a statement per row cost 2.5 times more than the indexing itself."""
    width = len(rows[0])
    placeholders = f"({', '.join('?' * width)})"
    per_statement = driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width
    for start in range(0, len(rows), per_statement):
        batch = rows[start : start + per_statement]
        driver.execute(insert_sql + ", ".join([placeholders] * len(batch)), [v for row in batch for v in row])


# --- money totals ----------------------------------------------------------------------------

Total = list[Any]  # [sum_yuan, count, min_yuan, max_yuan]


def month_of(published_date: dt.date | None) -> str:
    """The month key of an article's date, "YYYY-MM" as both databases write it.

    >>> month_of(dt.date(2023, 5, 10)), month_of(None)
    ('2023-05', '')
    """
    return published_date.isoformat()[:7] if published_date else NO_MONTH


def money_totals(
    figures: Iterable[Mapping[str, Any]], months: Mapping[int, str]
) -> dict[tuple[int, str, str], Total]:
    """What `figures` (rows of the figures table) add to `money_totals`, by key (zone_id,
    category, month); `months`: the month key of each article id."""
    totals: dict[tuple[int, str, str], Total] = {}
    for figure in figures:
        amount = figure["amount_yuan"]
        if amount is None:
            continue
        zone, category = figure["zone_id"] or NO_ZONE, figure["category"] or NO_CATEGORY
        month = months[figure["article_id"]]
        for key in ((zone, category, month), (zone, category, ANY_MONTH), (ANY_ZONE, category, month)):
            total = totals.get(key)
            if total is None:
                totals[key] = [amount, 1, amount, amount]
            else:
                total[0] += amount
                total[1] += 1
                total[2] = min(total[2], amount)
                total[3] = max(total[3], amount)
    return totals


_ADD_TOTALS = {
    "sqlite": """
        INSERT INTO money_totals (zone_id, category, month, sum_yuan, count, min_yuan, max_yuan)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (zone_id, category, month) DO UPDATE SET
            sum_yuan = sum_yuan + excluded.sum_yuan,
            count = count + excluded.count,
            min_yuan = min(min_yuan, excluded.min_yuan),
            max_yuan = max(max_yuan, excluded.max_yuan)
    """,
    "postgresql": """
        INSERT INTO money_totals AS t (zone_id, category, month, sum_yuan, count, min_yuan, max_yuan)
        SELECT * FROM unnest(%s::integer[], %s::text[], %s::text[], %s::numeric[], %s::integer[],
                             %s::bigint[], %s::bigint[])
        ON CONFLICT (zone_id, category, month) DO UPDATE SET
            sum_yuan = t.sum_yuan + excluded.sum_yuan,
            count = t.count + excluded.count,
            min_yuan = least(t.min_yuan, excluded.min_yuan),
            max_yuan = greatest(t.max_yuan, excluded.max_yuan)
    """,
}


def add_money_totals(session: Session, totals: Mapping[tuple[int, str, str], Total]) -> None:
    """Add the sums of a page's money (`money_totals(...)`) to `money_totals`: one statement."""
    if not totals:
        return
    dialect, driver = _driver(session)
    rows = [(*key, *total) for key, total in totals.items()]
    if dialect == "postgresql":
        with driver.cursor() as cursor:
            cursor.execute(_ADD_TOTALS["postgresql"], [list(column) for column in zip(*rows, strict=True)])
        return
    # a sum past 64 bits goes in as a float, as SQLite's own sum_yuan + amount would
    rows = [(*row[:3], row[3] if row[3] in _INT64 else float(row[3]), *row[4:]) for row in rows]
    driver.executemany(_ADD_TOTALS["sqlite"], rows)
