"""`GET /v1/search`: the sentences the extractor split the seed into, found by any substring."""

from __future__ import annotations

from fractions import Fraction

import pytest
from fastapi.testclient import TestClient

from app.extract.types import Item


def containing(seed_items: list[Item], *terms: str) -> list[tuple[int, str]]:
    """(item position, sentence text) of every seed sentence that holds all the terms."""
    return [
        (position, sentence.text)
        for position, item in enumerate(seed_items)
        for sentence in item.sentences
        if all(term in sentence.text for term in terms)
    ]


def density(text: str, terms: tuple[str, ...]) -> Fraction:
    return Fraction(sum(text.count(t) * len(t) for t in terms), len(text))


def search(client: TestClient, q: str, **params: object) -> list[dict]:
    response = client.get("/v1/search", params={"q": q, "limit": 500, **params})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def article_positions(client: TestClient) -> dict[int, int]:
    articles = client.get("/v1/articles", params={"limit": 500}).json()["items"]
    return {a["id"]: a["position"] for a in articles}


@pytest.mark.parametrize(
    "terms",
    [
        ("基金",),  # two characters: below a trigram, matched by a scan
        ("贷",),  # one character
        ("产业投资基金",),  # the trigram index
        ("佛山", "信贷"),  # every term must be in the sentence
        ("高新区", "基金"),  # one indexed term, one scanned
    ],
    ids=["2-chars", "1-char", "6-chars", "two-terms", "mixed-lengths"],
)
def test_finds_every_sentence_holding_the_terms(
    client: TestClient, seed_items: list[Item], terms: tuple[str, ...]
) -> None:
    hits = search(client, " ".join(terms))
    expected = containing(seed_items, *terms)
    assert expected, "the seed should have such sentences"
    positions = article_positions(client)
    assert sorted((positions[h["article_id"]], h["text"]) for h in hits) == sorted(expected)


def test_hits_come_densest_first_the_same_on_both_databases(client: TestClient) -> None:
    terms = ("基金",)
    hits = search(client, "基金")
    keys = [(-density(h["text"], terms), h["sentence_id"]) for h in hits]
    assert keys == sorted(keys)
    assert [h["score"] for h in hits] == [round(float(-k[0]), 6) for k in keys]


def test_matches_highlight_and_snippet(client: TestClient) -> None:
    hits = search(client, "基金")
    for hit in hits:
        assert hit["highlight"].replace("«", "").replace("»", "") == hit["text"]
        assert hit["highlight"].count("«基金»") == hit["text"].count("基金") == len(hit["matches"])
        assert "«基金»" in hit["snippet"]
        assert hit["snippet"].strip("…").replace("«", "").replace("»", "") in hit["text"]
        article = client.get(f"/v1/articles/{hit['article_id']}").json()
        assert article["text"][hit["start"] : hit["end"]] == hit["text"]
        for match in hit["matches"]:
            assert article["text"][match["start"] : match["end"]] == "基金"


def test_a_hit_carries_the_facts_of_its_sentence(client: TestClient, seed_items: list[Item]) -> None:
    [hit] = [h for h in search(client, "基金总规模") if "10亿元" in h["text"]]
    assert "10亿元" in [f["text"] for f in hit["figures"]]
    assert "顺德园城发顺盛基金" in [i["name"] for i in hit["initiatives"]]
    for figure in hit["figures"]:
        assert hit["start"] <= figure["start"] < figure["end"] <= hit["end"]
    # every figure of the seed is found in the hit for its own sentence
    for item in seed_items:
        for figure in item.figures:
            sentence = next(s for s in item.sentences if s.start <= figure.start and figure.end <= s.end)
            found = [h for h in search(client, sentence.text[:40]) if h["text"] == sentence.text]
            assert found and figure.text in [f["text"] for f in found[0]["figures"]]


def test_query_syntax_and_wildcards_are_plain_text(client: TestClient) -> None:
    for q in ['"基金', "基金 OR 银行", "基金*", "%基金%", "a_b", "NEAR(基金)", "基金'"]:
        assert search(client, q) == []


def test_pages_follow_next(client: TestClient) -> None:
    everything = search(client, "高新区")
    first = client.get("/v1/search", params={"q": "高新区", "limit": 2}).json()
    assert [h["sentence_id"] for h in first["items"]] == [h["sentence_id"] for h in everything[:2]]
    second = client.get(first["next"]).json()
    assert [h["sentence_id"] for h in second["items"]] == [h["sentence_id"] for h in everything[2:4]]


@pytest.mark.parametrize("params", [{"q": "   "}, {"q": ""}, {}, {"q": "x" * 101}])
def test_an_empty_or_long_query_is_a_problem(client: TestClient, params: dict) -> None:
    response = client.get("/v1/search", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "q" in response.text
