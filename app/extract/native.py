"""The compiled build of the extraction modules: choosing it at import, and building it.

The modules below are plain, fully typed Python. `make compile` has mypyc compile them into C
extensions in `app/extract/_compiled/`, with a digest of the sources they were built from.
`app.extract` puts that directory first on its own `__path__` when the digest matches the
sources as they are now, so a build left over from older sources is never used. The compiled
modules read the same rule tables and give the same output (tests/extract/test_native.py
compares them on every test article); they run about a fifth faster.

`ZONEFACTS_EXTRACT` chooses: `auto` (the default: the compiled build when it is current, else
the Python sources), `python` (always the sources) or `compiled` (the build, or an ImportError
that says why not).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sysconfig
import tempfile
from pathlib import Path
from typing import Literal

Implementation = Literal["compiled", "python"]

COMPILED_MODULES = (
    "rules",
    "numbers",
    "gazetteer",
    "sentences",
    "page",
    "names",
    "people",
    "figures",
    "pipeline",
)
PACKAGE_DIR = Path(__file__).parent
BUILD_DIR = PACKAGE_DIR / "_compiled"
DIGEST_FILE = BUILD_DIR / "SOURCES.sha256"
CHOICE_VARIABLE = "ZONEFACTS_EXTRACT"
_CHOICES = ("auto", "python", "compiled")


def sources_digest() -> str:
    """What the build depends on: this interpreter's ABI and the package's sources, the compiled
    modules' and those they use as they were (types.py: a field added there changes their calls)."""
    digest = hashlib.sha256(str(sysconfig.get_config_var("EXT_SUFFIX")).encode())
    for source in sorted(PACKAGE_DIR.glob("*.py")):
        digest.update(f"\0{source.name}\0".encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def build_problem() -> str | None:
    """Why the compiled build cannot be used, or None when it is current."""
    try:
        built_from = DIGEST_FILE.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return "it has not been built"
    if built_from != sources_digest():
        return "it was built from other sources than these"
    return None


def choose_implementation(package_path: list[str]) -> Implementation:
    """Put the compiled build first on the package's path when it is wanted and current."""
    wanted = os.environ.get(CHOICE_VARIABLE, "auto") or "auto"
    if wanted not in _CHOICES:
        raise ImportError(f"{CHOICE_VARIABLE} must be one of {', '.join(_CHOICES)}, not {wanted!r}")
    if wanted == "python":
        return "python"
    problem = build_problem()
    if problem is None:
        package_path.insert(0, str(BUILD_DIR))
        return "compiled"
    if wanted == "compiled":
        raise ImportError(
            f"{CHOICE_VARIABLE}=compiled, but the compiled extraction build cannot be used: "
            f"{problem} (run `make compile`)"
        )
    return "python"


def build() -> None:
    """Compile the modules with mypyc into BUILD_DIR, then record the digest of their sources.

    The new build replaces the old one only once it is complete."""
    from mypyc.build import mypycify  # a build-time tool: mypy comes with the dev dependencies
    from setuptools import Distribution  # type: ignore[import-untyped]

    digest = sources_digest()
    root = PACKAGE_DIR.parents[1]
    with tempfile.TemporaryDirectory(prefix="zonefacts-mypyc-") as work_dir:
        work = Path(work_dir)
        cwd = Path.cwd()
        os.chdir(root)  # mypy reads its configuration (pyproject.toml) from here
        try:
            extensions = mypycify(
                [f"app/extract/{module}.py" for module in COMPILED_MODULES],
                group_name="app.extract._compiled.extract",
                target_dir=str(work / "c"),
            )
            # (with a dotted group name, mypyc writes the group's headers below target_dir)
            header_dirs = sorted({str(header.parent) for header in (work / "c").rglob("*.h")})
            for extension in extensions:
                extension.include_dirs.extend(header_dirs)
            distribution = Distribution({"name": "zonefacts-extract", "ext_modules": extensions})
            distribution.verbose = 0  # no compiler command lines
            command = distribution.get_command_obj("build_ext")
            command.build_lib = str(work / "lib")
            command.build_temp = str(work / "temp")
            distribution.run_command("build_ext")
        finally:
            os.chdir(cwd)
        staged = work / "staged"
        staged.mkdir()
        suffix = str(sysconfig.get_config_var("EXT_SUFFIX"))
        for built in (work / "lib").rglob(f"*{suffix}"):
            shutil.copy2(built, staged / built.name)  # shims and the shared library, side by side
        (staged / DIGEST_FILE.name).write_text(digest + "\n", encoding="ascii")
        if BUILD_DIR.exists():
            shutil.rmtree(BUILD_DIR)
        shutil.copytree(staged, BUILD_DIR)


def build_if_stale() -> None:
    """`make compile`: build unless the build is current."""
    if build_problem() is None:
        print(f"compiled extraction build is current ({BUILD_DIR})")
        return
    build()
    print(f"compiled extraction build written to {BUILD_DIR}")
