"""Getting a database ready to serve: schema at head, gazetteer in, seed loaded if empty."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import upgrade_database
from app.models import Document
from app.services import loader

log = logging.getLogger("zonefacts")


def has_documents(factory: sessionmaker[Session]) -> bool:
    with factory() as session:
        return session.scalar(select(Document.id).limit(1)) is not None


def prepare_database(settings: Settings, factory: sessionmaker[Session]) -> loader.LoadSummary | None:
    """Migrate (AUTO_MIGRATE), sync the gazetteer, and load SEED_DIR into an empty database
    (AUTO_SEED). Returns the seed load's summary, or None when nothing was loaded."""
    if settings.auto_migrate:
        upgrade_database(settings.database_url)
    loader.sync_gazetteer(factory)
    if not settings.auto_seed or has_documents(factory):
        return None
    seed_dir = Path(settings.seed_dir)
    if not seed_dir.is_dir():
        log.warning("no documents stored and no seed folder at %s: serving an empty database", seed_dir)
        return None
    return loader.load_paths(factory, [seed_dir])
