"""The public register: a typed label ID is found; the directory lists valid labels."""

from __future__ import annotations

import pytest

from tests.service.label_fixtures import issue_label


@pytest.fixture()
def issued(client, make_user, headers, product_id):
    return issue_label(client, make_user, headers, product_id)


def test_the_lookup_form_is_there_for_anyone(client):
    page = client.get("/l/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="id"' in html and "Check a label" in html
    assert client.get("/L/").status_code == 200
    assert "查询标识" in client.get("/l/?lang=zh_Hans").get_data(as_text=True)


def test_a_label_id_typed_any_way_leads_to_its_page(client, issued):
    label_id = issued["label_id"]
    for typed in (
        label_id.lower(),
        label_id.replace("-", " "),
        f" {label_id.replace('-', '')} ",
        "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in label_id),
    ):
        found = client.get("/l/", query_string={"id": typed})
        assert found.status_code == 302, typed
        assert found.headers["Location"] == f"/l/{label_id}"
    kept = client.get("/l/", query_string={"id": label_id.lower(), "lang": "pt"})
    assert kept.headers["Location"] == f"/l/{label_id}?lang=pt"


def test_a_wrong_check_character_says_so(client, issued):
    label_id = issued["label_id"]
    wrong = label_id[:-1] + ("0" if label_id[-1] != "0" else "1")
    page = client.get("/l/", query_string={"id": wrong})
    assert page.status_code == 422
    assert "check character does not match" in page.get_data(as_text=True)
    unknown = client.get("/l/", query_string={"id": "GBA-GDXX-2026-000001-0"})
    assert unknown.status_code in (404, 422)
    nonsense = client.get("/l/", query_string={"id": "<script>x</script>"})
    assert nonsense.status_code == 422
    assert "<script>x" not in nonsense.get_data(as_text=True)


def test_the_directory_lists_valid_labels_and_searches_every_language(client, issued):
    label_id = issued["label_id"]
    listed = client.get("/labels").get_data(as_text=True)
    assert label_id in listed
    # The fixture's product is named "Thing" (en); search by name, SKU and label ID.
    for query in ("thing", "P-1", label_id.lower()):
        assert label_id in client.get("/labels", query_string={"q": query}).get_data(as_text=True)
    assert label_id not in client.get("/labels", query_string={"q": "kettle"}).get_data(
        as_text=True
    )
    # Wildcards are text, not patterns.
    assert label_id not in client.get("/labels", query_string={"q": "%_"}).get_data(as_text=True)
    client.post(
        f"/api/v1/labels/{label_id}/revocation",
        headers=issued["decider"]["headers"],
        json={"reason": "false data"},
    )
    assert label_id not in client.get("/labels").get_data(as_text=True)
    assert client.get("/labels?page=999999").status_code == 200
    assert client.get("/labels?page=x").status_code == 200


def test_the_directory_finds_chinese_names(client, make_user, headers):
    created = client.post(
        "/api/v1/products",
        headers=headers,
        json={
            "sku": "K-9",
            "names": {"zh-Hans": "电水壶", "zh-Hant": "電水壺", "en": "Kettle"},
            "declared_unit": {"amount": "1", "unit": "piece"},
        },
    ).json
    label_id = issue_label(client, make_user, headers, created["id"])["label_id"]
    for query in ("电水壶", "電水壺", "KETTLE"):
        page = client.get("/labels", query_string={"q": query}).get_data(as_text=True)
        assert label_id in page, query


def test_a_revoked_label_page_strikes_its_figure_and_drops_its_expiry(client, issued):
    label_id = issued["label_id"]
    valid = client.get(f"/l/{label_id}").get_data(as_text=True)
    assert "Expires" in valid and "figure void" not in valid
    client.post(
        f"/api/v1/labels/{label_id}/revocation",
        headers=issued["decider"]["headers"],
        json={"reason": "false data"},
    )
    for lang, note in (("en", "Not in force"), ("zh_Hans", "已失效"), ("pt", "Não está em vigor")):
        page = client.get(f"/l/{label_id}?lang={lang}").get_data(as_text=True)
        assert 'class="card figure void"' in page and note in page
    page = client.get(f"/l/{label_id}").get_data(as_text=True)
    assert "Expires" not in page
    svg = client.get(f"/api/v1/labels/{label_id}/label.svg").get_data(as_text=True)
    assert 'data-status="revoked"' in svg and "Valid until" not in svg
