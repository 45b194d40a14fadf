"""The BOM editor's form: rows to a BOM document, a document to rows, errors to rows and fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext, lazy_gettext
from werkzeug.datastructures import ImmutableMultiDict

from service.errors import ValidationFailed

Form = ImmutableMultiDict[str, str]
ROW_FIELDS = (
    "ref",
    "stage",
    "kind",
    "activity",
    "substance",
    "component",
    "amount",
    "unit",
    "data",
)
KINDS = {
    "activity": lazy_gettext("Library dataset"),
    "emissions": lazy_gettext("Direct emissions"),
    "component": lazy_gettext("Sub-assembly"),
}
FIELD_NAMES = {
    "ref": lazy_gettext("ref"),
    "stage": lazy_gettext("stage"),
    "kind": lazy_gettext("what it is"),
    "activity": lazy_gettext("dataset"),
    "substance": lazy_gettext("substance"),
    "component": lazy_gettext("sub-assembly"),
    "amount": lazy_gettext("amount"),
    "unit": lazy_gettext("unit"),
    "data": lazy_gettext("data kind"),
}
HEADER_FIELDS = {
    "/system_boundary": "system_boundary",
    "/reference_period/start": "period_start",
    "/reference_period/end": "period_end",
    "/reference_period": "period_end",
    "/site/name": "site_name",
    "/site/region": "site_region",
    "/site": "site_name",
}
MAX_ROWS = 5000
MAX_TEXT = 200
_LINE = re.compile(r"^/lines/(\d+)(?:/(.*))?$")


@dataclass
class Editor:
    """What the form shows: header values, rows, and the errors by header field and by row."""

    header: dict[str, str]
    rows: list[dict[str, str]]
    header_errors: dict[str, list[str]] = field(default_factory=dict)
    row_errors: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)


def empty_row() -> dict[str, str]:
    """Return a blank line of the form."""
    return {name: "" for name in ROW_FIELDS} | {
        "stage": "production",
        "kind": "activity",
        "data": "secondary",
    }


def from_document(document: dict[str, Any], blank_rows: int) -> Editor:
    """Return the form filled with a BOM document (copy and edit), plus some blank rows."""
    period = document.get("reference_period", {})
    site = document.get("site", {})
    header = {
        "system_boundary": document.get("system_boundary", "cradle-to-gate"),
        "period_start": period.get("start", ""),
        "period_end": period.get("end", ""),
        "site_name": site.get("name", ""),
        "site_region": site.get("region", ""),
    }
    rows = []
    for line in document.get("lines", []):
        base = empty_row() | {"ref": line["ref"], "stage": line["stage"], "data": line["data"]}
        if "emissions" in line:
            for emission in line["emissions"]:
                rows.append(
                    base
                    | {
                        "kind": "emissions",
                        "substance": emission["substance"],
                        "amount": emission["amount"],
                        "unit": emission["unit"],
                    }
                )
            continue
        base |= {"amount": line.get("amount", ""), "unit": line.get("unit", "")}
        if "component" in line:
            base |= {"kind": "component", "component": line["component"].get("bom_id", "")}
        else:
            base |= {"kind": "activity", "activity": line.get("activity", "")}
        rows.append(base)
    return Editor(header, rows + [empty_row() for _ in range(blank_rows)])


def from_form(form: Form) -> Editor:
    """Return the form as typed (every row kept, blank ones too)."""
    header = {name: form.get(name, "")[:MAX_TEXT] for name in HEADER_FIELDS.values()}
    header["system_boundary"] = form.get("system_boundary", "")[:MAX_TEXT]
    columns = {name: form.getlist(name)[:MAX_ROWS] for name in ROW_FIELDS}
    count = max(len(values) for values in columns.values())
    rows = [
        {
            name: (values[i] if i < len(values) else "")[:MAX_TEXT]
            for name, values in columns.items()
        }
        for i in range(count)
    ]
    return Editor(header, rows)


def _blank(row: dict[str, str]) -> bool:
    return not any(row[name].strip() for name in ("ref", "activity", "component", "amount"))


def to_document(editor: Editor) -> tuple[dict[str, Any], list[list[int]]]:
    """Return the BOM document the rows describe and, per line, the rows it came from.

    Rows of direct emissions sharing a ref make one line with one emission per row, as in the
    upload's CSV format; blank rows are left out.
    """
    h = editor.header
    document: dict[str, Any] = {
        "system_boundary": h["system_boundary"],
        "reference_period": {"start": h["period_start"], "end": h["period_end"]},
        "site": {"name": h["site_name"].strip(), "region": h["site_region"]},
        "lines": [],
    }
    sources: list[list[int]] = []
    emission_lines: dict[str, int] = {}
    for i, row in enumerate(editor.rows):
        if _blank(row):
            continue
        values = {name: row[name].strip() for name in ROW_FIELDS}
        ref = values["ref"]
        if values["kind"] == "emissions" and ref and ref in emission_lines:
            at = emission_lines[ref]
            document["lines"][at]["emissions"].append(_emission(values))
            sources[at].append(i)
            continue
        line: dict[str, Any] = {k: values[k] for k in ("ref", "stage", "data") if values[k]}
        if values["kind"] == "emissions":
            line["emissions"] = [_emission(values)]
            emission_lines.setdefault(ref, len(document["lines"]))
        else:
            if values["kind"] == "component":
                line["component"] = {"bom_id": values["component"]} if values["component"] else {}
            elif values["activity"]:
                line["activity"] = values["activity"]
            line |= {k: values[k] for k in ("amount", "unit") if values[k]}
        document["lines"].append(line)
        sources.append([i])
    return document, sources


def _emission(values: dict[str, str]) -> dict[str, str]:
    return {k: values[k] for k in ("substance", "amount", "unit") if values[k]}


def _row_field(rest: str | None) -> tuple[int, str]:
    """Return (emission index, form field) for the part of a pointer after /lines/N."""
    parts = (rest or "").split("/")
    if parts[0] == "emissions":
        j = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
        name = parts[2] if len(parts) > 2 else "substance"
        return j, name if name in ROW_FIELDS else "substance"
    if parts[0] == "component":
        return 0, "component"
    return 0, parts[0] if parts[0] in ROW_FIELDS else "kind"


def place_errors(editor: Editor, error: ValidationFailed, sources: list[list[int]]) -> None:
    """Put each error next to its field: header fields, or a row (numbered from 1) and field."""
    for pointer, messages in error.errors.items():
        texts = [problem_text(message) for message in messages]
        line = _LINE.match(pointer)
        if line and int(line.group(1)) < len(sources):
            j, name = _row_field(line.group(2))
            rows = sources[int(line.group(1))]
            row = rows[min(j, len(rows) - 1)]
            said = [
                gettext(
                    "Line %(number)s: %(field)s %(problem)s",
                    number=row + 1,
                    field=FIELD_NAMES[name],
                    problem=text,
                )
                for text in texts
            ]
            editor.row_errors.setdefault(row, {}).setdefault(name, []).extend(said)
        elif pointer in HEADER_FIELDS:
            editor.header_errors.setdefault(HEADER_FIELDS[pointer], []).extend(texts)
        elif pointer == "/lines":
            editor.general.append(gettext("Give at least one line."))
        else:
            editor.general.extend(texts)


# Messages of the BOM schema and checks (English, in the API) and what a page says instead.
_EXACT = {
    "Missing data for required field.": lazy_gettext("is required"),
    "must be >= 0": lazy_gettext("must be ≥ 0"),
    "must be > 0": lazy_gettext("must be > 0"),
    "must be a decimal number": lazy_gettext("must be a number"),
    "must be a finite number": lazy_gettext("must be a number"),
    "Not a valid date.": lazy_gettext("must be a date"),
    "must be after start": lazy_gettext("must be after the start"),
    "a line has exactly one of activity, emissions or component": lazy_gettext(
        "choose a dataset, a substance or a sub-assembly"
    ),
    "give exactly one of bom_id or label_id": lazy_gettext("choose a BOM version"),
    "must not contain NUL or unpaired surrogates": lazy_gettext("contains characters not allowed"),
}
_PATTERNS = (
    (re.compile(r"^Must be one of"), lazy_gettext("choose one of the offered values")),
    (re.compile(r"^Length must be|^Shorter than|^Longer than"), lazy_gettext("has a wrong length")),
    (re.compile(r"^duplicate ref"), lazy_gettext("is used by another line")),
    (re.compile(r"^a \S+ BOM accepts only"), lazy_gettext("is outside the system boundary")),
    (re.compile(r"^unknown activity code"), lazy_gettext("is not in the current library")),
    (re.compile(r"^unknown unit"), lazy_gettext("is not a known unit")),
    (re.compile(r"cannot be converted"), lazy_gettext("does not fit the dataset's unit")),
    (re.compile(r"^unknown BOM|is not available"), lazy_gettext("is not available")),
    (re.compile(r"^component cycle"), lazy_gettext("would contain this product itself")),
    (re.compile(r"^components nest deeper"), lazy_gettext("nests too deep")),
    (re.compile(r"^must have at most"), lazy_gettext("has too many decimal places")),
    (re.compile(r"^must be less than"), lazy_gettext("is too large")),
)


def problem_text(message: str) -> str:
    """Return an error message of the BOM checks in the page's language (as is when unknown)."""
    if message in _EXACT:
        return str(_EXACT[message])
    for pattern, text in _PATTERNS:
        if pattern.search(message):
            return str(text)
    return message
