"""Zones: the gazetteer in the database, lookups by id, name or alias, and listing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache, partial
from typing import Any, cast

from sqlalchemy import Insert, Table, bindparam, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotFound
from app.extract.gazetteer import load_gazetteer
from app.extract.types import Zone as ZoneData
from app.models import Zone, ZoneAlias
from app.services.pagination import PageRequest, Segment, SortKey, Window, keyset_page, ordered, text_key
from app.services.reader import Query, Reader, Row, as_reader, flag, id_slots, id_values, in_ids


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
    """Upsert the gazetteer's zones and their aliases; safe to run concurrently. Returns the count.

    Only what differs from the stored rows is written, each table with one statement executed for
    many rows: a single INSERT holding every zone's values cost SQLAlchemy a quarter of a second
    to compile at each start of `zonefacts load`, and rewrote every zone row each time.
    """
    zones = read_gazetteer() if zones is None else zones
    if not zones:
        return 0
    rows: list[dict[str, object]] = [
        {
            "name": z.name,
            "official_name": z.official_name,
            "province": z.province,
            "city": z.city,
            "national": True,
        }
        for z in zones
    ]
    ids: dict[str, int] = {}
    stored: dict[str, dict[str, object]] = {}
    for zone in session.execute(
        select(Zone.id, Zone.name, Zone.official_name, Zone.province, Zone.city, Zone.national)
    ):
        ids[zone.name] = zone.id
        stored[zone.name] = {
            "name": zone.name,
            "official_name": zone.official_name,
            "province": zone.province,
            "city": zone.city,
            "national": zone.national,
        }
    changed = [row for zone, row in zip(zones, rows, strict=True) if stored.get(zone.name) != row]
    insert = _insert(session)
    if changed:
        statement = insert(cast(Table, Zone.__table__))
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
            ),
            changed,
        )
        ids = zone_ids_by_name(session, [z.name for z in zones])
    aliases = cast(Table, ZoneAlias.__table__)
    stored_aliases = set(session.execute(select(aliases.c.zone_id, aliases.c.alias)))
    new_aliases = [
        {"zone_id": ids[z.name], "alias": a}
        for z in zones
        for a in dict.fromkeys(z.aliases)
        if a != z.name and (ids[z.name], a) not in stored_aliases
    ]
    if new_aliases:
        session.execute(insert(aliases).on_conflict_do_nothing(), new_aliases)  # type: ignore[attr-defined]
    session.flush()
    return len(zones)


def zone_ids_by_name(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Ids of the zones with these canonical names (names not stored are left out)."""
    wanted = set(names)
    if not wanted:
        return {}
    rows = session.execute(select(Zone.name, Zone.id).where(Zone.name.in_(wanted)))
    return {name: zone_id for name, zone_id in rows}


class ZoneIds:
    """Zone ids by name and alias, read once (by a load) instead of once per article.

    A stored zone keeps its id and its names (nothing deletes or renames zones; the gazetteer
    only adds aliases), so what was read stays true while other loaders add zones. Only ids that
    are committed may be learned: a zone added by a transaction that then rolls back is gone.
    """

    def __init__(self, names: dict[str, int], aliases: dict[str, int]) -> None:
        self._names = names  # canonical names: they win over aliases
        self._aliases = aliases  # aliases, and names resolved since

    @classmethod
    def read(cls, session: Session) -> ZoneIds:
        aliases: dict[str, int] = {}
        for alias, zone_id in session.execute(
            select(ZoneAlias.alias, ZoneAlias.zone_id).order_by(ZoneAlias.id)
        ):
            aliases.setdefault(alias, zone_id)
        return cls(dict(session.execute(select(Zone.name, Zone.id)).all()), aliases)

    def get(self, name: str) -> int | None:
        zone_id = self._names.get(name)
        return self._aliases.get(name) if zone_id is None else zone_id

    def learn(self, ids: Mapping[str, int]) -> None:
        """Remember ids found for names (call once they are committed)."""
        for name, zone_id in ids.items():
            if name not in self._names:
                self._aliases.setdefault(name, zone_id)


def ensure_zones(session: Session, zones: Iterable[ZoneData], known: ZoneIds | None = None) -> dict[str, int]:
    """Ids for these zones by name, inserting the ones not stored yet (a name or alias matches).
    Names that `known` holds are not looked up."""
    wanted = {z.name: z for z in zones}
    found: dict[str, int] = {}
    if known is not None:
        for name in wanted:
            zone_id = known.get(name)
            if zone_id is not None:
                found[name] = zone_id
    if len(found) == len(wanted):
        return found
    found |= zone_ids_by_name(session, [name for name in wanted if name not in found])
    by_alias = [name for name in wanted if name not in found]
    if by_alias:
        for alias, zone_id in session.execute(
            select(ZoneAlias.alias, ZoneAlias.zone_id)
            .where(ZoneAlias.alias.in_(by_alias))
            .order_by(ZoneAlias.id)
        ):
            found.setdefault(alias, zone_id)
    # In name order: two loaders adding the same new zones cannot deadlock on each other.
    missing = [wanted[name] for name in sorted(wanted) if name not in found]
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


