"""The Flask web service: `flask --app service ...` finds create_app here."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from lca_models import load_library
from service.persistence.database import make_engine, make_session_factory
from service.services.context import LcaRuntime
from service.settings import MAX_BODY_BYTES, Settings
from service.state import AppState


def create_app(
    settings: Settings | None = None,
    session_factory: sessionmaker[Session] | None = None,
) -> Flask:
    """Build the app: API, CLI verbs, error handlers, one DB session per request."""
    from service.api import register_api
    from service.cli import register_cli

    settings = settings or Settings.from_env()
    app = Flask(__name__, instance_path=str(settings.instance_dir))
    app.config.update(SECRET_KEY=settings.secret_key, MAX_CONTENT_LENGTH=MAX_BODY_BYTES)
    if session_factory is None:
        session_factory = make_session_factory(make_engine(settings.database_url))
    runtime = LcaRuntime(settings.brightway_dir, load_library())
    app.extensions["gba"] = AppState(settings, session_factory, runtime)
    register_api(app)
    register_cli(app)
    return app
