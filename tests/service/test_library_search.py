"""Library search in English, Simplified and Traditional Chinese: variants, ranking, filters."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture()
def headers(manufacturer):
    return manufacturer["headers"]


def _codes(client, headers, **query: Any) -> list[str]:
    response = client.get("/api/v1/library/activities", headers=headers, query_string=query)
    assert response.status_code == 200, response.get_json()
    return [item["code"] for item in response.get_json()["items"]]


def _items(client, headers, **query: Any) -> list[dict[str, Any]]:
    response = client.get("/api/v1/library/activities", headers=headers, query_string=query)
    assert response.status_code == 200, response.get_json()
    items: list[dict[str, Any]] = response.get_json()["items"]
    return items


def test_items_have_names_in_three_languages_and_a_category(client, headers):
    for item in _items(client, headers, limit=200):
        assert set(item["names"]) == {"en", "zh-Hans", "zh-Hant"}, item["code"]
        assert item["names"]["en"] == item["name"]
        assert item["category"]


@pytest.mark.parametrize(
    "q",
    ["aluminium primary", "aluminum primary", "铝", "鋁", "原铝", "原鋁"],
)
def test_aluminium_in_any_spelling_and_script(client, headers, q):
    assert "aluminium-primary-global-2022" in _codes(client, headers, q=q, limit=200)


@pytest.mark.parametrize("q", ["HDPE", "高密度聚乙烯", "聚乙烯 英国", "聚乙烯 英國"])
def test_polymers_by_abbreviation_or_chinese_name(client, headers, q):
    assert "hdpe-primary-gb-2025" in _codes(client, headers, q=q, limit=200)


def test_plural_and_singular_match_alike(client, headers):
    assert _codes(client, headers, q="battery", limit=200) == _codes(
        client, headers, q="batteries", limit=200
    )
    assert "li-ion-battery-primary-gb-2025" in _codes(client, headers, q="battery", limit=200)


def test_pc_and_polycarbonate_are_one_word(client, headers):
    # The library has no polycarbonate dataset yet: both spellings find the same (nothing).
    assert _codes(client, headers, q="PC") == _codes(client, headers, q="polycarbonate")


def test_traditional_chinese_grid_search(client, headers):
    codes = _codes(client, headers, q="南方區域電網", limit=200)
    assert "electricity-cn-southern-co2-2023" in codes
    assert codes == _codes(client, headers, q="南方区域电网", limit=200)


def test_category_filter(client, headers):
    items = _items(client, headers, category="freight", limit=200)
    assert items and {i["category"] for i in items} == {"freight"}
    assert _items(client, headers, category="no-such-category") == []


def test_superseded_rows_are_hidden_but_found_by_code(client, headers):
    codes = _codes(client, headers, q="hdpe", limit=200)
    assert "hdpe-primary-gb-2025" in codes and "hdpe-primary" not in codes
    assert _codes(client, headers, q="freight-rail-gb-2026") == ["freight-rail-gb-2026"]


def test_exact_words_rank_before_prefixes(client, headers):
    # "glass" is a whole word of the glass datasets; "glas" only a prefix: same set, and the
    # newest year comes first among equals
    items = _items(client, headers, q="glass", limit=200)
    assert items[0]["code"].startswith(("glass-", "waste-glass-")), items[0]
    years = [i["year"] or 0 for i in items if i["code"].startswith("glass-")]
    assert years == sorted(years, reverse=True)
