from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ecfhub.audit.models import AuditEntry
from ecfhub.conftest import make_participant
from ecfhub.events.models import Session, TrainingEvent
from ecfhub.people.models import Mentorship, Participant
from ecfhub.scheduling.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_mentor(school, cohort):  # type: ignore[no-untyped-def]
    return make_participant(
        email="mia@riverside.test", name="Mia Mentor", school=school, cohort=cohort, kind="mentor", trn="2000009"
    )


def test_changing_the_mentor_keeps_the_history_and_is_audited(client, tutor, ect, mentor, second_mentor):
    client.force_login(tutor)
    response = client.post(
        reverse("onboarding:pair", args=[ect.pk]), {"mentor": second_mentor.pk, "starts_on": "2026-01-05"}
    )
    assert response.status_code == 302
    history = list(Mentorship.objects.filter(ect=ect).order_by("started_on"))
    assert [m.mentor for m in history] == [mentor, second_mentor]
    assert history[0].last_day == datetime.date(2026, 1, 4) and history[0].ended_on == datetime.date(2026, 1, 5)
    assert history[1].ended_on is None
    entry = AuditEntry.objects.get(action="mentorship.changed")
    assert "Mia Mentor mentors Erin Ect" in entry.summary
    page = client.get(reverse("onboarding:participant", args=[ect.pk])).content.decode()
    assert "Max Mentor" in page and "Mia Mentor" in page


def make_session(cohort, days_from_now: int) -> Session:  # type: ignore[no-untyped-def]
    event, _ = TrainingEvent.objects.get_or_create(
        cohort=cohort, kind="clinic", audience="ect", programme_year=1, order=1, title="Clinic"
    )
    start = timezone.now() + datetime.timedelta(days=days_from_now)
    return Session.objects.create(
        event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=1), mode="online", capacity=30
    )


def test_reporting_a_withdrawal_releases_future_assignments_and_ends_the_pairing(client, tutor, ect, cohort):
    past = Assignment.objects.create(
        participant=ect, event=make_session(cohort, -10).event, session=make_session(cohort, -10)
    )
    past_session = past.session
    Assignment.objects.filter(pk=past.pk).update(status="moved")
    future = Assignment.objects.create(participant=ect, event=past_session.event, session=make_session(cohort, 20))
    client.force_login(tutor)
    on = timezone.localdate().isoformat()
    response = client.post(
        reverse("onboarding:status", args=[ect.pk, "withdraw"]), {"on": on, "reason": "moved-school"}
    )
    assert response.status_code == 302
    ect.refresh_from_db()
    future.refresh_from_db()
    assert ect.status == Participant.Status.WITHDRAWN and ect.status_reason == "moved-school"
    assert future.status == Assignment.Status.RELEASED
    assert not Mentorship.objects.filter(ect=ect, ended_on__isnull=True).exists()
    assert AuditEntry.objects.filter(action="participant.withdrawn").exists()
    assert AuditEntry.objects.filter(action="assignment.released").exists()


def test_a_deferral_needs_a_dfe_reason_and_can_be_resumed(client, tutor, ect):
    client.force_login(tutor)
    url = reverse("onboarding:status", args=[ect.pk, "defer"])
    page = client.post(url, {"on": "2026-01-05"}).content.decode()
    assert "Choose a reason." in page
    assert "Parental leave" in page
    client.post(url, {"on": "2026-01-05", "reason": "parental-leave"})
    ect.refresh_from_db()
    assert (ect.status, ect.status_reason) == ("deferred", "parental-leave")
    client.post(reverse("onboarding:resume", args=[ect.pk]))
    ect.refresh_from_db()
    assert ect.status == "active"
    assert AuditEntry.objects.filter(action="participant.active").exists()
    page = client.get(reverse("onboarding:participant", args=[ect.pk])).content.decode()
    assert "Training status history" in page and "Parental leave" in page
    assert "ecf-standard-september" in page


