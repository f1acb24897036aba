"""Full-text search over sentences, Chinese-aware: any substring, ranked, highlighted, with its facts.

Chinese is written without spaces, so words cannot be told apart by a tokenizer; the databases
index characters instead. Terms of three characters or more use the trigram indexes (migration
0003: SQLite FTS5 with the trigram tokenizer, PostgreSQL pg_trgm serving ILIKE); terms of two,
the commonest length of a Chinese word (基金), use the bigram indexes (migration 0004); a term
of one character is matched by a scan. The query is split on spaces into terms, and a sentence
must contain every term.

Hits come densest first, the same on both databases: how much of the sentence the terms cover
(non-overlapping occurrences × term length / sentence length), ties in sentence id order.
Scoring every match of a common word would read thousands of sentences for one page, so a query
of one two-character term reads only candidates: its density in a sentence where it occurs
exactly k times is 2k / length, so the densest n sentences are among the n shortest that hold
it at least k times, for each k; the bigram index lists those shortest first (its "at least k"
tokens), and the candidates are scored as above. Other queries score every sentence that
matches (fine for the rarer sentences that hold several terms).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    SQLColumnExpression,
    Text,
    and_,
    bindparam,
    cast,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models import (
    Figure,
    Initiative,
    InitiativeMention,
    Organization,
    OrganizationMention,
    Person,
    PersonMention,
    Sentence,
)
from app.services.figures import BRIEF_COLUMNS, figure_brief
from app.services.reader import Query, Reader, Row, as_reader, id_slots, id_values, in_ids, like_pattern

MAX_QUERY_LENGTH = 100
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tabs and line ends split terms
MAX_TERMS = 8
TRIGRAM = 3  # a trigram index answers terms of this many characters or more
BIGRAM = 2  # the bigram index answers terms of exactly two
MARK_OPEN, MARK_CLOSE = "«", "»"
SNIPPET_BEFORE, SNIPPET_AFTER = 20, 40  # characters of context around the first match
# Above this many hits to rank (offset + limit), a two-character term is scored like the others:
# the candidates would be many, and such deep pages are rare.
MAX_CANDIDATES = 2000
ROWID_ID_MASK = (1 << 32) - 1  # SQLite's bigram index: rowid = (sentence length << 32) + sentence id


@dataclass(frozen=True, slots=True)
class SearchPage:
    items: list[dict[str, Any]]  # SearchHitRead: offsets index into the text of the hit's article
    next: int | None  # offset of the next page


def parse_query(query: str) -> list[str]:
    """The terms of a query: split on spaces (both widths), duplicates dropped.

    >>> parse_query(" 基金　佛山 基金 ")
    ['基金', '佛山']
    """
    query = query.strip()
    if not query:
        raise InvalidInput("q: give at least one character to search for", parameter="q")
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput(f"q: at most {MAX_QUERY_LENGTH} characters", parameter="q")
    if _CONTROL.search(query):
        raise InvalidInput("q: control characters cannot be searched for", parameter="q")
    terms = list(dict.fromkeys(query.split()))
    if len(terms) > MAX_TERMS:
        raise InvalidInput(f"q: at most {MAX_TERMS} terms", parameter="q")
    return terms


def fts5_phrase(term: str) -> str:
    """A term as an FTS5 phrase: quoted, so that no character of it is query syntax.

    >>> fts5_phrase('基金"规模')
    '"基金""规模"'
    """
    return '"' + term.replace('"', '""') + '"'


def ranks_candidates(terms: Sequence[str], limit: int, offset: int) -> bool:
    """Whether the query is one two-character term, ranked from candidates (bounded work)."""
    return len(terms) == 1 and len(terms[0]) == BIGRAM and offset + limit < MAX_CANDIDATES


def may_scan(query: str, limit: int, offset: int) -> bool:
    """Whether the search may read far more sentences than it returns (off the event loop)."""
    return not ranks_candidates(parse_query(query), limit, offset)


# --- statements ------------------------------------------------------------------------------

_lowered = func.lower(Sentence.text)


def _term(n: int) -> Any:
    return bindparam(f"term_{n}", type_=Sentence.text.type)


def _density(count: int) -> ColumnElement[Any]:
    """Characters of the sentence covered by the terms `term_0`..., over its length (0..1]."""
    length = func.length(_lowered)
    covered = [length - func.length(func.replace(_lowered, func.lower(_term(n)), "")) for n in range(count)]
    total = covered[0]
    for part in covered[1:]:
        total = total + part
    return cast(total, Float) / func.nullif(length, 0)


_HIT_COLUMNS = (Sentence.id, Sentence.article_id, Sentence.start, Sentence.end, Sentence.text)


def _bigram_match(numbers: Sequence[int]) -> Any:
    """SQLite: the FTS5 query for the bigram tokens of terms `term_<n>` (their UTF-8 in hex)."""
    phrases = [literal('"') + func.hex(func.lower(_term(n))) + literal('"') for n in numbers]
    match = phrases[0]
    for phrase in phrases[1:]:
        match = match + literal(" AND ") + phrase
    return match


@lru_cache(maxsize=64)
def _matching(dialect: str, lengths: tuple[int, ...]) -> Query:
    """Every sentence holding the terms (of these lengths, bound to `term_<n>`), densest first."""
    conditions: list[ColumnElement[bool]] = []
    long = [n for n, length in enumerate(lengths) if length >= TRIGRAM]
    pairs = [n for n, length in enumerate(lengths) if length == BIGRAM]
    single = [n for n, length in enumerate(lengths) if length < BIGRAM]
    for n in single:
        conditions.append(_lowered.like(func.lower(bindparam(f"like_{n}")), escape="/"))
    if dialect == "sqlite":
        if long:
            trigrams = table("sentences_fts", column("rowid", Integer))
            matched = literal_column("sentences_fts").op("MATCH")(bindparam("fts"))
            conditions.append(Sentence.id.in_(select(trigrams.c.rowid).where(matched)))
        if pairs:
            bigrams = table("sentence_bigrams", column("rowid", Integer))
            matched = literal_column("sentence_bigrams").op("MATCH")(_bigram_match(pairs))
            sentence_id = bigrams.c.rowid.op("&")(literal(ROWID_ID_MASK))
            conditions.append(Sentence.id.in_(select(sentence_id).where(matched)))
    else:
        conditions += [Sentence.text.ilike(bindparam(f"like_{n}"), escape="/") for n in long]
        conditions += [Sentence.id.in_(_holding_postgresql(n)) for n in pairs]
    score = _density(len(lengths)).label("score")
    statement = (
        select(*_HIT_COLUMNS, score)
        .where(*conditions)
        .order_by(score.desc(), Sentence.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    return Query(statement)


def _shortest_sqlite() -> Query:
    """SQLite: the `n` shortest sentences holding the bigram `term_0` at least `k` times (the
    token's hex, then x<k> for k >= 2), as bigram index rowids."""
    bigrams = table("sentence_bigrams", column("rowid", Integer))
    token = literal('"') + func.hex(func.lower(_term(0))) + bindparam("suffix") + literal('"')
    matched = literal_column("sentence_bigrams").op("MATCH")(token)
    return Query(select(bigrams.c.rowid).where(matched).order_by(bigrams.c.rowid).limit(bindparam("n")))


# PostgreSQL's bigram index (migration 0004): its key lists a token's sentences shortest first
_pg_bigrams = table("sentence_bigrams", column("token", Text), column("length"), column("sentence_id"))


def _holding_postgresql(n: int) -> Any:
    """PostgreSQL: the ids of the sentences holding the bigram `term_<n>`."""
    return select(_pg_bigrams.c.sentence_id).where(_pg_bigrams.c.token == func.lower(_term(n)))


def _shortest_postgresql() -> Query:
    """PostgreSQL: the `n` shortest sentences holding the bigram `term_0` at least `k` times (its
    token, then <bigram>#<k>), along the index."""
    token = func.lower(_term(0), type_=Text) + bindparam("suffix")
    statement = (
        select(_pg_bigrams.c.sentence_id)
        .where(_pg_bigrams.c.token == token)
        .order_by(_pg_bigrams.c.length, _pg_bigrams.c.sentence_id)
        .limit(bindparam("n"))
    )
    return Query(statement)


_SHORTEST = {"sqlite": _shortest_sqlite(), "postgresql": _shortest_postgresql()}


@lru_cache(maxsize=32)
def _scored(slots: int) -> Query:
    """The sentences `id_<n>` holding `term_0`, densest first."""
    score = _density(1).label("score")
    statement = (
        select(*_HIT_COLUMNS, score)
        .where(in_ids(Sentence.id, slots))
        .order_by(score.desc(), Sentence.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    return Query(statement)


def _candidates(reader: Reader, term: str, wanted: int) -> list[int]:
    """Ids of sentences among which are the `wanted` densest holding the two-character `term`."""
    shortest = _SHORTEST[reader.dialect.name]
    sqlite = reader.dialect.name == "sqlite"
    found: set[int] = set()
    k = 1
    while True:
        suffix = "" if k == 1 else (f"x{k}" if sqlite else f"#{k}")
        values = {"term_0": term, "suffix": suffix, "n": wanted}
        rows = reader.rows(shortest, values)
        found.update(row[0] & ROWID_ID_MASK if sqlite else row[0] for row in rows)
        if len(rows) < wanted:  # every sentence holding it k times is listed: k + 1 adds none
            return sorted(found)
        k += 1


def _hits(reader: Reader, terms: Sequence[str], limit: int, offset: int) -> list[Row]:
    """The page of (id, article_id, start, end, text, score) rows, one more than `limit` if any."""
    values: dict[str, Any] = {f"term_{n}": term for n, term in enumerate(terms)}
    values |= {"limit": limit + 1, "offset": offset}
    if ranks_candidates(terms, limit, offset):
        ids = _candidates(reader, terms[0], offset + limit + 1)
        if not ids:
            return []
        return reader.rows(_scored(id_slots(len(ids))), values | id_values(ids))
    values |= {f"like_{n}": like_pattern(term) for n, term in enumerate(terms)}
    values["fts"] = " AND ".join(fts5_phrase(t) for t in terms if len(t) >= TRIGRAM)
    lengths = tuple(min(len(t), TRIGRAM) for t in terms)
    return reader.rows(_matching(reader.dialect.name, lengths), values)


# --- highlighting ----------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the terms, the longest first, in any case."""
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


def mark(sentence: str, terms: Iterable[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence with every match of the terms between « and », and the matches' offsets.

    >>> mark("基金规模达10亿元,基金", ["基金"])
    ('«基金»规模达10亿元,«基金»', [(0, 2), (10, 12)])
    """
    spans = [(m.start(), m.end()) for m in _pattern(tuple(terms)).finditer(sentence)]
    return _wrap(sentence, spans, 0, len(sentence)), spans


def snippet(sentence: str, spans: Sequence[tuple[int, int]]) -> str:
    """A window of the sentence around its first match, its matches marked, … where it is cut.

    >>> snippet("一" * 30 + "基金" + "二" * 50, [(30, 32)])
    '…一一一一一一一一一一一一一一一一一一一一«基金»二二二二二二二二二二二二二二二二二二二二二二二二二二二二二二二二二二二二二二二二…'
    """
    if not spans:
        return sentence
    first_start, first_end = spans[0]
    begin = max(0, first_start - SNIPPET_BEFORE)
    end = min(len(sentence), first_end + SNIPPET_AFTER)
    for start, stop in spans:  # never cut a match in two
        if start < end < stop:
            end = stop
    body = _wrap(sentence, [s for s in spans if s[0] >= begin and s[1] <= end], begin, end)
    return ("…" if begin > 0 else "") + body + ("…" if end < len(sentence) else "")


def _wrap(sentence: str, spans: Sequence[tuple[int, int]], begin: int, end: int) -> str:
    parts, at = [], begin
    for start, stop in spans:
        parts += [sentence[at:start], MARK_OPEN, sentence[start:stop], MARK_CLOSE]
        at = stop
    parts.append(sentence[at:end])
    return "".join(parts)


# --- search ----------------------------------------------------------------------------------


def search(db: Session | Reader, query: str, *, limit: int, offset: int) -> SearchPage:
    """Sentences containing every term of `query`, densest matches first, with their facts."""
    terms = parse_query(query)
    reader = as_reader(db)
    rows = _hits(reader, terms, limit, offset)
    hits = []
    for sentence_id, article_id, start, end, text, score in rows[:limit]:
        highlight, spans = mark(text, terms)
        hits.append(
            {
                "sentence_id": sentence_id,
                "article_id": article_id,
                "start": start,
                "end": end,
                "text": text,
                "highlight": highlight,
                "snippet": snippet(text, spans),
                "score": round(float(score or 0), 6),
                "matches": [{"start": start + a, "end": start + b} for a, b in spans],
                "figures": [],
                "initiatives": [],
                "organizations": [],
                "people": [],
            }
        )
    _attach_facts(reader, hits)
    return SearchPage(items=hits, next=offset + limit if len(rows) > limit else None)


# --- the facts named inside each hit ---------------------------------------------------------


def _inside(start: SQLColumnExpression[int], end: SQLColumnExpression[int]) -> ColumnElement[bool]:
    """The span lies within the sentence (a fact of the sentence's article)."""
    return and_(start >= Sentence.start, end <= Sentence.end)


@lru_cache(maxsize=32)
def _figures(slots: int) -> Query:
    """(sentence id, <BRIEF_COLUMNS>) of the figures inside the sentences `id_<n>`."""
    inside = (Figure.article_id == Sentence.article_id) & _inside(Figure.start, Figure.end)
    statement = (
        select(Sentence.id, *BRIEF_COLUMNS)
        .join(Figure, inside)
        .where(in_ids(Sentence.id, slots))
        .order_by(Figure.start, Figure.id)
    )
    return Query(statement)


# the facts named by mentions: the fact, its mentions, the mention's link to it, the ref columns
_MENTIONS: dict[str, tuple[Any, Any, Any, tuple[Any, ...]]] = {
    "initiatives": (
        Initiative,
        InitiativeMention,
        InitiativeMention.initiative_id,
        (Initiative.id, Initiative.name, Initiative.kind),
    ),
    "organizations": (
        Organization,
        OrganizationMention,
        OrganizationMention.organization_id,
        (Organization.id, Organization.name, Organization.type),
    ),
    "people": (Person, PersonMention, PersonMention.person_id, (Person.id, Person.name)),
}
_REFS: dict[str, Callable[[Sequence[Any]], dict[str, Any]]] = {
    "initiatives": lambda row: {"id": row[0], "name": row[1], "kind": row[2]},
    "organizations": lambda row: {"id": row[0], "name": row[1], "type": row[2]},
    "people": lambda row: {"id": row[0], "name": row[1]},
}


@lru_cache(maxsize=96)
def _mentioned(attribute: str, slots: int) -> Query:
    """(sentence id, <the fact's ref columns>...) of each mention inside the sentences `id_<n>`."""
    model, mention, owner, columns = _MENTIONS[attribute]
    statement = (
        select(Sentence.id, *columns)
        .join(model, model.article_id == Sentence.article_id)
        .join(mention, (owner == model.id) & _inside(mention.start, mention.end))
        .where(in_ids(Sentence.id, slots))
        .order_by(mention.start, model.id)
    )
    return Query(statement)


def _attach_facts(reader: Reader, hits: list[dict[str, Any]]) -> None:
    """Give each hit the figures, initiatives, organizations and people mentioned inside it."""
    if not hits:
        return
    by_id = {hit["sentence_id"]: hit for hit in hits}
    ids = list(by_id)
    slots, values = id_slots(len(ids)), id_values(ids)
    for sentence_id, *brief in reader.rows(_figures(slots), values):
        by_id[sentence_id]["figures"].append(figure_brief(brief))
    for attribute, ref in _REFS.items():
        for sentence_id, *fact in reader.rows(_mentioned(attribute, slots), values):
            item = ref(fact)
            found: list[dict[str, Any]] = by_id[sentence_id][attribute]
            if item not in found:  # named twice in one sentence: listed once
                found.append(item)
