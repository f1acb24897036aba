"""The benchmark of the performance issue: API throughput, scale, memory and load speed, each beside
references measured in the same run, against the issue's targets.

    python -m bench.run            # 5-second runs, loads 500 pages: about 6 minutes at baseline speed
    python -m bench.run --quick    # 2-second runs, loads 100 pages: about 2 minutes
    python -m bench.run --full     # 10-second runs, loads the issue's 10,000 pages (about 50 minutes
                                   # at the baseline's 7 pages/s, 2 at the target's 150), every
                                   # endpoint on PostgreSQL
    python -m bench.run --parts api,postgres,load   # any of the three

The first run also builds the databases (10k, 100k and 1M figures on SQLite, 1M on PostgreSQL:
about 5 minutes) and two side venvs (the references' orjson, Datasette 0.65.5) under bench/;
later runs reuse them (`bench/.data/`, keyed by generator version and schema revision).

What it runs, all on 127.0.0.1, servers started as users start them:
- the service: `zonefacts serve` with DATABASE_URL, AUTO_SEED=false and otherwise its defaults
  (one process: WEB_CONCURRENCY=1 and WORKERS=1 set; "default processes": neither set);
- the references (`bench.reference`, same uvicorn and FastAPI): raw sqlite3 + orjson on the event
  loop answering the same URLs with the same bytes (checked), and pre-serialized bytes;
- Datasette 0.65.5 on the same SQLite file, for the issue's "9x Datasette";
- Datasette runs with `suggest_facets off`, as for an API (with suggestions a request took 3 s);
- `wrk -t2 -c16 --latency` for each URL, after a 1-second warm-up; an answer whose fastest of three
  probes is slower than 250 ms is measured one request at a time instead (16 connections would
  only queue), and says so.

Each measure also gives the server's CPU milliseconds per request (from /proc), which other load
on a shared machine disturbs far less than requests per second. Results: a table on stdout, and
`bench/.data/results-<mode>.md` and `.json`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from alembic.script import ScriptDirectory

from app.db import alembic_config
from app.services.pagination import encode_cursor
from bench import harness, pages, rows
from bench.harness import DATA, ROOT, KeptPostgres, Measure, Server
from tests.postgres import PostgresUnavailable

BIG = 1_000_000
ONE_PROCESS = {"WEB_CONCURRENCY": "1", "WORKERS": "1"}
DATASETTE = "datasette==0.65.5"
DATASETTE_KNOWN = 220.0  # req/s the issue gives for query (a) on Datasette 0.65.5
ORJSON = "orjson==3.13.0"


@dataclass(frozen=True)
class Mode:
    name: str
    seconds: float  # of each wrk run
    load_pages: int
    postgres: tuple[str, ...] = ("a",)  # endpoints measured on PostgreSQL


MODES = {
    "quick": Mode("quick", 2, 100),
    "default": Mode("default", 5, 500),
    "full": Mode("full", 10, 10_000, ("a", "b", "c", "d", "e")),
}
SCALE = (10_000, 100_000, BIG)


@dataclass(frozen=True)
class Endpoint:
    key: str
    title: str
    path: str


def endpoints(zone: str, article_id: int) -> dict[str, Endpoint]:
    def url(path: str, **query: str | int) -> str:
        return f"{path}?{urlencode(query)}" if query else path

    return {
        e.key: e
        for e in (
            Endpoint(
                "a",
                "figures of category fund_size over 1亿元, by amount, 50 per page",
                url("/v1/figures", category="fund_size", min_amount="1亿", sort="-amount", limit=50),
            ),
            Endpoint(
                "b", f"initiatives of one zone ({zone}, the busiest)", f"/v1/zones/{quote(zone)}/initiatives"
            ),
            Endpoint("c", f"one article by id ({article_id})", f"/v1/articles/{article_id}"),
            Endpoint("d", "search for a 2-character word (基金)", url("/v1/search", q="基金")),
            Endpoint("e", "money by province", url("/v1/stats/money", group_by="province")),
        )
    }


# --- databases ---------------------------------------------------------------------------------


def schema_head() -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    return head or "none"


def cache_key(figures: int) -> str:
    return f"{figures}-g{rows.GENERATOR_VERSION}-r{schema_head()}"


def sqlite_database(figures: int) -> Path:
    """The SQLite database with `figures` figures, built on first use (into a temporary name)."""
    path = DATA / f"sqlite-{cache_key(figures)}.db"
    if path.exists():
        return path
    building = path.with_suffix(".building")
    for leftover in DATA.glob(building.name + "*"):
        leftover.unlink()
    print(f"bench: building {path.name} (once)...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    rows.fill_sqlite(f"sqlite:///{building}", figures)
    building.rename(path)
    print(f"bench: built {path.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def postgres_database(server: KeptPostgres, source: Path, figures: int) -> str:
    name = f"figures_{cache_key(figures)}".replace("-", "_")
    if not server.has_database(name):
        print(f"bench: copying {source.name} into PostgreSQL (once)...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        building = server.create_named(f"{name}_building")
        rows.copy_to_postgresql(str(source), building)
        server.rename_database(f"{name}_building", name)
        print(f"bench: copied in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return server.url(name)


def busiest_zone(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        found = connection.execute(
            "SELECT z.name FROM initiatives i JOIN zones z ON z.id = i.zone_id "
            "GROUP BY i.zone_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        return str(found[0])


def middle_article(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return int(connection.execute("SELECT max(id) FROM articles").fetchone()[0]) // 2


def cursor_of_page(path: Path, number: int, size: int = 50) -> tuple[str, int]:
    """The cursor the service gives for page `number` of query (a), and how many rows match."""
    where = (
        "category = 'fund_size' AND amount_yuan IS NOT NULL "
        "AND (amount_high_yuan IS NULL OR amount_high_yuan >= 100000000)"
    )
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        matching = connection.execute(f"SELECT count(*) FROM figures WHERE {where}").fetchone()[0]
        last = connection.execute(
            f"SELECT amount_yuan, id FROM figures WHERE {where} "
            "ORDER BY amount_yuan DESC, id LIMIT 1 OFFSET ?",
            [(number - 1) * size - 1],
        ).fetchone()
    if last is None:
        raise RuntimeError(f"query (a) has {matching} rows: no page {number}")
    return encode_cursor("-amount", last[0], last[1]), int(matching)


# --- servers -----------------------------------------------------------------------------------


def service(name: str, url: str, *, one_process: bool = True, log_level: str | None = None) -> Server:
    env = {"DATABASE_URL": url, "AUTO_SEED": "false", "AUTO_MIGRATE": "true"}
    env |= ONE_PROCESS if one_process else {}
    if log_level:
        env["LOG_LEVEL"] = log_level
    command = [str(Path(sys.executable).parent / "zonefacts"), "serve", "--port", str(port := harness.port())]
    saved = {key: os.environ.pop(key) for key in ONE_PROCESS if key in os.environ and not one_process}
    try:
        return harness.start_server(name, command, env, port)
    finally:
        os.environ.update(saved)


def reference_python() -> Path:
    """A venv with the service's own dependencies at the versions of the project's venv, plus
    orjson: the references run on the same FastAPI, Starlette and uvicorn as the service."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    constraints = "\n".join(line for line in frozen.splitlines() if " @ " not in line and "==" in line)
    python = harness.ensure_venv(ROOT / "bench" / ".venv-ref", [*project, ORJSON], constraints)
    if python is None:
        raise RuntimeError("could not install the references' venv (bench/.venv-ref)")
    return python


