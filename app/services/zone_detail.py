"""One zone with every initiative and figure of it (`GET /v1/zones/{zone}`): not bounded by a page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.models import Zone
from app.services import zones
from app.services.figures import figures_of_zone
from app.services.initiatives import initiatives_of_zone
from app.services.reader import Query, Reader, as_reader

_ZONE = Query(select(*zones.ZONE_COLUMNS).where(Zone.id == bindparam("zone_id")))


def get(db: Session | Reader, key: str) -> dict[str, Any]:
    """ZoneDetail: the zone named by id, name or alias (NotFound if none), its aliases, its
    initiatives (with their first mention's sentence) and its figures."""
    reader = as_reader(db)
    zone_id = zones.get_id(reader, key)
    found = reader.one(_ZONE, {"zone_id": zone_id})
    assert found is not None  # found by get_id in the same transaction
    return zones.zone_summary(found) | {
        "aliases": zones.aliases_of(reader, [zone_id])[zone_id],
        "initiatives": initiatives_of_zone(reader, zone_id),
        "figures": figures_of_zone(reader, zone_id),
    }
