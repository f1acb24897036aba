"""Zones: the gazetteer in the database, lookups by id, name or alias, and listing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from sqlalchemy import Insert, Select, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from app.errors import InvalidInput, NotFound
from app.extract.gazetteer import load_gazetteer
from app.extract.types import Zone as ZoneData
from app.models import Zone, ZoneAlias
from app.services.loading import figure_options, initiative_options
from app.services.pagination import PageRequest, SortKey, Window, keyset_page, text_key


def read_gazetteer() -> list[ZoneData]:
    """The national zones of the gazetteer, each with every name the extractor knows it by."""
    gazetteer = load_gazetteer()
    names: dict[str, set[str]] = {name: set(zone.aliases) for name, zone in gazetteer.zones.items()}
    for alias, name in gazetteer.by_alias.items():
        if name in names and alias != name:
            names[name].add(alias)
    return [replace(zone, aliases=tuple(sorted(names[zone.name]))) for zone in gazetteer.zones.values()]


def _insert(session: Session) -> type[Insert]:
    """The dialect's INSERT, which knows ON CONFLICT (both SQLite and PostgreSQL have it)."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.Insert
    if name == "sqlite":
        return sqlite.Insert
    raise NotImplementedError(f"database {name!r} is not supported")


def sync_gazetteer(session: Session, zones: Sequence[ZoneData] | None = None) -> int:
    """Upsert the gazetteer's zones and their aliases; safe to run concurrently. Returns the count."""
    zones = read_gazetteer() if zones is None else zones
    if not zones:
        return 0
    insert = _insert(session)
    statement = insert(Zone).values(
        [
            {
                "name": z.name,
                "official_name": z.official_name,
                "province": z.province,
                "city": z.city,
                "national": True,
            }
            for z in zones
        ]
    )
    excluded = statement.excluded  # type: ignore[attr-defined]
    session.execute(
        statement.on_conflict_do_update(  # type: ignore[attr-defined]
            index_elements=["name"],
            set_={
                "official_name": excluded.official_name,
                "province": excluded.province,
                "city": excluded.city,
                "national": True,
            },
        )
    )
    ids = zone_ids_by_name(session, [z.name for z in zones])
    aliases = [
        {"zone_id": ids[z.name], "alias": a} for z in zones for a in dict.fromkeys(z.aliases) if a != z.name
    ]
    if aliases:
        session.execute(insert(ZoneAlias).values(aliases).on_conflict_do_nothing())  # type: ignore[attr-defined]
    session.flush()
    return len(zones)


def zone_ids_by_name(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Ids of the zones with these canonical names (names not stored are left out)."""
    wanted = set(names)
    if not wanted:
        return {}
    rows = session.execute(select(Zone.name, Zone.id).where(Zone.name.in_(wanted)))
    return {name: zone_id for name, zone_id in rows}


def ensure_zones(session: Session, zones: Iterable[ZoneData]) -> dict[str, int]:
    """Ids for these zones by name, inserting the ones not stored yet (a name or alias matches)."""
    wanted = {z.name: z for z in zones}
    found = zone_ids_by_name(session, wanted)
    for name in set(wanted) - set(found):
        by_alias = session.scalar(select(ZoneAlias.zone_id).where(ZoneAlias.alias == name).limit(1))
        if by_alias is not None:
            found[name] = by_alias
    missing = [wanted[name] for name in wanted if name not in found]
    if missing:
        rows = [
            {
                "name": z.name,
                "official_name": z.official_name or z.name,
                "province": z.province,
                "city": z.city,
                "national": z.national,
            }
            for z in missing
        ]
        # ON CONFLICT: a concurrent load may insert the same zone; the unique name decides.
        session.execute(_insert(session)(Zone).values(rows).on_conflict_do_nothing())  # type: ignore[attr-defined]
        found |= zone_ids_by_name(session, [z.name for z in missing])
    return found


def _by_key(key: str) -> Select[Zone]:
    conditions = [Zone.name == key, Zone.id.in_(select(ZoneAlias.zone_id).where(ZoneAlias.alias == key))]
    if key.isdigit():
        conditions.append(Zone.id == int(key))
    return select(Zone).where(or_(*conditions)).order_by(Zone.id).limit(1)


def resolve_ids(session: Session, keys: Sequence[str], parameter: str = "zone") -> list[int]:
    """Zone ids for filter values (ids, names or aliases); an unknown one is invalid input."""
    ids = []
    for key in keys:
        zone_id = session.scalar(_by_key(key.strip()).with_only_columns(Zone.id))
        if zone_id is None:
            raise InvalidInput(f"{parameter}: no zone has the id, name or alias {key!r}", parameter=parameter)
        ids.append(zone_id)
    return ids


def get_id(session: Session, key: str) -> int:
    """The id of the zone with this id, name or alias; NotFound if none (a zone's own lists)."""
    zone_id = session.scalar(_by_key(key.strip()).with_only_columns(Zone.id))
    if zone_id is None:
        raise NotFound(f"no zone has the id, name or alias {key!r}")
    return int(zone_id)


def get(session: Session, key: str) -> Zone:
    """The zone with its aliases, initiatives and figures; NotFound if no id, name or alias matches."""
    zone = session.scalars(
        _by_key(key.strip()).options(
            selectinload(Zone.aliases),
            selectinload(Zone.initiatives).options(*initiative_options()),
            selectinload(Zone.figures).options(*figure_options()),
        )
    ).first()
    if zone is None:
        raise NotFound(f"no zone has the id, name or alias {key!r}")
    return zone


ZONE_SORTS: dict[str, SortKey] = {"name": text_key(Zone.name), "province": text_key(Zone.province)}


def list_zones(
    session: Session, page: PageRequest, *, province: str | None, national: bool | None
) -> Window[Zone]:
    statement = select(Zone).options(selectinload(Zone.aliases))
    if province:
        statement = statement.where(or_(Zone.province == province, Zone.province == f"{province}省"))
    if national is not None:
        statement = statement.where(Zone.national == national)
    return keyset_page(session, statement, Zone.id, ZONE_SORTS, page)
