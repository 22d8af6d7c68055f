"""The Django admin writes people's records only through people.services, or not at all."""

import datetime

from ecfhub.audit.models import AuditEntry
from ecfhub.conftest import make_participant
from ecfhub.events.tests.factories import make_event, make_session
from ecfhub.people.models import Mentorship, Participant
from ecfhub.scheduling.models import Assignment


def _participant_form(participant: Participant, **changes: object) -> dict[str, object]:
    return {
        "user": participant.user_id,
        "school": participant.school_id,
        "cohort": participant.cohort_id,
        "participant_type": participant.participant_type,
        "trn": participant.trn,
        "induction_start_date": participant.induction_start_date.isoformat(),
        "status": participant.status,
        "status_reason": "",
        "unavailable_weekdays": "[]",
        **changes,
    }


def test_withdrawing_someone_in_the_admin_is_refused_so_their_future_dates_are_never_stranded(
    client, hub_admin, ect, cohort
):
    session = make_session(make_event(cohort), datetime.date(2030, 3, 5))
    Assignment.objects.create(participant=ect, event=session.event, session=session)
    client.force_login(hub_admin)
    url = f"/admin/people/participant/{ect.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and ect.trn in page.text
    assert 'name="_save"' not in page.text
    refused = client.post(url, _participant_form(ect, status="withdrawn", status_reason="moved-school"))
    assert refused.status_code == 403
    ect.refresh_from_db()
    assert ect.status == Participant.Status.ACTIVE
    assert Assignment.objects.get(participant=ect).status == Assignment.Status.ASSIGNED
    assert not AuditEntry.objects.exists()


def test_moving_a_participant_to_another_school_in_the_admin_is_refused(client, hub_admin, ect, other_school):
    client.force_login(hub_admin)
    refused = client.post(f"/admin/people/participant/{ect.pk}/change/", _participant_form(ect, school=other_school.pk))
    assert refused.status_code == 403
    ect.refresh_from_db()
    assert ect.school_id != other_school.pk


def test_the_admin_cannot_add_or_delete_a_participant(client, hub_admin, ect):
    client.force_login(hub_admin)
    assert client.get("/admin/people/participant/add/").status_code == 403
    assert client.post(f"/admin/people/participant/{ect.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Participant.objects.filter(pk=ect.pk).exists()


def test_pairing_in_the_admin_is_refused_so_an_ect_never_has_two_mentors(client, hub_admin, ect, school, cohort):
    second = make_participant(
        email="mo@riverside.test", name="Mo Mentor", school=school, cohort=cohort, kind="mentor", trn="2000009"
    )
    client.force_login(hub_admin)
    form = {"mentor": second.pk, "ect": ect.pk, "started_on": "2025-10-01", "ended_on": ""}
    assert client.post("/admin/people/mentorship/add/", form).status_code == 403
    current = Mentorship.objects.get(pk=ect.mentorships_as_ect.get().pk)
    assert client.post(f"/admin/people/mentorship/{current.pk}/change/", form).status_code == 403
    assert list(Mentorship.objects.filter(ect=ect).values_list("mentor_id", "ended_on")) == [(current.mentor_id, None)]


def test_a_new_account_made_in_the_admin_is_audited_by_the_service(client, hub_admin):
    client.force_login(hub_admin)
    form = {
        "email": "nell@hub.test",
        "full_name": "Nell New",
        "password1": "a-long-pass-phrase-9",
        "password2": "a-long-pass-phrase-9",
    }
    assert client.post("/admin/people/user/add/", form).status_code == 302
    entry = AuditEntry.objects.get(action="user.created")
    assert entry.actor == hub_admin and "nell@hub.test" in entry.summary
