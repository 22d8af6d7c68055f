from ecfhub.audit.models import AuditEntry
from ecfhub.events.models import TrainingEvent
from ecfhub.events.tests.factories import assign, make_event, make_session


def _data(cohort, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "cohort": cohort.pk, "audience": "ect", "kind": "clinic", "programme_year": "1", "order": "1",
        "title": "Checking for understanding", "focus": ["assessment", "classroom-practice"], "description": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_a_hub_admin_adds_an_event_with_its_focus(client, hub_admin, cohort):
    client.force_login(hub_admin)
    response = client.post("/manage/events/new/", _data(cohort))
    event = TrainingEvent.objects.get()
    assert response["Location"] == f"/manage/events/{event.pk}/sessions/add/"
    assert event.focus == ["assessment", "classroom-practice"]
    assert event.focus_labels == ["Assessment", "Classroom practice"]
    assert AuditEntry.objects.filter(action="event.created").exists()


def test_focus_is_offered_as_checkboxes_and_required(client, hub_admin, cohort):
    client.force_login(hub_admin)
    html = client.post("/manage/events/new/", _data(cohort, focus=[])).content.decode()
    assert 'type="checkbox" name="focus" value="how-pupils-learn"' in html
    assert "Choose at least one ECF area the event focuses on." in html


def test_two_events_cannot_share_a_position(client, hub_admin, cohort):
    make_event(cohort, title="Routines that work", order=1)
    client.force_login(hub_admin)
    html = client.post("/manage/events/new/", _data(cohort)).content.decode()
    assert "“Routines that work” already has position 1. Choose another position." in html
    assert TrainingEvent.objects.count() == 1


def test_editing_keeps_the_cohort_and_records_what_changed(client, hub_admin, cohort):
    event = make_event(cohort)
    client.force_login(hub_admin)
    data = _data(cohort, title="New title")
    data["cohort"] = 999  # a disabled field: whatever is posted, the event stays in its cohort
    response = client.post(f"/manage/events/{event.pk}/edit/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "New title" and event.cohort == cohort
    assert AuditEntry.objects.get(action="event.updated").details["changed"] == ["focus", "title"]


def test_kind_cannot_change_once_people_have_dates(client, hub_admin, cohort, calendar_2025, ect):
    event = make_event(cohort)
    assign(ect, make_session(event))
    client.force_login(hub_admin)
    html = client.post(f"/manage/events/{event.pk}/edit/", _data(cohort, kind="conference")).content.decode()
    assert "kind and audience cannot change" in html
    event.refresh_from_db()
    assert event.kind == "clinic"


def test_a_title_with_a_line_break_is_refused(client, hub_admin, cohort):
    client.force_login(hub_admin)
    html = client.post("/manage/events/new/", _data(cohort, title="Checking\nfor understanding")).content.decode()
    assert "Enter this on one line, without line breaks, tabs or other hidden characters." in html
    assert not TrainingEvent.objects.exists()


def test_the_django_admin_refuses_a_school_name_with_a_carriage_return(client, hub_admin):
    from ecfhub.people.models import School

    school = School.objects.create(urn="100009", name="Heath Junior", town="Diss")
    client.force_login(hub_admin)
    url = f"/admin/people/school/{school.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    answer = client.post(url, {"urn": "100009", "name": "Heath\rJunior", "town": "Diss"})
    assert answer.status_code == 200
    assert "Enter this on one line" in answer.text
    school.refresh_from_db()
    assert school.name == "Heath Junior"


def test_a_hub_admin_marks_an_event_optional_and_its_page_says_what_that_means(client, hub_admin, cohort):
    client.force_login(hub_admin)
    client.post("/manage/events/new/", _data(cohort, order="7", title="A seventh clinic", optional="on"))
    event = TrainingEvent.objects.get()
    assert event.optional
    page = client.get(f"/manage/events/{event.pk}/").content.decode()
    assert "Optional: an extra event people may come to" in page
    assert "seats needed" not in page
