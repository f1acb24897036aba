"""`zonefacts load` and `zonefacts db` against a new database, on both backends."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, select

from app.cli import ProgressBar, main
from app.config import Settings, cpu_count, get_settings
from app.db import Base, alembic_config, create_engine
from tests.conftest import SEED_DIR


@pytest.fixture
def database_url(empty_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    get_settings.cache_clear()
    yield empty_database_url
    get_settings.cache_clear()


def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                t.name: connection.scalar(select(func.count()).select_from(t)) or 0
                for t in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_load_the_seed_twice(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(SEED_DIR)]) == 0
    first = capsys.readouterr().out.strip()
    counts = row_counts(database_url)
    assert main(["load", str(SEED_DIR)]) == 0
    second = capsys.readouterr().out.strip()

    assert first.startswith("1 new, 0 unchanged, 0 failed documents; ")
    assert second == "0 new, 1 unchanged, 0 failed documents; 0 facts written"
    assert row_counts(database_url) == counts
    assert counts["documents"] == 1 and counts["zones"] > 150


def test_a_failed_file_sets_the_exit_code(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "good.txt").write_text("厦门火炬高新区建医工融合平台。", encoding="gb18030")
    (tmp_path / "empty.txt").write_bytes(b"   \n")
    assert main(["load", str(tmp_path), str(tmp_path / "missing.txt")]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("1 new, 0 unchanged, 2 failed documents; ")
    assert "empty.txt: the input is empty" in captured.err
    assert "missing.txt: cannot read" in captured.err
    assert row_counts(database_url)["documents"] == 1


def test_db_commands(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "current"]) == 0
    assert "none" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert f"revision: {head}" in capsys.readouterr().out
    assert main(["db", "downgrade", "base"]) == 0
    assert "none" in capsys.readouterr().out


def test_an_unreachable_database_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    get_settings.cache_clear()
    try:
        assert main(["db", "current"]) == 2
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert err.startswith("zonefacts: database error:") and err.count("\n") == 1


def test_progress_bar_draws_in_place() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=True, width=4)
    bar.update(1, 2)
    bar.update(2, 2)
    assert stream.getvalue() == "\r[##  ] 1/2\r[####] 2/2\n"
    silent = io.StringIO()
    ProgressBar(silent, enabled=False).update(1, 2)
    assert silent.getvalue() == ""


def test_serve_runs_one_worker_per_core_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WORKERS", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    assert Settings().workers == cpu_count() >= 1
    monkeypatch.setenv("WEB_CONCURRENCY", "3")  # the name platforms set
    assert Settings().workers == 3
    monkeypatch.setenv("WORKERS", "1")  # ours wins
    assert Settings().workers == 1


def test_serve_refuses_no_workers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    get_settings.cache_clear()
    try:
        assert main(["serve", "--workers", "0"]) == 2
    finally:
        get_settings.cache_clear()
    assert "--workers: at least 1" in capsys.readouterr().err
