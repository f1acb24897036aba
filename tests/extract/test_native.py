"""The compiled build of the extraction modules (app/extract/native.py): used only when it was
built from the sources as they are, and then giving exactly the facts the sources give."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from app.extract import native
from tests.extract.annotated import ARTICLES_DIR, SEED_DIR


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="module")
def compiled_build() -> None:
    """The build in app/extract/_compiled, current: CI must have it (`make test` builds it)."""
    problem = native.build_problem()
    if problem is not None:
        message = f"the compiled extraction build cannot be used: {problem} (run `make compile`)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def run_python(choice: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, native.CHOICE_VARIABLE: choice},
    )


def test_compiled_build_gives_the_same_facts_as_the_sources(compiled_build: None) -> None:
    pages = [str(path) for path in [*sorted(SEED_DIR.glob("*.txt")), *sorted(ARTICLES_DIR.glob("*.txt"))]]
    compiled = run_python("compiled", "-m", "app.cli", "extract", *pages)
    sources = run_python("python", "-m", "app.cli", "extract", *pages)
    assert compiled.returncode == 0, compiled.stderr
    assert sources.returncode == 0, sources.stderr
    entries = json.loads(compiled.stdout)
    assert [entry["file"] for entry in entries] == pages
    assert sum(len(item["figures"]) for entry in entries for item in entry["items"]) > 300
    assert compiled.stdout == sources.stdout


@pytest.mark.parametrize(
    ("choice", "implementation"), [("compiled", "compiled"), ("auto", "compiled"), ("python", "python")]
)
def test_the_choice_decides_what_runs(compiled_build: None, choice: str, implementation: str) -> None:
    shown = run_python(
        choice,
        "-c",
        "import app.extract, app.extract.names as names; print(app.extract.IMPLEMENTATION, names.__file__)",
    )
    assert shown.returncode == 0, shown.stderr
    said, module_file = shown.stdout.split()
    assert said == implementation
    compiled_suffix = str(sysconfig.get_config_var("EXT_SUFFIX"))
    assert module_file.endswith(compiled_suffix if implementation == "compiled" else "names.py")


@pytest.fixture
def build_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the compiled modules' sources with a build directory beside them that records
    their digest (no compiled files: what is decided here is only whether to look for them)."""
    package = tmp_path / "extract"
    package.mkdir()
    for source in native.PACKAGE_DIR.glob("*.py"):
        shutil.copy(source, package)
    monkeypatch.setattr(native, "PACKAGE_DIR", package)
    monkeypatch.setattr(native, "BUILD_DIR", package / "_compiled")
    monkeypatch.setattr(native, "DIGEST_FILE", package / "_compiled" / "SOURCES.sha256")
    native.BUILD_DIR.mkdir()
    native.DIGEST_FILE.write_text(native.sources_digest() + "\n", encoding="ascii")
    return package


def _make_state(package: Path, state: str) -> None:
    if state == "stale":  # a source edited after the build
        with (package / "names.py").open("a", encoding="utf-8") as source:
            source.write("\n# edited\n")
    elif state == "missing":
        native.DIGEST_FILE.unlink()


@pytest.mark.parametrize(
    ("choice", "state", "expected"),
    [
        ("auto", "current", "compiled"),
        ("", "current", "compiled"),
        ("auto", "stale", "python"),
        ("auto", "missing", "python"),
        ("python", "current", "python"),
        ("python", "missing", "python"),
        ("compiled", "current", "compiled"),
        ("compiled", "stale", "ImportError: it was built from other sources than these"),
        ("compiled", "missing", "ImportError: it has not been built"),
        ("fast", "current", "ImportError: ZONEFACTS_EXTRACT must be one of auto, python, compiled"),
    ],
)
def test_choose_implementation(
    build_state: Path, monkeypatch: pytest.MonkeyPatch, choice: str, state: str, expected: str
) -> None:
    _make_state(build_state, state)
    monkeypatch.setenv(native.CHOICE_VARIABLE, choice)
    package_path = [str(build_state)]
    if expected.startswith("ImportError: "):
        with pytest.raises(ImportError, match=expected.removeprefix("ImportError: ")):
            native.choose_implementation(package_path)
        assert package_path == [str(build_state)]
        return
    assert native.choose_implementation(package_path) == expected
    looked_up_first = [str(native.BUILD_DIR)] if expected == "compiled" else []
    assert package_path == [*looked_up_first, str(build_state)]


def test_the_digest_covers_every_source_of_the_package(build_state: Path) -> None:
    built_from = native.sources_digest()
    sources = sorted(build_state.glob("*.py"))
    assert {f"{module}.py" for module in (*native.COMPILED_MODULES, "types")} <= {s.name for s in sources}
    for source in sources:
        original = source.read_bytes()
        source.write_bytes(original + b"\n")
        assert native.sources_digest() != built_from, source.name
        source.write_bytes(original)
    assert native.sources_digest() == built_from