def reference(python: Path, database: Path, bodies: Path) -> Server:
    port = harness.port()
    command = [
        str(python),
        "-m",
        "uvicorn",
        "bench.reference:app",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    env = {"BENCH_DATABASE": str(database), "BENCH_BODIES": str(bodies)}
    return harness.start_server("reference", command, env, port, ready_path="/bytes/a")


def datasette(database: Path) -> Server | None:
    python = harness.ensure_venv(ROOT / "bench" / ".venv-datasette", [DATASETTE])
    if python is None:
        return None
    port = harness.port()
    # Facet suggestions (a query per column, each up to 50 ms) are off, as in an API deployment:
    # with them a request here took 3 s.
    command = [str(python), "-m", "datasette", "serve", str(database), "--port", str(port)]
    command += ["--setting", "suggest_facets", "off"]
    return harness.start_server("datasette", command, {}, port, ready_path="/-/versions.json")


# --- results -----------------------------------------------------------------------------------


@dataclass
class Results:
    mode: str
    started: str
    machine: dict[str, str]
    measures: list[dict[str, object]] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)
    targets: list[dict[str, object]] = field(default_factory=list)

    def add(self, group: str, label: str, found: Measure, size: int | None = None) -> Measure:
        self.measures.append({"group": group, "label": label, "bytes": size, **asdict(found)})
        line = (
            f"{group:14s} {label:40s} {found.requests_per_s:8.1f} req/s  p50 {found.p50_ms:8.1f} ms  "
            f"p99 {found.p99_ms:8.1f} ms  cpu {found.cpu_ms:6.2f} ms/req  load {found.load:4.1f}"
        )
        print(line + (f"  [{found.note}]" if found.note else ""), file=sys.stderr, flush=True)
        return found

    def target(self, part: str, what: str, wanted: str, measured: str, ratio: str, met: bool | None) -> None:
        self.targets.append(
            {"part": part, "what": what, "target": wanted, "measured": measured, "ratio": ratio, "met": met}
        )


