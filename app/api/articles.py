from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Path, Query, Response

from app.api.deps import ApiKeyDep, PagingDep, WriterSessionDep
from app.api.lean_route import LeanRoute
from app.api.observability import MetricsDep
from app.api.page_body import PageInputDep, request_body_schema
from app.api.params import MAX_ID, DateFromQuery, DateToQuery
from app.api.reading import ReaderDep, json_response, run_read
from app.extract.serialize import item_to_dict
from app.schemas import (
    ArticleDetail,
    ArticleRead,
    Deleted,
    DocumentRead,
    DryRun,
    ExtractedItem,
    Page,
    Problem,
)
from app.services import articles as articles_service
from app.services import documents as documents_service

router = APIRouter(prefix="/v1/articles", tags=["articles"], route_class=LeanRoute)


@router.get("", response_model=Page[ArticleRead], summary="List articles (news items)")
async def list_articles(
    reader: ReaderDep,
    paging: PagingDep,
    zone: Annotated[
        list[str] | None,
        Query(
            description="articles naming this zone (id, name or alias); repeatable", examples=["佛山高新区"]
        ),
    ] = None,
    document: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="source document id", examples=[1])
    ] = None,
    date_from: DateFromQuery = None,
    date_to: DateToQuery = None,
    text: Annotated[str | None, Query(description="part of the title or text", examples=["科技金融"])] = None,
    sort: Annotated[
        Literal["id", "-id", "date", "-date"],
        Query(description="order: date (published), id; undated last; ties in id order", examples=["-date"]),
    ] = "id",
) -> Response:
    page = paging.request_for(sort)
    window = await run_read(
        reader,
        articles_service.may_scan(page, zone or (), text),
        articles_service.list_articles,
        page,
        zones=zone or (),
        document_id=document,
        date_from=date_from,
        date_to=date_to,
        text=text,
    )
    return paging.respond(window)


@router.get(
    "/{article_id}", response_model=ArticleDetail, summary="One article: text and every fact with offsets"
)
async def get_article(
    reader: ReaderDep,
    article_id: Annotated[int, Path(ge=1, le=MAX_ID, description="article id", examples=[1])],
) -> Response:
    return json_response(await run_read(reader, False, articles_service.get, article_id))


WRITE_PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No API key, or one that is not valid"},
    403: {"model": Problem, "description": "The service is read-only: no API keys are configured"},
    503: {"model": Problem, "description": "The database does not answer; retry later"},
}


# OpenAPI links: what a client (or a stateful test) can do next with what was stored.
STORED_DOCUMENT_LINKS = {
    "GetDocument": {
        "operationId": "get_document_v1_documents__document_id__get",
        "parameters": {"document_id": "$response.body#/id"},
    },
    "DeleteDocument": {
        "operationId": "delete_document_v1_documents__document_id__delete",
        "parameters": {"document_id": "$response.body#/id"},
    },
    "GetFirstArticle": {
        "operationId": "get_article_v1_articles__article_id__get",
        "parameters": {"article_id": "$response.body#/articles/0/id"},
    },
    "DeleteFirstArticle": {
        "operationId": "delete_article_v1_articles__article_id__delete",
        "parameters": {"article_id": "$response.body#/articles/0/id"},
    },
}


@router.post(
    "",
    status_code=201,
    response_model=None,
    summary="Ingest a page: store it with every fact read from it (API key)",
    description="Idempotent by content: the same text (after normalization) is stored once; sending "
    "it again answers 200 with the stored document. `dry_run=true` extracts without storing. "
    "The document is stored in one transaction with all its facts, or not at all.",
    dependencies=[ApiKeyDep],
    responses={
        201: {
            "model": DocumentRead,
            "description": "Stored: the document with its articles and facts",
            "links": STORED_DOCUMENT_LINKS,
        },
        200: {
            "model": DocumentRead | DryRun,
            "description": "The text was stored before (the stored document), or a dry run's facts",
        },
        **WRITE_PROBLEMS,
        413: {"model": Problem, "description": "The body is larger than MAX_BODY_BYTES"},
        415: {"model": Problem, "description": "A Content-Type or charset that is not accepted"},
    },
    openapi_extra={"requestBody": request_body_schema()},
)
def ingest_page(
    page: PageInputDep,
    session: WriterSessionDep,
    response: Response,
    metrics: MetricsDep,
    after_response: BackgroundTasks,
    dry_run: Annotated[
        bool, Query(description="extract and answer, but store nothing", examples=[True])
    ] = False,
) -> DocumentRead | DryRun:
    if dry_run:
        preview = documents_service.preview(session, page.text, page.published_date)
        response.status_code = 200
        return DryRun(
            content_hash=preview.content_hash,
            stored_document_id=preview.stored_document_id,
            items=[ExtractedItem.model_validate(item_to_dict(item)) for item in preview.items],
        )
    stored = documents_service.store(session, page.text, page.source, page.published_date)
    response.status_code = 201 if stored.created else 200
    response.headers["Location"] = f"/v1/documents/{stored.document.id}"
    if stored.created:  # counted once committed: tasks run after the answer, which follows the commit
        after_response.add_task(
            metrics.record_ingest, documents=1, articles=len(stored.document.articles), facts=stored.facts
        )
    return DocumentRead.model_validate(stored.document)


@router.delete(
    "/{article_id}",
    response_model=Deleted,
    summary="Remove an article and every fact from it (API key)",
    description="When it was the last article of its page, the page (document) goes too, so the "
    "same text can be ingested afresh. `DELETE /v1/documents/{id}` removes a whole page.",
    dependencies=[ApiKeyDep],
    responses=WRITE_PROBLEMS,
)
def delete_article(
    session: WriterSessionDep,
    article_id: Annotated[int, Path(ge=1, le=MAX_ID, description="article id", examples=[1])],
) -> object:
    return documents_service.remove_article(session, article_id)
