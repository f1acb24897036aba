"""A route that solves its parameters from a plan made once, not by inspecting them per request.

FastAPI's `solve_dependencies` looks at every parameter's annotation again on each request
(is it a sequence, a model, which aliases...): for a list route with twenty query parameters
that was a third of the request's CPU time, more than its SQL. `LeanRoute` keeps FastAPI for
everything it declares — the OpenAPI schema, the `Dependant` tree, each parameter's validation
(`ModelField.validate`, so errors are FastAPI's own) — and does that inspection once, when the
route is built: each dependency becomes a `_Step` with its parameters' aliases and kinds
resolved. At request time a step validates its path and query values, solves its
sub-dependencies first (cached per request, as FastAPI does), and calls its function, in
FastAPI's order: a dependency whose own parameters fail is not called, and every error of the
request is reported together as one `RequestValidationError`.

The plan covers what the read routes use: path and query parameters, `Request`, and `async`
functions and async generators (with their exit shielded from cancellation). A route that needs
more (a body, headers, security, a sync dependency, the `Response` or `BackgroundTasks`
parameters, or an endpoint not returning a `Response`) gets FastAPI's own handler.
`app.dependency_overrides` are honoured: an overridden dependency is planned from its override.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from copy import deepcopy
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any

import anyio
from fastapi import Request, Response
from fastapi._compat import ModelField, field_annotation_is_sequence, get_missing_field_error
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import Json


class NotPlannable(Exception):
    """The route needs something the plan does not cover: FastAPI's own handler serves it."""


_IMMUTABLE = (type(None), bool, int, float, str, bytes, tuple, frozenset)


@dataclass(frozen=True, slots=True)
class _Param:
    """One path or query parameter, inspected once."""

    name: str
    alias: str
    location: str  # "path" or "query"
    many: bool  # a list: every value of a repeated query parameter
    field: ModelField
    required: bool
    default: Any
    copy_default: bool  # a mutable default: each request gets its own copy, as in FastAPI
    validate_default: bool

    @classmethod
    def plan(cls, field: ModelField, location: str) -> _Param:
        info = field.field_info
        if info.validation_alias is not None or any(type(item) is Json for item in info.metadata):
            raise NotPlannable(f"parameter {field.name} has a validation alias or takes JSON")
        many = location == "query" and field_annotation_is_sequence(info.annotation)
        required = info.is_required()
        default = None if required else field.default
        return cls(
            name=field.name,
            alias=field.alias,
            location=location,
            many=many,
            field=field,
            required=required,
            default=default,
            copy_default=not isinstance(default, _IMMUTABLE),
            validate_default=bool(info.validate_default),
        )

    def solve(self, source: Any, values: dict[str, Any], errors: list[Any]) -> None:
        """Validate this parameter's value in `source` (path or query values) into `values`."""
        raw: Any = source.getlist(self.alias) if self.many else source.get(self.alias)
        if raw is None or (self.many and not raw):
            if self.required:
                errors.append(get_missing_field_error((self.location, self.alias)))
                return
            default = deepcopy(self.default) if self.copy_default else self.default
            if not self.validate_default:
                values[self.name] = default
                return
            raw = default
        value, problems = self.field.validate(raw, values, loc=(self.location, self.alias))
        if problems:
            errors.extend(problems)
        else:
            values[self.name] = value


@dataclass(frozen=True, slots=True)
class _Step:
    """A dependency (or the endpoint) with its parameters and sub-dependencies planned."""

    call: Callable[..., Any]
    name: str | None
    path: str
    use_cache: bool
    function_scope: bool  # an async generator closed before the answer is sent
    generator: bool
    parameters: tuple[_Param, ...]
    dependencies: tuple[_Step, ...]
    request_name: str | None

    @classmethod
    def plan(cls, dependant: Dependant) -> _Step:
        call = dependant.call
        if call is None:
            raise NotPlannable("a dependency without a function")
        if (
            dependant.header_params
            or dependant.cookie_params
            or dependant.body_params
            or dependant.response_param_name
            or dependant.background_tasks_param_name
            or dependant.security_scopes_param_name
            or dependant.websocket_param_name
            or dependant.http_connection_param_name
            or dependant.own_oauth_scopes
            or dependant.concurrency is not None
        ):
            raise NotPlannable(f"{getattr(call, '__name__', call)} needs more than path and query values")
        generator = inspect.isasyncgenfunction(call)
        if not generator and not inspect.iscoroutinefunction(call):
            raise NotPlannable(f"{getattr(call, '__name__', call)} is not async")
        parameters = tuple(
            _Param.plan(field, location)
            for location, fields in (("path", dependant.path_params), ("query", dependant.query_params))
            for field in fields
        )
        return cls(
            call=call,
            name=dependant.name,
            path=dependant.path or "",
            use_cache=dependant.use_cache,
            function_scope=dependant.scope == "function",
            generator=generator,
            parameters=parameters,
            dependencies=tuple(cls.plan(sub) for sub in dependant.dependencies),
            request_name=dependant.request_param_name,
        )


