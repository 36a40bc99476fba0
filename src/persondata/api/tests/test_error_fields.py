"""field_errors: ninja's validation errors named as body.x / query.y / path.z."""

from __future__ import annotations

from persondata.api.errors import field_errors


def test_a_body_field_is_named_without_the_parameter_name() -> None:
    errors = [{"loc": ("body", "payload", "email"), "msg": "Field required", "type": "missing"}]
    assert field_errors(errors) == [{"field": "body.email", "message": "Field required"}]


def test_a_nested_position_keeps_its_index() -> None:
    errors = [{"loc": ("body", "payload", "categories", 2), "msg": "too long"}]
    assert field_errors(errors) == [{"field": "body.categories.2", "message": "too long"}]


def test_query_and_path_parameters() -> None:
    errors = [
        {"loc": ("query", "limit"), "msg": "Input should be less than or equal to 200"},
        {"loc": ("query", "filters", "offset"), "msg": "bad"},
        {"loc": ("path", "key"), "msg": "Input should be a valid UUID"},
    ]
    assert [e["field"] for e in field_errors(errors)] == ["query.limit", "query.offset", "path.key"]


def test_pydantics_value_error_prefix_is_dropped() -> None:
    errors = [{"loc": ("body", "payload", "note"), "msg": "Value error, must not contain x"}]
    assert field_errors(errors)[0]["message"] == "must not contain x"


def test_an_error_without_a_location_names_the_request() -> None:
    assert field_errors([{"msg": "broken"}]) == [{"field": "request", "message": "broken"}]
    assert field_errors([{"loc": ("body",), "msg": "x"}]) == [{"field": "body", "message": "x"}]
