"""Documents: the pages as sent or loaded, each with the articles (news items) read from it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app.api.articles import WRITE_PROBLEMS
from app.api.deps import ApiKeyDep, SessionDep, WriterSessionDep
from app.api.lean_route import LeanRoute
from app.api.params import MAX_ID
from app.schemas import Deleted, DocumentRead
from app.services import documents as documents_service

router = APIRouter(prefix="/v1/documents", tags=["documents"], route_class=LeanRoute)

DocumentId = Annotated[
    int, Path(ge=1, le=MAX_ID, description="document id (`document_id` of its articles)", examples=[1])
]


@router.get("/{document_id}", response_model=DocumentRead, summary="One page with its articles and facts")
def get_document(session: SessionDep, document_id: DocumentId) -> object:
    return documents_service.get(session, document_id)


@router.delete(
    "/{document_id}",
    response_model=Deleted,
    summary="Remove a page with all its articles and every fact from them (API key)",
    dependencies=[ApiKeyDep],
    responses=WRITE_PROBLEMS,
)
def delete_document(session: WriterSessionDep, document_id: DocumentId) -> object:
    return documents_service.remove(session, document_id)
