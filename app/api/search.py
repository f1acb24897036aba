"""`GET /v1/search`: full-text search over the sentences of every article."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import Field

from app.api.lean_route import LeanRoute
from app.api.params import MAX_OFFSET
from app.api.reading import ReaderDep, json_response, run_read
from app.schemas import FigureBrief, InitiativeRef, OrganizationRef, Schema, SpanRead
from app.services import search as search_service

router = APIRouter(prefix="/v1", tags=["search"], route_class=LeanRoute)

# These response models belong in app/schemas.py; they live here while that file is being reworked.


class PersonRef(Schema):
    id: int
    name: str


class SearchHitRead(Schema):
    """A sentence that contains every term of the query, with the facts mentioned inside it."""

    sentence_id: int
    article_id: int
    start: int = Field(description="offset of the sentence in its article's text")
    end: int
    text: str = Field(description="the sentence as stored: article text[start:end]")
    highlight: str = Field(description="the sentence with every match between « and »")
    snippet: str = Field(description="the sentence around its first match, … where it is cut")
    score: float = Field(
        description="how densely the terms cover the sentence (0-1); hits come densest first"
    )
    matches: list[SpanRead] = Field(description="every match, as offsets into the article's text")
    figures: list[FigureBrief] = Field(description="figures whose span lies in the sentence")
    initiatives: list[InitiativeRef] = Field(description="initiatives named in the sentence")
    organizations: list[OrganizationRef] = Field(description="organizations named in the sentence")
    people: list[PersonRef] = Field(description="people named in the sentence")


class SearchPage(Schema):
    """One page of hits, densest first; follow `next` for the following page."""

    items: list[SearchHitRead]
    next: str | None = Field(description="link (path and query) of the next page; null on the last page")


EXAMPLE_HIT = {
    "sentence_id": 12,
    "article_id": 1,
    "start": 881,
    "end": 999,
    "text": "今年,……滨湖科创天使基金等一批产业投资基金,基金总规模达10亿元;",
    "highlight": "今年,……滨湖科创天使«基金»等一批产业投资«基金»,«基金»总规模达10亿元;",
    "snippet": "…滨湖科创天使«基金»等一批产业投资«基金»,«基金»总规模达10亿元;",
    "score": 0.051,
    "matches": [{"start": 963, "end": 965}],
    "figures": [
        {
            "id": 3,
            "kind": "money",
            "text": "10亿元",
            "amount_yuan": 1000000000,
            "category": "fund_size",
            "start": 994,
            "end": 998,
        }
    ],
    "initiatives": [{"id": 11, "name": "滨湖科创天使基金", "kind": "fund"}],
    "organizations": [],
    "people": [],
}


@router.get(
    "/search",
    response_model=SearchPage,
    summary="Search the sentences of all articles (Chinese full text)",
    description=(
        "Sentences that contain every space-separated term of `q`, as substrings: Chinese needs no "
        "word breaks, and terms of one or two characters (基金, 贷) work too. Hits come densest "
        "first, each with its highlighted text, a snippet, the offsets of every match and the "
        "figures, initiatives, organizations and people named inside it."
    ),
    responses={200: {"content": {"application/json": {"example": {"items": [EXAMPLE_HIT], "next": None}}}}},
)
async def search_sentences(
    request: Request,
    reader: ReaderDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=search_service.MAX_QUERY_LENGTH,
            description="terms to find, separated by spaces; a sentence must contain them all",
            examples=["基金", "产业投资基金", "佛山 信贷"],
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=500, description="hits per page", examples=[20])] = 50,
    offset: Annotated[
        int,
        Query(
            ge=0, le=MAX_OFFSET, description="hits to skip (the `next` of the previous page)", examples=[50]
        ),
    ] = 0,
) -> Response:
    slow = search_service.may_scan(q, limit, offset)
    found = await run_read(reader, slow, search_service.search, q, limit=limit, offset=offset)
    following, headers = None, None
    if found.next is not None:
        url = request.url.include_query_params(offset=found.next)
        following = f"{url.path}?{url.query}"
        headers = {"Link": f'<{following}>; rel="next"'}
    return json_response({"items": found.items, "next": following}, headers)
