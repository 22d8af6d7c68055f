"""Set-up links: asking for a new one does the same work for any address, and nobody can flood an inbox."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ecfhub.lib.text_tags import breakable
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.testing import run_tasks
from ecfhub.onboarding.models import Invitation
from ecfhub.people.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def nina(client, tutor, school):  # type: ignore[no-untyped-def]
    """Registered by the tutor: invited, not yet set up."""
    client.force_login(tutor)
    client.post(
        reverse("onboarding:register", args=[school.pk]),
        {
            "full_name": "Nina New", "email": "nina@riverside.test", "trn": "1234567",
            "induction_start_date": "2025-09-03", "participant_type": "ect",
        },
    )  # fmt: skip
    client.logout()
    # Registered an hour ago: past the five minutes in which a second self-service link is not sent.
    Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    OutboundMessage.objects.all().delete()
    DBTaskResult.objects.all().delete()
    return Participant.objects.select_related("user").get(trn="1234567")


def _ask_for_link(address: str, client_address: str = "192.0.2.20"):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = Client(REMOTE_ADDR=client_address).post(reverse("onboarding:new_link"), {"email": address})
    return response, len(queries)


@pytest.mark.django_db(transaction=True)  # run_tasks() runs the worker, which needs committed rows
def test_asking_for_a_new_link_does_the_same_work_for_a_known_and_an_unknown_address(nina):
    known, known_queries = _ask_for_link("nina@riverside.test", "192.0.2.21")
    unknown, unknown_queries = _ask_for_link("nobody@riverside.test", "192.0.2.22")
    assert known.status_code == unknown.status_code == 200
    # The address is shown as typed (with its break opportunities: lib/text_tags.breakable), nothing else differs.
    assert known.text.replace(breakable("nina@riverside.test"), "X") == unknown.text.replace(
        breakable("nobody@riverside.test"), "X"
    )
    assert known_queries == unknown_queries
    assert DBTaskResult.objects.count() == 2 and not OutboundMessage.objects.exists()
    run_tasks()
    assert list(OutboundMessage.objects.values_list("to", flat=True)) == ["nina@riverside.test"]


def test_asking_for_new_links_is_limited_per_address_and_per_client(nina):
    statuses = [_ask_for_link("NINA@riverside.test", f"198.51.100.{n}")[0].status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    from_one_client = [_ask_for_link(f"p{n}@school.test", "192.0.2.77")[0] for n in range(11)]
    assert from_one_client[-1].status_code == 429
    assert "too many requests from your network" in from_one_client[-1].text


@pytest.mark.django_db(transaction=True)  # run_tasks() runs the worker, which needs committed rows
def test_a_tutor_resending_thirty_times_sends_at_most_three_links(client, tutor, nina):
    client.force_login(tutor)
    url = reverse("onboarding:resend", args=[nina.pk])
    answers = [client.post(url, follow=True) for _ in range(30)]
    assert "We have sent" in answers[2].text
    assert "A set-up link has been sent to this person several times in the last hour." in answers[3].text
    run_tasks()
    assert OutboundMessage.objects.filter(to=nina.user.email).count() == 3


def test_a_tutor_cannot_flood_many_people_with_links(client, tutor, school, cohort, settings):
    from ecfhub.conftest import make_participant

    people = [
        make_participant(
            email=f"p{n}@riverside.test", name=f"P {n}", school=school, cohort=cohort, kind="ect", trn=f"{2000000 + n}"
        )
        for n in range(31)
    ]
    for person in people:
        person.user.set_unusable_password()
        person.user.save()
    client.force_login(tutor)
    answers = [client.post(reverse("onboarding:resend", args=[p.pk]), follow=True) for p in people]
    assert all("We have sent" in a.text for a in answers[:30])
    assert "You have sent a lot of set-up links in the last hour." in answers[30].text


def test_changing_an_address_again_and_again_is_limited(client, tutor, nina):
    client.force_login(tutor)
    url = reverse("onboarding:details", args=[nina.pk])
    data = {"full_name": "Nina New", "trn": "1234567", "induction_start_date": "2025-09-03"}
    statuses = [client.post(url, {**data, "email": f"nina{n}@riverside.test"}).status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    nina.user.refresh_from_db()
    assert nina.user.email == "nina2@riverside.test"
