"""The loader: files and folders into the database, one transaction per document.

This is one of the two places that commit (the other is the request's session). A file that
fails leaves nothing behind and the load goes on with the rest.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import DomainError
from app.extract import UnreadableText, decode_text
from app.services import zones as zones_service
from app.services.ingest import content_hash, find_document_id, ingest_text, normalize_text

PAGE_SUFFIXES = (".txt",)


class Outcome(enum.Enum):
    NEW = "new"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class FileResult:
    path: Path
    outcome: Outcome
    facts: int = 0
    error: str | None = None


@dataclass(slots=True)
class LoadSummary:
    results: list[FileResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.results if result.outcome is outcome)

    @property
    def facts(self) -> int:
        return sum(result.facts for result in self.results)

    @property
    def failed(self) -> bool:
        return self.count(Outcome.FAILED) > 0

    def line(self) -> str:
        return (
            f"{self.count(Outcome.NEW)} new, {self.count(Outcome.UNCHANGED)} unchanged, "
            f"{self.count(Outcome.FAILED)} failed documents; {self.facts} facts written"
        )


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders give their `*.txt` files, recursively, in name order.
    A path that does not exist is yielded as is, so that loading it fails visibly."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES and not p.name.startswith(".")
            )
        else:
            yield path


def sync_gazetteer(factory: sessionmaker[Session]) -> int:
    with factory() as session, session.begin():
        return zones_service.sync_gazetteer(session)


def load_file(
    factory: sessionmaker[Session], path: Path, known_zones: zones_service.ZoneIds | None = None
) -> FileResult:
    """Read, decode and ingest one file in its own transaction. `known_zones`: the zone ids a load
    read at its start; they learn the zones this file adds once it is committed."""
    try:
        text = normalize_text(decode_text(path.read_bytes()))
    except OSError as exc:
        return FileResult(path, Outcome.FAILED, error=f"cannot read: {exc.strerror or exc}")
    except UnreadableText as exc:
        return FileResult(path, Outcome.FAILED, error=str(exc))
    with factory() as session:
        try:
            result = ingest_text(session, text, source_name=path.name, known_zones=known_zones)
            session.commit()
        except IntegrityError as exc:
            session.rollback()
            # Most likely another loader stored the same text between our check and our insert.
            if find_document_id(session, content_hash(text)) is not None:
                return FileResult(path, Outcome.UNCHANGED)
            return FileResult(path, Outcome.FAILED, error=str(exc).splitlines()[0])
        except (DomainError, SQLAlchemyError) as exc:
            session.rollback()
            return FileResult(path, Outcome.FAILED, error=str(exc).splitlines()[0])
        except Exception as exc:  # an extractor bug must not stop a bulk load
            session.rollback()
            return FileResult(path, Outcome.FAILED, error=f"{type(exc).__name__}: {exc}")
    if known_zones is not None:
        known_zones.learn(result.zone_ids)
    return FileResult(path, Outcome.NEW if result.created else Outcome.UNCHANGED, facts=result.facts)


def load_paths(
    factory: sessionmaker[Session],
    paths: Iterable[Path],
    on_result: Callable[[FileResult, int, int], None] | None = None,
) -> LoadSummary:
    """Load every file under `paths`; `on_result(result, done, total)` after each one."""
    files = list(expand_paths(paths))
    summary = LoadSummary()
    with factory() as session:
        known_zones = zones_service.ZoneIds.read(session)
    for done, path in enumerate(files, start=1):
        result = load_file(factory, path, known_zones)
        summary.results.append(result)
        if on_result:
            on_result(result, done, len(files))
    return summary
