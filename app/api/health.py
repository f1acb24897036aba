from __future__ import annotations

from fastapi import APIRouter, Response

from app.api.deps import SessionDep
from app.api.lean_route import LeanRoute
from app.schemas import Problem, Status
from app.services.health import check_database

router = APIRouter(tags=["health"], route_class=LeanRoute)


_ALIVE = b'{"status":"ok"}'


@router.get("/healthz", response_model=Status, summary="The process is up")
async def healthz() -> Response:
    # On the event loop, its answer written once: a probe every few seconds should cost next to
    # nothing, and must not wait behind the thread pool's reads.
    return Response(_ALIVE, media_type="application/json")


@router.get(
    "/readyz",
    response_model=Status,
    summary="The database answers",
    responses={
        503: {"model": Problem, "description": "The database does not answer (application/problem+json)"}
    },
)
def readyz(session: SessionDep) -> Status:
    check_database(session)
    return Status(status="ok")
