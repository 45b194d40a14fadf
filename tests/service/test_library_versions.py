"""Library versions: loading, registering, choosing, and recomputing old calculations."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest
from sqlalchemy import select

from service.errors import NotFound
from service.persistence.jobs import LibraryVersion
from service.services.library import versions as library_versions
from tests.service.helpers import activity_line, bom_doc
from tests.service.library_versions_data import RELEASE, raised_grid_library


def _invoke(app, *args):
    """Run a CLI verb as `flask` does: inside its own app context."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=["lca", *args])


def _cli(app, *args):
    result = _invoke(app, "library", *args)
    assert result.exit_code == 0, result.output
    return result.output


def _calculate(client, headers, product_id, amount="2"):
    bom = client.post(
        f"/api/v1/products/{product_id}/boms",
        headers=headers,
        json=bom_doc(activity_line(amount=amount)),
    )
    assert bom.status_code == 201, bom.json
    calc = client.post(f"/api/v1/boms/{bom.json['id']}/calculations", headers=headers)
    assert calc.status_code == 201, calc.json
    return calc.json


def test_bootstrap_records_the_shipped_library_as_current(app, session):
    result = _invoke(app, "bootstrap")
    assert result.exit_code == 0, result.output
    # The result alone on stdout (Brightway's narration goes to the log, on stderr).
    prefixes = ("brightway project: ", "library: ", "method: ", "score table: ", "library ver")
    lines = result.stdout.splitlines()
    assert len(lines) == len(prefixes)
    assert all(line.startswith(p) for line, p in zip(lines, prefixes, strict=True)), lines
    feedback = logging.getLogger("brightway-stdout-feedback")
    assert feedback.handlers == [] and feedback.propagate
    shipped = app.extensions["gba"].runtime.library.version
    row = session.get(LibraryVersion, shipped)
    assert row is not None and row.is_current and row.kind == "open"
    assert row.datasets == len(app.extensions["gba"].runtime.library.datasets)
    # Idempotent: a second bootstrap records nothing new.
    assert _invoke(app, "bootstrap").exit_code == 0
    session.expire_all()
    assert len(session.scalars(select(LibraryVersion)).all()) == 1


def test_load_a_version_make_it_current_and_go_back(app, session, client, headers, product_id):
    shipped = app.extensions["gba"].runtime.library.version
    _invoke(app, "bootstrap")
    output = _cli(app, "load", str(raised_grid_library()), "--version", RELEASE, "--current")
    new = session.scalars(select(LibraryVersion).where(LibraryVersion.is_current)).one()
    assert new.version.startswith(RELEASE + "+") and new.version in output
    assert f"version name: {new.version} (the release and the hash of its data files" in output
    # The release's bare name is not a version: the refusal is one line naming the versions.
    refused = _invoke(app, "library", "use", RELEASE)
    assert refused.exit_code == 1 and refused.exception is not None
    (line,) = refused.output.splitlines()
    assert line.startswith(f"Error: no library version {RELEASE}; the versions are named")
    assert new.version in line and shipped in line
    assert new.kind == "open" and new.datasets > 100 and "CC" in (new.licence_note or "")
    listed = _cli(app, "list")
    assert f"* {new.version}" in listed and f"  {shipped}" in listed

    calculated = _calculate(client, headers, product_id)
    assert calculated["fingerprint"]["library"] == new.version
    assert Decimal(calculated["total_kg_co2e"]) == Decimal("1.4892")  # 2 kWh x 0.7446

    _cli(app, "use", shipped)
    again = _calculate(client, headers, product_id)
    assert again["fingerprint"]["library"] == shipped
    assert Decimal(again["total_kg_co2e"]) == Decimal("1.241")  # 2 kWh x 0.6205


def test_an_old_calculation_recomputes_exactly_after_a_new_version(
    app, session, client, headers, product_id, manufacturer
):
    runtime = app.extensions["gba"].runtime
    old = _calculate(client, headers, product_id)
    assert old["fingerprint"]["library"] == runtime.library.version
    library_versions.record_shipped(session, runtime)
    library_versions.load_open(session, runtime, raised_grid_library(), RELEASE, True)
    newer = _calculate(client, headers, product_id)
    assert newer["fingerprint"]["library"] != old["fingerprint"]["library"]

    from service.services.accounts.auth import caller_by_id

    caller = caller_by_id(session, manufacturer["user_id"])
    again = library_versions.recompute(session, caller, runtime, old["id"])
    assert again["identical"] is True
    assert again["library_version"] == old["fingerprint"]["library"]
    assert again["total_kg_co2e"] == old["total_kg_co2e"] == "1.241"
    assert again["matrices_sha256"] == old["fingerprint"]["matrices_sha256"]


def test_register_a_brightway_database_with_its_licence_note(app, session, tiny_project):
    output = _cli(
        app, "register", "--database", tiny_project.library_version, "--licence-note", "ours"
    )
    row = session.get(LibraryVersion, tiny_project.library_version)
    assert row is not None and row.kind == "brightway" and row.datasets == tiny_project.datasets
    assert row.licence_note == "ours" and "licence: ours" in output
    assert row.is_current  # the first version recorded becomes current
    runtime = app.extensions["gba"].runtime
    assert runtime.engine.table(row.version).dataset(runtime.engine.table(row.version).codes[0])


def test_unknown_versions_and_databases_are_refused(app, session):
    runtime = app.extensions["gba"].runtime
    with pytest.raises(NotFound):
        library_versions.register_brightway(session, runtime, "no-such-db", None, False)
    with pytest.raises(NotFound):
        library_versions.use_version(session, "no-such-version")
    result = _invoke(app, "library", "use", "nope")
    assert result.exit_code != 0


def test_library_versions_api_lists_them(app, session, client, headers):
    library_versions.record_shipped(session, app.extensions["gba"].runtime)
    listed = client.get("/api/v1/library-versions", headers=headers)
    assert listed.status_code == 200, listed.json
    assert [item["is_current"] for item in listed.json["items"]] == [True]


def test_a_new_shipped_release_becomes_current_and_old_results_recompute(
    app, session, client, headers, product_id, manufacturer
):
    """The corrected library (2026.12) replaces an older shipped release on bootstrap."""
    from lca_models.library.catalogue import DATA_DIR

    runtime = app.extensions["gba"].runtime
    # An older shipped release, as a deployment of the previous version would have recorded it.
    old = library_versions.load_open(session, runtime, DATA_DIR, "gba-open-2026.11", True)
    old.source = library_versions.SHIPPED_SOURCE
    session.commit()
    before = _calculate(client, headers, product_id)
    assert before["fingerprint"]["library"] == old.version

    shipped = library_versions.record_shipped(session, runtime)
    assert shipped.is_current and shipped.version == runtime.library.version
    after = _calculate(client, headers, product_id)
    assert after["fingerprint"]["library"] == runtime.library.version
    assert "pollutant_coverage" in after and "warnings" in after

    from service.services.accounts.auth import caller_by_id

    caller = caller_by_id(session, manufacturer["user_id"])
    again = library_versions.recompute(session, caller, runtime, before["id"])
    assert again["identical"] is True and again["library_version"] == old.version

    # The operator may go back; a later bootstrap does not override that choice.
    library_versions.use_version(session, old.version)
    library_versions.record_shipped(session, runtime)
    session.expire_all()
    assert session.get(LibraryVersion, old.version).is_current
