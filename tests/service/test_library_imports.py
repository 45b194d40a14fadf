"""Importing unit-process databases as library versions, searching and mixing them in BOMs."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from lca_models.project import use_directory
from service.persistence.jobs import LibraryVersion
from service.persistence.models import Calculation
from tests.lca_models.imports import jsonld_fixture as fx
from tests.service.helpers import activity_line, bom_doc

OPEN_KWH = Decimal("0.6205")  # the shipped open library's CN electricity, kg CO2e/kWh


def _library(app: Flask, *args: str) -> Any:
    with app.app_context():
        return app.test_cli_runner().invoke(args=["lca", "library", *args])


def _import(app: Flask, tmp_path: Path, *extra: str) -> str:
    version = f"jl-{uuid.uuid4().hex[:10]}"
    result = _library(
        app,
        "import",
        str(fx.write(tmp_path / version)),
        "--format",
        "openlca-jsonld",
        "--version",
        version,
        *extra,
    )
    assert result.exit_code == 0, result.output
    return version


def test_import_prints_and_stores_its_report(
    app: Flask, session: Session, tmp_path: Path, client: FlaskClient, make_user: Any
) -> None:
    version = _import(app, tmp_path, "--licence-note", "fixture data")
    row = session.get(LibraryVersion, version)
    assert row is not None and row.kind == "imported" and not row.is_current
    assert row.datasets == 2 and row.licence_note == "fixture data" and not row.restricted
    assert row.import_report is not None and row.import_report["cutoffs_count"] == 1
    folder = app.extensions["gba"].settings.instance_dir / "import_reports" / version
    assert "inputs cut off: 1" in (folder / "report.txt").read_text(encoding="utf-8")
    assert "Iron ore, at mine" in (folder / "cutoffs.csv").read_text(encoding="utf-8")

    url = f"/api/v1/library-versions/{version}/import-report"
    for who in (make_user("operator", "admin"), make_user("certification_body", "reviewer")):
        report = client.get(url, headers=who["headers"])
        assert report.status_code == 200 and report.json["silently_linked"] == 0
        assert report.json["coproducts"][0]["flow"] == "Slag, at plant"
        cutoffs = client.get(f"{url}/cutoffs.csv", headers=who["headers"])
        assert cutoffs.status_code == 200 and "Iron ore, at mine" in cutoffs.text
    assert client.get(url, headers=make_user()["headers"]).status_code == 403


@pytest.mark.parametrize(
    ("files", "problem"),
    [("no-processes", "holds no processes"), ("singular", "singular")],
)
def test_a_failed_import_exits_nonzero_and_registers_nothing(
    app: Flask, session: Session, tmp_path: Path, brightway_dir: Path, files: str, problem: str
) -> None:
    version = f"jl-bad-{uuid.uuid4().hex[:8]}"
    path = fx.write(
        tmp_path / "x", with_processes=files != "no-processes", singular=files == "singular"
    )
    result = _library(app, "import", str(path), "--format", "openlca-jsonld", "--version", version)
    assert result.exit_code != 0
    assert str(path) in result.output and problem in result.output
    assert session.get(LibraryVersion, version) is None
    assert version not in use_directory(brightway_dir).databases


def _bom(client: FlaskClient, headers: dict[str, str], product_id: str, *lines: Any) -> Any:
    return client.post(f"/api/v1/products/{product_id}/boms", headers=headers, json=bom_doc(*lines))


def test_a_bom_mixes_libraries_with_unit_conversions(
    app: Flask, tmp_path: Path, client: FlaskClient, headers: dict[str, str], product_id: str
) -> None:
    version = _import(app, tmp_path)
    found = client.get(
        "/api/v1/library/activities",
        headers=headers,
        query_string={"q": "steel, at plant", "library": "all"},
    ).json
    steel = next(item for item in found["items"] if item["library"] == version)
    assert steel["code"] == f"{version}:{fx.STEEL}" and steel["unit"] == "kg"
    assert steel["source"] == f"{version}: Steel, at plant (openLCA JSON-LD)"
    assert steel["year"] == 2010 and steel["licence"].startswith("as stated in the notice")
    only = client.get(
        "/api/v1/library/activities", headers=headers, query_string={"library": version}
    ).json
    assert {item["library"] for item in only["items"]} == {version} and only["total"] == 2

    bom = _bom(
        client,
        headers,
        product_id,
        activity_line(),  # 2 kWh of the open library's CN electricity
        activity_line("steel", steel["code"], "0.002", "t", "raw_materials"),
        activity_line("grid", f"{version}:{fx.ELECTRICITY}", "1", "kWh"),  # process in MJ
    )
    assert bom.status_code == 201, bom.json
    calc = client.post(f"/api/v1/boms/{bom.json['id']}/calculations", headers=headers)
    assert calc.status_code == 201, calc.json
    expected = (
        2 * OPEN_KWH + Decimal(2 * fx.STEEL_KG_CO2E) + Decimal(3.6 * fx.ELECTRICITY_KG_CO2E_PER_MJ)
    )
    assert Decimal(calc.json["total_kg_co2e"]) == pytest.approx(expected, rel=Decimal("1e-4"))
    by_ref = {line["ref"]: line for line in calc.json["by_line"]}
    assert by_ref["steel"]["unit_conversion"] == {"to_unit": "kg", "factor": "1000"}
    assert by_ref["grid"]["unit_conversion"] == {"to_unit": "MJ", "factor": "3.6"}
    assert "unit_conversion" not in by_ref["power"]  # kWh line on a kWh dataset
    versions = [entry["version"] for entry in calc.json["fingerprint"]["libraries"]]
    assert versions == [calc.json["fingerprint"]["library"], version]

    url = f"/api/v1/calculations/{calc.json['id']}/contributions"
    steel_up = client.get(url, headers=headers, query_string={"line": "steel"})
    assert steel_up.status_code == 200, steel_up.json
    body = steel_up.json
    assert (body["library"], body["unit"], body["amount"]) == (version, "kg", "2")
    assert Decimal(body["kg_co2e"]) == pytest.approx(Decimal(by_ref["steel"]["kg_co2e"]))
    names = [p["name"] for p in body["processes"]]
    assert names == ["Steel, at plant", "Electricity, at grid"]
    # Steel itself: 1 kg CO2 + 0.001 kg CH4 per kg, for 2 kg x its own supply 1/0.98.
    assert Decimal(body["processes"][0]["kg_co2e"]) == pytest.approx(
        Decimal(2 * 1.0298 / 0.98),
        rel=Decimal("1e-5"),  # six significant digits
    )
    flows = {f["name"]: f for f in body["elementary_flows"]}
    assert set(flows) == {"Carbon dioxide, fossil", "Methane, fossil"}
    assert sum(Decimal(p["share"]) for p in body["processes"]) == pytest.approx(Decimal(1))
    missing = client.get(url, headers=headers, query_string={"line": "nope"})
    assert missing.status_code == 404
    assert client.get(url, headers=headers).status_code == 422


def test_an_incompatible_unit_is_a_422_naming_the_lines_unit(
    app: Flask, tmp_path: Path, client: FlaskClient, headers: dict[str, str], product_id: str
) -> None:
    version = _import(app, tmp_path)
    bom = _bom(
        client,
        headers,
        product_id,
        activity_line("steel", f"{version}:{fx.STEEL}", "1", "m3", "raw_materials"),
    )
    assert bom.status_code == 422
    assert any("m3" in message for message in bom.json["errors"]["/lines/0/unit"])


def test_a_restricted_version_is_only_for_granted_organisations(
    app: Flask,
    tmp_path: Path,
    client: FlaskClient,
    headers: dict[str, str],
    product_id: str,
    manufacturer: dict[str, Any],
    session: Session,
) -> None:
    version = _import(app, tmp_path, "--restricted", "--licence-note", "licensed")
    search = {"q": "steel", "library": version}
    assert (
        client.get("/api/v1/library/activities", headers=headers, query_string=search).status_code
        == 404
    )
    everything = client.get(
        "/api/v1/library/activities", headers=headers, query_string={"library": "all"}
    ).json
    assert version not in {item["library"] for item in everything["items"]}
    line = activity_line("steel", f"{version}:{fx.STEEL}", "1", "kg", "raw_materials")
    assert _bom(client, headers, product_id, line).status_code == 422

    result = _library(app, "grant", version, "--org", manufacturer["org_id"])
    assert result.exit_code == 0, result.output
    found = client.get("/api/v1/library/activities", headers=headers, query_string=search)
    assert found.status_code == 200 and found.json["total"] == 1
    bom = _bom(client, headers, product_id, line)
    assert bom.status_code == 201
    calc = client.post(f"/api/v1/boms/{bom.json['id']}/calculations", headers=headers)
    assert calc.status_code == 201, calc.json
    # A label on it will state totals and database names only (labels/subject.py).
    stored = session.get(Calculation, calc.json["id"])
    assert stored is not None and stored.result["restricted_libraries"] == [version]


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "Upstream contributions of the largest lines"),
        ("zh_Hans", "最大几行的上游贡献"),
        ("zh_Hant", "最大幾行的上游貢獻"),
    ],
)
def test_the_result_page_shows_upstream_contributions_of_the_largest_lines(
    app: Flask,
    tmp_path: Path,
    client: FlaskClient,
    headers: dict[str, str],
    product_id: str,
    manufacturer: dict[str, Any],
    lang: str,
    heading: str,
) -> None:
    version = _import(app, tmp_path)
    bom = _bom(
        client,
        headers,
        product_id,
        activity_line("steel", f"{version}:{fx.STEEL}", "3", "kg", "raw_materials"),
    )
    calc = client.post(f"/api/v1/boms/{bom.json['id']}/calculations", headers=headers)
    with client.session_transaction() as cookie:
        cookie["user_id"] = manufacturer["user_id"]
        cookie["email"] = "maker@x.test"
        cookie["role"] = "manufacturer"
    page = client.get(f"/calculations/{calc.json['id']}?lang={lang}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and heading in text
    assert "Steel, at plant" in text and "Carbon dioxide, fossil" in text


def test_a_label_on_restricted_data_states_totals_and_database_names_only(
    app: Flask,
    tmp_path: Path,
    client: FlaskClient,
    headers: dict[str, str],
    product_id: str,
    manufacturer: dict[str, Any],
    make_user: Any,
) -> None:
    from certificates.jws import decode
    from tests.service.label_helpers import approve, certifiers

    version = _import(app, tmp_path, "--restricted", "--licence-note", "licensed")
    assert _library(app, "grant", version, "--org", manufacturer["org_id"]).exit_code == 0
    bom = _bom(
        client,
        headers,
        product_id,
        activity_line(),
        activity_line("steel", f"{version}:{fx.STEEL}", "1", "kg", "raw_materials"),
    )
    assert (
        client.post(f"/api/v1/boms/{bom.json['id']}/calculations", headers=headers).status_code
        == 201
    )
    body = certifiers(make_user)
    applied = client.post(
        f"/api/v1/boms/{bom.json['id']}/applications",
        headers=headers,
        json={"certification_body": body["body"]},
    )
    assert applied.status_code == 201, applied.json
    reviewed = client.post(
        f"/api/v1/applications/{applied.json['id']}/review",
        headers=body["reviewer"]["headers"],
        json={"outcome": "recommend_approval", "note": "ok"},
    )
    assert reviewed.status_code == 200, reviewed.json
    sheet = client.get(
        f"/api/v1/applications/{applied.json['id']}", headers=body["reviewer"]["headers"]
    ).json
    steel = next(line for line in sheet["lines"] if line["ref"] == "steel")
    assert steel["dataset"]["name"] == "Steel, at plant"  # the certifier sees what was used
    decided = approve(client, body, applied.json["id"])
    assert decided.status_code == 200, decided.json
    label = client.get(f"/api/v1/labels/{decided.json['label_id']}").json
    subject = decode(label["credential"]).payload["credentialSubject"]
    assert "contributions" not in subject
    assert subject["library"].endswith(f" + {version}")
    assert subject["pcfExcludingBiogenicUptake"]


def test_rescoring_keeps_lines_of_other_versions_on_them(
    app: Flask, tmp_path: Path, client: FlaskClient, headers: dict[str, str], product_id: str
) -> None:
    version = _import(app, tmp_path)
    bom = _bom(
        client,
        headers,
        product_id,
        activity_line(),
        activity_line("steel", f"{version}:{fx.STEEL}", "1", "kg", "raw_materials"),
    )
    assert (
        client.post(f"/api/v1/boms/{bom.json['id']}/calculations", headers=headers).status_code
        == 201
    )
    shipped = app.extensions["gba"].runtime.library.version
    with app.app_context():
        app.test_cli_runner().invoke(args=["lca", "bootstrap"])
    result = _library(app, "rescore", shipped)
    assert result.exit_code == 0, result.output
    assert "'errors': 0" in result.output and "'boms': 1" in result.output
