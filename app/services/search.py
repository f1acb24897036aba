"""Full-text search over sentences, Chinese-aware: any substring, ranked, highlighted, with its facts.

Chinese is written without spaces, so words cannot be told apart by the tokenizer; both databases
index character trigrams instead (migration 0003): SQLite an FTS5 table with the trigram
tokenizer, PostgreSQL a pg_trgm GIN index that serves `ILIKE`. A trigram index finds substrings
of three characters or more; a shorter term (基金, 贷) is matched by a scan, which is fine at the
size of a news archive. The query is split on spaces into terms, and a sentence must contain
every term.

Ranking is computed the same way on both databases, so they give the same answer: how densely
the terms occur in the sentence (occurrences × term length / sentence length), densest first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, cast, column, func, literal, select, text
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

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
TRIGRAM = 3  # a trigram index answers terms of this many characters or more
MARK_OPEN, MARK_CLOSE = "«", "»"
SNIPPET_BEFORE, SNIPPET_AFTER = 20, 40  # characters of context around the first match


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(slots=True)
class SearchHit:
    """One matching sentence; every offset indexes into the text of its article."""

    sentence_id: int
    article_id: int
    start: int
    end: int
    text: str
    score: float
    highlight: str  # the whole sentence, each match between « and »
    snippet: str  # the sentence around its first match, cut with … where it is cut
    matches: list[Span]
    figures: list[Figure] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SearchPage:
    items: list[SearchHit]
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


def _term_filters(session: Session, terms: Sequence[str]) -> list[ColumnElement[bool]]:
    if session.get_bind().dialect.name == "sqlite":
        indexed = [t for t in terms if len(t) >= TRIGRAM]
        filters: list[ColumnElement[bool]] = [
            Sentence.text.icontains(t, autoescape=True) for t in terms if len(t) < TRIGRAM
        ]
        if indexed:
            match = " AND ".join(fts5_phrase(t) for t in indexed)
            fts = text("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH :fts_query")
            filters.append(Sentence.id.in_(fts.bindparams(fts_query=match).columns(column("rowid", Integer))))
        return filters
    # PostgreSQL: ILIKE, which the pg_trgm index serves for terms of three characters or more.
    return [Sentence.text.icontains(t, autoescape=True) for t in terms]


def _density(terms: Sequence[str]) -> ColumnElement[Any]:
    """Characters of the sentence covered by the terms, over its length (0 < density <= 1)."""
    lowered = func.lower(Sentence.text)
    length = func.length(lowered)
    covered = [length - func.length(func.replace(lowered, literal(t.lower()), literal(""))) for t in terms]
    total = covered[0]
    for part in covered[1:]:
        total = total + part
    return cast(total, Float) / func.nullif(length, 0)


def mark(sentence: str, terms: Iterable[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence with every match of the terms between « and », and the matches' offsets.

    >>> mark("基金规模达10亿元,基金", ["基金"])
    ('«基金»规模达10亿元,«基金»', [(0, 2), (10, 12)])
    """
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    spans = [(m.start(), m.end()) for m in pattern.finditer(sentence)]
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


def search(session: Session, query: str, *, limit: int, offset: int) -> SearchPage:
    """Sentences containing every term of `query`, densest matches first, with their facts."""
    terms = parse_query(query)
    score = _density(terms).label("score")
    statement = (
        select(Sentence, score)
        .where(*_term_filters(session, terms))
        .order_by(score.desc(), Sentence.id)
        .limit(limit + 1)
        .offset(offset)
    )
    rows = session.execute(statement).all()
    hits = []
    for sentence, score in rows[:limit]:
        highlight, spans = mark(sentence.text, terms)
        hits.append(
            SearchHit(
                sentence_id=sentence.id,
                article_id=sentence.article_id,
                start=sentence.start,
                end=sentence.end,
                text=sentence.text,
                score=round(float(score or 0), 6),
                highlight=highlight,
                snippet=snippet(sentence.text, spans),
                matches=[Span(sentence.start + a, sentence.start + b) for a, b in spans],
            )
        )
    _attach_facts(session, hits)
    return SearchPage(items=hits, next=offset + limit if len(rows) > limit else None)


def _attach_facts(session: Session, hits: list[SearchHit]) -> None:
    """Give each hit the figures, initiatives, organizations and people mentioned inside it."""
    by_article: dict[int, list[SearchHit]] = defaultdict(list)
    for hit in hits:
        by_article[hit.article_id].append(hit)
    if not by_article:
        return
    article_ids = list(by_article)

    def inside(article_id: int, start: int, end: int) -> Iterable[SearchHit]:
        return (hit for hit in by_article[article_id] if hit.start <= start and end <= hit.end)

    figures = session.scalars(
        select(Figure).where(Figure.article_id.in_(article_ids)).order_by(Figure.start, Figure.id)
    )
    for figure in figures:
        for hit in inside(figure.article_id, figure.start, figure.end):
            hit.figures.append(figure)

    mentions = (
        (Initiative, InitiativeMention, "initiatives"),
        (Organization, OrganizationMention, "organizations"),
        (Person, PersonMention, "people"),
    )
    for model, mention, attribute in mentions:
        statement = (
            select(model, mention.start, mention.end)
            .join(mention)
            .where(model.article_id.in_(article_ids))
            .order_by(mention.start, model.id)
        )
        rows: Iterable[Any] = session.execute(statement)
        for fact, start, end in rows:
            for hit in inside(fact.article_id, start, end):
                found: list[object] = getattr(hit, attribute)
                if fact not in found:  # named twice in one sentence: listed once
                    found.append(fact)
