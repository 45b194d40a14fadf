"""Refusing to start, in one line: unsafe settings, or a SERVICE_URL that changed.

`python -m service.preflight` runs both checks before the deploy scripts start gunicorn or
Celery; `create_app()` and the Celery app run them too. A refusal is one line on stderr
naming every offending variable and what to do, never a traceback.
"""

from __future__ import annotations

import sys

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from service.persistence.database import make_engine, make_session_factory
from service.services.operations.deployment import service_url_problem
from service.settings import Settings, SettingsError

# gunicorn halts (rather than starting new workers again and again) on this exit status.
REFUSED = 3


def refuse(message: str) -> SystemExit:
    """Write the reason to stderr; return the exit to raise."""
    print(f"gba: {message}", file=sys.stderr)
    return SystemExit(REFUSED)


def settings_or_exit() -> Settings:
    """Read the settings from the environment, or exit with one line saying what is wrong."""
    try:
        return Settings.from_env()
    except SettingsError as error:
        raise refuse(str(error)) from None


def check_deployment(settings: Settings, sessions: sessionmaker[Session]) -> None:
    """In production, record SERVICE_URL at the first start and refuse a changed one."""
    if settings.environment != "production":
        return
    try:
        with sessions() as session:
            problem = service_url_problem(session, settings.service_url)
    except SQLAlchemyError:  # database away: readiness reports it; check at the next start
        return
    if problem:
        raise refuse(problem)


def main() -> None:
    """Check the environment's settings and the recorded SERVICE_URL."""
    settings = settings_or_exit()
    engine = make_engine(settings.database_url)
    try:
        check_deployment(settings, make_session_factory(engine))
    finally:
        engine.dispose()
    print(f"gba: settings accepted ({settings.environment})", file=sys.stderr)


if __name__ == "__main__":
    main()
