"""Where a request's time goes inside the service: its SQL statements, their time and plans.

    python -m bench.explain [--figures 1000000] [--rounds 20] [--plans] [URL ...]

Runs each URL (default: the benchmark's (a)-(e)) through the real app in this process
(`create_app` behind Starlette's test client, no network), after a warm-up, and prints per
request: the time in all, the time inside the database driver (cursor execute and fetch, from
SQLAlchemy's events), how many statements, and what is left: Python (routing, the ORM building
objects, pydantic, middleware). `--plans` adds each statement's EXPLAIN QUERY PLAN (SQLite).
Uses the database `bench.run` built (`bench/.data/sqlite-<figures>-...db`).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, event

from app.config import Settings
from app.main import create_app
from bench.run import busiest_zone, endpoints, middle_article, sqlite_database


class StatementClock:
    """The time and text of every statement run on an engine, as its events see them."""

    def __init__(self, engine: Engine) -> None:
        self.seconds = 0.0
        self.statements: list[tuple[str, Any]] = []
        self._started: dict[int, float] = {}
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, _conn: Any, cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        self._started[id(cursor)] = time.perf_counter()
        self.statements.append((statement, parameters))

    def _after(self, _conn: Any, cursor: Any, *_args: Any) -> None:
        self.seconds += time.perf_counter() - self._started.pop(id(cursor), time.perf_counter())

    def reset(self) -> None:
        self.seconds = 0.0
        self.statements = []


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("urls", nargs="*", help="paths with their query (default: the benchmark's a-e)")
    parser.add_argument("--figures", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=20, help="requests per URL (fewer for slow ones)")
    parser.add_argument("--plans", action="store_true", help="print EXPLAIN QUERY PLAN of each statement")
    args = parser.parse_args(argv)

    from fastapi.testclient import TestClient

    database = sqlite_database(args.figures)
    urls = args.urls or [e.path for e in endpoints(busiest_zone(database), middle_article(database)).values()]
    app = create_app(Settings(database_url=f"sqlite:///{database}", auto_seed=False, auto_migrate=False))
    with TestClient(app) as client:
        clock = StatementClock(app.state.engine)
        print(f"{'URL':70s} {'total ms':>9s} {'SQL ms':>8s} {'stmts':>5s} {'other ms':>9s}")
        for url in urls:
            client.get(url)
            totals, sql, count = [], [], 0
            deadline = time.perf_counter() + 30
            for _ in range(args.rounds):
                clock.reset()
                started = time.perf_counter()
                response = client.get(url)
                totals.append(time.perf_counter() - started)
                sql.append(clock.seconds)
                count = len(clock.statements)
                if time.perf_counter() > deadline:
                    break
            total, spent = statistics.median(totals) * 1000, statistics.median(sql) * 1000
            shown = url if len(url) <= 70 else url[:67] + "..."
            numbers = f"{total:9.2f} {spent:8.2f} {count:5d} {total - spent:9.2f}"
            print(f"{shown:70s} {numbers}  HTTP {response.status_code}")
            if args.plans:
                explain(app.state.engine, clock.statements)


def explain(engine: Engine, statements: list[tuple[str, Any]]) -> None:
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            plan = raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
            print("    " + " ".join(statement.split())[:160])
            for row in plan:
                print(f"      {row[-1]}")


if __name__ == "__main__":
    main()
