"""Digits that str.isdigit() accepts but int() refuses or misreads (issue 26, finding 5).

"²" and other scripts' digits ("٣" Arabic-Indic, "३" Devanagari, "３" fullwidth) once gave a server
error wherever a view read a number by hand, and twenty-digit ids overflowed the database. Each
endpoint the review named is asked here with each of them, and must answer with a page that says
what is wrong (400, or the form shown again), never a 500. docs/security.md, "Third review"."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecfhub.hub.models import HubSettings
from ecfhub.people.models import Participant
from ecfhub.programme.models import ProgrammeRequirement
from tests.security.checks import client_for
from tests.security.world import FACILITATOR, HUB_ADMIN, MENTOR, World

ODD_DIGITS = ["²", "٣", "३", "３"]
#: Twenty digits: more than PostgreSQL's bigint (and SQLite's INTEGER) can hold.
HUGE = "9" * 20
BAD_REQUEST_MESSAGE = "is not one we recognise"


def _refused_with_a_message(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 400 and BAD_REQUEST_MESSAGE in response.content.decode()


@pytest.mark.parametrize("odd", ODD_DIGITS)
@pytest.mark.parametrize("name", ["attendance:trends", "attendance:trends_chart", "attendance:trends_progress_chart"])
def test_a_year_in_other_digits_on_the_trends_page_or_its_charts_is_a_400(name: str, odd: str, world: World) -> None:
    response = client_for(world, HUB_ADMIN).get(reverse(name), {"year": odd})
    assert _refused_with_a_message(response), response.status_code


def test_a_year_outside_the_calendar_on_the_trends_page_is_a_400_and_an_old_year_shows_this_one(world: World) -> None:
    client = client_for(world, HUB_ADMIN)
    assert client.get(reverse("attendance:trends"), {"year": "9999"}).status_code == 400
    assert client.get(reverse("attendance:trends"), {"year": "2001"}).status_code == 200


@pytest.mark.parametrize("odd", [*ODD_DIGITS, HUGE])
def test_a_cohort_in_other_digits_on_the_new_event_page_is_a_400(odd: str, world: World) -> None:
    response = client_for(world, HUB_ADMIN).get(reverse("events:event_create"), {"cohort": odd})
    assert _refused_with_a_message(response), response.status_code


def test_a_cohort_in_ascii_digits_still_fills_in_the_new_event_form(world: World) -> None:
    response = client_for(world, HUB_ADMIN).get(reverse("events:event_create"), {"cohort": str(world.cohort.pk)})
    assert response.status_code == 200
    assert response.context["form"].initial["cohort"] == world.cohort.pk


@pytest.mark.parametrize("odd", [*ODD_DIGITS, HUGE])
def test_a_person_in_other_digits_on_the_manual_placement_page_is_a_400(odd: str, world: World) -> None:
    response = client_for(world, HUB_ADMIN).get(reverse("scheduling:place"), {"participant": odd})
    assert _refused_with_a_message(response), response.status_code


@pytest.mark.parametrize("odd", [*ODD_DIGITS, HUGE])
@pytest.mark.parametrize("source", ["observation", "meeting"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_observation_or_meeting_in_other_digits_on_the_new_step_page_is_a_400(
    method: str, source: str, odd: str, world: World
) -> None:
    url = reverse("learning:step_new", kwargs={"participant_id": world.ect.pk})
    response = getattr(client_for(world, MENTOR), method)(url, {source: odd})
    assert _refused_with_a_message(response), response.status_code


def test_the_new_step_page_still_shows_the_observation_it_is_set_from(world: World) -> None:
    url = reverse("learning:step_new", kwargs={"participant_id": world.ect.pk})
    response = client_for(world, MENTOR).get(url, {"observation": str(world.observation.pk)})
    assert response.status_code == 200 and response.context["observation"] == world.observation


@pytest.mark.parametrize("odd", [*ODD_DIGITS, HUGE, "abc"])
def test_a_person_chosen_in_other_digits_on_the_register_import_preview_is_nobody_not_a_server_error(
    odd: str, world: World
) -> None:
    client = client_for(world, FACILITATOR)
    url = reverse("attendance:import_report", kwargs={"pk": world.session.pk})
    report = b"Name,Join time,Leave time\nSomeone Unknown,03/03/2026 15:30,03/03/2026 16:30\n"
    page = client.post(url, {"report": SimpleUploadedFile("report.csv", report, "text/csv")})
    assert page.status_code == 200, page.status_code
    key = page.context["preview"].unmatched[0].key
    response = client.post(url, {"joins": page.context["joins"], f"who:{key}": odd})
    assert response.status_code in (200, 422), response.status_code  # the preview again
    assert [a.key for a in response.context["preview"].unmatched] == [key]


@pytest.fixture
def booking_mentor(world: World) -> World:
    """Max, already trained, at a hub that lets trained mentors book optional dates."""
    Participant.objects.filter(pk=world.mentor.pk).update(mentor_training="trained")
    HubSettings.load()
    HubSettings.objects.update(trained_mentors_may_book=True)
    return world


@pytest.mark.parametrize(("field", "odd"), [*(("give_up", odd) for odd in [*ODD_DIGITS, HUGE]), ("session", "abc")])
def test_a_date_given_up_or_booked_in_other_digits_on_the_optional_dates_page_is_a_400(
    field: str, odd: str, booking_mentor: World
) -> None:
    client = client_for(booking_mentor, MENTOR)
    assert client.get(reverse("dates:optional")).status_code == 200
    response = client.post(reverse("dates:optional"), {field: odd})
    assert _refused_with_a_message(response), response.status_code


@pytest.mark.parametrize("odd", ODD_DIGITS)
def test_a_difference_ticked_in_other_digits_on_the_provider_file_is_refused_with_the_form(
    odd: str, world: World
) -> None:
    url = reverse("leadprovider:review", kwargs={"file_id": world.provider_file.pk})
    response = client_for(world, HUB_ADMIN).post(url, {"accept": [odd], "sha256": world.provider_file.sha256})
    assert response.status_code == 422, response.status_code
    assert "Choose from the differences listed." in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        f"/registers/sessions/{HUGE}/",
        f"/learning/observations/{HUGE}/",
        f"/manage/requirements/{HUGE}/change/",
        "/registers/sessions/٣/",
    ],
)
def test_an_id_too_long_for_the_database_or_in_other_digits_is_not_found(path: str, world: World) -> None:
    assert client_for(world, HUB_ADMIN).get(path).status_code == 404


@pytest.mark.parametrize("page", ["observations", "meetings", "steps"])
def test_an_ect_id_one_digit_too_long_for_the_database_on_a_new_coaching_record_page_is_not_found(
    page: str, world: World
) -> None:
    # 19 nines is above 2**63: it reached SQLite through the mentor's access check (an OverflowError).
    assert client_for(world, MENTOR).get(f"/learning/ects/{'9' * 19}/{page}/new/").status_code == 404


def test_a_year_the_calendar_cannot_hold_in_an_export_address_is_not_found(world: World) -> None:
    ok = reverse("attendance:hub_funding_file", kwargs={"term": "autumn", "year": 2025, "fmt": "csv"})
    assert client_for(world, HUB_ADMIN).get(ok).status_code == 200
    assert client_for(world, HUB_ADMIN).get(ok.replace("2025", "9999")).status_code == 404


@pytest.mark.parametrize("odd", ODD_DIGITS)
def test_a_number_typed_in_other_digits_is_refused_with_a_message_not_read_as_a_number(odd: str, world: World) -> None:
    requirement = ProgrammeRequirement.objects.filter(cohort=world.cohort).first()
    assert requirement is not None
    before = requirement.clinics
    url = reverse("programme:change_requirement", kwargs={"pk": requirement.pk})
    response = client_for(world, HUB_ADMIN).post(url, {"clinics": odd, "conferences": "1", "note": ""})
    assert response.status_code in (200, 422)
    assert "Use the digits 0 to 9." in response.content.decode()
    requirement.refresh_from_db()
    assert requirement.clinics == before


def test_an_event_ticked_by_an_id_too_long_for_the_database_is_refused_not_a_server_error(world: World) -> None:
    response = client_for(world, HUB_ADMIN).post(reverse("scheduling:index"), {"events": ["9" * 19]})
    assert response.status_code in (200, 422), response.status_code
    assert "not one of the available choices" in response.content.decode()


@pytest.mark.parametrize("odd", ["٣", "２０２５"])
def test_a_cohort_in_other_digits_on_the_evidence_page_is_a_400(odd: str, world: World) -> None:
    response = client_for(world, HUB_ADMIN).get(reverse("attendance:evidence"), {"cohort": odd})
    assert response.status_code == 400


@pytest.mark.xfail(
    strict=True,
    reason="attendance/views/evidence._cohort_asked calls int() on any run of ASCII digits; Python refuses "
    "more than 4300 (a 500). Left to the evidence file's owner: lib/params.parse_int would bound it.",
)
def test_a_cohort_of_five_thousand_digits_on_the_evidence_page_is_a_400(world: World) -> None:
    response = client_for(world, HUB_ADMIN).get(reverse("attendance:evidence"), {"cohort": "9" * 5000})
    assert response.status_code == 400
