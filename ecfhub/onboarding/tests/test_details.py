"""Correcting a participant's details: a mistyped name, e-mail address, TRN or start date."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ecfhub.audit.models import AuditEntry
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.notifications.models import OutboundMessage
from ecfhub.onboarding.models import Invitation
from ecfhub.people.models import Participant

pytestmark = pytest.mark.django_db


def details(participant: Participant, **changes: str) -> dict[str, str]:
    return {
        "full_name": participant.user.full_name,
        "email": participant.user.email,
        "trn": participant.trn,
        "induction_start_date": participant.induction_start_date.isoformat(),
        **changes,
    }


def url(participant: Participant) -> str:
    return reverse("onboarding:details", args=[participant.pk])


@pytest.fixture
def nina(client, tutor, school):  # type: ignore[no-untyped-def]
    """Registered through the page, so invited and not yet set up."""
    client.force_login(tutor)
    client.post(
        reverse("onboarding:register", args=[school.pk]),
        {
            "full_name": "Nina New", "email": "nina@riverdise.test", "trn": "1234567",
            "induction_start_date": "2025-09-03", "participant_type": "ect",
        },
    )  # fmt: skip
    return Participant.objects.select_related("user").get(trn="1234567")


def test_a_tutor_corrects_a_misspelt_name_and_trn(client, tutor, ect):
    client.force_login(tutor)
    response = client.post(url(ect), details(ect, full_name="Erin Ecton", trn="1000009"))
    assert response.status_code == 302 and response["Location"] == reverse("onboarding:participant", args=[ect.pk])
    ect.refresh_from_db()
    assert (ect.user.full_name, ect.trn) == ("Erin Ecton", "1000009")
    entry = AuditEntry.objects.get(action="participant.details_corrected")
    assert entry.actor == tutor and entry.details["changed"] == ["full_name", "trn"]
    assert "1000001" not in str(entry.details)  # which fields, not the old values
    assert not OutboundMessage.objects.filter(kind="invitation").exists()


def test_a_mistyped_address_gets_a_new_set_up_link_and_the_old_one_stops(client, tutor, nina):
    old = Invitation.objects.get(user=nina.user)
    response = client.post(url(nina), details(nina, email="nina@riverside.test"), follow=True)
    assert "A new set-up link has gone to nina@riverside.test." in response.text
    nina.refresh_from_db()
    assert nina.user.email == "nina@riverside.test"
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert Invitation.objects.filter(user=nina.user, revoked_at__isnull=True).count() == 1
    assert OutboundMessage.objects.filter(to="nina@riverside.test", kind="invitation").count() == 1


def test_the_address_of_someone_who_has_set_up_their_account_cannot_be_changed_here(client, tutor, ect):
    client.force_login(tutor)
    page = client.get(url(ect)).text
    assert "only the hub can change it" in page and re.search(r'name="email"[^>]*disabled', page)
    response = client.post(url(ect), details(ect, email="someone.else@example.com"))
    assert response.status_code == 302  # a disabled field keeps its value, whatever is posted
    ect.refresh_from_db()
    assert ect.user.email == "erin@riverside.test"


def test_a_trn_registered_at_another_school_is_refused_without_saying_whose(client, tutor, ect, other_ect):
    client.force_login(tutor)
    response = client.post(url(ect), details(ect, trn=other_ect.trn, full_name="Erin Changed"))
    assert response.status_code == 200
    assert "This TRN is already registered at another school. Contact the hub." in response.text
    assert "Ed Ect" not in response.text and "Oakfield" not in response.text
    ect.refresh_from_db()
    assert (ect.trn, ect.user.full_name) == ("1000001", "Erin Ect")  # nothing saved


def test_an_address_already_used_at_this_school_names_who_has_it(client, tutor, nina, mentor):
    response = client.post(url(nina), details(nina, email=mentor.user.email))
    assert "This e-mail address is already registered at this school, for Max Mentor." in response.text


def test_a_malformed_trn_gets_the_registration_message(client, tutor, ect):
    client.force_login(tutor)
    response = client.post(url(ect), details(ect, trn="12345"))
    assert "Enter the TRN as 7 digits, for example 1234567." in response.text


def test_a_start_date_in_another_cohort_moves_them_only_while_they_have_no_dates(client, tutor, ect, cohort):
    client.force_login(tutor)
    session = make_session(make_event(cohort))
    assignment = assign(ect, session)
    refused = client.post(url(ect), details(ect, induction_start_date="2026-09-02"))
    assert "would move them from the 2025/26 cohort to the 2026/27 cohort" in refused.text
    ect.refresh_from_db()
    assert ect.cohort.start_year == 2025
    assignment.delete()
    assert client.post(url(ect), details(ect, induction_start_date="2026-09-02")).status_code == 302
    ect.refresh_from_db()
    assert ect.cohort.start_year == 2026
    assert AuditEntry.objects.get(action="participant.details_corrected").details["cohort"] == {
        "from": 2025,
        "to": 2026,
    }


def test_a_change_saved_by_someone_else_meanwhile_is_not_overwritten(client, tutor, hub_admin, ect):
    client.force_login(tutor)
    version = re.search(r'name="version" value="([0-9a-f]+)"', client.get(url(ect)).text)
    assert version
    Participant.objects.filter(pk=ect.pk).update(trn="1000005")  # the hub corrected it meanwhile
    response = client.post(url(ect), {**details(ect, full_name="Erin Ect-Smith"), "version": version.group(1)})
    assert response.status_code == 200
    assert "Someone else saved changes to these details" in response.text
    assert "is 1000005" in response.text
    ect.refresh_from_db()
    assert (ect.trn, ect.user.full_name) == ("1000005", "Erin Ect")


def test_saving_with_nothing_changed_writes_no_audit_entry(client, tutor, ect):
    client.force_login(tutor)
    assert client.post(url(ect), details(ect)).status_code == 302
    assert not AuditEntry.objects.filter(action="participant.details_corrected").exists()


def test_the_participant_page_links_to_the_correction(client, tutor, ect):
    client.force_login(tutor)
    assert url(ect) in client.get(reverse("onboarding:participant", args=[ect.pk])).text


def test_a_part_time_teachers_days_off_are_recorded_and_clashing_dates_flagged(client, tutor, ect, cohort):
    import datetime

    import time_machine
    from django.utils import timezone

    friday = make_session(make_event(cohort, title="Friday clinic"), datetime.date(2026, 1, 16))
    assign(ect, friday)
    client.force_login(tutor)
    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 1, 10, 12, 0))):  # the Friday is ahead
        response = client.post(url(ect), {**details(ect), "unavailable_weekdays": ["4"]}, follow=True)
    ect.refresh_from_db()
    assert ect.unavailable_weekdays == [4]
    assert AuditEntry.objects.get(action="participant.details_corrected").details["changed"] == ["unavailable_weekdays"]
    page = response.text
    assert "Friday" in page
    assert "One of their dates is on a day they do not work: Friday clinic on Friday 16 January." in page


def test_someone_cannot_be_off_every_weekday(client, tutor, ect):
    client.force_login(tutor)
    response = client.post(url(ect), {**details(ect), "unavailable_weekdays": ["0", "1", "2", "3", "4"]})
    assert "They must work at least one day a week to take part. Untick a day." in response.text
    ect.refresh_from_db()
    assert ect.unavailable_weekdays == []


def test_a_weekend_day_is_not_offered(client, tutor, ect):
    client.force_login(tutor)
    response = client.post(url(ect), {**details(ect), "unavailable_weekdays": ["5"]})
    assert "Choose days from Monday to Friday." in response.text


@pytest.mark.parametrize("other_role", ["hub_admin", "facilitator", "tutor_elsewhere", "participant_elsewhere"])
def test_a_tutor_cannot_rename_or_readdress_an_account_that_holds_another_role(
    client, tutor, hub_admin, nina, other_school, cohort, other_role
):
    account = nina.user
    if other_role == "hub_admin":
        account.is_hub_admin = True
    elif other_role == "facilitator":
        account.is_facilitator = True
    elif other_role == "tutor_elsewhere":
        other_school.induction_tutors.add(account)
    else:
        Participant.objects.create(
            user=account,
            school=other_school,
            cohort=cohort,
            participant_type="mentor",
            trn="7654321",
            induction_start_date=nina.induction_start_date,
        )
    account.save()
    client.force_login(tutor)
    response = client.post(url(nina), details(nina, full_name="Renamed Person", email="taken@evil.test"))
    assert response.status_code == 200
    assert "This person also has another role in the hub, so only the hub can change this." in response.text
    account.refresh_from_db()
    assert (account.full_name, account.email) == ("Nina New", "nina@riverdise.test")
    # The hub still can.
    client.force_login(hub_admin)
    assert client.post(url(nina), details(nina, full_name="Nina Renamed")).status_code == 302
    account.refresh_from_db()
    assert account.full_name == "Nina Renamed"


def test_a_tutor_records_the_phase_and_subject_someone_teaches(client, tutor, ect):
    client.force_login(tutor)
    response = client.post(url(ect), details(ect, phase="secondary", subject="Mathematics"))
    assert response.status_code == 302
    ect.refresh_from_db()
    assert (ect.phase, ect.subject) == ("secondary", "Mathematics")
    entry = AuditEntry.objects.get(action="participant.details_corrected")
    assert entry.details["changed"] == ["phase", "subject"]
    assert "the phase they teach, the subject they teach" in entry.summary
    assert "Secondary, Mathematics" in client.get(reverse("onboarding:participant", args=[ect.pk])).text


def test_a_phase_or_subject_not_in_dfes_words_is_refused(client, tutor, ect):
    client.force_login(tutor)
    response = client.post(url(ect), details(ect, phase="sixth-form", subject="Maths"))
    assert "Choose a phase from the list." in response.text and "Choose a subject from the list." in response.text
    ect.refresh_from_db()
    assert (ect.phase, ect.subject) == ("", "")
