"""People: a name after a title ("管委会副主任王建国表示"), with the organization before the title
and what the person said when a quote stands next to the mention."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from app.extract.rules import alternation, load_rules
from app.extract.types import Person, Span

HAN = r"\u4e00-\u9fff"
_ROLE_CHAR = re.compile(rf"[{HAN}A-Za-z]")
_SENTENCE_BREAK = re.compile(r"[。;；]")
_SPOKEN = re.compile(r"[，,。！!？?]")  # speech has clauses; a quoted name ("“X中心”") does not
_QUOTE_AFTER = re.compile(r"[^“。]{0,12}?[:：,，]?\s*“([^”]{4,400})”")
_QUOTE_BEFORE = re.compile(r"“([^“”]{4,400})”[^”。]{0,30}$")


@dataclass(frozen=True, slots=True)
class _PeopleRules:
    pattern: re.Pattern[str]


@cache
def people_rules() -> _PeopleRules:
    rules = load_rules("names")["people"]
    roles = alternation(r for r in rules["roles"] if r != "负责人")
    surnames = alternation(rules["surnames"])
    verbs = alternation(rules["speech_verbs"])
    return _PeopleRules(
        pattern=re.compile(
            rf"(?P<role>{roles})(?P<name>(?:{surnames})[{HAN}]{{1,2}}?)"
            rf"(?=(?:{verbs})|[,，、。;；:：(（]|在|$|\s)"
        )
    )


def find_people(text: str, organizations: list[tuple[str, int, int]]) -> list[Person]:
    """People named with a title in `text`.

    >>> [(p.name, p.role) for p in find_people("管委会副主任王建国表示,要做好。", [])]
    [('王建国', '管委会副主任')]
    """
    people: dict[str, Person] = {}
    for match in people_rules().pattern.finditer(text):
        name = match.group("name")
        start, end = match.start("name"), match.end("name")
        role = _full_role(text, match.start("role"), match.group("role"))
        organization = _organization_before(organizations, match.start("role"), start, text)
        quote = _quote_near(text, start, end)
        if name in people:
            old = people[name]
            people[name] = Person(
                name,
                old.role or role,
                old.organization or organization,
                old.quote or quote,
                (*old.mentions, Span(start, end)),
            )
        else:
            people[name] = Person(name, role, organization, quote, (Span(start, end),))
    return list(people.values())


def _full_role(text: str, role_start: int, role: str) -> str:
    """The title as written, with the body it is glued to when that is a zone body ("管委会副主任")."""
    for body in _ROLE_BODIES:
        if text.startswith(body, role_start - len(body)):
            return body + role
    return role


_ROLE_BODIES = ("管委会", "党工委")


def _organization_before(
    organizations: list[tuple[str, int, int]], role_start: int, name_start: int, text: str
) -> str | None:
    """The organization named just before the title, or within it ("天津滨海高新区管委会主任")."""
    best: str | None = None
    for name, _, end in organizations:
        if end <= name_start and role_start - end <= 12 and not _SENTENCE_BREAK.search(text, end, role_start):
            best = name
    return best


def _quote_near(text: str, start: int, end: int) -> str | None:
    """A quotation right after "X表示," or right before "”X表示"."""
    after = _QUOTE_AFTER.match(text, end)
    if after and _SPOKEN.search(after.group(1)):
        return after.group(1)
    before = _QUOTE_BEFORE.search(text, max(0, start - 430), start)
    return before.group(1) if before and _SPOKEN.search(before.group(1)) else None
