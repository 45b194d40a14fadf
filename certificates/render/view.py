"""What the renderings show of a label, read from its VC 2.0 credential payload."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from certificates.render.errors import CredentialShapeError

# Verdicts a verifier reaches for a label (LABELS.md, "QR code and pages").
STATUSES: tuple[str, ...] = ("valid", "suspended", "revoked", "expired", "unknown")
# Languages every label is stated in (DOMAIN.md, "What a label states").
LANGUAGES: tuple[str, ...] = ("zh-Hans", "zh-Hant", "en", "pt")
# Co-emitted air pollutants, in the order DOMAIN.md lists them.
POLLUTANTS: tuple[str, ...] = ("nox", "so2", "pm25", "nmvoc")


@dataclass(frozen=True)
class Contribution:
    """One line of the contribution analysis: a BOM reference, its stage, its kg CO2e and share."""

    ref: str
    stage: str
    kg_co2e: Decimal
    share: Decimal


@dataclass(frozen=True)
class ChangeSincePrevious:
    """How the footprint and each pollutant moved since the product's previous label."""

    previous_label_id: str
    co2e_reduction: Decimal | None
    # (pollutant, reduction or None, classification or None), in POLLUTANTS order
    pollutants: tuple[tuple[str, Decimal | None, str | None], ...]


@dataclass(frozen=True)
class LabelView:
    """Everything a QR code, label artwork or certificate shows of one signed label."""

    label_id: str
    verification_url: str
    status: str
    issuer_id: str
    issuer_name: str
    valid_from: datetime
    valid_until: datetime
    product_names: dict[str, str]
    gtin: str | None
    sku: str | None
    manufacturer_name: str
    site_name: str | None
    site_region: str | None
    declared_amount: Decimal
    declared_unit: str
    pcf_excluding_biogenic_uptake: Decimal
    pcf_including_biogenic_uptake: Decimal
    fossil: Decimal
    biogenic: Decimal
    land_use_change: Decimal
    biogenic_uptake: Decimal
    unit_of_measurement: str
    characterization: str
    system_boundary: str
    standards: tuple[str, ...]
    pcr: str | None
    reference_start: date
    reference_end: date
    library: str
    method: str
    primary_data_share: Decimal
    data_quality_rating: Decimal
    air_pollutants: dict[str, Decimal]
    # Share (0..1) of the footprint from lines whose data report each pollutant; None in
    # credentials issued before pollutant coverage was recorded.
    air_pollutant_coverage: dict[str, Decimal] | None
    contributions: tuple[Contribution, ...]
    body_name: str
    body_accreditation: str
    body_jurisdiction: str | None
    fingerprint: dict[str, str]
    change_since_previous: ChangeSincePrevious | None = None

    @classmethod
    def from_credential(
        cls, payload: dict[str, Any], status: str, verification_url: str
    ) -> LabelView:
        """Read the fields the renderings need from a credential payload; fail naming the field."""
        if status not in STATUSES:
            raise CredentialShapeError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        subject = _obj(payload, "credentialSubject")
        product = _obj(subject, "product", "credentialSubject")
        where = "credentialSubject.product"
        names = _product_names(product, where)
        site = product.get("site") or {}
        unit = _obj(subject, "declaredUnit", "credentialSubject")
        period = _obj(subject, "referencePeriod", "credentialSubject")
        body = _obj(subject, "certificationBody", "credentialSubject")
        pollutants = _obj(subject, "airPollutants", "credentialSubject")
        dec = _decimal_reader(subject, "credentialSubject")
        return cls(
            label_id=_str(subject, "labelId", "credentialSubject"),
            verification_url=verification_url,
            status=status,
            issuer_id=_str(_obj(payload, "issuer"), "id", "issuer"),
            issuer_name=_str(_obj(payload, "issuer"), "name", "issuer"),
            valid_from=_datetime(payload, "validFrom"),
            valid_until=_datetime(payload, "validUntil"),
            product_names=names,
            gtin=_opt_str(product, "gtin", where),
            sku=_opt_str(product, "sku", where),
            manufacturer_name=_str(_obj(product, "manufacturer", where), "name", where),
            site_name=_opt_str(site, "name", f"{where}.site"),
            site_region=_opt_str(site, "region", f"{where}.site"),
            declared_amount=_decimal_reader(unit, "credentialSubject.declaredUnit")("amount"),
            declared_unit=_str(unit, "unit", "credentialSubject.declaredUnit"),
            pcf_excluding_biogenic_uptake=dec("pcfExcludingBiogenicUptake"),
            pcf_including_biogenic_uptake=dec("pcfIncludingBiogenicUptake"),
            fossil=dec("fossilGhgEmissions"),
            biogenic=dec("biogenicEmissions"),
            land_use_change=dec("landUseChangeGhgEmissions"),
            biogenic_uptake=dec("biogenicUptake"),
            unit_of_measurement=_str(subject, "unitOfMeasurement", "credentialSubject"),
            characterization=_str(subject, "characterization", "credentialSubject"),
            system_boundary=_str(subject, "systemBoundary", "credentialSubject"),
            standards=tuple(_str_list(subject, "standards", "credentialSubject")),
            pcr=_opt_str(subject, "pcr", "credentialSubject"),
            reference_start=_date(period, "start", "credentialSubject.referencePeriod"),
            reference_end=_date(period, "end", "credentialSubject.referencePeriod"),
            library=_str(subject, "library", "credentialSubject"),
            method=_str(subject, "method", "credentialSubject"),
            primary_data_share=dec("primaryDataShare"),
            data_quality_rating=dec("dataQualityRating"),
            air_pollutants={
                key: _decimal_reader(pollutants, "credentialSubject.airPollutants")(key)
                for key in POLLUTANTS
            },
            air_pollutant_coverage=_coverage(subject),
            contributions=tuple(_contributions(subject)),
            body_name=_str(body, "name", "credentialSubject.certificationBody"),
            body_accreditation=_str(body, "accreditation", "credentialSubject.certificationBody"),
            body_jurisdiction=_opt_str(body, "jurisdiction", "credentialSubject.certificationBody"),
            fingerprint={
                str(k): str(v) for k, v in (subject.get("calculationFingerprint") or {}).items()
            },
            change_since_previous=_change(subject),
        )


