"""A real `zonefacts serve` process on a free port, for the tests that talk to it over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEED_DIR
from tests.postgres import free_port


@contextmanager
def running_server(
    database_url: str, folder: Path, settings: Mapping[str, str] | None = None
) -> Iterator[str]:
    """Start `zonefacts serve` on `database_url` (it migrates and loads the seed), wait until
    /readyz answers, yield its base URL, and stop it. Its output goes to folder/server.log.
    `settings` are more environment variables for it (e.g. ZONEFACTS_API_KEYS)."""
    port = free_port()
    env = os.environ | {"DATABASE_URL": database_url, "SEED_DIR": str(SEED_DIR), "PORT": str(port)}
    env |= settings or {}
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1"],
            env=env,
            cwd=folder,  # no seed/ here: the seed comes from SEED_DIR
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    pytest.fail(f"server exited with {process.returncode}:\n{log_path.read_text()}")
                try:
                    if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"server did not start:\n{log_path.read_text()}")
                time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