# --- lookups: a zone by id, canonical name or alias ---------------------------------------------

_NAMED = or_(
    Zone.name == bindparam("key"),
    Zone.id.in_(select(ZoneAlias.zone_id).where(ZoneAlias.alias == bindparam("key"))),
)
_BY_NAME = Query(select(Zone.id).where(_NAMED).order_by(Zone.id).limit(1))
_BY_NAME_OR_ID = Query(
    select(Zone.id).where(or_(_NAMED, Zone.id == bindparam("zone_id"))).order_by(Zone.id).limit(1)
)


def find_id(db: Session | Reader, key: str) -> int | None:
    """The id of the zone with this id, name or alias (the lowest if several match), or None."""
    key = key.strip()
    if key.isascii() and key.isdigit() and int(key) < 2**31:  # "²" is a digit too, but no int
        found = as_reader(db).one(_BY_NAME_OR_ID, {"key": key, "zone_id": int(key)})
    else:
        found = as_reader(db).one(_BY_NAME, {"key": key})
    return None if found is None else int(found[0])


def resolve_ids(db: Session | Reader, keys: Sequence[str], parameter: str = "zone") -> list[int]:
    """Zone ids for filter values (ids, names or aliases); an unknown one is invalid input."""
    reader = as_reader(db)
    ids = []
    for key in keys:
        zone_id = find_id(reader, key)
        if zone_id is None:
            raise InvalidInput(f"{parameter}: no zone has the id, name or alias {key!r}", parameter=parameter)
        ids.append(zone_id)
    return ids


def get_id(db: Session | Reader, key: str) -> int:
    """The id of the zone with this id, name or alias; NotFound if none (a zone's own lists)."""
    zone_id = find_id(db, key)
    if zone_id is None:
        raise NotFound(f"no zone has the id, name or alias {key!r}")
    return zone_id


def get(session: Session, key: str) -> Zone:
    """The zone (its row) with this id, name or alias; NotFound if none."""
    return session.get_one(Zone, get_id(session, key))


# --- listing ---------------------------------------------------------------------------------

ZONE_COLUMNS = (Zone.id, Zone.name, Zone.official_name, Zone.province, Zone.city, Zone.national)
ZONE_SORTS: dict[str, SortKey] = {"name": text_key(Zone.name), "province": text_key(Zone.province)}


def zone_summary(row: Row) -> dict[str, Any]:
    """A ZoneSummary from the values of ZONE_COLUMNS."""
    zone_id, name, official_name, province, city, national = row
    return {
        "id": zone_id,
        "name": name,
        "official_name": official_name,
        "province": province,
        "city": city,
        "national": flag(national),
    }


def _zone_conditions(province: bool, national: bool) -> list[Any]:
    conditions = []
    if province:
        conditions.append(
            or_(Zone.province == bindparam("province"), Zone.province == bindparam("province_full"))
        )
    if national:
        conditions.append(Zone.national == bindparam("national"))
    return conditions


@lru_cache(maxsize=64)
def _zone_segment(
    province: bool, national: bool, sort: str, descending: bool, segment: Segment, seek: bool
) -> Query:
    base = select(*ZONE_COLUMNS).where(*_zone_conditions(province, national))
    return Query(ordered(base, Zone.id, ZONE_SORTS.get(sort), descending, segment, seek))


@lru_cache(maxsize=8)
def _zone_count(province: bool, national: bool) -> Query:
    return Query(select(func.count()).select_from(Zone).where(*_zone_conditions(province, national)))


@lru_cache(maxsize=16)
def _aliases(slots: int) -> Query:
    statement = select(ZoneAlias.zone_id, ZoneAlias.alias).where(in_ids(ZoneAlias.zone_id, slots))
    return Query(statement.order_by(ZoneAlias.id))


def aliases_of(reader: Reader, ids: Sequence[int]) -> dict[int, list[str]]:
    """The aliases of each zone, in the order they were stored."""
    found: dict[int, list[str]] = {zone_id: [] for zone_id in ids}
    if ids:
        for zone_id, alias in reader.rows(_aliases(id_slots(len(ids))), id_values(ids)):
            found[zone_id].append(alias)
    return found


def list_zones(
    db: Session | Reader, page: PageRequest, *, province: str | None, national: bool | None
) -> Window[dict[str, Any]]:
    """ZoneRead rows: the gazetteer and the zones articles named, each with its aliases."""
    reader = as_reader(db)
    values: dict[str, Any] = {}
    if province:
        values |= {"province": province, "province_full": f"{province}省"}
    if national is not None:
        values["national"] = national
    shape = (bool(province), national is not None)
    window = keyset_page(
        reader, page, ZONE_SORTS, partial(_zone_segment, *shape), values, partial(_zone_count, *shape)
    )
    aliases = aliases_of(reader, [row[0] for row in window.items])
    items = [zone_summary(row[:6]) | {"aliases": aliases[row[0]]} for row in window.items]
    return Window(items=items, next_cursor=window.next_cursor, total=window.total)
