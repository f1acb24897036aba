"""Settings from the environment, read once through `get_settings()` (tests build their own)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def cpu_count() -> int:
    """The CPU cores this process may run on (its affinity, which containers and taskset narrow)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Settings(BaseSettings):
    """Every knob of the service. Environment variables use the field name in upper case."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./var/zonefacts.db",
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user:pw@host/db",
    )
    host: str = Field(default="127.0.0.1", description="address `zonefacts serve` binds")
    port: int = Field(default=8000, ge=0, le=65535, description="port `zonefacts serve` binds")
    workers: int = Field(
        default_factory=cpu_count,
        ge=1,
        validation_alias=AliasChoices("workers", "web_concurrency"),
        description="processes `zonefacts serve` answers requests in (WORKERS, else WEB_CONCURRENCY); "
        "default: one per CPU core this process may run on",
    )
    seed_dir: Path = Field(default=Path("seed"), description="articles loaded into an empty database")
    auto_migrate: bool = Field(default=True, description="`serve` and `load` upgrade the schema first")
    auto_seed: bool = Field(default=True, description="`serve` loads SEED_DIR when no document is stored")
    log_level: str = Field(
        default="info",
        description="level of `serve`'s logs: critical, error, warning, info, debug, trace "
        "(warning and above leave out the line per request)",
    )
    log_format: Literal["json", "text"] = Field(
        default="json", description="`serve`'s log lines: one JSON object each, or text to read in a terminal"
    )
    zonefacts_api_keys: str = Field(
        default="",
        repr=False,
        description="comma-separated API keys that may write (POST/DELETE); none: the service is read-only",
    )
    cors_origins: str = Field(
        default="",
        description="comma-separated origins allowed by CORS (`*` for any); none: no CORS headers",
    )
    max_body_bytes: int = Field(
        default=4 * 1024 * 1024, ge=1024, description="largest request body accepted (413 above it)"
    )
    database_timeout_seconds: float = Field(
        default=5.0,
        gt=0,
        description="how long a request waits to connect to the database (or, on SQLite, for a lock)",
    )

    @property
    def api_keys(self) -> tuple[str, ...]:
        return _split(self.zonefacts_api_keys)

    @property
    def cors_origin_list(self) -> tuple[str, ...]:
        return _split(self.cors_origins)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@lru_cache
def get_settings() -> Settings:
    return Settings()
