"""The public verification page in Chromium: each verdict in each language, the QR code's
upper-case URL, an unknown label, phone screenshots; and evidence on the application page."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import expect

from service.services.accounts import organisations
from tests.e2e.conftest import PASSWORD, Person, shot, sign_in
from tests.service.clock import MovableClock

_SKUS = itertools.count(1)
# Accept-Language of each reader, and the verdict words the page must use.
READERS = {"zh-CN": "zh-Hans", "zh-HK": "zh-Hant", "en-GB": "en", "pt-MO": "pt"}
WORDS = {
    "zh-Hans": {"valid": "有效", "suspended": "已暂停", "revoked": "已撤销", "expired": "已过期"},
    "zh-Hant": {"valid": "有效", "suspended": "已暫停", "revoked": "已撤銷", "expired": "已過期"},
    "en": {"valid": "Valid", "suspended": "Suspended", "revoked": "Revoked", "expired": "Expired"},
    "pt": {
        "valid": "Válido",
        "suspended": "Suspenso",
        "revoked": "Revogado",
        "expired": "Expirado",
    },
}
NAMES = {"zh-Hans": "移动电源", "zh-Hant": "流動電源", "en": "Power bank", "pt": "Bateria portátil"}
# The verdict's colour (CSS color of the box: text, icon and border), by status.
COLOURS = {
    "valid": "rgb(21, 96, 58)",
    "suspended": "rgb(138, 75, 0)",
    "revoked": "rgb(161, 29, 29)",
    "expired": "rgb(75, 85, 99)",
}
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class Issuer:
    """A certification body's people on the e2e server, and an API client for them."""

    client: FlaskClient
    tokens: dict[str, str]
    maker: Person

    def call(self, method: str, path: str, who: str, body: Any = None) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"}
        response = self.client.open(path, method=method, headers=headers, json=body)
        assert response.status_code in (200, 201), (path, response.json)
        return response.json

    def issue(self) -> dict[str, str]:
        """Register a product, calculate, apply, review, approve; return label and application."""
        product = self.call(
            "POST",
            "/api/v1/products",
            "maker",
            {
                "sku": f"PB-PUB-{next(_SKUS)}",
                "gtin": "06901234567892",
                "names": NAMES,
                "declared_unit": {"amount": "1", "unit": "piece"},
            },
        )
        line = {
            "ref": "power",
            "stage": "production",
            "activity": "electricity-cn-footprint-2023",
            "amount": "2",
            "unit": "kWh",
            "data": "primary",
        }
        document = {
            "system_boundary": "cradle-to-gate",
            "reference_period": {"start": "2025-01-01", "end": "2026-01-01"},
            "site": {"name": "Bao'an plant", "region": "CN-GD"},
            "lines": [line],
        }
        bom = self.call("POST", f"/api/v1/products/{product['id']}/boms", "maker", document)
        self.call("POST", f"/api/v1/boms/{bom['id']}/calculations", "maker")
        application = self.call(
            "POST",
            f"/api/v1/boms/{bom['id']}/applications",
            "maker",
            {"certification_body": self.tokens["body"]},
        )
        path = f"/api/v1/applications/{application['id']}"
        self.call("POST", f"{path}/review", "reviewer", {"outcome": "recommend_approval"})
        decided = self.call("POST", f"{path}/decision", "decider", {"decision": "approve"})
        return {"label_id": decided["label_id"], "application_id": application["id"]}


@pytest.fixture(scope="module")
def issuer(e2e_app: Flask) -> Issuer:
    """A Guangdong body with a reviewer and a decision maker, and a manufacturer."""
    tokens: dict[str, str] = {}
    with e2e_app.extensions["gba"].session_factory() as session:
        maker = organisations.create_organisation(session, "manufacturer", "Lotus Cells Ltd")
        body = organisations.create_organisation(
            session,
            "certification_body",
            "Guangdong Low-Carbon Certification",
            jurisdiction="CN-GD",
            accreditation="CNAS C123-P",
            did="did:web:example.test:bodies:gdlc",
            label_code="GDLC",
        )
        tokens["body"] = body.id
        for who, org, role in [
            ("maker", maker.id, "manufacturer"),
            ("reviewer", body.id, "reviewer"),
            ("decider", body.id, "decision_maker"),
        ]:
            _, tokens[who] = organisations.create_user(
                session, org, role, f"public-{who}@e2e.test", [], PASSWORD
            )
        session.commit()
    return Issuer(e2e_app.test_client(), tokens, Person("public-maker@e2e.test"))


@pytest.fixture(scope="module")
def issued(issuer: Issuer) -> dict[str, dict[str, str]]:
    """One label in each status: valid, suspended, revoked, and one to look at years later."""
    found = {status: issuer.issue() for status in ("valid", "suspended", "revoked", "expired")}
    for status, path in (("suspended", "suspension"), ("revoked", "revocation")):
        reason = {"reason": "factory audit pending"}
        issuer.call("POST", f"/api/v1/labels/{found[status]['label_id']}/{path}", "decider", reason)
    return found


@pytest.fixture()
def years_later(e2e_clock: MovableClock) -> Iterator[None]:
    """Move the served app's clock 3 years on for one test."""
    e2e_clock.advance(timedelta(days=3 * 365))
    yield
    e2e_clock.advance(-timedelta(days=3 * 365))


