"""The pages' blueprint: its stylesheet folder, the CSRF check and the friendly error pages."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from service.errors import ServiceError
from service.rate_limits import RateLimited
from service.web.csrf import check_csrf
from service.web.errors import http_error, service_error, unexpected
from service.web.uploads import upload_limits

web = Blueprint("web", __name__, static_folder="static", static_url_path="/static/web")
web.before_request(upload_limits)  # before any form is read
web.before_request(check_csrf)
web.register_error_handler(ServiceError, service_error)
web.register_error_handler(HTTPException, http_error)
web.register_error_handler(Exception, unexpected)


def _database_unavailable(error: Exception) -> ResponseReturnValue:
    from service.outages import database_unavailable  # imports the pages' error module

    return database_unavailable(error)


def _rate_limited(error: Exception) -> ResponseReturnValue:
    from service.rate_limits import rate_limited

    return rate_limited(error)  # type: ignore[arg-type]  # registered for RateLimited only


# Before the catch-all above (more specific classes win): a database fault is a 503 page.
for _fault in (OperationalError, InterfaceError, PoolTimeout):
    web.register_error_handler(_fault, _database_unavailable)
web.register_error_handler(RateLimited, _rate_limited)
