from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecfhub.hub.models import HubSettings
from ecfhub.hub.settings import current_hub_settings


def _settings_queries(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "hub_hubsettings" in q["sql"]]


def test_a_page_that_uses_the_settings_twice_loads_them_once(client, facilitator):
    # "My sessions" reads the venue in the view and the hub's name in the page header.
    HubSettings.objects.create(pk=1, name="Broadland Teaching School Hub")
    client.force_login(facilitator)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/events/facilitating/")
    assert response.status_code == 200
    assert "Broadland Teaching School Hub" in response.text
    assert len(_settings_queries(captured)) == 1


def test_each_request_reads_the_settings_afresh(client, facilitator):
    HubSettings.objects.create(pk=1, name="Broadland Teaching School Hub")
    client.force_login(facilitator)
    assert "Broadland Teaching School Hub" in client.get("/events/facilitating/").text
    HubSettings.objects.filter(pk=1).update(name="Waveney Teaching School Hub")
    assert "Waveney Teaching School Hub" in client.get("/events/facilitating/").text


def test_outside_a_request_every_call_reads_the_row(db):
    # A task or command running for hours must see a change a hub admin made meanwhile.
    assert current_hub_settings().minimum_notice_school_days == 30
    HubSettings.objects.filter(pk=1).update(minimum_notice_school_days=25)
    assert current_hub_settings().minimum_notice_school_days == 25
