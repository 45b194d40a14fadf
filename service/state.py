"""What the Flask app holds: settings, the session factory and the LCA runtime."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from service.domain.clock import Clock, SystemClock
from service.persistence.change_feed import ChangeFeed
from service.services.context import IssuerConfig, LcaRuntime
from service.services.labels.verification_answers import AnswerCache
from service.settings import Settings


@dataclass
class AppState:
    """The app's long-lived collaborators, kept in app.extensions["gba"]."""

    settings: Settings
    session_factory: sessionmaker[Session]
    runtime: LcaRuntime
    issuer: IssuerConfig
    changes: ChangeFeed
    # Verification answers of this process (None: VERIFICATION_CACHE off).
    answers: AnswerCache | None = None
    # What time it is for the use cases of a request (tests pass a clock of their own).
    clock: Clock = field(default_factory=SystemClock)