def _coverage(subject: dict[str, Any]) -> dict[str, Decimal] | None:
    """Read the pollutant coverage shares, if the credential states them."""
    if "airPollutantCoverage" not in subject:
        return None
    where = "credentialSubject.airPollutantCoverage"
    read = _decimal_reader(_obj(subject, "airPollutantCoverage", "credentialSubject"), where)
    return {key: read(key) for key in POLLUTANTS}


def _optional_decimal(data: dict[str, Any], key: str, where: str) -> Decimal | None:
    return None if data.get(key) is None else _decimal_reader(data, where)(key)


def _change(subject: dict[str, Any]) -> ChangeSincePrevious | None:
    """Read the change since the previous label; older labels state none."""
    where = "credentialSubject.changeSincePreviousLabel"
    if subject.get("changeSincePreviousLabel") is None:
        return None
    change = _obj(subject, "changeSincePreviousLabel", "credentialSubject")
    moved = change.get("pollutantChanges", {})
    if not isinstance(moved, dict):
        raise CredentialShapeError(f"{where}.pollutantChanges must be an object")
    pollutants = []
    for key in POLLUTANTS:
        item = moved.get(key) or {}
        if not isinstance(item, dict):
            raise CredentialShapeError(f"{where}.pollutantChanges.{key} must be an object")
        classification = item.get("classification")
        pollutants.append(
            (
                key,
                _optional_decimal(item, "reduction", f"{where}.pollutantChanges.{key}"),
                classification if isinstance(classification, str) else None,
            )
        )
    return ChangeSincePrevious(
        previous_label_id=_str(change, "previousLabelId", where),
        co2e_reduction=_optional_decimal(change, "co2eReduction", where),
        pollutants=tuple(pollutants),
    )


