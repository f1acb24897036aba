"""openapi.json at the project root is the schema the app serves; `make openapi` rewrites it."""

from __future__ import annotations

import json

from app.api.docs import OPENAPI_FILE, openapi_text
from app.config import PROJECT_ROOT, Settings
from app.main import create_app


def test_openapi_json_is_up_to_date() -> None:
    app = create_app(Settings(database_url="sqlite://", auto_migrate=False, auto_seed=False))
    committed = (PROJECT_ROOT / OPENAPI_FILE).read_text(encoding="utf-8")
    assert json.loads(committed) == json.loads(openapi_text(app)), "openapi.json is stale: run `make openapi`"
    assert committed == openapi_text(app), "openapi.json is not formatted as `make openapi` writes it"


# Parameters still waiting for their description or example (routers being reworked at the time
# of writing); remove each entry as it gets one. No other parameter may lack them.
KNOWN_GAPS: set[str] = set()  # parameters allowed to lack a description or example: none


def test_every_parameter_has_a_description_and_an_example() -> None:
    app = create_app(Settings(database_url="sqlite://", auto_migrate=False, auto_seed=False))
    missing = []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                examples = [parameter.get("example"), schema.get("example")]
                examples += [*parameter.get("examples", {}), *schema.get("examples", [])]
                if not parameter.get("description") or all(e is None for e in examples):
                    missing.append(f"{method.upper()} {path} {parameter['name']}")
    new = sorted(set(missing) - KNOWN_GAPS)
    assert not new, "parameters without a description or an example:\n" + "\n".join(new)