def verdict(met: object) -> str:
    return "n/a" if met is None else ("met" if met else "MISSED")


def table(headers: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(row[i])) for row in [headers, *body]) for i in range(len(headers))]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [headers, *body]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown(headers: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in body]
    return "\n".join(lines)


def measure_rows(results: Results) -> tuple[list[str], list[list[str]]]:
    headers = [
        "group",
        "server / URL",
        "req/s",
        "p50 ms",
        "p99 ms",
        "CPU ms/req",
        "bytes",
        "conns",
        "load",
        "note",
    ]
    body = [
        [
            str(m["group"]),
            str(m["label"]),
            f"{m['requests_per_s']:.0f}",
            f"{m['p50_ms']:.1f}",
            "" if m["p99_ms"] is None else f"{m['p99_ms']:.1f}",
            f"{m['cpu_ms']:.2f}",
            "" if m["bytes"] is None else str(m["bytes"]),
            str(m["connections"] or ""),
            f"{m['load']:.1f}",
            str(m["note"]) + (f"; {m['errors']} errors" if m["errors"] else ""),
        ]
        for m in results.measures
    ]
    return headers, body


def target_rows(results: Results) -> tuple[list[str], list[list[str]]]:
    headers = ["part", "what", "target", "measured", "ratio", "verdict"]
    body = [
        [
            str(t["part"]),
            str(t["what"]),
            str(t["target"]),
            str(t["measured"]),
            str(t["ratio"]),
            verdict(t["met"]),
        ]
        for t in results.targets
    ]
    return headers, body


def report(results: Results) -> None:
    facts = "\n".join(f"- {name}: {value}" for name, value in results.facts.items())
    machine = ", ".join(f"{k} {v}" for k, v in results.machine.items())
    print(f"\nzonefacts benchmark, mode {results.mode}, {results.started}; {machine}\n{facts}\n")
    print(table(*measure_rows(results)))
    print()
    print(table(*target_rows(results)))
    out = DATA / f"results-{results.mode}"
    out.with_suffix(".json").write_text(json.dumps(asdict(results), ensure_ascii=False, indent=1))
    text = [
        f"zonefacts benchmark, mode `{results.mode}`, {results.started}; {machine}",
        "",
        facts,
        "",
        markdown(*measure_rows(results)),
        "",
        markdown(*target_rows(results)),
    ]
    out.with_suffix(".md").write_text("\n".join(text) + "\n")
    print(f"\n(also in {out.with_suffix('.md').relative_to(ROOT)} and .json)")


