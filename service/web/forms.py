"""Reading the pages' HTML forms into the plain values the use cases take."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from werkzeug.datastructures import FileStorage, ImmutableMultiDict

from service.domain.decimals import parse_decimal
from service.domain.gtin import gtin_problem
from service.errors import ValidationFailed

Form = ImmutableMultiDict[str, str]
NAME_FIELDS = {"name_zh_hans": "zh-Hans", "name_zh_hant": "zh-Hant", "name_en": "en"}
MAX_NOTE = 4000


class _Reader:
    """Collects one message per bad field, so a form reports every problem at once."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.errors: dict[str, list[str]] = {}

    def text(self, name: str, max_length: int, required: bool = True) -> str:
        """Return a stripped field, noting it when missing, too long or holding NUL."""
        value = self.form.get(name, "").strip()
        if "\x00" in value:
            self.errors[f"/{name}"] = ["must not contain NUL characters"]
        elif required and not value:
            self.errors[f"/{name}"] = ["is required"]
        elif len(value) > max_length:
            self.errors[f"/{name}"] = [f"must be at most {max_length} characters"]
        return value

    def decimal(self, name: str, required: bool = True, positive: bool = False) -> Decimal | None:
        """Return a decimal field (None when optional and empty), noting bad numbers."""
        value = self.text(name, 60, required)
        if not value or f"/{name}" in self.errors:
            return None
        try:
            number = parse_decimal(value)
        except ValueError as error:
            self.errors[f"/{name}"] = [str(error)]
            return None
        if number < 0 or (positive and number == 0):
            self.errors[f"/{name}"] = ["must be > 0" if positive else "must be >= 0"]
        return number

    def done(self, message: str) -> None:
        """Raise ValidationFailed naming every bad field, if any."""
        if self.errors:
            raise ValidationFailed(message, self.errors)


def product(form: Form) -> dict[str, Any]:
    """Return the product to register, in the shape create_product takes."""
    reader = _Reader(form)
    data: dict[str, Any] = {"sku": reader.text("sku", 100)}
    gtin = reader.text("gtin", 14, required=False)
    if gtin:
        problem = gtin_problem(gtin)
        if problem:
            reader.errors["/gtin"] = [problem]
        data["gtin"] = gtin
    names = {lang: reader.text(field, 300, False) for field, lang in NAME_FIELDS.items()}
    data["names"] = {lang: name for lang, name in names.items() if name}
    if not data["names"]:
        reader.errors["/names"] = ["give the product name in at least one language"]
    amount = reader.decimal("declared_amount", positive=True)
    data["declared_unit"] = {"amount": amount, "unit": reader.text("declared_unit", 16)}
    mass = reader.decimal("mass_kg", required=False)
    if mass is not None:
        data["mass_kg"] = mass
    pcr = reader.text("pcr", 200, required=False)
    if pcr:
        data["pcr"] = pcr
    reader.done("the product is invalid")
    return data


def bom_header(form: Form) -> dict[str, Any]:
    """Return the BOM header fields (boundary, period, site); the BOM schema checks them."""
    reader = _Reader(form)
    header = {
        "system_boundary": reader.text("system_boundary", 40),
        "reference_period": {
            "start": reader.text("period_start", 10),
            "end": reader.text("period_end", 10),
        },
        "site": {"name": reader.text("site_name", 200), "region": reader.text("site_region", 16)},
    }
    reader.done("the BOM header is invalid")
    return header


def upload(files: ImmutableMultiDict[str, FileStorage]) -> tuple[str, bytes]:
    """Return the name and bytes of the uploaded BOM file."""
    file = files.get("file")
    if file is None or not file.filename:
        raise ValidationFailed("choose a file", {"/file": ["choose a CSV or XLSX file"]})
    return file.filename, file.read()


def application(form: Form) -> tuple[str, dict[str, Decimal] | None]:
    """Return the chosen certification body and the metered energy, if both figures are given."""
    reader = _Reader(form)
    body = reader.text("certification_body", 40)
    energy = reader.decimal("annual_site_energy_kwh", required=False)
    units = reader.decimal("annual_production_units", required=False, positive=True)
    metered = None
    if (energy is None) != (units is None):
        reader.errors.setdefault("/metered_energy", ["give both figures or neither"])
    elif energy is not None and units is not None:
        metered = {"annual_site_energy_kwh": energy, "annual_production_units": units}
    reader.done("the application is invalid")
    return body, metered


def choice(form: Form, name: str, allowed: tuple[str, ...]) -> str:
    """Return a field that must be one of allowed."""
    value = form.get(name, "")
    if value not in allowed:
        raise ValidationFailed(f"choose a {name}", {f"/{name}": [f"must be one of {allowed}"]})
    return value


def note(form: Form, name: str = "note", required: bool = False) -> str:
    """Return a free-text note of at most 4,000 characters."""
    reader = _Reader(form)
    value = reader.text(name, MAX_NOTE, required)
    reader.done("the text is invalid")
    return value


def line_ref(form: Form) -> str | None:
    """Return the BOM line a comment is about, or None for the whole application."""
    value = form.get("line_ref", "").strip()
    return value or None


def bom_id(form: Form) -> str:
    """Return the BOM version chosen for a revision."""
    reader = _Reader(form)
    value = reader.text("bom_id", 40)
    reader.done("choose a BOM version")
    return value


def synergy_pair(form: Form) -> tuple[str, str]:
    """Return the baseline and alternative BOM versions chosen for a comparison."""
    reader = _Reader(form)
    baseline, alternative = reader.text("baseline", 40), reader.text("alternative", 40)
    if baseline and baseline == alternative:
        reader.errors["/alternative"] = ["choose another version than the baseline"]
    reader.done("choose two BOM versions")
    return baseline, alternative
