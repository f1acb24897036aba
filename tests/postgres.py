"""A throwaway PostgreSQL server for the test session: initdb + pg_ctl on a free port.

As root, the server runs as an unprivileged user (PostgreSQL refuses to run as root):
`postgres` if the system has it, else `nobody`.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg
from psycopg import sql

SUPERUSER = "zonefacts"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL could not be started here."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise PostgresUnavailable("running as root and neither user 'postgres' nor 'nobody' exists")


def find_tool(name: str) -> str | None:
    """On PATH, else in Debian's versioned folder (the postgresql package does not add it to PATH)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    return str(candidates[-1]) if candidates else None


class PostgresServer:
    def __init__(self) -> None:
        self.initdb = find_tool("initdb")
        self.pg_ctl = find_tool("pg_ctl")
        if not self.initdb or not self.pg_ctl:
            raise PostgresUnavailable("initdb/pg_ctl not on PATH (apt-get install postgresql)")
        self.user = _run_as()
        self.root = Path(tempfile.mkdtemp(prefix="zonefacts-pg-"))
        self.data = self.root / "data"
        self.port = 0
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)

    def _command(self, *args: str) -> list[str]:
        return ["runuser", "-u", self.user, "--", *args] if self.user else list(args)

    def _call(self, *args: str) -> None:
        done = subprocess.run(self._command(*args), capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            raise PostgresUnavailable(f"{' '.join(args[:2])} failed: {done.stderr.strip() or done.stdout}")

    def start(self) -> PostgresServer:
        assert self.initdb and self.pg_ctl
        self._call(
            self.initdb, "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-locale"
        )
        last_error: Exception | None = None
        for _attempt in range(3):  # the free port may be taken between the probe and the start
            self.port = free_port()
            options = (
                f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                self._call(
                    self.pg_ctl,
                    "-D",
                    str(self.data),
                    "-o",
                    options,
                    "-l",
                    str(self.root / "log"),
                    "-w",
                    "start",
                )
                return self
            except PostgresUnavailable as exc:
                last_error = exc
        log = (self.root / "log").read_text(errors="replace")[-2000:] if (self.root / "log").exists() else ""
        raise PostgresUnavailable(f"{last_error}\n{log}")

    def pause(self) -> None:
        """Shut the server down (its clients lose their connections), keeping its data and port."""
        assert self.pg_ctl
        self._call(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start a paused server again on the same port."""
        assert self.pg_ctl
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._call(
            self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start"
        )

    def stop(self) -> None:
        if self.port and self.pg_ctl:
            subprocess.run(
                self._command(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"),
                capture_output=True,
                cwd=self.root,
            )
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "test") -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        conninfo = f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres"
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)
