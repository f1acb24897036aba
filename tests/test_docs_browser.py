"""`/docs` and `/redoc` render in a real headless Chromium that cannot reach the internet.

The server is a real `zonefacts serve` process; Chromium (Debian's `chromium`) resolves every
host name but 127.0.0.1 to nothing and sends anything else to a dead proxy, so a page that
needed a CDN would render no operation. Without Chromium the test is skipped, except under
CI=true, where it fails (`.ci/run` installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import running_server

OFFLINE = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=127.0.0.1:9",  # nothing listens on the discard port
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    message = "chromium is not installed (apt-get install chromium)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("docs-server")
    with running_server(f"sqlite:///{folder / 'zonefacts.db'}", folder) as base:
        yield base


def rendered_dom(url: str, profile: Path) -> str:
    done = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            *OFFLINE,
            "--virtual-time-budget=20000",  # let the scripts fetch openapi.json and render
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_swagger_ui_renders_every_operation_offline(server: str, tmp_path: Path) -> None:
    dom = rendered_dom(f"{server}/docs", tmp_path / "profile")
    paths = set(re.findall(r'class="opblock-summary-path" data-path="([^"]+)"', dom))
    operations = httpx.get(f"{server}/openapi.json").json()["paths"]
    assert paths == set(operations), "Swagger UI did not render the operations"
    assert {"/v1/figures", "/v1/search"} <= paths


def test_redoc_renders_the_operations_offline(server: str, tmp_path: Path) -> None:
    dom = rendered_dom(f"{server}/redoc", tmp_path / "profile")
    assert "/v1/search" in dom and "/v1/figures" in dom
    assert re.search(r'id="operation/search_sentences[^"]*"', dom), "ReDoc rendered no search operation"


def test_the_browser_really_is_offline(tmp_path: Path) -> None:
    """The same flags keep a page from any outside host: what proves the two tests above."""
    page = tmp_path / "cdn.html"
    page.write_text(
        "<html><body><div id=out>no script ran</div>"
        '<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>'
        "<script>if (window.SwaggerUIBundle) document.getElementById('out').textContent = 'online';"
        "</script></body></html>"
    )
    dom = rendered_dom(page.as_uri(), tmp_path / "profile")
    assert '<div id="out">no script ran</div>' in dom  # the CDN script never loaded
