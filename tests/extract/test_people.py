"""People: name after a title, the organization the title belongs to, and what they said."""

from __future__ import annotations

import pytest

from app.extract import extract_page

# (text, name, role, organization, start of the quote or None)
PEOPLE = [
    (
        "本报讯 近日,青岛高新区管委会主任王建国表示,“今年将新增孵化器五家,扶持资金翻番。”",
        "王建国",
        "管委会主任",
        "青岛高新区管委会",
        "今年将新增孵化器五家",
    ),
    (
        "本报讯 “创新始于科技,成于金融。”郑州高新区党工委委员、管委会副主任李明表示。",
        "李明",
        "管委会副主任",
        "郑州高新区党工委",
        "创新始于科技",
    ),
    (
        "本报讯 宁波新材料科技有限公司董事长陈晓东说,“我们选择这里,是因为服务好。”",
        "陈晓东",
        "董事长",
        "宁波新材料科技有限公司",
        "我们选择这里",
    ),
    (
        "本报讯 贵阳高新区管委会主任张力说,“数据中心”“算力平台”等项目有望落户。",
        "张力",
        "管委会主任",
        "贵阳高新区管委会",
        None,  # quoted names are not speech
    ),
]


@pytest.mark.parametrize(
    ("text", "name", "role", "organization", "quote"), PEOPLE, ids=[p[1] for p in PEOPLE]
)
def test_people(text: str, name: str, role: str, organization: str, quote: str | None) -> None:
    (item,) = extract_page(text)
    (person,) = [p for p in item.people if p.name == name]
    assert (person.role, person.organization) == (role, organization)
    if quote is None:
        assert person.quote is None
    else:
        assert person.quote is not None and person.quote.startswith(quote)
    for mention in person.mentions:
        assert item.text[mention.start : mention.end] == name