def test_a_withdrawal_reason_must_be_a_withdrawal_code(client, tutor, ect):
    client.force_login(tutor)
    page = client.post(
        reverse("onboarding:status", args=[ect.pk, "withdraw"]), {"on": "2026-01-05", "reason": "parental-leave"}
    ).content.decode()
    assert "Select a valid choice" in page or "Choose" in page
    ect.refresh_from_db()
    assert ect.status == "active"


def test_choosing_the_mentor_they_already_have_says_nothing_changed(client, tutor, ect, mentor):
    client.force_login(tutor)
    response = client.post(reverse("onboarding:pair", args=[ect.pk]), {"mentor": mentor.pk, "starts_on": "2026-01-05"})
    assert response.status_code == 200
    assert response.context["form"].errors["mentor"] == ["Max Mentor already mentors Erin Ect: nothing to change."]
    assert Mentorship.objects.filter(ect=ect).count() == 1
    assert not AuditEntry.objects.filter(action="mentorship.changed").exists()


def test_a_pairing_cannot_start_years_before_the_ects_induction(client, tutor, ect, second_mentor):
    client.force_login(tutor)
    long_before = ect.induction_start_date.replace(year=ect.induction_start_date.year - 6)
    response = client.post(
        reverse("onboarding:pair", args=[ect.pk]), {"mentor": second_mentor.pk, "starts_on": long_before.isoformat()}
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["starts_on"]
    assert message.startswith("Mentoring cannot start long before their induction")
    assert not Mentorship.objects.filter(mentor=second_mentor).exists()


def test_a_tutor_sets_a_mentors_schedule_and_mentor_training_and_it_is_audited(client, tutor, mentor):
    client.force_login(tutor)
    url = reverse("onboarding:route", args=[mentor.pk])
    page = client.get(url).content.decode()
    assert "Already trained" in page and "Replacement mentor" in page
    response = client.post(url, {"schedule_kind": "replacement", "intake": "january", "mentor_training": "trained"})
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert (mentor.schedule_identifier, mentor.mentor_training) == ("ecf-replacement-january", "trained")
    entry = AuditEntry.objects.get(action="participant.route_changed")
    assert entry.details["to"] == {"schedule_identifier": "ecf-replacement-january", "mentor_training": "trained"}


def test_an_ect_has_no_mentor_training_and_bad_choices_are_refused(client, tutor, ect):
    client.force_login(tutor)
    url = reverse("onboarding:route", args=[ect.pk])
    page = client.get(url).content.decode()
    assert "Mentor training" not in page.split("<form")[1]
    response = client.post(url, {"schedule_kind": "replacement", "intake": "july"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    client.post(url, {"schedule_kind": "reduced", "intake": "april"})
    ect.refresh_from_db()
    assert ect.schedule_identifier == "ecf-reduced-april"


def test_a_tutor_cannot_set_another_schools_participants_schedule(client, tutor, other_ect):
    client.force_login(tutor)
    assert client.get(reverse("onboarding:route", args=[other_ect.pk])).status_code == 404


def test_the_school_page_shows_how_many_ects_each_mentor_has(client, tutor, school, ect, mentor, second_mentor):
    from bs4 import BeautifulSoup

    client.force_login(tutor)
    html = BeautifulSoup(client.get(reverse("onboarding:school", args=[school.pk])).content, "html.parser")
    mentored = {
        row.th.a.get_text(strip=True): row.select_one('td[data-label="ECTs mentored"]').get_text(strip=True)
        for row in html.select("table")[1].select("tbody tr")
    }
    assert mentored == {"Max Mentor": "1", "Mia Mentor": "0"}


def test_pairing_a_first_mentor_offers_the_ects_start_date_and_a_new_mentor_today(client, tutor, ect, mentor):  # type: ignore[no-untyped-def]
    from ecfhub.onboarding.forms import PairingForm
    from ecfhub.people.models import Mentorship

    assert PairingForm(ect=ect).fields["starts_on"].initial == timezone.localdate()  # already mentored
    Mentorship.objects.filter(ect=ect).delete()
    assert PairingForm(ect=ect).fields["starts_on"].initial == ect.induction_start_date
