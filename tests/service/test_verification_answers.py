"""The answer cache's rules: one epoch, bounded lifetime, validity boundaries, bounded size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from certificates.verify import CLOCK_SKEW
from service.services.labels.verification_answers import ANSWER_TTL, AnswerCache, expires_at

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _payload(valid_from: datetime, valid_until: datetime) -> dict[str, str]:
    return {"validFrom": valid_from.isoformat(), "validUntil": valid_until.isoformat()}


def test_an_answer_lives_at_most_the_ttl():
    year = timedelta(days=365)
    assert expires_at(_payload(NOW - year, NOW + year), NOW) == NOW + ANSWER_TTL
    assert expires_at(None, NOW) == NOW + ANSWER_TTL


def test_an_answer_ends_where_the_validity_check_would_change():
    ending = NOW + timedelta(seconds=10) - CLOCK_SKEW  # valid until 10 s after the skew
    assert expires_at(_payload(NOW - timedelta(days=1), ending), NOW) == ending + CLOCK_SKEW
    starting = NOW + CLOCK_SKEW + timedelta(seconds=20)  # not valid yet for 20 s more
    assert expires_at(_payload(starting, NOW + timedelta(days=9)), NOW) == starting - CLOCK_SKEW
    broken = {"validFrom": "yesterday", "validUntil": 7}
    assert expires_at(broken, NOW) == NOW + ANSWER_TTL


def test_answers_are_served_in_their_epoch_only_and_until_their_time():
    epoch = [1]
    cache = AnswerCache(lambda: epoch[0])
    cache.put("token", 1, NOW + timedelta(seconds=5), {"status": "valid"})
    assert cache.get("token", 1, NOW) == {"status": "valid"}
    assert cache.get(" token\n", 1, NOW) == {"status": "valid"}  # as the verifier strips it
    assert cache.get("token", 2, NOW) is None
    assert cache.get("token", 1, NOW + timedelta(seconds=5)) is None
    assert cache.get("other", 1, NOW) is None
    served = cache.get("token", 1, NOW)
    assert served is not None
    served["status"] = "changed by a caller"
    assert cache.get("token", 1, NOW) == {"status": "valid"}  # callers get copies


def test_a_full_cache_forgets_its_oldest_answer():
    cache = AnswerCache(lambda: 0, size=2)
    for name in ("a", "b", "c"):
        cache.put(name, 0, NOW + ANSWER_TTL, {"name": name})
    assert cache.get("a", 0, NOW) is None
    assert cache.get("b", 0, NOW) == {"name": "b"} and cache.get("c", 0, NOW) == {"name": "c"}
