"""Whatever arrives in the query string, the API answers 200 or a 400 with a JSON error, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PARAMETERS = [
    "page[page]", "page[per_page]", "filter[cohort]", "filter[updated_since]",
    "filter[training_status]", "filter[participant_id]", "sort", "include_ecf_hub",
]  # fmt: skip
PATHS = ["/api/v3/participants", "/api/v3/participant-declarations", "/api/v3/sessions", "/api/v3/attendance"]
ODD = ["²", "٣", "３", "1e5", " 3", "+3", "-1", "0", "9" * 30, "2025,", ",", "2026-13-45T99:99", "2026-05-13T11:21:55+99:99",
       "\x00", "null", "[]", "2025,abc", "00000000-0000-0000-0000-00000000000g", "١٢٣", "10000-01-01T00:00:00Z"]  # fmt: skip


@pytest.mark.parametrize("name", PARAMETERS)
@pytest.mark.parametrize("value", ODD)
def test_odd_values_get_a_400_in_json_naming_the_parameter(api, ect, name, value) -> None:
    response = api.get(PATHS[0], {name: value})
    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert response.json()["errors"][0]["title"] == name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(PATHS),
    name=st.sampled_from(PARAMETERS),
    value=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
)
def test_any_text_in_any_filter_is_answered_in_json_without_a_server_error(api, ect, path, name, value) -> None:
    response = api.get(path, {name: value})
    assert response.status_code in (200, 400), (name, value, response.content)
    body = response.json()
    assert ("data" in body) if response.status_code == 200 else body["errors"][0]["title"] == name


def test_a_page_larger_than_3000_is_read_as_3000_as_dfe_does(api, ect) -> None:
    assert api.get(PATHS[0], {"page[per_page]": "5000"}).status_code == 200


def test_an_unknown_id_is_404_in_dfes_words(api, ect) -> None:
    for path in ("/api/v3/participants/nope", "/api/v3/participants/d0b4a32e-a272-489e-b30a-cb17131457fc",
                 "/api/v3/participant-declarations/%C2%B2"):  # fmt: skip
        response = api.get(path)
        assert response.status_code == 404
        assert response.json() == {
            "errors": [{"title": "Resource not found", "detail": "Nothing could be found for the provided details"}]
        }


@pytest.mark.parametrize("body", ["not json", "[]", "{}", '{"data": 3}', '{"data": [{"id": 1}]}', '{"data": [null]}'])
def test_a_put_body_that_is_not_dfes_shape_is_refused_in_json(api, body) -> None:
    response = api.client.put("/api/v3/participants", body, content_type="application/json", headers=api.headers)
    assert response.status_code in (400, 422), response.content
    assert response.json()["errors"]
