"""The `zonefacts` command."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.extract import UnreadableText, decode_text, extract_page
from app.extract.serialize import item_to_dict

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from app.config import Settings

# `zonefacts extract` needs neither the database nor the web stack: those commands import them
# when they run, so extraction starts in a fraction of the time.


class CliError(Exception):
    """A user error: printed as one line on stderr, exit code 2."""


def read_page(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        return decode_text(data)
    except UnreadableText as exc:
        raise CliError(f"{path}: {exc}") from exc


def command_extract(args: argparse.Namespace) -> int:
    results = []
    for name in args.files:
        path = Path(name)
        text = read_page(path)
        items = extract_page(text)
        results.append({"file": str(path), "items": [item_to_dict(item) for item in items]})
    json.dump(results, sys.stdout, ensure_ascii=False, indent=None if args.compact else 2)
    sys.stdout.write("\n")
    return 0


class ProgressBar:
    """`[#####     ] 12/40` on a terminal, redrawn in place; silent when not a terminal."""

    def __init__(self, stream: TextIO, enabled: bool, width: int = 30) -> None:
        self.stream, self.enabled, self.width = stream, enabled, width
        self.mid_line = False  # the bar is drawn and the cursor stands after it

    def break_line(self) -> None:
        """Before printing a message: move off the bar's line."""
        if self.mid_line:
            self.stream.write("\n")
            self.mid_line = False

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        filled = self.width * done // total
        self.stream.write(f"\r[{'#' * filled}{' ' * (self.width - filled)}] {done}/{total}")
        self.mid_line = done < total
        if not self.mid_line:
            self.stream.write("\n")
        self.stream.flush()


def command_load(args: argparse.Namespace) -> int:
    from app.config import get_settings
    from app.services import loader

    settings = get_settings()
    factory = _prepare(settings, migrate=settings.auto_migrate)
    loader.sync_gazetteer(factory)
    files = list(loader.expand_paths(Path(p) for p in args.paths))
    bar = ProgressBar(sys.stderr, enabled=args.progress and len(files) > 1 and sys.stderr.isatty())

    def report(result: loader.FileResult, done: int, total: int) -> None:
        if result.outcome is loader.Outcome.FAILED:
            bar.break_line()
            print(f"zonefacts: {result.path}: {result.error}", file=sys.stderr)
        bar.update(done, total)

    summary = loader.load_paths(factory, files, on_result=report)
    print(summary.line())
    return 1 if summary.failed else 0


def command_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app import db
    from app.config import get_settings
    from app.logs import configure_logging
    from app.main import create_app
    from app.services.bootstrap import prepare_database

    settings = get_settings()
    workers = settings.workers if args.workers is None else args.workers
    if workers < 1:
        raise CliError(f"--workers: at least 1, not {workers}")
    try:
        configure_logging(settings.log_level, settings.log_format)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    engine = db.create_engine(settings.database_url)
    try:
        seeded = prepare_database(settings, db.create_sessionmaker(engine, writer=True))
    finally:
        engine.dispose()
    if seeded is not None:
        logging.getLogger("zonefacts").info("loaded %s: %s", settings.seed_dir, seeded.line())
    uvicorn.run(
        # Several workers: uvicorn starts each as a new process, which builds its own app (and
        # engine, and logging) from the environment; the database is ready for them by now.
        create_app(settings) if workers == 1 else "app.main:create_worker_app",
        factory=workers > 1,
        workers=workers,
        host=args.host or settings.host,
        port=settings.port if args.port is None else args.port,
        log_level=settings.log_level.lower(),
        log_config=None,  # configure_logging did it: JSON (or text) on stdout
        access_log=False,  # the app logs each request itself, with its id, route and duration
    )
    return 0


def command_db(args: argparse.Namespace) -> int:
    from app import db
    from app.config import get_settings

    url = get_settings().database_url
    if args.db_command == "upgrade":
        db.upgrade_database(url, args.revision)
    elif args.db_command == "downgrade":
        db.downgrade_database(url, args.revision)
    engine = db.create_engine(url)
    try:
        print(f"revision: {db.current_revision(engine) or 'none (empty database)'}")
    finally:
        engine.dispose()
    return 0


def _prepare(settings: Settings, migrate: bool) -> sessionmaker[Session]:
    """A sessionmaker for a bulk load on DATABASE_URL, the schema upgraded first if `migrate`."""
    from app import db

    if migrate:
        db.upgrade_database(settings.database_url)
    return db.create_sessionmaker(db.create_engine(settings.database_url, bulk_load=True), writer=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zonefacts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="print the facts of news pages as JSON (no database)")
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--compact", action="store_true", help="one line of JSON")
    extract.set_defaults(handler=command_extract)

    load = commands.add_parser(
        "load", help="load pages (files, or folders of *.txt) into the database; the same text is stored once"
    )
    load.add_argument("paths", nargs="+", metavar="PATH")
    load.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    load.set_defaults(handler=command_load)

    serve = commands.add_parser(
        "serve", help="serve the HTTP API (migrates, and loads seed/ into an empty database, first)"
    )
    serve.add_argument("--host", default=None, help="address to bind (default: $HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port to bind (default: $PORT or 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes answering requests (default: $WORKERS, else one per CPU core)",
    )
    serve.set_defaults(handler=command_serve)

    database = commands.add_parser("db", help="database schema (Alembic migrations)")
    db_commands = database.add_subparsers(dest="db_command", required=True)
    upgrade = db_commands.add_parser("upgrade", help="migrate to the newest schema (or REVISION)")
    upgrade.add_argument("revision", nargs="?", default="head")
    downgrade = db_commands.add_parser("downgrade", help="migrate down to REVISION ('base': no tables)")
    downgrade.add_argument("revision")
    db_commands.add_parser("current", help="print the schema revision")
    database.set_defaults(handler=command_db)
    return parser


def _is_database_error(exc: Exception) -> bool:
    """SQLAlchemy's and Alembic's errors, told apart without importing them for `extract`."""
    if "sqlalchemy" not in sys.modules:
        return False
    from alembic.util import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(exc, SQLAlchemyError | CommandError)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except CliError as exc:
        print(f"zonefacts: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        print(f"zonefacts: database error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("zonefacts: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
