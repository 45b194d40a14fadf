"""Issuing a label on approval: one label, in the approval's unit of work, signed as specified."""

from __future__ import annotations

import re

import pytest
from pyld import jsonld
from sqlalchemy import func, select

from certificates.contexts import LABEL_CONTEXT_URL, VC_V2_CONTEXT_URL
from certificates.jws import decode
from certificates.label_ids import check_character, parse_label_id
from service.persistence.labels import Label, LogEntry
from service.services.labels import transparency
from tests.certificates.test_credential_jsonld import _expanded_leaves, _leaves, _loader
from tests.service.helpers import numbers_in
from tests.service.label_helpers import (
    approve,
    certifiers,
    cheap_key_sealing,
    issue_for,
    public,
    recommend,
)

LABEL_ID = re.compile(r"^GBA-(GD|HK|MO)([A-Z0-9]{1,6})-(\d{4})-(\d{6,})-([0-9A-Z])$")


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch):
    cheap_key_sealing(monkeypatch)


def _labels(session, application_id=None):
    query = select(func.count()).select_from(Label)
    if application_id is not None:
        query = query.where(Label.application_id == application_id)
    return session.scalar(query)


def test_approval_issues_exactly_one_label_and_a_retry_conflicts(
    client, session, make_user, headers, product_id
):
    body = certifiers(make_user, label_code="SZ")
    application_id = recommend(client, headers, product_id, body)
    decided = approve(client, body, application_id)
    assert decided.status_code == 200, decided.json
    label_id = decided.json["label_id"]
    match = LABEL_ID.match(label_id)
    assert match is not None, label_id
    assert match.group(1) == "GD" and match.group(2) == "SZ"
    assert match.group(5) == check_character(label_id[:-2].replace("-", ""))
    assert str(parse_label_id(label_id)) == label_id
    retried = approve(client, body, application_id)
    assert retried.status_code == 409, retried.json
    assert _labels(session, application_id) == 1
    assert public(client, label_id)["status"] == "valid"


def test_serials_count_up_per_body_and_year(client, make_user, headers, product_id):
    body = certifiers(make_user)
    first = parse_label_id(issue_for(client, headers, product_id, body))
    second = parse_label_id(issue_for(client, headers, product_id, body, amount="3"))
    assert second.year == first.year and second.serial == first.serial + 1


def test_a_failure_during_issuance_leaves_nothing(
    client, session, make_user, headers, product_id, monkeypatch
):
    body = certifiers(make_user)
    application_id = recommend(client, headers, product_id, body)

    def broken(*args, **kwargs):
        raise RuntimeError("the log is unavailable")

    monkeypatch.setattr(transparency, "append", broken)
    failed = approve(client, body, application_id)
    assert failed.status_code == 500
    assert "the log is unavailable" not in failed.get_data(as_text=True)
    assert _labels(session) == 0
    assert session.scalar(select(func.count()).select_from(LogEntry)) == 0
    shown = client.get(f"/api/v1/applications/{application_id}", headers=headers)
    assert shown.status_code == 200 and shown.json["state"] == "recommended", shown.json
    # Once the log is back, the same approval issues the one label.
    monkeypatch.undo()
    assert approve(client, body, application_id).status_code == 200
    assert _labels(session, application_id) == 1


@pytest.fixture()
def issued(client, make_user, headers, product_id):
    """A label just issued, with its public JSON."""
    body = certifiers(make_user)
    label_id = issue_for(client, headers, product_id, body)
    return public(client, label_id)


def test_the_credential_header_names_the_body_key(issued):
    decoded = decode(issued["credential"])
    kid = decoded.header["kid"]
    did = decoded.payload["issuer"]["id"]
    assert decoded.header == {"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": kid}
    assert re.fullmatch(re.escape(did) + r"#key-\d{4}", kid), kid
    assert did == issued["issuer"]["id"]


def test_the_payload_holds_no_json_numbers(issued):
    payload = decode(issued["credential"]).payload
    assert numbers_in(payload) == []
    subject = payload["credentialSubject"]
    for name in ("pcfExcludingBiogenicUptake", "pcfIncludingBiogenicUptake", "fossilGhgEmissions"):
        assert isinstance(subject[name], str) and re.fullmatch(r"-?\d+(\.\d+)?", subject[name])
    assert payload["@context"] == [VC_V2_CONTEXT_URL, LABEL_CONTEXT_URL]
    assert [e["statusPurpose"] for e in payload["credentialStatus"]] == [
        "revocation",
        "suspension",
    ]


def test_the_issued_credential_expands_with_the_pinned_contexts_dropping_nothing(issued):
    payload = decode(issued["credential"]).payload
    # _loader refuses any context that is not pinned (no network, no unpinned URL).
    expanded = jsonld.expand(payload, {"documentLoader": _loader})
    assert _expanded_leaves(expanded) == _leaves(payload)


def test_the_status_list_credential_expands_dropping_nothing(client, issued):
    url = issued["credential_status"][0]["statusListCredential"]
    token = client.get(url.removeprefix("http://gba.test")).get_data(as_text=True)
    payload = decode(token).payload
    expanded = jsonld.expand(payload, {"documentLoader": _loader})
    assert _expanded_leaves(expanded) == _leaves(payload)
