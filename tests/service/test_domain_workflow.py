"""The application state machine as pure rules: every legal step, and every other one refused."""

from __future__ import annotations

import itertools

import pytest

from service.domain.workflow import (
    FINAL,
    TRANSITIONS,
    Action,
    IllegalTransition,
    State,
    allowed_actions,
    next_state,
)

S, A = State, Action

# Written out by hand from DOMAIN.md and the issue, not derived from TRANSITIONS.
LEGAL: dict[tuple[State, Action], State] = {
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, A.START_REVIEW): S.IN_REVIEW,
    (S.RESUBMITTED, A.START_REVIEW): S.IN_REVIEW,
    (S.IN_REVIEW, A.REQUEST_CHANGES): S.CHANGES_REQUESTED,
    (S.IN_REVIEW, A.RECOMMEND): S.RECOMMENDED,
    (S.CHANGES_REQUESTED, A.RESUBMIT): S.RESUBMITTED,
    (S.RECOMMENDED, A.APPROVE): S.APPROVED,
    (S.RECOMMENDED, A.REJECT): S.REJECTED,
    # The manufacturer may withdraw at any time before a decision.
    (S.DRAFT, A.WITHDRAW): S.WITHDRAWN,
    (S.SUBMITTED, A.WITHDRAW): S.WITHDRAWN,
    (S.IN_REVIEW, A.WITHDRAW): S.WITHDRAWN,
    (S.CHANGES_REQUESTED, A.WITHDRAW): S.WITHDRAWN,
    (S.RESUBMITTED, A.WITHDRAW): S.WITHDRAWN,
    (S.RECOMMENDED, A.WITHDRAW): S.WITHDRAWN,
}
ILLEGAL = [pair for pair in itertools.product(State, Action) if pair not in LEGAL]


def test_the_states_and_actions_are_the_documented_ones():
    assert [s.value for s in State] == [
        "draft",
        "submitted",
        "in_review",
        "changes_requested",
        "resubmitted",
        "recommended",
        "approved",
        "rejected",
        "withdrawn",
    ]
    assert {a.value for a in Action} == {
        "submit",
        "start_review",
        "request_changes",
        "resubmit",
        "recommend_approval",
        "approve",
        "reject",
        "withdraw",
    }
    assert {State.APPROVED, State.REJECTED, State.WITHDRAWN} == FINAL


def test_the_table_is_exactly_the_legal_transitions():
    assert dict(TRANSITIONS) == LEGAL


@pytest.mark.parametrize(("state", "action"), list(LEGAL), ids=lambda x: str(x))
def test_every_legal_transition(state, action):
    assert next_state(state, action) == LEGAL[(state, action)]
    assert action in allowed_actions(state)


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=lambda x: str(x))
def test_every_illegal_transition_raises(state, action):
    with pytest.raises(IllegalTransition) as raised:
        next_state(state, action)
    assert raised.value.state == state
    assert raised.value.action == action
    message = str(raised.value)
    assert f"cannot {action.value} an application that is {state.value}" in message
    assert action not in allowed_actions(state)


def test_there_are_72_pairs_14_legal():
    assert len(LEGAL) == 14
    assert len(ILLEGAL) == len(State) * len(Action) - 14 == 58


@pytest.mark.parametrize("state", sorted(FINAL))
def test_nothing_follows_a_final_state(state):
    assert allowed_actions(state) == []
    for action in Action:
        with pytest.raises(IllegalTransition, match="nothing, it is final"):
            next_state(state, action)


@pytest.mark.parametrize("state", [s for s in State if s not in FINAL])
def test_withdraw_is_allowed_before_a_decision_only(state):
    assert next_state(state, Action.WITHDRAW) == State.WITHDRAWN


def test_the_message_lists_what_the_state_allows():
    with pytest.raises(IllegalTransition) as raised:
        next_state(State.CHANGES_REQUESTED, Action.APPROVE)
    assert str(raised.value) == (
        "cannot approve an application that is changes_requested (allowed: resubmit, withdraw)"
    )


def test_allowed_actions_come_in_a_stable_order():
    assert allowed_actions(State.RECOMMENDED) == [A.APPROVE, A.REJECT, A.WITHDRAW]
    assert allowed_actions(State.SUBMITTED) == [A.START_REVIEW, A.WITHDRAW]


def test_every_path_from_draft_reaches_a_final_state():
    # No state is a dead end: from every reachable state some final state is reachable.
    reachable, frontier = {State.DRAFT}, [State.DRAFT]
    while frontier:
        state = frontier.pop()
        for action in allowed_actions(state):
            after = next_state(state, action)
            if after not in reachable:
                reachable.add(after)
                frontier.append(after)
    assert reachable == set(State)
    for state in reachable - FINAL:
        assert allowed_actions(state), state
