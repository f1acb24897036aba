"""What `include` may name, and how a stored document's articles load as ORM objects.

The read routes select columns (`app.services.reader`); only `DocumentRead` (a page just stored,
or `GET /v1/documents/{id}`) still validates ORM rows, so its relationships (all lazy="raise")
say here what they load. What is not loaded is shown as null (see `app.schemas._unloaded`); a
figure always carries its sentence: it is its provenance.
"""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad as LoaderOption

from app.models import Article, Figure, Initiative, Organization, Person, ZoneMention

INCLUDES = ("zone", "article", "sentence")  # what a list row may show beyond itself


def article_detail_options() -> list[LoaderOption]:
    """An article with every fact, as ArticleDetail shows it (zones as id and name)."""
    figures = (joinedload(Figure.zone), joinedload(Figure.initiative), joinedload(Figure.organization))
    return [
        joinedload(Article.primary_zone),
        selectinload(Article.sentences),
        selectinload(Article.zone_mentions).joinedload(ZoneMention.zone),
        selectinload(Article.figures).options(*figures),
        selectinload(Article.initiatives).options(
            joinedload(Initiative.zone),
            selectinload(Initiative.mentions),
            selectinload(Initiative.figures),
            selectinload(Initiative.sentence),
        ),
        selectinload(Article.organizations).options(selectinload(Organization.mentions)),
        selectinload(Article.people).options(selectinload(Person.mentions)),
    ]
