"""Marshmallow fields of the API whose OpenAPI description is exact: UTC times, uploaded files."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import ValidationError, fields
from werkzeug.datastructures import FileStorage

from service.domain.timestamps import utc_text


class UtcDateTime(fields.Field):  # type: ignore[type-arg]
    """A timezone-aware UTC datetime sent as ISO 8601 with Z (API.md), documented as date-time."""

    def __init__(self, *, microseconds: bool = False, **kwargs: Any) -> None:
        metadata = {"type": "string", "format": "date-time"} | kwargs.pop("metadata", {})
        super().__init__(metadata=metadata, **kwargs)
        self.microseconds = microseconds

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            return value  # already presented (e.g. taken from a signed credential)
        if not isinstance(value, datetime):
            raise ValidationError("not a datetime")
        return utc_text(value, microseconds=self.microseconds)


class Upload(fields.Field):  # type: ignore[type-arg]
    """A file part of a multipart/form-data body (a text part of that name is refused)."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"type": "string", "format": "binary"} | kwargs.pop("metadata", {})
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> FileStorage:
        if not isinstance(value, FileStorage):
            raise ValidationError("send a file (multipart/form-data file part)")
        return value
