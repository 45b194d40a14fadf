"""The public register of labels: finding a label by what a person typed, and the directory."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session, aliased

from certificates import read_typed
from service.persistence.labels import Label
from service.persistence.models import Organisation, Product
from service.services.context import utc_now

PAGE_SIZE = 20
MAX_PAGE = 500  # deeper pages are refused: search narrows a directory, paging does not walk it
MAX_QUERY = 100


@dataclass(frozen=True)
class Lookup:
    """The outcome of looking up a typed label ID."""

    label_id: str | None  # the label found
    problem: str | None  # malformed, check_character or unknown
    typed: str


def lookup(session: Session, typed: str) -> Lookup:
    """Find the label a person typed, whatever its case, spaces, dashes or full-width forms."""
    reading = read_typed(typed)
    if reading.label_id is None:
        return Lookup(None, reading.problem, typed[:64])
    # A compact ID may read more than one way: the one that was issued wins.
    found = session.scalars(select(Label.id).where(Label.id.in_(reading.candidates))).first()
    session.commit()  # end the read transaction before the page renders
    if found is None:
        return Lookup(None, "unknown", reading.label_id)
    return Lookup(found, None, found)


def _like_any(column: Any, words: str) -> Any:
    """Match a JSON or text column against the words as typed and as JSON-escaped text.

    Product names are stored as JSON, which escapes CJK characters (\\u7535) in SQLite and
    PostgreSQL alike, so a Chinese query is also matched in its escaped form.
    """
    forms = {words.lower(), json.dumps(words)[1:-1].lower()}
    text = func.lower(cast(column, String))
    return or_(*(text.like(f"%{_escape_like(form)}%", escape="\\") for form in forms))


def _escape_like(words: str) -> str:
    return words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def directory(session: Session, query: str, page: int) -> dict[str, Any]:
    """Return one page of labels in force, newest first, matching the query if any.

    The query matches the product's name in any language, its SKU, its GTIN, the
    manufacturer's name or the label ID.
    """
    now = utc_now()
    words = " ".join(query.split())[:MAX_QUERY]
    pattern = f"%{_escape_like(words.lower())}%"
    maker = aliased(Organisation)
    statement = (
        select(Label, Product, maker.name)
        .join(Product, Product.id == Label.product_id)
        .join(maker, maker.id == Product.org_id)
        .where(Label.status == "valid", Label.valid_until > now)
    )
    if words:
        statement = statement.where(
            or_(
                _like_any(Product.names, words),
                func.lower(Product.sku).like(pattern, escape="\\"),
                func.lower(func.coalesce(Product.gtin, "")).like(pattern, escape="\\"),
                func.lower(maker.name).like(pattern, escape="\\"),
                func.lower(Label.id).like(pattern, escape="\\"),
            )
        )
    page = max(1, min(page, MAX_PAGE))
    rows = session.execute(
        statement.order_by(Label.created_at.desc(), Label.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    ).all()
    session.commit()
    return {
        "items": [_item(label, product, maker_name, now) for label, product, maker_name in rows][
            :PAGE_SIZE
        ],
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "query": query[:MAX_QUERY],
    }


def _item(label: Label, product: Product, maker_name: str, now: datetime) -> dict[str, Any]:
    return {
        "label_id": label.id,
        "names": dict(product.names),
        "sku": product.sku,
        "gtin": product.gtin,
        "manufacturer": maker_name,
        "body": label.body.name,
        "kg_co2e": label.certified_kg_co2e,
        "declared_unit": f"{product.declared_amount} {product.declared_unit}",
        "valid_until": label.valid_until,
    }
