"""Leases of job parts: one live holder each, renewed, lapsed ones sent again exactly once."""

from __future__ import annotations

from datetime import timedelta

from service.jobs.sweeper import sweep
from service.services.context import utc_now
from service.services.operations import jobs, leases


def _job(session, key="rescore:v", parts=2):
    job, _ = jobs.start_job(session, "rescore", key, {"version": "v", "parts": parts}, None, 4)
    return job


def test_a_part_has_one_live_holder_until_its_lease_lapses(session):
    job, now = _job(session), utc_now()
    jobs.claim(session, job.id)
    assert leases.take(session, job.id, 0, "host-a", 30, now)
    assert leases.take(session, job.id, 0, "host-a", 30, now)  # its own again
    assert not leases.take(session, job.id, 0, "host-b", 30, now + timedelta(seconds=29))
    assert leases.renew(session, job.id, 0, "host-a", 30, now + timedelta(seconds=20))
    assert not leases.take(session, job.id, 0, "host-b", 30, now + timedelta(seconds=49))
    # host-a stops renewing: once the lease has lapsed, host-b takes the part over ...
    assert leases.take(session, job.id, 0, "host-b", 30, now + timedelta(seconds=51))
    # ... and host-a, if it was only slow, learns at its next beat that it must stop.
    assert not leases.renew(session, job.id, 0, "host-a", 30, now + timedelta(seconds=52))
    leases.release(session, job.id, 0, "host-a")  # not its lease any more: kept
    assert [lease.holder for lease in leases.of_job(session, job.id)] == ["host-b"]
    leases.release(session, job.id, 0, "host-b")
    assert leases.of_job(session, job.id) == []


def test_a_cancelled_job_stops_its_holders_at_their_next_beat(session):
    job, now = _job(session), utc_now()
    jobs.claim(session, job.id)
    assert leases.take(session, job.id, 1, "host-a", 30, now)
    assert leases.renew(session, job.id, 1, "host-a", 30, now)
    assert jobs.cancel(session, job.id).state == "cancelled"
    assert not leases.renew(session, job.id, 1, "host-a", 30, now)
    assert jobs.claim(session, job.id) is None  # nothing runs it any more
    # Resuming queues it again and forgets the old run's leases: every part is sent.
    assert jobs.reopen(session, job.id).state == "queued"
    assert leases.mark_sent(session, job.id, range(2), 3600, now) == [0, 1]


def test_parts_are_sent_when_nobody_holds_them_and_never_twice(session):
    job, now = _job(session), utc_now()
    assert leases.mark_sent(session, job.id, range(2), 3600, now) == [0, 1]
    # Sent and waiting for a worker: starting the key again sends nothing more ...
    assert leases.mark_sent(session, job.id, range(2), 3600, now) == []
    # ... unless the operator says the messages were lost (Redis lost).
    assert leases.mark_sent(session, job.id, [1], 3600, now, unclaimed_too=True) == [1]
    jobs.claim(session, job.id)
    assert leases.take(session, job.id, 0, "host-a", 30, now)
    assert leases.mark_sent(session, job.id, range(2), 3600, now, unclaimed_too=True) == [1]
    # host-a is lost: once its lease lapses, part 0 is sent again.
    later = now + timedelta(seconds=31)
    assert leases.mark_sent(session, job.id, range(2), 3600, later) == [0]


def test_the_sweeper_sends_each_lapsed_part_once_and_forgets_finished_jobs(app, session):
    state = app.extensions["gba"]
    job, other, now = _job(session), _job(session, "rescore:w", 1), utc_now()
    jobs.claim(session, job.id)
    long_ago = now - timedelta(seconds=state.settings.jobs_lease_seconds + 1)
    for part in (0, 1):
        assert leases.take(session, job.id, part, "lost-host", 1, long_ago)
    assert leases.take(session, other.id, 0, "live-host", 30, now)
    sent: list[tuple[str, list[int]]] = []
    resent, upcoming = sweep(state, lambda job_id, parts: sent.append((job_id, parts)))
    assert sent == [(job.id, [0]), (job.id, [1])] and resent == [(job.id, 0), (job.id, 1)]
    assert upcoming is not None and upcoming > now  # the live host's lease
    assert sweep(state, lambda job_id, parts: sent.append((job_id, parts)))[0] == []
    jobs.finish(session, job.id, {}, 4)
    sweep(state, lambda *_: None)
    assert leases.of_job(session, job.id) == []
    assert [lease.holder for lease in leases.of_job(session, other.id)] == ["live-host"]


def test_a_slow_run_that_lost_its_file_count_imports_nothing_twice(session):
    job, _ = jobs.start_job(session, "bom_import", "bom_import:o:k", {"files": [{}, {}]}, None, 2)
    assert jobs.advance(session, job.id, 0, 1)
    assert not jobs.advance(session, job.id, 0, 1)  # another run counted file 0 first
    session.commit()
