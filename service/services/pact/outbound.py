"""Calling a registered partner: a token from its `/auth/token`, then `POST /3/events`."""

from __future__ import annotations

import json
from typing import Any

import requests

# Seconds to wait for a partner's answer: a callback is retried, never waited on forever.
TIMEOUT_SECONDS = 10
MAX_TOKEN_BYTES = 64 * 1024
# Bounds on a pull: pages followed, and bytes per page.
MAX_PAGES = 20
MAX_LIST_BYTES = 20 * 1024 * 1024


class DeliveryFailed(Exception):
    """The partner could not be reached, refused our credentials, or refused the event."""


def _call(method: str, url: str, what: str, **options: Any) -> requests.Response:
    """Send one request to a partner: bounded in time, never redirected, failures named."""
    try:
        return requests.request(
            method, url, timeout=TIMEOUT_SECONDS, allow_redirects=False, **options
        )
    except requests.RequestException as error:
        raise DeliveryFailed(f"{what} failed: {type(error).__name__}") from None


def _reading(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}


def partner_token(base_url: str, client_id: str, client_secret: str) -> str:
    """Ask the partner for an access token (client credentials, HTTP Basic authentication)."""
    response = _call(
        "POST",
        f"{base_url}/auth/token",
        "token request",
        data={"grant_type": "client_credentials"},
        auth=(client_id, client_secret),
        headers={"Accept": "application/json"},
    )
    if response.status_code != 200 or len(response.content) > MAX_TOKEN_BYTES:
        raise DeliveryFailed(f"token request answered {response.status_code}")
    try:
        token = response.json()["access_token"]
    except (ValueError, KeyError, TypeError):
        raise DeliveryFailed("token answer carries no access_token") from None
    if not isinstance(token, str) or not token:
        raise DeliveryFailed("token answer carries no access_token")
    return token


def post_event(base_url: str, client_id: str, client_secret: str, event: dict[str, Any]) -> None:
    """Deliver one CloudEvent to the partner, or raise DeliveryFailed."""
    token = partner_token(base_url, client_id, client_secret)
    response = _call(
        "POST",
        f"{base_url}/3/events",
        "event delivery",
        data=json.dumps(event, separators=(",", ":")).encode("utf-8"),
        headers={
            "Content-Type": "application/cloudevents+json; charset=UTF-8",
            "Authorization": f"Bearer {token}",
        },
    )
    if not 200 <= response.status_code < 300:
        raise DeliveryFailed(f"event delivery answered {response.status_code}")


def get_footprints(
    base_url: str, client_id: str, client_secret: str, max_pages: int = MAX_PAGES
) -> list[Any]:
    """List the partner's footprints, following `Link: rel="next"` on the partner only."""
    token = partner_token(base_url, client_id, client_secret)
    url: str | None = f"{base_url}/3/footprints"
    found: list[Any] = []
    for _ in range(max_pages):
        if url is None:
            break
        response = _call("GET", url, "footprint list", headers=_reading(token))
        if response.status_code != 200 or len(response.content) > MAX_LIST_BYTES:
            raise DeliveryFailed(f"footprint list answered {response.status_code}")
        try:
            data = response.json()["data"]
        except (ValueError, KeyError, TypeError):
            raise DeliveryFailed("footprint list carries no data") from None
        if not isinstance(data, list):
            raise DeliveryFailed("footprint list carries no data")
        found.extend(data)
        following = response.links.get("next", {}).get("url")
        # Never follow a link off the registered partner.
        url = following if following and following.startswith(f"{base_url}/") else None
    return found


def get_footprint(base_url: str, client_id: str, client_secret: str, pf_id: str) -> Any:
    """Read one of the partner's footprints by id (GetFootprint)."""
    token = partner_token(base_url, client_id, client_secret)
    response = _call(
        "GET", f"{base_url}/3/footprints/{pf_id}", f"footprint {pf_id}", headers=_reading(token)
    )
    if response.status_code != 200 or len(response.content) > MAX_LIST_BYTES:
        raise DeliveryFailed(f"footprint {pf_id} answered {response.status_code}")
    try:
        return response.json()["data"]
    except (ValueError, KeyError, TypeError):
        raise DeliveryFailed(f"footprint {pf_id} carries no data") from None
