"""Asking for a password reset: the same answer and the same work whoever asks, and limits on floods."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ecfhub.conftest import make_user
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.testing import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def erin(db):  # type: ignore[no-untyped-def]
    return make_user("erin@riverside.test", "Erin Ect")


def _ask(address: str, client_address: str = "192.0.2.10"):  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR=client_address)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("password_reset"), {"email": address})
    return response, len(queries)


@pytest.mark.django_db(transaction=True)  # run_tasks() runs the worker, which needs committed rows
def test_a_known_and_an_unknown_address_get_the_same_answer_and_the_same_work(erin):
    known, known_queries = _ask("erin@riverside.test", "192.0.2.11")
    unknown, unknown_queries = _ask("nobody@riverside.test", "192.0.2.12")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The same queries (one queued task each): nothing is looked up while the client waits.
    assert known_queries == unknown_queries
    assert DBTaskResult.objects.count() == 2
    assert not OutboundMessage.objects.exists()
    run_tasks()
    assert list(OutboundMessage.objects.values_list("to", flat=True)) == ["erin@riverside.test"]


@pytest.mark.django_db(transaction=True)  # run_tasks() runs the worker, which needs committed rows
def test_thirty_requests_for_one_address_queue_at_most_three_e_mails(erin):
    answers = [_ask(" Erin@Riverside.test ", f"198.51.100.{n}")[0] for n in range(30)]
    assert [a.status_code for a in answers[:3]] == [302, 302, 302]
    assert {a.status_code for a in answers[3:]} == {429}
    assert "We have sent several e-mails to this address in the last hour." in answers[3].text
    run_tasks()
    assert OutboundMessage.objects.filter(to=erin.email).count() == 3


def test_an_unknown_address_is_limited_the_same_way_so_the_limit_reveals_nothing(erin):
    for address in ("erin@riverside.test", "nobody@riverside.test"):
        statuses = [_ask(address, f"203.0.113.{n}")[0].status_code for n in range(4)]
        assert statuses == [302, 302, 302, 429], address


def test_one_client_asking_for_many_addresses_is_stopped(erin):
    statuses = [_ask(f"person{n}@school.test", "192.0.2.99")[0].status_code for n in range(12)]
    assert statuses[:10] == [302] * 10 and statuses[10:] == [429, 429]
    page = _ask("erin@riverside.test", "192.0.2.99")[0].text
    assert "There have been too many requests from your network in the last hour." in page
    # Someone else elsewhere is unaffected.
    assert _ask("erin@riverside.test", "192.0.2.100")[0].status_code == 302