class _ShieldedExit:
    """An async context manager whose exit a cancelled request cannot interrupt (a reader's
    connection must go back to the pool even when the client has gone)."""

    __slots__ = ("_inner",)

    def __init__(self, inner: AbstractAsyncContextManager[Any]) -> None:
        self._inner = inner

    async def __aenter__(self) -> Any:
        return await self._inner.__aenter__()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> bool | None:
        with anyio.CancelScope(shield=True):
            suppressed = await self._inner.__aexit__(kind, error, trace)
        return suppressed


# (the dependency overridden, its override) -> the override's plan, kept by the route's handler
_PlannedOverrides = dict[tuple[Callable[..., Any], Callable[..., Any]], "_Step"]


class _Solver:
    """One request's solving: its dependency cache, its errors, and the overrides in force."""

    __slots__ = ("cache", "errors", "overrides", "planned_overrides", "request")

    def __init__(self, request: Request, planned_overrides: _PlannedOverrides) -> None:
        self.request = request
        self.errors: list[Any] = []
        self.cache: dict[Callable[..., Any], Any] = {}
        self.overrides: Mapping[Callable[..., Any], Callable[..., Any]] = getattr(
            request.app, "dependency_overrides", {}
        )
        self.planned_overrides = planned_overrides

    def _overridden(self, step: _Step) -> _Step:
        override = self.overrides.get(step.call)
        if override is None:
            return step
        key = (step.call, override)
        planned = self.planned_overrides.get(key)
        if planned is None:
            # the override's own parameters, in the place (name, scope, caching) of the original
            planned = replace(
                _Step.plan(get_dependant(path=step.path, call=override, name=step.name)),
                name=step.name,
                use_cache=step.use_cache,
                function_scope=step.function_scope,
            )
            self.planned_overrides[key] = planned
        return planned

    async def values_for(self, step: _Step) -> tuple[dict[str, Any], bool]:
        """The arguments of `step`'s function; False when some of them failed."""
        values: dict[str, Any] = {}
        errors_before = len(self.errors)
        for dependency in step.dependencies:
            solved = await self.solve(dependency)
            if solved is not _FAILED and dependency.name is not None:
                values[dependency.name] = solved
        request = self.request
        if step.parameters:
            path, query = request.path_params, request.query_params
            for parameter in step.parameters:
                parameter.solve(path if parameter.location == "path" else query, values, self.errors)
        if step.request_name:
            values[step.request_name] = request
        return values, len(self.errors) == errors_before

    async def solve(self, step: _Step) -> Any:
        original = step
        if self.overrides:
            step = self._overridden(step)
        if original.use_cache and original.call in self.cache:
            return self.cache[original.call]
        values, valid = await self.values_for(step)
        if not valid:
            return _FAILED
        if step.generator:
            scope = self.request.scope
            stack: AsyncExitStack = scope[
                "fastapi_function_astack" if step.function_scope else "fastapi_inner_astack"
            ]
            manager = asynccontextmanager(step.call)(**values)
            solved = await stack.enter_async_context(_ShieldedExit(manager))
        else:
            solved = await step.call(**values)
        self.cache.setdefault(original.call, solved)
        return solved


_FAILED = object()


def _returns_response(call: Callable[..., Any]) -> bool:
    try:
        returned = typing.get_type_hints(call).get("return")
    except (NameError, TypeError):
        return False
    return isinstance(returned, type) and issubclass(returned, Response)


class LeanRoute(APIRoute):
    """An `APIRoute` solved from a plan made when it is built (see the module's docstring)."""

    planned: bool = False

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        try:
            if not _returns_response(self.endpoint):
                raise NotPlannable("the endpoint does not return a Response")
            endpoint = _Step.plan(self.dependant)
        except NotPlannable:
            self.planned = False
            return super().get_route_handler()
        self.planned = True
        planned_overrides: _PlannedOverrides = {}
        call: Callable[..., Awaitable[Response]] = endpoint.call

        async def handle(request: Request) -> Response:
            solver = _Solver(request, planned_overrides)
            values, valid = await solver.values_for(endpoint)
            if not valid:
                raise RequestValidationError(solver.errors)
            return await call(**values)

        return handle
