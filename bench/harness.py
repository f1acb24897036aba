"""The benchmark's machinery: server processes, wrk, what /proc says about them, side venvs, and a
PostgreSQL cluster kept between runs. `bench.run` decides what to measure; this module measures."""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.postgres import PostgresServer, free_port

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / ".data"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- processes and /proc -----------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """`pid` and all its descendants (a server with workers is a tree of processes)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(parents.get(current, []))
    return found


def cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU seconds the processes have used so far."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def memory_mb(pid: int) -> tuple[float, float]:
    """Resident set size now and at its peak (VmRSS, VmHWM), in MB."""
    values = {"VmRSS": 0.0, "VmHWM": 0.0}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in values:
                values[name] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "memory": f"{memory:.0f} GiB",
        "python": sys.version.split()[0],
    }


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


@dataclass
class Server:
    """A server process on 127.0.0.1:`port`, its output in `log`."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # sampled under load, by pid

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pids(self) -> list[int]:
        return children(self.process.pid)

    def sample_memory(self) -> None:
        for pid in self.pids():
            rss, _peak = memory_mb(pid)
            self.peak_rss_mb[pid] = max(self.peak_rss_mb.get(pid, 0.0), rss)

    def high_water_mb(self) -> dict[int, float]:
        """The kernel's peak RSS of each process (VmHWM), which sampling cannot miss."""
        return {pid: memory_mb(pid)[1] for pid in self.pids()}

    def wait_ready(self, path: str = "/healthz", timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if get(self.base + path, timeout=5)[0] == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(
    name: str, command: Sequence[str], env: Mapping[str, str], port: int, ready_path: str = "/healthz"
) -> Server:
    log_dir = DATA / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            list(command), cwd=ROOT, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT
        )
    server = Server(name, port, process, log)
    try:
        server.wait_ready(ready_path)
    except BaseException:
        server.stop()
        raise
    return server


@contextlib.contextmanager
def running(server: Server) -> Iterator[Server]:
    try:
        yield server
    finally:
        server.stop()


def get(url: str, timeout: float = 60) -> tuple[int, bytes]:
    """One GET on a new connection: status and body."""
    match = re.match(r"http://([^:/]+):(\d+)(/.*)", url)
    assert match, url
    connection = http.client.HTTPConnection(match[1], int(match[2]), timeout=timeout)
    try:
        connection.request("GET", match[3])
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --- load generation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """Throughput and latency of one URL; `cpu_ms` is the server's CPU per request (user +
    system, all its processes), which other load on the machine disturbs far less than time."""

    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    cpu_ms: float
    connections: int
    load: float  # the machine's 1-minute load average at the end
    note: str = ""


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _duration_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    assert match, text
    return float(match[1]) * _UNITS_MS[match[2]]


def parse_wrk(output: str) -> tuple[float, float, float, int, int]:
    """Requests/s, p50 and p99 in ms, requests and errors (non-2xx, socket errors) from
    `wrk --latency`."""
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])  # type: ignore[index]
    p50 = _duration_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M)[1])  # type: ignore[index]
    p99 = _duration_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M)[1])  # type: ignore[index]
    requests = int(re.search(r"(\d+) requests in", output)[1])  # type: ignore[index]
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return rate, p50, p99, requests, errors


def wrk(
    server: Server, path: str, seconds: float, connections: int = 16, threads: int = 2, warmup: float = 1.0
) -> Measure:
    """`wrk -t2 -c16 --latency` on one URL after a warm-up run, sampling the server's memory."""
    url = server.base + path
    command = ["wrk", f"-t{threads}", f"-c{connections}", "--latency", "--timeout", "10s"]
    if warmup:
        subprocess.run([*command, f"-d{warmup:g}s", url], capture_output=True, check=True)
    pids = server.pids()
    cpu_before = cpu_seconds(pids)
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.25):
            server.sample_memory()

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        done = subprocess.run([*command, f"-d{seconds:g}s", url], capture_output=True, text=True, check=True)
    finally:
        stop.set()
        sampler.join()
    cpu = cpu_seconds(pids) - cpu_before
    rate, p50, p99, requests, errors = parse_wrk(done.stdout)
    return Measure(
        rate, p50, p99, requests, errors, 1000 * cpu / max(requests, 1), connections, load_average()
    )


