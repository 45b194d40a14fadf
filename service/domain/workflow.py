"""The certification application's state machine, as pure rules.

draft -> submitted -> in_review -> changes_requested -> resubmitted -> in_review -> recommended
-> approved | rejected; the manufacturer may withdraw before a decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    """Where an application stands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    RESUBMITTED = "resubmitted"
    RECOMMENDED = "recommended"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    """What someone does to an application."""

    SUBMIT = "submit"
    START_REVIEW = "start_review"
    REQUEST_CHANGES = "request_changes"
    RESUBMIT = "resubmit"
    RECOMMEND = "recommend_approval"
    APPROVE = "approve"
    REJECT = "reject"
    WITHDRAW = "withdraw"


FINAL = frozenset({State.APPROVED, State.REJECTED, State.WITHDRAWN})

TRANSITIONS: dict[tuple[State, Action], State] = {
    (State.DRAFT, Action.SUBMIT): State.SUBMITTED,
    (State.SUBMITTED, Action.START_REVIEW): State.IN_REVIEW,
    (State.RESUBMITTED, Action.START_REVIEW): State.IN_REVIEW,
    (State.IN_REVIEW, Action.REQUEST_CHANGES): State.CHANGES_REQUESTED,
    (State.CHANGES_REQUESTED, Action.RESUBMIT): State.RESUBMITTED,
    (State.IN_REVIEW, Action.RECOMMEND): State.RECOMMENDED,
    (State.RECOMMENDED, Action.APPROVE): State.APPROVED,
    (State.RECOMMENDED, Action.REJECT): State.REJECTED,
} | {(state, Action.WITHDRAW): State.WITHDRAWN for state in State if state not in FINAL}


@dataclass(frozen=True)
class IllegalTransition(Exception):
    """An action that the current state does not allow."""

    state: State
    action: Action

    def __str__(self) -> str:
        allowed = sorted(a.value for (s, a) in TRANSITIONS if s == self.state)
        return (
            f"cannot {self.action.value} an application that is {self.state.value}"
            f" (allowed: {', '.join(allowed) or 'nothing, it is final'})"
        )


def next_state(state: State, action: Action) -> State:
    """Return the state an action leads to, or raise IllegalTransition."""
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise IllegalTransition(state, action) from None


def allowed_actions(state: State) -> list[Action]:
    """Return the actions the state allows, in a stable order."""
    return [action for action in Action if (state, action) in TRANSITIONS]
