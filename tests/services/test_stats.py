"""Money stats from the kept totals (migration 0005) equal the sums of the figures themselves, on
both databases, after loads, deletes (cascades included) and updates of figures and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, delete, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from app.models import Article, Document, Figure
from app.services import loader
from app.services.figures import FigureFilters
from app.services.reader import Reader
from app.services.stats import GroupBy, from_figures, from_totals, money_stats, totals_answer
from tests.conftest import SEED_DIR

ARTICLES_DIR = Path(__file__).resolve().parent.parent / "extract" / "articles"
GROUPINGS: tuple[GroupBy, ...] = ("zone", "province", "category", "month")

# filters the totals answer, each asked with every grouping
TOTALS_CASES = {
    "none": FigureFilters(),
    "a zone": FigureFilters(zones=("佛山高新区",)),
    "two zones by alias and id": FigureFilters(zones=("西安高新区", "杭州高新区")),
    "a province": FigureFilters(province="广东"),
    "a category": FigureFilters(category="financing"),
    "a province's category": FigureFilters(province="广东省", category="fund_size"),
    "from a month": FigureFilters(date_from=dt.date(2023, 5, 1)),
    "to a month": FigureFilters(date_to=dt.date(2023, 5, 31)),
    "a quarter of a zone": FigureFilters(
        zones=("佛山高新区",), date_from=dt.date(2023, 4, 1), date_to=dt.date(2023, 6, 30)
    ),
    "months of a category": FigureFilters(
        category="investment", date_from=dt.date(2020, 1, 1), date_to=dt.date(2024, 12, 31)
    ),
}
# filters only the figures answer
SCAN_CASES = {
    "a day": FigureFilters(date_from=dt.date(2023, 5, 10)),
    "an amount": FigureFilters(min_amount="1亿"),
    "a qualifier": FigureFilters(qualifier="over"),
    "per year": FigureFilters(per_year=False),
    "text": FigureFilters(text="基金"),
}

# the article dates set over the loaded pages: several months, a day, none
DATES = [dt.date(2023, 5, 10), dt.date(2023, 5, 31), dt.date(2021, 12, 1), None, dt.date(2023, 4, 2)]


def recounted(connection: Connection) -> list[tuple[Any, ...]]:
    """`money_totals` as it should be: counted again from the figures."""
    month = (
        "coalesce(substr(a.published_date, 1, 7), '')"
        if connection.dialect.name == "sqlite"
        else "coalesce(to_char(a.published_date, 'YYYY-MM'), '')"
    )
    statement = f"""
        WITH g AS (
            SELECT coalesce(f.zone_id, 0) AS z, coalesce(f.category, '') AS c, {month} AS m,
                   sum(f.amount_yuan) AS s, count(*) AS n, min(f.amount_yuan) AS lo, max(f.amount_yuan) AS hi
            FROM figures AS f JOIN articles AS a ON a.id = f.article_id
            WHERE f.amount_yuan IS NOT NULL GROUP BY 1, 2, 3
        )
        SELECT z, c, m, s, n, lo, hi FROM g
        UNION ALL SELECT z, c, '*', sum(s), sum(n), min(lo), max(hi) FROM g GROUP BY z, c
        UNION ALL SELECT -1, c, m, sum(s), sum(n), min(lo), max(hi) FROM g GROUP BY c, m
    """
    return sorted(_plain(row) for row in connection.execute(text(statement)))


def kept(connection: Connection) -> list[tuple[Any, ...]]:
    columns = "zone_id, category, month, sum_yuan, count, min_yuan, max_yuan"
    return sorted(_plain(row) for row in connection.execute(text(f"SELECT {columns} FROM money_totals")))


def _plain(row: Any) -> tuple[Any, ...]:
    return tuple(int(v) if not isinstance(v, str) else v for v in row)


@pytest.fixture
def loaded(session_factory: sessionmaker[Session]) -> Session:
    loader.sync_gazetteer(session_factory)
    summary = loader.load_paths(session_factory, [SEED_DIR, ARTICLES_DIR])
    assert not summary.failed, summary.results
    with session_factory() as session:
        ids = session.scalars(select(Article.id).order_by(Article.id)).all()
        for n, article_id in enumerate(ids):
            date = DATES[n % len(DATES)]
            session.execute(update(Article).where(Article.id == article_id).values(published_date=date))
        session.commit()
    return session_factory()


def assert_totals_agree(session: Session) -> None:
    connection = session.connection()
    assert kept(connection) == recounted(connection)
    reader = Reader.of(session)
    for name, filters in TOTALS_CASES.items():
        assert totals_answer(filters), name
        for group_by in GROUPINGS:
            from_scan = from_figures(reader, filters, group_by)
            assert from_totals(reader, filters, group_by) == from_scan, (name, group_by)


def test_the_totals_answer_as_the_figures_do(loaded: Session) -> None:
    reader = Reader.of(loaded)
    groups = {g: from_figures(reader, FigureFilters(), g) for g in GROUPINGS}
    assert all(len(found) > 2 for found in groups.values()), "the pages should spread the money"
    assert {row[0] for row in groups["month"]} == {"2023-05", "2021-12", "2023-04", None}
    assert_totals_agree(loaded)


@pytest.mark.parametrize("filters", SCAN_CASES.values(), ids=list(SCAN_CASES))
def test_other_filters_sum_the_figures(loaded: Session, filters: FigureFilters) -> None:
    assert not totals_answer(filters)
    reader = Reader.of(loaded)
    for group_by in GROUPINGS:
        found = [(g["key"], g["sum_yuan"], g["count"]) for g in money_stats(loaded, filters, group_by)]
        assert found == [(r[0], int(r[1]), r[2]) for r in from_figures(reader, filters, group_by)]


def _ids(session: Session, model: type[Article | Document]) -> list[int]:
    return list(session.scalars(select(model.id).order_by(model.id)))


def _money(session: Session) -> list[Figure]:
    return list(session.scalars(select(Figure).where(Figure.amount_yuan.is_not(None)).order_by(Figure.id)))


def change_amounts(session: Session) -> None:
    for figure in _money(session)[::5]:
        figure.amount_yuan = 7 * (figure.amount_yuan or 0)


def forget_zones_and_categories(session: Session) -> None:
    for figure in _money(session)[1::6]:
        figure.zone_id, figure.category = None, None


def move_to_another_article(session: Session) -> None:
    first = _ids(session, Article)[0]
    for figure in _money(session)[2::7]:
        figure.article_id = first


def delete_the_largest_one_by_one(session: Session) -> None:
    for figure in sorted(_money(session), key=lambda f: -(f.amount_yuan or 0))[:5]:
        session.execute(delete(Figure).where(Figure.id == figure.id))


def delete_in_one_statement(session: Session) -> None:
    session.execute(delete(Figure).where(Figure.id.in_([f.id for f in _money(session)[::3]])))


def delete_articles(session: Session) -> None:  # their figures go by cascade
    session.execute(delete(Article).where(Article.id.in_(_ids(session, Article)[1:6:2])))


def delete_a_document(session: Session) -> None:  # its articles and their figures go by cascade
    session.execute(delete(Document).where(Document.id == _ids(session, Document)[1]))


def change_dates(session: Session) -> None:
    session.execute(update(Article).where(Article.id % 3 == 0).values(published_date=dt.date(2019, 7, 4)))


def remove_a_date(session: Session) -> None:
    session.execute(
        update(Article).where(Article.id == _ids(session, Article)[3]).values(published_date=None)
    )


CHANGES: dict[str, Callable[[Session], None]] = {
    change.__name__: change
    for change in (
        change_amounts,
        forget_zones_and_categories,
        move_to_another_article,
        delete_the_largest_one_by_one,
        delete_in_one_statement,
        delete_articles,
        delete_a_document,
        change_dates,
        remove_a_date,
    )
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=list(CHANGES))
def test_the_totals_follow_every_change(loaded: Session, change: Callable[[Session], None]) -> None:
    change(loaded)
    loaded.flush()
    assert_totals_agree(loaded)


def test_every_change_one_after_another(loaded: Session) -> None:
    for change in CHANGES.values():
        change(loaded)
        loaded.flush()
    assert_totals_agree(loaded)
