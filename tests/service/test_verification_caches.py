"""The verifier's per-process caches never serve a stale status, key or receipt.

Each test runs twice: with the verification answer cache off (as on SQLite) and on, counting
this process's own commits as its epoch (what PostgreSQL notifications add for the commits of
other processes is tested in test_change_feed_postgresql.py).
"""

from __future__ import annotations

import pytest

from certificates.jws import decode
from service.services.labels import public_verification
from service.services.labels.verification_answers import AnswerCache
from tests.service.label_helpers import (
    HOSTED_DID,
    certifiers,
    cheap_key_sealing,
    issue_for,
    public,
    run_cli,
    set_status,
    verify,
)


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch):
    cheap_key_sealing(monkeypatch)


@pytest.fixture(autouse=True, params=["answers off", "answers on"])
def answers(request, app):
    """The app's answer cache, on or off."""
    state = app.extensions["gba"]
    state.answers = AnswerCache(state.changes.count) if request.param == "answers on" else None
    return state.answers


@pytest.fixture()
def hosted(client, make_user, headers, product_id):
    """A body whose DID names the test host, with one label issued."""
    body = certifiers(make_user, did=HOSTED_DID, label_code="SZ")
    label_id = issue_for(client, headers, product_id, body)
    return body | {"label": label_id, "credential": public(client, label_id)["credential"]}


def _valid(client, credential):
    result = verify(client, credential)
    assert result["verified"] is True and result["status"] == "valid", result
    return result


def test_suspension_and_reinstatement_show_at_once_after_warm_caches(client, hosted):
    credential, decider = hosted["credential"], hosted["decider"]["headers"]
    _valid(client, credential)
    _valid(client, credential)  # every cache is warm now
    assert set_status(client, hosted["label"], "suspend", decider).status_code == 200
    result = verify(client, credential)
    assert result["verified"] is False and result["status"] == "suspended", result
    assert set_status(client, hosted["label"], "reinstate", decider).status_code == 200
    _valid(client, credential)
    assert set_status(client, hosted["label"], "revoke", decider).status_code == 200
    result = verify(client, credential)
    assert result["verified"] is False and result["status"] == "revoked", result


def test_a_revoked_key_shows_at_once_after_warm_caches(app, client, hosted, headers, product_id):
    credential = hosted["credential"]
    _valid(client, credential)
    assert run_cli(app, "keys", "rotate", "--org", hosted["body"]).exit_code == 0
    _valid(client, credential)  # a retired key stays published
    newer = issue_for(client, headers, product_id, hosted, amount="3")
    _valid(client, public(client, newer)["credential"])  # the log grew: a fresh receipt
    kid = decode(credential).header["kid"]
    revoked = run_cli(app, "keys", "revoke", "--kid", kid, "--reason", "laptop stolen")
    assert revoked.exit_code == 0, revoked.output
    result = verify(client, credential)
    assert result["verified"] is False and result["status"] == "revoked", result
    assert result["checks"]["issuer_trusted"] is False
    _valid(client, public(client, newer)["credential"])


def test_a_tampered_credential_fails_after_the_genuine_one_verified(client, hosted):
    credential = hosted["credential"]
    _valid(client, credential)
    head, body, signature = credential.split(".")
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    result = verify(client, f"{head}.{body}.{flipped}")
    assert result["verified"] is False and result["checks"]["signature"] is False, result


def test_a_repeat_verification_is_answered_from_the_cache_until_something_changes(
    client, hosted, answers, monkeypatch
):
    if answers is None:
        pytest.skip("the answer cache is off")
    computed = []
    verify_credential = public_verification.verify_credential

    def counted(*args, **kwargs):
        computed.append(1)
        return verify_credential(*args, **kwargs)

    monkeypatch.setattr(public_verification, "verify_credential", counted)
    credential, decider = hosted["credential"], hosted["decider"]["headers"]
    first = _valid(client, credential)
    assert _valid(client, credential) == first and len(computed) == 1  # served from the cache
    assert set_status(client, hosted["label"], "suspend", decider).status_code == 200
    assert verify(client, credential)["status"] == "suspended" and len(computed) == 2
    assert verify(client, credential)["status"] == "suspended" and len(computed) == 2
    head, body, signature = credential.split(".")
    tampered = f"{head}.{body}.{signature[:-4]}AAAA"
    assert verify(client, tampered)["checks"]["signature"] is False
    assert verify(client, tampered)["checks"]["signature"] is False
    assert len(computed) == 4  # not one of our labels as submitted: never kept


def test_in_a_known_epoch_versions_and_status_lists_are_read_once(app, client, hosted, answers):
    if answers is None:
        pytest.skip("the answer cache is off")
    from service.services.labels import verification_cache

    reads = []
    read_versions = verification_cache.read_versions

    def counted(session):
        reads.append(1)
        return read_versions(session)

    state = app.extensions["gba"]
    state.answers = AnswerCache(state.changes.count, size=1)  # keeps one answer only
    verification_cache.read_versions = counted
    try:
        _valid(client, hosted["credential"])
        _valid(client, hosted["credential"])  # answered from the cache
        assert len(reads) == 1
        state.answers = AnswerCache(state.changes.count)  # a new cache, the same epoch
        _valid(client, hosted["credential"])
        assert len(reads) == 1  # versions and status lists of this epoch were kept
        decider = hosted["decider"]["headers"]
        assert set_status(client, hosted["label"], "suspend", decider).status_code == 200
        assert verify(client, hosted["credential"])["status"] == "suspended"
        assert len(reads) == 2  # a new epoch reads them again
    finally:
        verification_cache.read_versions = read_versions


def test_answers_are_counted_by_where_they_came_from(app, client, hosted, answers):
    if answers is None:
        pytest.skip("the answer cache is off")
    from prometheus_client import REGISTRY

    from service.observability.metrics import count_answer

    def value(source: str) -> float:
        found = REGISTRY.get_sample_value("gba_verification_answers_total", {"source": source})
        return found or 0.0

    state = app.extensions["gba"]
    state.answers = AnswerCache(state.changes.count, observe=count_answer)
    before = value("cache"), value("computed")
    _valid(client, hosted["credential"])
    _valid(client, hosted["credential"])
    assert (value("cache"), value("computed")) == (before[0] + 1, before[1] + 1)
