"""Structured logs: JSON lines with the request ID (echoed in a header), and never a secret."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from service import create_app
from service.observability.logs import scrub
from service.settings import Settings, SettingsError
from tests.service.web_world import csrf_of


@pytest.fixture(autouse=True)
def _restore_root_logger() -> Iterator[None]:
    """Leave the root logger's level and handlers as this test found them."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _app(settings: Settings, session_factory: Any, **changes: Any) -> Flask:
    return create_app(dataclasses.replace(settings, **changes), session_factory)


def _json_lines(text: str) -> list[dict[str, Any]]:
    lines = [line for line in text.splitlines() if line.startswith("{")]
    return [json.loads(line) for line in lines]


def test_json_lines_carry_the_request_id_it_echoes(settings, session_factory, capsys):
    app = _app(settings, session_factory, log_format="json")
    capsys.readouterr()
    response = app.test_client().get("/api/v1/labels/NOPE", headers={"X-Request-ID": "req-42.a"})
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "req-42.a"
    err = capsys.readouterr().err
    records = _json_lines(err)
    assert records and len(records) == len([line for line in err.splitlines() if line.strip()])
    (line,) = [r for r in records if r["logger"] == "service.requests"]
    assert line["request_id"] == "req-42.a"
    assert line | {"duration_ms": 0} == {
        "timestamp": line["timestamp"],
        "level": "INFO",
        "logger": "service.requests",
        "message": "GET /api/v1/labels/NOPE 404",
        "request_id": "req-42.a",
        "method": "GET",
        "path": "/api/v1/labels/NOPE",
        "status": 404,
        "duration_ms": 0,
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["timestamp"])
    assert isinstance(line["duration_ms"], float)


@pytest.mark.parametrize("sent", ["", "has space", "x" * 101, "tab\there", "é"])
def test_an_unsafe_request_id_is_replaced(settings, session_factory, sent):
    app = _app(settings, session_factory, log_format="json")
    response = app.test_client().get("/healthz", headers={"X-Request-ID": sent})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_errors_log_their_exception_under_the_request_id(settings, session_factory, capsys):
    app = _app(settings, session_factory, log_format="json")

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("kaput")

    capsys.readouterr()
    response = app.test_client().get("/boom", headers={"X-Request-ID": "boom-1"})
    assert response.status_code == 500
    assert "kaput" not in response.get_data(as_text=True)
    records = _json_lines(capsys.readouterr().err)
    (error,) = [r for r in records if r["level"] == "ERROR"]
    assert error["request_id"] == "boom-1"
    assert "RuntimeError: kaput" in error["exception"]


def test_text_format_for_development(settings, session_factory, capsys):
    app = _app(settings, session_factory, log_format="text")
    capsys.readouterr()
    app.test_client().get("/api/v1/labels/NOPE", headers={"X-Request-ID": "txt-1"})
    (line,) = [x for x in capsys.readouterr().err.splitlines() if "service.requests" in x]
    assert "INFO service.requests [txt-1] GET /api/v1/labels/NOPE 404" in line
    assert "status=404" in line


def test_secrets_never_reach_the_log(settings, session_factory, manufacturer, capsys):
    app = _app(settings, session_factory, log_format="json", log_level="DEBUG")
    client = app.test_client()
    token = manufacturer["headers"]["Authorization"].removeprefix("Bearer ")
    password = "Correct-Horse-Battery-Staple-917"
    capsys.readouterr()
    assert client.get("/api/v1/products", headers=manufacturer["headers"]).status_code == 200
    wrong = {"Authorization": "Bearer gba_not-a-real-token-but-secret-xyz"}
    assert client.get("/api/v1/products?token=qs-secret-123", headers=wrong).status_code == 401
    form = {"email": "nobody@x.test", "password": password, "csrf_token": csrf_of(client)}
    refused = client.post("/sign-in", data=form)
    assert refused.status_code == 302 and "/sign-in" in refused.headers["Location"]
    logging.getLogger("service.test").warning("leaked? Authorization: Bearer %s", token)
    err = capsys.readouterr().err
    assert "/api/v1/products" in err and "/sign-in" in err  # the requests were logged
    for secret in (token, "not-a-real-token-but-secret-xyz", "qs-secret-123", password):
        assert secret not in err


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Authorization: Bearer abc.def.ghi", "abc.def.ghi"),
        ("token gba_AbCdEf0123456789xyz issued", "gba_AbCdEf0123456789xyz"),
        ("login password=hunter2hunter2 failed", "hunter2hunter2"),
        ('{"passphrase": "open-sesame-42"}', "open-sesame-42"),
        ("postgresql://gba:db-pass-99@db.internal/gba", "db-pass-99"),
        ("broker redis://:redis-pass-7@redis.internal:6379/0 lost", "redis-pass-7"),
        ("rediss://default:tls-pass-8@redis.internal:6380/1", "tls-pass-8"),
        ("broker_url='redis://:with/slash-9@r:6379/0'", "with/slash-9"),
        ("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----", "MC4CAQ"),
    ],
)
def test_scrub_redacts(text, secret):
    assert secret not in scrub(text)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "text"),
        ({"GBA_ENV": "production"}, "json"),
        ({"GBA_ENV": "production", "LOG_FORMAT": "text"}, "text"),
        ({"LOG_FORMAT": "json"}, "json"),
    ],
)
def test_log_format_defaults_by_environment(environ, expected, tmp_path):
    production = {
        "DATABASE_URL": "postgresql://gba@db/gba",
        "SECRET_KEY": "s" * 32,
        "BRIGHTWAY_DIR": str(tmp_path),
        "SERVICE_URL": "https://gba.example",
        "KEY_PASSPHRASE": "p" * 16,
    }
    base = {"GBA_INSTANCE_DIR": str(tmp_path)} | (production if environ.get("GBA_ENV") else {})
    assert Settings.from_env(base | environ).log_format == expected


def test_an_unknown_log_format_is_refused(tmp_path):
    with pytest.raises(SettingsError, match="LOG_FORMAT"):
        Settings.from_env({"GBA_INSTANCE_DIR": str(tmp_path), "LOG_FORMAT": "xml"})
