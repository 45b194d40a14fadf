"""flask-smorest's Blueprint with one more argument location: a multipart/form-data body.

flask-smorest documents only one requestBody per operation, so text fields ("form") and
files ("files") given as two arguments came out as OpenAPI 2 `formData` parameters that
Swagger UI cannot send. MULTIPART reads both parts with one schema, documented as one
multipart/form-data requestBody; errors keep pointing at /form/<field> and /files/<field>.
"""

from __future__ import annotations

from typing import Any, NoReturn

import flask
import marshmallow as ma
from flask_smorest import Blueprint as SmorestBlueprint
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

from service.api.schema_fields import Upload

MULTIPART = "multipart"


class _Parser(FlaskParser):
    """webargs' Flask parser reading form fields and files together."""

    DEFAULT_UNKNOWN_BY_LOCATION = FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION | {MULTIPART: None}

    def handle_error(
        self,
        error: ma.ValidationError,
        req: flask.Request,
        schema: ma.Schema,
        *,
        error_status_code: int | None,
        error_headers: Any,
    ) -> NoReturn:
        """Answer 422, a multipart body's messages split into its form and files parts."""
        messages = error.messages
        if isinstance(messages, dict) and MULTIPART in messages:
            split: dict[str, dict[str, Any]] = {}
            for name, texts in dict(messages.pop(MULTIPART)).items():
                field = schema.fields.get(name)
                split.setdefault("files" if isinstance(field, Upload) else "form", {})[name] = texts
            error.messages = messages | split
        super().handle_error(
            error, req, schema, error_status_code=error_status_code, error_headers=error_headers
        )


_PARSER = _Parser()


@_PARSER.location_loader(MULTIPART)
def _load_multipart(request: flask.Request, schema: ma.Schema) -> Any:
    return _PARSER._makeproxy(CombinedMultiDict([request.form, request.files]), schema)


class Blueprint(SmorestBlueprint):  # type: ignore[misc]
    """The API's blueprints: flask-smorest's, with the MULTIPART location."""

    ARGUMENTS_PARSER = _PARSER
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = (
        SmorestBlueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING | {MULTIPART: "multipart/form-data"}
    )