def _contributions(subject: dict[str, Any]) -> list[Contribution]:
    """Read the contribution list; an absent list means an empty chart."""
    items = subject.get("contributions") or []
    if not isinstance(items, list):
        raise CredentialShapeError("credentialSubject.contributions must be a list")
    result = []
    for i, item in enumerate(items):
        where = f"credentialSubject.contributions[{i}]"
        if not isinstance(item, dict):
            raise CredentialShapeError(f"{where} must be an object")
        dec = _decimal_reader(item, where)
        result.append(
            Contribution(
                ref=_str(item, "ref", where),
                stage=_str(item, "stage", where),
                kg_co2e=dec("kgCo2e"),
                share=dec("share"),
            )
        )
    return result


def _obj(data: dict[str, Any], key: str, where: str = "") -> dict[str, Any]:
    """Return the object under key, or fail naming its path."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise CredentialShapeError(f"{_path(where, key)} must be an object")
    return value


def _str(data: dict[str, Any], key: str, where: str) -> str:
    """Return the non-empty string under key, or fail naming its path."""
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise CredentialShapeError(f"{_path(where, key)} must be a non-empty string")
    return value


def _opt_str(data: dict[str, Any], key: str, where: str) -> str | None:
    """Return the string under key, None when absent or null."""
    if data.get(key) is None:
        return None
    return _str(data, key, where)


def _str_list(data: dict[str, Any], key: str, where: str) -> list[str]:
    """Return the list of strings under key, or fail naming its path."""
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CredentialShapeError(f"{_path(where, key)} must be a list of strings")
    return value


def _decimal_reader(data: dict[str, Any], where: str) -> Callable[[str], Decimal]:
    """Return a function reading decimal strings (LABELS.md: no floats in signed payloads)."""

    def read(key: str) -> Decimal:
        value = data.get(key)
        if not isinstance(value, str):
            raise CredentialShapeError(f"{_path(where, key)} must be a decimal string")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise CredentialShapeError(f"{_path(where, key)} is not a decimal: {value!r}") from None
        if not number.is_finite():
            raise CredentialShapeError(f"{_path(where, key)} is not finite: {value!r}")
        return number

    return read


def _datetime(data: dict[str, Any], key: str) -> datetime:
    """Return the timezone-aware timestamp under key."""
    text = _str(data, key, "")
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CredentialShapeError(f"{key} is not an ISO 8601 timestamp: {text!r}") from None
    if value.tzinfo is None:
        raise CredentialShapeError(f"{key} must carry a time zone: {text!r}")
    return value


def _date(data: dict[str, Any], key: str, where: str) -> date:
    """Return the calendar date under key."""
    text = _str(data, key, where)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CredentialShapeError(f"{_path(where, key)} is not a date: {text!r}") from None


def _path(where: str, key: str) -> str:
    """Join a JSON path for error messages."""
    return f"{where}.{key}" if where else key


# When a product has no name in a language, show it in the first language it has, in this
# order (English is the GBA's common second language on labels).
_NAME_FALLBACK = ("en", "zh-Hans", "zh-Hant", "pt")


def _product_names(product: dict[str, Any], where: str) -> dict[str, str]:
    """Return the product's name in every label language, falling back where one is missing."""
    given = product.get("productName")
    if not isinstance(given, dict) or not any(isinstance(v, str) and v for v in given.values()):
        raise CredentialShapeError(f"{where}.productName needs a name in at least one language")
    fallback = next(given[lang] for lang in (*_NAME_FALLBACK, *given) if given.get(lang))
    return {lang: given.get(lang) or fallback for lang in LANGUAGES}
