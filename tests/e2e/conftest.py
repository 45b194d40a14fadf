"""Browser tests: the app served by a real server thread and driven by Debian's Chromium.

These tests always use their own migrated SQLite file, even when TEST_DATABASE_URL names a
PostgreSQL database: the browser's requests (in the server thread) and the test must share
committed data, which the service tests' rolled-back transactions cannot give, and on
PostgreSQL the service tests drop and recreate the public schema when their session starts.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from werkzeug.serving import make_server

from lca_models import ProjectInfo, build_score_table
from service import create_app
from service.persistence.migrations import upgrade_to_head
from service.services.accounts import organisations
from service.settings import Settings
from tests.service.clock import MovableClock

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Person:
    """Someone who signs in."""

    email: str
    password: str = PASSWORD


@dataclass(frozen=True)
class Cast:
    """The people of the scenario."""

    manufacturer: Person
    reviewer: Person
    decider: Person
    body_name: str


@pytest.fixture(scope="session")
def e2e_clock() -> MovableClock:
    """The served app's clock (a test that moves it moves it back)."""
    return MovableClock()


@pytest.fixture(scope="session")
def e2e_app(
    shipped_project: ProjectInfo, brightway_dir: Path, e2e_clock: MovableClock
) -> Iterator[Flask]:
    """The app on its own migrated SQLite file (see the module docstring)."""
    build_score_table(brightway_dir, shipped_project.library_version)
    folder = Path(tempfile.mkdtemp(prefix="gba-e2e-"))
    url = f"sqlite:///{folder / 'e2e.sqlite3'}"
    upgrade_to_head(url)
    settings = Settings(
        environment="development",
        database_url=url,
        brightway_dir=brightway_dir,
        secret_key="e2e-secret-key",
        key_passphrase="e2e-key-passphrase",
        instance_dir=folder / "instance",
    )
    yield create_app(settings, clock=e2e_clock)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def base_url(e2e_app: Flask) -> Iterator[str]:
    """The URL of a real HTTP server on 127.0.0.1 and a free port, serving in a thread."""
    server = make_server("127.0.0.1", 0, e2e_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture(scope="session")
def cast(e2e_app: Flask) -> Cast:
    """A manufacturer, and a certification body with a reviewer and a decision maker."""
    with e2e_app.extensions["gba"].session_factory() as session:
        maker = organisations.create_organisation(session, "manufacturer", "Pearl River Power Ltd")
        body = organisations.create_organisation(
            session,
            "certification_body",
            "Shenzhen Certification Centre",
            jurisdiction="CN-GD",
            accreditation="CNAS C001-P",
            did="did:web:example.test:bodies:sz",
            label_code="SZC",
        )
        people = {
            "manufacturer": (maker.id, "manufacturer"),
            "reviewer": (body.id, "reviewer"),
            "decider": (body.id, "decision_maker"),
        }
        for name, (org_id, role) in people.items():
            organisations.create_user(session, org_id, role, f"{name}@e2e.test", [], PASSWORD)
    return Cast(
        Person("manufacturer@e2e.test"),
        Person("reviewer@e2e.test"),
        Person("decider@e2e.test"),
        body.name,
    )


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's driver (no browser download: Debian's Chromium is used)."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """A headless Chromium."""
    chromium = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()


@pytest.fixture()
def new_page(browser: Browser, base_url: str) -> Iterator[Callable[..., Page]]:
    """Open pages in fresh browser contexts (own cookies), closed after the test."""
    contexts: list[BrowserContext] = []

    def open_page(**options: Any) -> Page:
        settings = {"base_url": base_url, "locale": "en-GB"} | options
        context = browser.new_context(**settings)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot under test-artifacts/ (gitignored) for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page: Page, person: Person) -> None:
    """Sign in through the form."""
    page.goto("/sign-in")
    page.fill("input[name=email]", person.email)
    page.fill("input[name=password]", person.password)
    page.click("form.card button[type=submit]")
