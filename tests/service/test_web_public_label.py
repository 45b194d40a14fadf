"""The public verification page /l/<id> with the Flask test client: verdicts, languages, links."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from certificates import keys
from certificates.jws import decode
from service.domain.ids import new_id
from service.persistence.labels import Endorsement
from service.services import context
from service.services.labels import public_pages
from tests.service.label_fixtures import issue_label


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    # Sealing keys at scrypt N = 2^15 costs ~0.2 s each; the parameters are tested elsewhere.
    monkeypatch.setattr(keys, "_SCRYPT_N", 2**10)


@pytest.fixture()
def issued(client, make_user, headers, product_id) -> dict[str, Any]:
    """An issued label of the `manufacturer` fixture's product."""
    return issue_label(client, make_user, headers, product_id)


def _page(client: FlaskClient, path: str, **headers: str) -> tuple[int, str]:
    response = client.get(path, headers=headers)
    return response.status_code, response.get_data(as_text=True)


def test_valid_label_page_states_what_the_label_says(client: FlaskClient, issued):
    label_id = issued["label_id"]
    status, page = _page(client, f"/l/{label_id}")
    assert status == 200
    assert 'class="verdict verdict-valid"' in page and ">Valid<" in page
    for text in ("Thing", "P-1", "kg CO₂e", "per 1 piece", "Cradle to gate", "ISO 14067:2018"):
        assert text in page, text
    for text in ("Fossil", "Land-use change", "Primary data", "Data quality rating", "CNAS"):
        assert text in page, text
    for link in (
        f'href="/api/v1/labels/{label_id}"',
        f'href="/api/v1/labels/{label_id}/certificate.pdf"',
        f'href="/api/v1/labels/{label_id}/label.svg"',
        'href="/api/v1/status-lists/',
        'href="/api/v1/log/proof/inclusion?index=',
        'href="/api/v1/log/checkpoint"',
        'href="https://example.test/bodies/',
    ):
        assert link in page, link
    assert "Reason:" not in page


@pytest.mark.parametrize("transform", [str.upper, str.lower, str])
def test_any_letter_case_and_the_qr_codes_upper_case_path(client, issued, transform):
    label_id = issued["label_id"]
    for prefix in ("/l/", "/L/"):
        status, page = _page(client, prefix + transform(label_id))
        assert status == 200, (prefix, transform)
        assert label_id in page and "verdict-valid" in page


@pytest.mark.parametrize(
    ("choose", "word"),
    [
        ({"query": "?lang=pt"}, "Válido"),
        ({"Accept-Language": "pt-MO,pt;q=0.9"}, "Válido"),
        ({"Accept-Language": "zh-HK"}, "有效"),
        ({"query": "?lang=zh_Hans"}, "有效"),
        ({"Accept-Language": "en-GB"}, "Valid"),
    ],
)
def test_the_page_speaks_four_languages(client, issued, choose, word):
    headers = dict(choose)
    query = headers.pop("query", "")
    status, page = _page(client, f"/l/{issued['label_id']}{query}", **headers)
    assert status == 200
    assert f'<p class="verdict-word">{word}</p>' in page
    assert "Português" in page  # the switcher offers four languages


def test_portuguese_stays_a_public_page_language(client):
    _, page = _page(client, "/sign-in?lang=pt", **{"Accept-Language": "pt-PT"})
    assert '<html lang="en">' in page and "Português" not in page


@pytest.mark.parametrize(
    ("action", "path", "word", "colour"),
    [
        ("suspend", "suspension", "Suspended", "verdict-suspended"),
        ("revoke", "revocation", "Revoked", "verdict-revoked"),
    ],
)
def test_suspended_and_revoked_labels_say_so_with_the_reason(
    client, issued, action, path, word, colour
):
    changed = client.post(
        f"/api/v1/labels/{issued['label_id']}/{path}",
        headers=issued["decider"]["headers"],
        json={"reason": "factory audit pending"},
    )
    assert changed.status_code == 200, changed.json
    status, page = _page(client, f"/l/{issued['label_id']}")
    assert status == 200
    assert f'class="verdict {colour}"' in page and f">{word}<" in page
    assert "factory audit pending" in page


def test_expired_label(client, issued, clock):
    clock.advance(timedelta(days=3 * 365))
    status, page = _page(client, f"/l/{issued['label_id']}?lang=zh_Hant")
    assert status == 200
    assert 'class="verdict verdict-expired"' in page and ">已過期<" in page


@pytest.mark.parametrize("label_id", ["GBA-SZ-2026-999999-0", "not-a-label", "x" * 300])
def test_unknown_or_malformed_ids_get_a_404_page(client, label_id):
    status, page = _page(client, f"/l/{label_id}?lang=pt")
    assert status == 404
    assert "verdict-unknown" in page and "Rótulo desconhecido" in page
    assert "Traceback" not in page


def test_only_valid_endorsements_are_shown(
    client, session: Session, make_user: Callable[..., dict[str, Any]], issued
):
    hong_kong = make_user(
        "certification_body", "decision_maker", jurisdiction="HK", accreditation="HKAS 001"
    )
    token = client.get(f"/api/v1/labels/{issued['label_id']}").json["credential"]
    endorsed = client.post(
        "/api/v1/endorsements", headers=hong_kong["headers"], json={"credential": token}
    )
    assert endorsed.status_code == 201, endorsed.json
    forged = endorsed.json["endorsement"][:-8] + "AAAAAAAA"
    session.add(
        Endorsement(
            id=new_id("endorsement"),
            label_id=issued["label_id"],
            endorser_did="did:web:forger.test",
            recognised_in="MO",
            credential=forged,
            created_at=context.utc_now(),
        )
    )
    session.flush()
    _, page = _page(client, f"/l/{issued['label_id']}")
    assert "Recognised in Hong Kong" in page
    assert "Recognised in Macao" not in page
    _, page = _page(client, f"/l/{issued['label_id']}?lang=zh_Hans")
    assert "获香港认可" in page


def test_the_use_case_reads_a_fixed_number_of_times(app, session: Session, client, issued):
    config = app.extensions["gba"].issuer
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        session.expire_all()
        assert public_pages.label_page(session, config, issued["label_id"]) is not None
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) <= 12, statements
    assert public_pages.label_page(session, config, "GBA-XX") is None


def test_the_application_page_links_to_the_public_page(client, issued):
    with client.session_transaction() as cookie:
        cookie["user_id"] = issued["decider"]["user_id"]
        cookie["role"] = "decision_maker"
    response = client.get(f"/applications/{issued['application_id']}")
    assert response.status_code == 200
    assert f'href="/l/{issued["label_id"]}"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "not covered"), ("zh-Hans", "未覆盖"), ("zh-Hant", "未覆蓋")]
)
def test_uncovered_pollutants_are_not_shown_as_zero(client: FlaskClient, issued, lang, words):
    # The label's BOM is grid electricity only, whose factor reports no air pollutant: the
    # credential says so (coverage 0) and the page says "not covered" rather than 0 kg.
    body = client.get(f"/api/v1/labels/{issued['label_id']}").get_json()
    subject = decode(body["credential"]).payload["credentialSubject"]
    assert subject["airPollutantCoverage"] == dict.fromkeys(("nox", "so2", "pm25", "nmvoc"), "0")
    _, page = _page(client, f"/l/{issued['label_id']}", **{"Accept-Language": lang})
    assert page.count(words) == 4
