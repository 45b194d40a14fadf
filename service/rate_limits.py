"""Rate limits against guessing and flooding (the `limits` library Flask-Limiter is built on).

- sign-in failures per account and per address: after too many the account (or address) is
  locked out for the rest of the window, 429 with Retry-After, even with the right password;
- bad bearer tokens per address (a token guesser);
- public verification and artefact downloads per address (anonymous, and a PDF costs).

Counters live in RATE_LIMIT_STORAGE: memory:// (one process: development and tests) or
redis://... in production, so that every worker and host shares them (deploy/README.md).
Limits are settings (RATE_LIMIT_*), in the `limits` notation ("5 per 15 minutes").
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import Flask, current_app, request
from limits import RateLimitItem, parse, storage, strategies
from werkzeug.exceptions import TooManyRequests
from werkzeug.middleware.proxy_fix import ProxyFix

from service.settings import Settings


class RateLimited(TooManyRequests):
    """A limit is exhausted; retry_after says for how many seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("too many requests; retry later")
        self.retry_after_s = retry_after


@dataclass(frozen=True)
class Limits:
    """The limits of one app and the counters' store."""

    strategy: strategies.RateLimiter
    by_name: dict[str, RateLimitItem]

    def check(self, name: str, key: str) -> None:
        """Raise RateLimited if the limit is already exhausted (counts nothing)."""
        item = self.by_name[name]
        if not self.strategy.test(item, name, key):
            reset = self.strategy.get_window_stats(item, name, key).reset_time
            raise RateLimited(max(1, math.ceil(reset - time.time())))

    def hit(self, name: str, key: str) -> None:
        """Count one event; raise RateLimited if that exhausts the limit."""
        if not self.strategy.hit(self.by_name[name], name, key):
            self.check(name, key)


def build_limits(settings: Settings) -> Limits:
    """Return the limits the settings configure."""
    store = storage.storage_from_string(settings.rate_limit_storage)
    return Limits(
        strategies.MovingWindowRateLimiter(store)
        if settings.rate_limit_storage.startswith("memory")
        else strategies.FixedWindowRateLimiter(store),
        {
            "sign_in_account": parse(settings.rate_limit_sign_in_account),
            "sign_in_address": parse(settings.rate_limit_sign_in_address),
            "bad_token": parse(settings.rate_limit_bad_token),
            "public": parse(settings.rate_limit_public),
        },
    )


def limits() -> Limits:
    """Return this app's limits."""
    found: Limits = current_app.extensions["gba_limits"]
    return found


def client_address() -> str:
    """Return the caller's address (behind a load balancer: ProxyFix sets it, deploy/)."""
    return request.remote_addr or "unknown"


PUBLIC_ENDPOINTS = ("/api/v1/verifications",)


def _public_request() -> bool:
    path = request.path
    if request.method == "POST" and path in PUBLIC_ENDPOINTS:
        return True
    artefact = path.startswith("/api/v1/labels/") and path.endswith((".pdf", ".svg"))
    return artefact or path.startswith(("/l/", "/L/"))


def count_public() -> None:
    """Count an anonymous verification or download against its address."""
    if _public_request():
        limits().hit("public", client_address())


def register_rate_limits(app: Flask, settings: Settings) -> None:
    """Keep the app's limits and count public requests before their views."""
    app.extensions["gba_limits"] = build_limits(settings)
    if settings.trusted_proxies:
        # The balancer's X-Forwarded-For names the client (werkzeug ProxyFix, trusted hops).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies)  # type: ignore[method-assign]
    app.before_request(count_public)
