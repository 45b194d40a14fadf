"""The one error model: each error carries its status and code, and subclasses inherit them."""

from __future__ import annotations

import pytest
from flask import Flask

from service import errors
from service.errors import BASES, ServiceError, Unauthenticated
from service.web.errors import service_error
from tests.service.helpers import assert_error

STATUSES = {
    errors.Unauthenticated: (401, "unauthenticated"),
    errors.Forbidden: (403, "forbidden"),
    errors.NotFound: (404, "not_found"),
    errors.ValidationFailed: (422, "validation_error"),
    errors.Conflict: (409, "conflict"),
    errors.DependencyUnavailable: (503, "dependency_unavailable"),
}


def _new_subclass(base: type[ServiceError]) -> type[ServiceError]:
    # A condition nobody has written yet: no table anywhere names it.
    return type(f"Brand{base.__name__}", (base,), {"__doc__": "A condition added later."})


def _raising_app(app: Flask, error: ServiceError) -> Flask:
    def raise_it() -> None:
        raise error

    app.add_url_rule("/test-only/raise", "test_only_raise", raise_it)
    return app


def test_the_bases_carry_the_statuses_of_api_md():
    assert set(BASES) == set(STATUSES)
    for base, (status, code) in STATUSES.items():
        assert (base.status, base.code) == (status, code)


@pytest.mark.parametrize("base", BASES, ids=lambda base: base.__name__)
def test_a_new_subclass_of_every_base_answers_with_its_base_status_and_the_error_body(
    app: Flask, base: type[ServiceError]
):
    error = _new_subclass(base)("the brand-new condition", {"/field": ["is wrong"]})
    response = _raising_app(app, error).test_client().get("/test-only/raise")
    body = assert_error(response, base.status, "/field")
    assert body == {
        "code": base.code,
        "status": base.status,
        "message": "the brand-new condition",
        "errors": {"/field": ["is wrong"]},
    }


@pytest.mark.parametrize(
    "base", [b for b in BASES if b is not Unauthenticated], ids=lambda base: base.__name__
)
def test_a_new_subclass_of_every_base_gets_its_base_status_on_the_pages(
    app: Flask, base: type[ServiceError]
):
    error = _new_subclass(base)("the brand-new condition")
    with app.test_request_context("/products"):
        html, status = service_error(error)  # type: ignore[misc]
    assert status == base.status
    assert f'<p class="status">{base.status}</p>' in html
    assert "the brand-new condition" in html


def test_a_new_subclass_of_unauthenticated_sends_the_pages_to_sign_in(app: Flask):
    error = _new_subclass(Unauthenticated)("who are you")
    with app.test_request_context("/products"):
        response = service_error(error)
    assert response.status_code == 302  # type: ignore[union-attr]
    assert "/sign-in" in response.headers["Location"]  # type: ignore[union-attr]


def test_every_named_condition_keeps_its_base_status_and_code():
    named = [
        value
        for value in vars(errors).values()
        if isinstance(value, type)
        and issubclass(value, ServiceError)
        and value not in (ServiceError, *BASES)
    ]
    assert len(named) >= 15
    for condition in named:
        base = next(b for b in condition.__mro__ if b in BASES)
        assert (condition.status, condition.code) == (base.status, base.code), condition


def test_named_conditions_are_raised_by_the_use_cases(client, headers):
    body = assert_error(client.get("/api/v1/products/nope", headers=headers), 404)
    assert body["code"] == "not_found"
    body = assert_error(client.get("/api/v1/labels/GBA-NOPE"), 404)
    assert body["message"].startswith("no label")
