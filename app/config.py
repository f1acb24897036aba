"""Settings from the environment, read once through `get_settings()` (tests build their own)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every knob of the service. Environment variables use the field name in upper case."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./var/zonefacts.db",
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user:pw@host/db",
    )
    host: str = Field(default="127.0.0.1", description="address `zonefacts serve` binds")
    port: int = Field(default=8000, ge=0, le=65535, description="port `zonefacts serve` binds")
    seed_dir: Path = Field(default=Path("seed"), description="articles loaded into an empty database")
    auto_migrate: bool = Field(default=True, description="`serve` and `load` upgrade the schema first")
    auto_seed: bool = Field(default=True, description="`serve` loads SEED_DIR when no document is stored")
    log_level: str = Field(default="info", description="uvicorn log level")


@lru_cache
def get_settings() -> Settings:
    return Settings()
