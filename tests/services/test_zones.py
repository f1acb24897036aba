"""Zones in the database: the gazetteer synced idempotently, lookups by id, name or alias."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotFound
from app.extract.types import Zone as ZoneData
from app.models import Zone, ZoneAlias
from app.services import zones


def counts(session: Session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(Zone)) or 0,
        session.scalar(select(func.count()).select_from(ZoneAlias)) or 0,
    )


def test_sync_gazetteer_twice_changes_nothing(session: Session) -> None:
    written = zones.sync_gazetteer(session)
    first = counts(session)
    assert zones.sync_gazetteer(session) == written
    assert counts(session) == first
    assert first[0] == written == len(zones.read_gazetteer())


def test_sync_updates_a_zone_the_gazetteer_changed(session: Session) -> None:
    old = ZoneData("测试高新区", "测试旧名", None, None, aliases=("测试区",))
    zones.sync_gazetteer(session, [old])
    zones.sync_gazetteer(
        session, [ZoneData("测试高新区", "测试高新技术产业开发区", "某省", "某市", aliases=("测试区",))]
    )
    zone = zones.get(session, "测试区")
    assert (zone.official_name, zone.province, zone.national) == ("测试高新技术产业开发区", "某省", True)


def test_lookup_by_id_name_and_alias(session: Session) -> None:
    zones.sync_gazetteer(session)
    zone = zones.get(session, "佛山高新区")
    assert zones.get(session, str(zone.id)).name == "佛山高新区"
    assert zones.get(session, "佛山国家高新区").id == zone.id
    assert zones.resolve_ids(session, ["佛山高新区", "东莞松山湖高新区"])[0] == zone.id
    with pytest.raises(NotFound):
        zones.get(session, "火星高新区")
    with pytest.raises(InvalidInput):
        zones.resolve_ids(session, ["火星高新区"])


def test_ensure_zones_adds_unknown_zones_as_not_national(session: Session) -> None:
    zones.sync_gazetteer(session)
    ids = zones.ensure_zones(
        session,
        [
            ZoneData("佛山高新区", "佛山高新技术产业开发区", "广东省", "佛山市"),
            ZoneData("松山湖高新区", "松山湖高新区", None, None),  # an alias: the national zone
            ZoneData("某某省级高新区", "某某省级高新区", None, None, national=False),
        ],
    )
    assert ids["松山湖高新区"] == zones.get(session, "东莞松山湖高新区").id
    local = zones.get(session, "某某省级高新区")
    assert ids["某某省级高新区"] == local.id and not local.national
    assert zones.ensure_zones(session, [ZoneData("某某省级高新区", "x", None, None)]) == {
        "某某省级高新区": local.id
    }
