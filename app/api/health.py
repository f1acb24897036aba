from __future__ import annotations

from fastapi import APIRouter

from app.api.deps import SessionDep
from app.api.lean_route import LeanRoute
from app.schemas import Problem, Status
from app.services.health import check_database

router = APIRouter(tags=["health"], route_class=LeanRoute)


@router.get("/healthz", response_model=Status, summary="The process is up")
def healthz() -> Status:
    return Status(status="ok")


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