# --- the parts ---------------------------------------------------------------------------------


def bodies_of(server: Server, urls: dict[str, Endpoint], folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    found = {}
    for key, endpoint in urls.items():
        status, body = harness.get(server.base + endpoint.path, timeout=300)
        if status != 200:
            raise RuntimeError(f"{endpoint.path}: HTTP {status}: {body[:300]!r}")
        (folder / f"{key}.json").write_bytes(body)
        found[key] = body
    return found


def api_at_scale(results: Results, mode: Mode, databases: dict[int, Path]) -> None:
    """Parts 3-6 on SQLite: every endpoint at 1M figures beside its references, page 1000 by
    cursor, the scale curve, Datasette, default processes, and the server's memory."""
    big = databases[BIG]
    urls = endpoints(busiest_zone(big), middle_article(big))
    results.facts["endpoints"] = {k: f"{e.title}: {e.path}" for k, e in urls.items()}
    a = urls["a"].path

    def run(group: str, label: str, server: Server, path: str, size: int | None = None) -> Measure:
        return results.add(group, label, harness.measure(server, path, mode.seconds), size)

    measured: dict[str, dict[str, Measure]] = {}
    with harness.running(service("service-1M", f"sqlite:///{big}")) as real:
        served = bodies_of(real, urls, DATA / "bodies")
        with harness.running(reference(reference_python(), big, DATA / "bodies")) as ref:
            same = {k: harness.get(ref.base + e.path, timeout=300)[1] == served[k] for k, e in urls.items()}
            results.facts["reference answers byte for byte the same"] = same
            for key, endpoint in urls.items():
                group, size = f"({key}) 1M sqlite", len(served[key])
                measured[key] = {
                    "service": run(group, "service", real, endpoint.path, size),
                    "raw": run(group, "ref: raw sqlite3 + orjson, event loop", ref, endpoint.path, size),
                    "bytes": run(group, "ref: pre-serialized bytes", ref, f"/bytes/{key}", size),
                }
            run("floor", "service /healthz (middleware + framework)", real, "/healthz")
            reference_memory = max(ref.high_water_mb().values())
        page_1000, matching = cursor_of_page(big, 1000)
        results.facts["rows matching (a) at 1M"] = matching
        served_cursor = json.loads(served["a"])["next_cursor"]
        results.facts["cursor of page 2: computed = served"] = cursor_of_page(big, 2)[0] == served_cursor
        first = run("(a) cursor", "service, page 1", real, a)
        later = run(
            "(a) cursor", "service, page 1000 by cursor", real, f"{a}&{urlencode({'cursor': page_1000})}"
        )
        scale = {BIG: run("(a) scale", f"service, {BIG:,} figures", real, a)}
        for figures in SCALE[:-1]:
            with harness.running(service(f"service-{figures}", f"sqlite:///{databases[figures]}")) as small:
                scale[figures] = run("(a) scale", f"service, {figures:,} figures", small, a)
        memory = max(real.high_water_mb().values())
        sampled = max(real.peak_rss_mb.values())
    datasette_rate = DATASETTE_KNOWN
    ds = datasette(big)
    if ds is not None:
        with harness.running(ds):
            query = {"category": "fund_size", "amount_yuan__gt": 100000000, "_sort_desc": "amount_yuan"}
            path = f"/{big.stem}/figures.json?{urlencode(query | {'_size': 50, '_shape': 'objects'})}"
            datasette_rate = run("(a) datasette", "Datasette 0.65.5, same file", ds, path).requests_per_s
    with harness.running(service("service-1M-default", f"sqlite:///{big}", one_process=False)) as default:
        processes = len(default.pids())
        several = run("(a) default", f"service, default processes ({processes})", default, a)
        default_memory = max(default.high_water_mb().values())
    judge_api(results, measured, datasette_rate, ds is not None)
    judge_scale(results, scale, first, later)
    results.target(
        "4 (a)",
        f"req/s, default processes ({processes} now), 1M",
        ">= 3500",
        f"{several.requests_per_s:.0f}",
        f"{several.requests_per_s / 3500:.2f}x target",
        several.requests_per_s >= 3500,
    )
    others = f"sampled peak {sampled:.0f} MB; default processes {default_memory:.0f} MB"
    results.target(
        "6",
        "server RSS at 1M under load, per process (VmHWM)",
        "<= 200 MB",
        f"{memory:.0f} MB",
        f"{others}; reference {reference_memory:.0f} MB",
        memory <= 200,
    )


def judge_api(
    results: Results, measured: dict[str, dict[str, Measure]], datasette_rate: float, measured_datasette: bool
) -> None:
    datasette = f"vs Datasette ({datasette_rate:.0f} req/s, {'measured' if measured_datasette else 'issue'})"
    for key in "abc":
        real, raw, pre = measured[key]["service"], measured[key]["raw"], measured[key]["bytes"]
        rate, part = real.requests_per_s, f"4 ({key})"
        results.target(
            part, "req/s, 1 process, 1M", ">= 2000", f"{rate:.0f}", f"{rate / 2000:.2f}x target", rate >= 2000
        )
        results.target(
            part,
            datasette,
            ">= 9x",
            f"{rate / datasette_rate:.1f}x",
            "" if key == "a" else "Datasette measured on (a) only",
            rate >= 9 * datasette_rate,
        )
        results.target(
            part,
            f"vs raw-sqlite3 reference ({raw.requests_per_s:.0f} req/s)",
            ">= 75%",
            f"{100 * rate / raw.requests_per_s:.0f}%",
            f"CPU/req {real.cpu_ms / raw.cpu_ms:.1f}x the reference's; bytes {pre.requests_per_s:.0f} req/s",
            rate >= 0.75 * raw.requests_per_s,
        )
        results.target(
            part,
            "p99 latency, 16 connections",
            "<= 20 ms",
            f"{real.p99_ms:.1f} ms",
            f"{real.p99_ms / 20:.1f}x target",
            real.p99_ms <= 20 and real.connections == 16,
        )
    for key in "de":
        real = measured[key]["service"]
        at = "16 connections" if real.connections == 16 else "1 connection (too slow for 16)"
        results.target(
            f"4 ({key})",
            f"p99 latency, {at}",
            "<= 150 ms",
            f"{real.p99_ms:.0f} ms",
            f"{real.p99_ms / 150:.1f}x target",
            real.p99_ms <= 150 and real.connections == 16,
        )


def judge_scale(results: Results, scale: dict[int, Measure], first: Measure, later: Measure) -> None:
    small, big = scale[SCALE[0]], scale[BIG]
    ratio = big.p50_ms / small.p50_ms
    results.target(
        "5",
        "(a) p50 latency at 1M / at 10k",
        "<= 1.5x",
        f"{big.p50_ms:.1f} / {small.p50_ms:.1f} ms",
        f"{ratio:.2f}x (p99 {big.p99_ms / small.p99_ms:.2f}x; 100k: {scale[100_000].p50_ms:.1f} ms)",
        ratio <= 1.5,
    )
    cursor = later.p50_ms / first.p50_ms
    results.target(
        "5",
        "(a) page 1000 by cursor / page 1, p50 latency",
        "same (<= 1.2x)",
        f"{later.p50_ms:.1f} / {first.p50_ms:.1f} ms",
        f"{cursor:.2f}x (req/s {later.requests_per_s:.0f} vs {first.requests_per_s:.0f})",
        cursor <= 1.2,
    )


def api_on_postgres(results: Results, mode: Mode, cluster: KeptPostgres, big: Path) -> None:
    url = postgres_database(cluster, big, BIG)
    urls = endpoints(busiest_zone(big), middle_article(big))
    found = {}
    with harness.running(service("service-1M-postgres", url)) as real:
        for key in mode.postgres:
            found[key] = results.add(
                f"({key}) 1M postgres", "service", harness.measure(real, urls[key].path, mode.seconds)
            )
    rate = found["a"].requests_per_s
    results.target(
        "4 (a)",
        "req/s on PostgreSQL, 1 process, 1M",
        ">= 1500",
        f"{rate:.0f}",
        f"{rate / 1500:.2f}x target" + ("" if found["a"].connections == 16 else "; 1 connection"),
        rate >= 1500,
    )


@dataclass(frozen=True)
class Load:
    pages: int
    megabytes: float
    seconds: float
    cpu_seconds: float
    summary: str


def page_folder(count: int) -> Path:
    folder = DATA / f"pages-{count}-s1-g{rows.GENERATOR_VERSION}"
    if not folder.is_dir():
        building = folder.with_name(folder.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        pages.write_pages(building, count, seed=1)
        building.rename(folder)
    return folder


def extraction_only(folder: Path) -> Load:
    """Decode and extract every page in this process (rules loaded first, as a loader has them)."""
    from app.extract import decode_text, extract_page

    files = sorted(folder.glob("*.txt"))
    extract_page(files[0].read_text(encoding="utf-8"))
    size = sum(f.stat().st_size for f in files)
    cpu, started = time.process_time(), time.perf_counter()
    for path in files:
        extract_page(decode_text(path.read_bytes()))
    return Load(len(files), size / 1e6, time.perf_counter() - started, time.process_time() - cpu, "")


def zonefacts_load(folder: Path, url: str) -> Load:
    """`zonefacts load` as a user runs it, timed from outside: start, migrations and all."""
    files = list(folder.glob("*.txt"))
    size = sum(f.stat().st_size for f in files)
    command = [str(Path(sys.executable).parent / "zonefacts"), "load", "--no-progress", str(folder)]
    before = os.times()
    started = time.perf_counter()
    done = subprocess.run(command, env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = os.times()
    if done.returncode != 0:
        raise RuntimeError(f"zonefacts load failed: {done.stderr[-1000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return Load(len(files), size / 1e6, seconds, cpu, done.stdout.strip().splitlines()[-1])


def load_throughput(results: Results, mode: Mode, cluster: KeptPostgres | None) -> None:
    folder = page_folder(mode.load_pages)
    extraction = extraction_only(folder)
    results.facts["pages loaded"] = (
        f"{extraction.pages} generated pages, {extraction.megabytes:.1f} MB, "
        f"{1000 * extraction.seconds / extraction.pages:.1f} ms extraction each"
    )
    target_dir = DATA / "load"
    shutil.rmtree(target_dir, ignore_errors=True)
    target_dir.mkdir(parents=True)
    # What a load costs before its first page (imports, migrations, the gazetteer): not storage.
    empty = target_dir / "empty"
    empty.mkdir()
    start_up = zonefacts_load(empty, f"sqlite:///{target_dir / 'start-up.db'}")
    results.facts["zonefacts load start-up (an empty folder, new SQLite file)"] = (
        f"{start_up.seconds:.2f} s wall, {start_up.cpu_seconds:.2f} s CPU"
    )
    runs = {"sqlite": zonefacts_load(folder, f"sqlite:///{target_dir / 'load.db'}")}
    if cluster is not None:
        runs["postgres"] = zonefacts_load(folder, cluster.create_named("load_bench"))
    rows_ = [("extraction only", extraction)] + [
        (f"zonefacts load, {name}", run) for name, run in runs.items()
    ]
    for label, run in rows_:
        results.measures.append(
            {
                "group": "load",
                "label": label,
                "bytes": None,
                "requests_per_s": run.pages / run.seconds,
                "p50_ms": 1000 * run.seconds / run.pages,
                "p99_ms": None,
                "requests": run.pages,
                "errors": 0,
                "cpu_ms": 1000 * run.cpu_seconds / run.pages,
                "connections": 0,
                "load": harness.load_average(),
                "note": f"{run.megabytes / run.seconds:.2f} MB/s; {run.summary}".strip("; "),
            }
        )
        print(f"load: {label}: {run.pages / run.seconds:.1f} pages/s", file=sys.stderr, flush=True)
    for name, run in runs.items():
        wall, cpu = run.seconds / extraction.seconds, run.cpu_seconds / extraction.cpu_seconds
        results.facts[f"load / extraction-only time, {name}"] = (
            f"{wall:.1f}x wall, {cpu:.1f}x CPU of the loader"
        )
    sqlite_run = runs["sqlite"]
    rate = sqlite_run.pages / sqlite_run.seconds
    results.target(
        "7",
        f"zonefacts load into SQLite, pages/s ({mode.load_pages} pages, 1 process)",
        ">= 150",
        f"{rate:.1f}",
        f"{rate / 150:.2f}x target; {sqlite_run.megabytes / sqlite_run.seconds:.2f} MB/s",
        rate >= 150,
    )
    paging = sqlite_run.pages / (sqlite_run.seconds - start_up.seconds)
    results.facts["zonefacts load into SQLite after its start-up, pages/s"] = f"{paging:.1f}"
    # Judged on CPU time, which other work on a shared machine disturbs far less than wall time.
    storage = sqlite_run.cpu_seconds - start_up.cpu_seconds - extraction.cpu_seconds
    wall = sqlite_run.seconds - start_up.seconds - extraction.seconds
    results.target(
        "7",
        "storage CPU time (load - start-up - extraction) vs extraction, SQLite",
        "< 1x",
        f"{storage:.1f} / {extraction.cpu_seconds:.1f} s",
        f"{storage / extraction.cpu_seconds:.1f}x; wall time {wall:.1f} / {extraction.seconds:.1f} s",
        storage < extraction.cpu_seconds,
    )
    if "postgres" in runs:
        run = runs["postgres"]
        results.target(
            "2",
            "zonefacts load into PostgreSQL, pages/s",
            "(no target)",
            f"{run.pages / run.seconds:.1f}",
            f"load/extraction {run.seconds / extraction.seconds:.2f}x; "
            f"{run.megabytes / run.seconds:.2f} MB/s",
            None,
        )


@contextlib.contextmanager
def postgres_cluster() -> Iterator[KeptPostgres | None]:
    try:
        cluster = KeptPostgres(DATA / "postgres").start()
    except PostgresUnavailable as exc:
        print(f"bench: no PostgreSQL ({exc}); its parts are left out", file=sys.stderr)
        yield None
        return
    try:
        yield cluster
    finally:
        cluster.stop()


def code_version() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    changed = len(git("status", "--porcelain", "--untracked-files=no").splitlines())
    return f"commit {git('rev-parse', '--short', 'HEAD')}" + (
        f" + {changed} files changed" if changed else ""
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    speed = parser.add_mutually_exclusive_group()
    speed.add_argument(
        "--quick", action="store_const", const="quick", dest="mode", help="2-second runs, 200 pages"
    )
    speed.add_argument(
        "--full", action="store_const", const="full", dest="mode", help="10-second runs, 10,000 pages"
    )
    parser.add_argument(
        "--parts", default="api,postgres,load", help="comma-separated, of: api (SQLite), postgres, load"
    )
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    mode = MODES[args.mode or "default"]
    if shutil.which("wrk") is None:
        print("bench: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    DATA.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results = Results(
        mode.name, dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), harness.machine()
    )
    results.facts["load average at start"] = (
        f"{harness.load_average():.1f} (other work on the machine disturbs req/s; CPU ms/req much less)"
    )
    results.facts["code"] = code_version()
    databases = {figures: sqlite_database(figures) for figures in SCALE}
    if "api" in parts:
        api_at_scale(results, mode, databases)
    with postgres_cluster() if parts & {"postgres", "load"} else contextlib.nullcontext() as cluster:
        if cluster is not None and "postgres" in parts:
            api_on_postgres(results, mode, cluster, databases[BIG])
        if "load" in parts:
            load_throughput(results, mode, cluster)
    results.facts["wall time of the run"] = f"{time.perf_counter() - started:.0f} s"
    results.facts["median load average"] = (
        f"{statistics.median(float(str(m['load'])) for m in results.measures):.1f}"
    )
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