def sequential(server: Server, path: str, budget: float, at_most: int = 20, at_least: int = 3) -> Measure:
    """For answers too slow for 16 connections within a few seconds: one request at a time,
    `at_least` of them, more while within `budget` seconds."""
    pids = server.pids()
    cpu_before = cpu_seconds(pids)
    times: list[float] = []
    errors = 0
    started = time.perf_counter()
    while len(times) < at_least or (len(times) < at_most and time.perf_counter() - started < budget):
        begin = time.perf_counter()
        status, _body = get(server.base + path, timeout=300)
        times.append((time.perf_counter() - begin) * 1000)
        errors += status != 200
        server.sample_memory()
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds(pids) - cpu_before
    return Measure(
        requests_per_s=len(times) / elapsed,
        p50_ms=statistics.median(times),
        p99_ms=max(times),
        requests=len(times),
        errors=errors,
        cpu_ms=1000 * cpu / len(times),
        connections=1,
        load=load_average(),
        note=f"1 connection, {len(times)} requests one at a time (p99 = slowest)",
    )


def measure(server: Server, path: str, seconds: float, slow_ms: float = 250) -> Measure:
    """wrk at 16 connections, unless the fastest of three requests takes longer than `slow_ms`:
    16 of them would then queue for seconds, so they go one at a time instead (and say so)."""
    probes = []
    for _ in range(3):
        begin = time.perf_counter()
        status, body = get(server.base + path, timeout=300)
        probes.append((time.perf_counter() - begin) * 1000)
        if status != 200:
            raise RuntimeError(f"{server.name} {path}: HTTP {status}: {body[:300]!r}")
        if probes[-1] > 4 * slow_ms:
            break
    if min(probes) > slow_ms:
        return sequential(server, path, budget=seconds * 2)
    return wrk(server, path, seconds)


# --- side venvs (the references' packages stay out of the project's venv) -----------------------


def ensure_venv(folder: Path, requirements: Sequence[str], constraints: str = "") -> Path | None:
    """A venv at `folder` holding `requirements` (pinned by `constraints`), made again when either
    changes; its python, or None if pip could not install them."""
    stamp = hashlib.sha256("\n".join([*requirements, constraints]).encode()).hexdigest()
    python = folder / "bin" / "python"
    if (
        python.exists()
        and (folder / "bench-stamp").exists()
        and (folder / "bench-stamp").read_text() == stamp
    ):
        return python
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    command = [str(folder / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check"]
    if constraints:
        (folder / "constraints.txt").write_text(constraints)
        command += ["-c", str(folder / "constraints.txt")]
    print(f"bench: installing {', '.join(requirements)} into {folder.relative_to(ROOT)}", file=sys.stderr)
    done = subprocess.run([*command, *requirements], capture_output=True, text=True)
    if done.returncode != 0:
        print(f"bench: pip failed: {done.stderr.strip()[-500:]}", file=sys.stderr)
        return None
    (folder / "bench-stamp").write_text(stamp)
    return python


# --- PostgreSQL kept between runs --------------------------------------------------------------


class KeptPostgres(PostgresServer):
    """`tests.postgres.PostgresServer` with its data folder at `root`, kept after `stop()`, so a
    database filled once (a million figures take a minute to copy) serves later runs."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = root
        self.data = root / "data"
        root.mkdir(parents=True, exist_ok=True)
        if self.user:
            import pwd

            entry = pwd.getpwnam(self.user)
            os.chown(root, entry.pw_uid, entry.pw_gid)

    def start(self) -> KeptPostgres:
        if not (self.data / "PG_VERSION").exists():
            super().start()
            return self
        assert self.pg_ctl
        self.port = free_port()
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._call(
            self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start"
        )
        return self

    def stop(self) -> None:
        if self.port and self.pg_ctl:
            subprocess.run(
                self._command(self.pg_ctl, "-D", str(self.data), "-m", "fast", "stop"),
                capture_output=True,
                cwd=self.root,
            )

    def has_database(self, name: str) -> bool:
        import psycopg

        with psycopg.connect(self._admin()) as connection:
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        return found is not None

    def _admin(self) -> str:
        return f"host=127.0.0.1 port={self.port} user=zonefacts dbname=postgres"

    def rename_database(self, old: str, new: str) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self._admin(), autocommit=True) as connection:
            connection.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(old), sql.Identifier(new))
            )

    def create_named(self, name: str) -> str:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self._admin(), autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)


def port() -> int:
    return free_port()
