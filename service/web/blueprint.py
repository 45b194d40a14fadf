"""The pages' blueprint: its stylesheet folder, the CSRF check and the friendly error pages."""

from __future__ import annotations

from flask import Blueprint
from werkzeug.exceptions import HTTPException

from service.errors import ServiceError
from service.outages import DATABASE_FAULTS
from service.rate_limits import RateLimited
from service.web.csrf import check_csrf
from service.web.errors import http_error, service_error, unexpected
from service.web.fault_pages import database_unavailable_page, rate_limited_page
from service.web.uploads import upload_limits

web = Blueprint("web", __name__, static_folder="static", static_url_path="/static/web")
web.before_request(upload_limits)  # before any form is read
web.before_request(check_csrf)
web.register_error_handler(ServiceError, service_error)
web.register_error_handler(HTTPException, http_error)
web.register_error_handler(Exception, unexpected)


# Before the catch-all above (more specific classes win): passing faults get their pages.
for _fault in DATABASE_FAULTS:
    web.register_error_handler(_fault, database_unavailable_page)
web.register_error_handler(RateLimited, rate_limited_page)
