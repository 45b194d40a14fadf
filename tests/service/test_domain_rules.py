"""Pure rules moved to service.domain: label status machine, surveillance limit, data quality."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from service.domain.canonical_json import canonical_json
from service.domain.data_quality import QualityTally, line_score
from service.domain.label_status import (
    CHANGES,
    LabelAction,
    LabelStatus,
    StatusPurpose,
    status_at,
    status_change,
)
from service.domain.surveillance import moved_beyond_limit, worse_beyond_limit
from service.domain.timestamps import utc_text

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_suspension_is_reversible_and_revocation_final():
    suspended = status_change("valid", "suspend")
    assert suspended is not None and suspended.status is LabelStatus.SUSPENDED
    assert suspended.purpose is StatusPurpose.SUSPENSION and suspended.bit is True
    reinstated = status_change("suspended", "reinstate")
    assert reinstated is not None and reinstated.status is LabelStatus.VALID
    assert reinstated.bit is False
    for stored in ("valid", "suspended"):
        revoked = status_change(stored, "revoke")
        assert revoked is not None and revoked.purpose is StatusPurpose.REVOCATION
    for action in LabelAction:
        assert status_change("revoked", action) is None
    assert status_change("valid", "reinstate") is None
    assert status_change("valid", "delete") is None
    assert len(CHANGES) == 4


def test_expiry_is_read_not_stored_and_loses_to_suspension_and_revocation():
    until = NOW + timedelta(days=1)
    assert status_at("valid", until, NOW) is LabelStatus.VALID
    assert status_at("valid", until, until + timedelta(seconds=1)) is LabelStatus.EXPIRED
    assert status_at("valid", until, until) is LabelStatus.VALID  # valid up to the instant
    later = until + timedelta(days=400)
    assert status_at("suspended", until, later) is LabelStatus.SUSPENDED
    assert status_at("revoked", until, later) is LabelStatus.REVOKED


@pytest.mark.parametrize(
    ("certified", "new", "worse"),
    [("100", "110", False), ("100", "110.01", True), ("0", "5", False), ("100", "50", False)],
)
def test_surveillance_flags_a_result_more_than_ten_percent_worse(certified, new, worse):
    assert worse_beyond_limit(Decimal(certified), Decimal(new)) is worse


def test_a_rescored_change_beyond_ten_percent_either_way_is_flagged():
    assert moved_beyond_limit(Decimal("0.1001")) and moved_beyond_limit(Decimal("-0.2"))
    assert not moved_beyond_limit(Decimal("0.10")) and not moved_beyond_limit(Decimal("-0.05"))


def test_data_quality_scores_and_the_weighted_rating():
    assert line_score("primary", "activity", "C") == 1
    assert [line_score("secondary", "activity", g) for g in ("A", "B", "C", None)] == [1, 2, 3, 3]
    assert line_score("secondary", "component", None) == 2
    assert line_score("secondary", "emissions", None) == 1
    tally = QualityTally()
    tally.add(3.0, "primary", 1)
    tally.add(-1.0, "secondary", 3)  # a removal weighs by its size
    assert tally.primary_share() == pytest.approx(0.75)
    assert tally.rating() == pytest.approx((3 * 1 + 1 * 3) / 4)
    assert QualityTally().rating() == 3.0 and QualityTally().primary_share() == 0.0


def test_one_utc_text_and_one_canonical_json():
    eight = timezone(timedelta(hours=8))
    assert utc_text(datetime(2026, 6, 1, 20, 0, tzinfo=eight)) == "2026-06-01T12:00:00Z"
    assert utc_text(NOW.replace(microsecond=5), microseconds=True) == "2026-06-01T12:00:00.000005Z"
    assert canonical_json({"b": "碳", "a": [1, 2]}) == '{"a":[1,2],"b":"碳"}'.encode()
