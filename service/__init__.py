"""The Flask web service: `flask --app service ...` finds create_app here."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

import service.observability.library_output  # noqa: F401  (before Brightway is imported)
from lca_models import load_library
from service.domain.clock import Clock, SystemClock
from service.observability.metrics import count_answer
from service.persistence.change_feed import change_feed
from service.persistence.database import make_engine, make_session_factory
from service.services.context import IssuerConfig, LcaRuntime
from service.services.labels.verification_answers import AnswerCache
from service.settings import MAX_BODY_BYTES, Settings
from service.shipped_files import shipped_dir
from service.state import AppState

TEMPLATES = shipped_dir("templates")


def create_app(
    settings: Settings | None = None,
    session_factory: sessionmaker[Session] | None = None,
    clock: Clock | None = None,
) -> Flask:
    """Build the app: API, web pages, CLI verbs, error handlers, one DB session per request."""
    from service.api import register_api
    from service.cli import register_cli
    from service.input_guards import register_input_guards
    from service.observability import register_observability
    from service.observability.library_output import route_library_output
    from service.preflight import check_deployment, settings_or_exit
    from service.rate_limits import register_rate_limits
    from service.security_headers import register_security_headers
    from service.web import register_web

    settings = settings or settings_or_exit()
    route_library_output()
    app = Flask(__name__, instance_path=str(settings.instance_dir), template_folder=str(TEMPLATES))
    app.config.update(SECRET_KEY=settings.secret_key, MAX_CONTENT_LENGTH=MAX_BODY_BYTES)
    if session_factory is None:
        engine = make_engine(
            settings.database_url, settings.database_pool_size, settings.database_max_overflow
        )
        session_factory = make_session_factory(engine)
        check_deployment(settings, session_factory)
    runtime = LcaRuntime(settings.brightway_dir, load_library())
    issuer = IssuerConfig(
        service_url=settings.service_url,
        key_passphrase=settings.key_passphrase.encode("utf-8"),
        label_validity_days=settings.label_validity_days,
        allow_http_did=settings.allow_http_did,
        template_dir=TEMPLATES,
    )
    # Every process announces its commits of what verification answers depend on (also the
    # CLI's); a process that keeps answers listens for everyone's.
    changes = change_feed(session_factory, settings.database_url, settings.verification_cache)
    answers = (
        AnswerCache(changes.epoch, observe=count_answer) if settings.verification_cache else None
    )
    app.extensions["gba"] = AppState(
        settings, session_factory, runtime, issuer, changes, answers, clock or SystemClock()
    )
    register_observability(app, settings)  # first: its request ID and timer precede every hook
    register_input_guards(app)  # then: no view or hook after it sees a hostile URL or body
    register_security_headers(app)
    register_rate_limits(app, settings)
    register_api(app)
    register_web(app)
    register_cli(app)
    return app