@pytest.mark.parametrize("status", ["valid", "suspended", "revoked", "expired"])
@pytest.mark.parametrize("accept", list(READERS))
def test_each_verdict_in_each_language(new_page, issued, request, status, accept):
    if status == "expired":
        request.getfixturevalue("years_later")
    language = READERS[accept]
    page = new_page(locale=accept)
    response = page.goto(f"/l/{issued[status]['label_id']}")
    assert response is not None and response.status == 200
    verdict = page.locator("section.verdict")
    expect(verdict).to_have_class(f"verdict verdict-{status}")
    expect(verdict.locator(".verdict-word")).to_have_text(WORDS[language][status])
    expect(verdict.locator("svg.icon")).to_be_visible()
    assert verdict.evaluate("e => getComputedStyle(e).color") == COLOURS[status]
    expect(page.locator("h1")).to_have_text(NAMES[language])
    assert page.locator("html").get_attribute("lang") == language
    if status in ("suspended", "revoked"):
        expect(verdict.locator(".verdict-reason")).to_contain_text("factory audit pending")
    else:
        expect(verdict.locator(".verdict-reason")).to_have_count(0)


def test_the_switcher_offers_four_languages(new_page, issued):
    page = new_page(locale="en-GB")
    page.goto(f"/l/{issued['valid']['label_id']}")
    expect(page.locator("nav.langs a")).to_have_count(4)
    page.click("nav.langs a[lang=pt]")
    expect(page.locator(".verdict-word")).to_have_text("Válido")
    expect(page.locator("h1")).to_have_text("Bateria portátil")
    page.goto(f"/l/{issued['revoked']['label_id']}?lang=zh_Hant")
    expect(page.locator(".verdict-word")).to_have_text("已撤銷")


def test_the_qr_codes_upper_case_url_works(new_page, issued):
    label_id = issued["valid"]["label_id"]
    page = new_page(locale="zh-HK")
    response = page.goto(f"/L/{label_id.upper()}")
    assert response is not None and response.status == 200
    expect(page.locator(".verdict-word")).to_have_text("有效")
    expect(page.locator(".verdict .code")).to_have_text(label_id)
    response = page.goto(f"/l/{label_id.lower()}")
    assert response is not None and response.status == 200


def test_the_links_lead_to_the_published_material(new_page, issued):
    label_id = issued["valid"]["label_id"]
    page = new_page()
    page.goto(f"/l/{label_id}")
    for name in ("Signed credential (JSON)", "PDF certificate", "Log checkpoint"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    page.click("text=Signed credential (JSON)")
    assert label_id in page.content()
    page.goto(f"/l/{label_id}")
    page.click("text=Revocation status list")
    assert page.content().count(".") >= 2  # a compact JWS, shown as text


@pytest.mark.parametrize(("accept", "title"), [("en-GB", "Unknown label"), ("pt-MO", "Rótulo")])
def test_an_unknown_label_is_a_404_page(new_page, accept, title):
    page = new_page(locale=accept)
    response = page.goto("/L/GBA-SZ-2026-999999-0")
    assert response is not None and response.status == 404
    expect(page.locator(".verdict")).to_have_class("verdict verdict-unknown")
    expect(page.locator(".verdict-word")).to_contain_text(title)
    assert "Traceback" not in page.content()


@pytest.mark.parametrize("accept", list(READERS))
def test_phone_screenshot_of_a_valid_label(new_page, issued, accept):
    page = new_page(viewport={"width": 390, "height": 844}, locale=accept, is_mobile=True)
    page.goto(f"/l/{issued['valid']['label_id']}")
    expect(page.locator(".verdict-word")).to_have_text(WORDS[READERS[accept]]["valid"])
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"
    size = page.locator(".verdict-word").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 20
    shot(page, f"phone-label-{READERS[accept]}")


def test_evidence_upload_and_download_through_the_page(new_page, issuer, tmp_path: Path):
    application_id = issuer.issue()["application_id"]
    page = new_page()
    sign_in(page, issuer.maker)
    page.goto(f"/applications/{application_id}")
    expect(page.locator("a.label-link")).to_be_visible()
    page.set_input_files(
        "form.evidence-upload input[name=file]",
        {"name": "audit.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )
    page.click("form.evidence-upload button[type=submit]")
    expect(page.locator(".flash.success")).to_contain_text("audit.pdf")
    row = page.locator("table.evidence tr", has_text="audit.pdf")
    expect(row.locator("td.hash")).to_have_text(hashlib.sha256(PDF).hexdigest())
    with page.expect_download() as download:
        row.locator("a").click()
    saved = tmp_path / "audit.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == PDF
    page.set_input_files(
        "form.evidence-upload input[name=file]",
        {"name": "fake.png", "mimeType": "image/png", "buffer": PDF},
    )
    page.click("form.evidence-upload button[type=submit]")
    expect(page.locator(".flash.error")).to_contain_text("fake.png")
    shot(page, "application-evidence")
    page.click("a.label-link")
    expect(page.locator(".verdict-word")).to_have_text("Valid")
