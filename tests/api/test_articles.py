from __future__ import annotations

from fastapi.testclient import TestClient


def test_articles_are_the_items_of_the_seed(client: TestClient, seed_items: list) -> None:
    body = client.get("/v1/articles", params={"limit": 500}).json()
    assert [a["title"] for a in body["items"]] == [item.title for item in seed_items]
    assert [a["position"] for a in body["items"]] == list(range(len(seed_items)))


def test_article_detail_offsets_index_its_text(client: TestClient, seed_items: list) -> None:
    articles = client.get("/v1/articles", params={"limit": 500}).json()["items"]
    for summary, item in zip(articles, seed_items, strict=True):
        article = client.get(f"/v1/articles/{summary['id']}").json()
        text = article["text"]
        assert text == item.text
        assert len(article["figures"]) == len(item.figures)
        for figure in article["figures"]:
            assert text[figure["start"] : figure["end"]] == figure["text"]
            sentence = figure["sentence"]
            assert text[sentence["start"] : sentence["end"]] == sentence["text"]
        for fact in article["initiatives"] + article["organizations"] + article["people"]:
            if fact["mentions"]:
                assert (fact["start"], fact["end"]) == min((m["start"], m["end"]) for m in fact["mentions"])
            for mention in fact["mentions"]:
                assert 0 <= mention["start"] < mention["end"] <= len(text)
        for sentence in article["sentences"]:
            assert text[sentence["start"] : sentence["end"]] == sentence["text"]


def test_unknown_article_is_a_problem(client: TestClient) -> None:
    response = client.get("/v1/articles/999999")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
