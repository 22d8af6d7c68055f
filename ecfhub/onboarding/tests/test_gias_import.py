"""Importing the schools of the hub's local authorities from a GIAS establishment extract."""

from __future__ import annotations

import io
import time
import tracemalloc

import pytest
from django.urls import reverse

from ecfhub.audit.models import AuditEntry
from ecfhub.hub.models import HubSettings
from ecfhub.lib.errors import DomainError
from ecfhub.onboarding.gias import check_gias_file
from ecfhub.onboarding.gias_files import england_rows, gias_csv
from ecfhub.onboarding.models import SchoolListImport
from ecfhub.onboarding.services import import_school_list, store_school_list
from ecfhub.people.models import School

pytestmark = pytest.mark.django_db


def row(urn, name, la="Norfolk", status="Open", phase="Primary", easting=623000, northing=308500, **more):
    return {
        "URN": urn,
        "EstablishmentName": name,
        "LA (name)": la,
        "TypeOfEstablishment (name)": "Community school",
        "PhaseOfEducation (name)": phase,
        "EstablishmentStatus (name)": status,
        "Postcode": "NR1 2AB",
        "Town": "Norwich",
        "Easting": easting,
        "Northing": northing,
        **more,
    }


@pytest.fixture
def known(db):
    return [
        School.objects.create(urn="120001", name="Riverside Primary", town="Norwich"),
        School.objects.create(urn="120002", name="Old Mill Junior", town="Thetford"),
    ]


def the_file(encoding):
    return gias_csv(
        [
            row("120001", "Riverside Primary Academy"),  # we have it: the name changed
            row("120002", "Old Mill Junior", status="Closed", easting=587000, northing=283000),  # closed
            row("130003", "Ormesby Village School", easting=649000, northing=315000),  # new, in Norfolk
            row("130004", "Suffolk School", la="Suffolk"),  # outside the hub's local authorities
            row("130005", "Gone Infant School", status="Closed"),  # closed, never ours: nothing to do
            row("130006", "Ciarán’s Café Primary"),  # a character Windows-1252 and UTF-8 write differently
        ],
        encoding=encoding,
    )


@pytest.mark.parametrize(("encoding", "label"), [("cp1252", "Windows-1252"), ("utf-8-sig", "UTF-8")])
def test_a_gias_file_in_either_encoding_previews_then_imports_the_hubs_schools(known, hub_admin, encoding, label):
    checked = check_gias_file(io.BytesIO(the_file(encoding)), local_authorities=["norfolk"])
    assert checked.ok, checked.problems
    assert checked.encoding == label
    assert [s["urn"] for s in checked.new] == ["130006", "130003"]  # by name: Ciarán’s, Ormesby
    assert checked.new[0]["name"] == "Ciarán’s Café Primary"
    assert checked.outside == 2
    changed = {c["urn"]: c["changes"] for c in checked.changed}
    assert changed["120001"]["name"] == ["Riverside Primary", "Riverside Primary Academy"]
    assert changed["120002"]["closed"] == [False, True]
    assert changed["120002"]["easting"] == [None, 587000]
    assert [c["urn"] for c in checked.closing] == ["120002"]

    upload = store_school_list(user=hub_admin, filename="edubasealldata.csv", checked=checked)
    counts = import_school_list(upload=upload, sha256=checked.sha256, actor=hub_admin)
    assert counts == {"added": 2, "updated": 2, "closed": 1}
    riverside = School.objects.get(urn="120001")
    assert (riverside.name, riverside.local_authority, riverside.phase, riverside.grid_ref) == (
        "Riverside Primary Academy",
        "Norfolk",
        "Primary",
        (623000, 308500),
    )
    old_mill = School.objects.get(urn="120002")  # flagged, never deleted
    assert old_mill.closed and old_mill.gias_status == "Closed"
    assert not School.objects.filter(urn__in=["130004", "130005"]).exists()
    assert School.objects.get(urn="130003").grid_ref == (649000, 315000)
    entry = AuditEntry.objects.get(action="school.list_imported")
    assert entry.details == counts


def test_confirming_twice_or_another_file_changes_nothing_more(known, hub_admin):
    checked = check_gias_file(io.BytesIO(the_file("cp1252")), local_authorities=["Norfolk"])
    upload = store_school_list(user=hub_admin, filename="gias.csv", checked=checked)
    with pytest.raises(DomainError, match="not the file"):
        import_school_list(upload=upload, sha256="0" * 64, actor=hub_admin)
    assert School.objects.count() == 2
    import_school_list(upload=upload, sha256=checked.sha256, actor=hub_admin)
    with pytest.raises(DomainError, match="already"):
        import_school_list(upload=upload, sha256=checked.sha256, actor=hub_admin)
    assert School.objects.count() == 4


def test_a_field_changed_since_the_preview_keeps_the_newer_value(known, hub_admin):
    checked = check_gias_file(io.BytesIO(the_file("cp1252")), local_authorities=["Norfolk"])
    upload = store_school_list(user=hub_admin, filename="gias.csv", checked=checked)
    School.objects.filter(urn="120001").update(name="Riverside (renamed by hand)")
    import_school_list(upload=upload, sha256=checked.sha256, actor=hub_admin)
    assert School.objects.get(urn="120001").name == "Riverside (renamed by hand)"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02PK", "not a CSV"),
        (b"Name,Town\r\nA,B\r\n", "no “URN” or “EstablishmentName” or “LA (name)” or “EstablishmentStatus (name)”"),
        (gias_csv([]), "no schools"),
        (b"URN,EstablishmentName,LA (name),EstablishmentStatus (name)\r\n\x81\x8d\r\n", "cannot read"),
    ],
)
def test_a_file_that_is_not_a_gias_list_is_refused_as_a_whole(db, data, message):
    checked = check_gias_file(io.BytesIO(data), local_authorities=["Norfolk"])
    assert not checked.ok
    assert checked.problems[0].row is None
    assert message in checked.problems[0].message


def test_bad_rows_of_the_hubs_schools_are_listed_and_others_ignored(db):
    data = gias_csv(
        [
            row("12345", "Short URN"),
            row("130001", "Bad Easting", easting="６２３０００"),
            row("130002", "Far North", northing=1_300_001),
            row("130003", "", la="Norfolk"),
            row("xx", "Not ours", la="Kent", easting="nonsense"),
        ],
        encoding="utf-8-sig",  # full-width digits, which Windows-1252 cannot write
    )
    checked = check_gias_file(io.BytesIO(data), local_authorities=["Norfolk"])
    assert [(p.row, p.column) for p in checked.problems] == [
        (2, "URN"),
        (3, "Easting"),
        (4, "Northing"),
        (5, "EstablishmentName"),
    ]
    assert "digits only" in checked.problems[1].message
    assert "1,300,000" in checked.problems[2].message


def test_without_the_hubs_local_authorities_nothing_is_read(db):
    checked = check_gias_file(io.BytesIO(the_file("cp1252")), local_authorities=[])
    assert "hub settings" in checked.problems[0].message


def test_fifty_thousand_rows_stream_in_a_few_megabytes_and_seconds(db):
    data = gias_csv(england_rows(50_000))
    assert len(data) > 8_000_000  # a realistic all-England size for these columns
    tracemalloc.start()
    started = time.process_time()  # CPU: the machine may be busy with other work (so no wall-clock limit here)
    checked = check_gias_file(io.BytesIO(data), local_authorities=["Norfolk"], check_seconds=600)
    seconds = time.process_time() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert checked.ok, checked.listed_problems
    assert checked.rows_read == 50_000
    assert len(checked.new) == sum(1 for n in range(0, 50_000, 150) if n % 11)
    # The file itself (bytes in memory) is not counted: what reading it adds is.
    assert peak < 8 * 1024 * 1024, peak
    print(f"50,000 GIAS rows: {seconds:.1f} s CPU (tracemalloc on), {peak / 2**20:.1f} MiB peak")
    assert seconds < 10, seconds


def test_the_hub_admin_uploads_previews_and_confirms_a_school_list(client, hub_admin, known):
    HubSettings.objects.update_or_create(pk=1, defaults={"local_authorities": "Norfolk"})
    client.force_login(hub_admin)
    page = client.get(reverse("onboarding:school_list_upload"))
    assert page.status_code == 200
    upload = io.BytesIO(the_file("cp1252"))
    upload.name = "edubasealldata20261207.csv"
    response = client.post(reverse("onboarding:school_list_upload"), {"file": upload})
    assert response.status_code == 302
    record = SchoolListImport.objects.get()
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "Ormesby Village School" in text and "Riverside Primary Academy" in text
    assert "Old Mill Junior" in text and "closed" in text.lower()
    done = client.post(response["Location"], {"sha256": record.sha256})
    assert done.status_code == 302
    assert School.objects.filter(urn="130003").exists()
    assert client.post(response["Location"], {"sha256": record.sha256}).status_code == 409


def test_only_hub_admins_reach_the_school_list_pages(client, tutor):
    client.force_login(tutor)
    assert client.get(reverse("onboarding:school_list_upload")).status_code in (403, 404)


def test_a_school_from_the_gias_list_is_added_to_the_programme_by_its_urn(client, hub_admin, known):
    listed = School.objects.create(urn="130003", name="Ormesby Village School", local_authority="Norfolk")
    School.objects.create(urn="130009", name="Shut Junior", local_authority="Norfolk", closed=True)
    client.force_login(hub_admin)
    form = client.get(reverse("onboarding:admin_add_school")).content.decode()
    assert '<option value="130003">Ormesby Village School</option>' in form
    assert "Shut Junior" not in form and "Riverside Primary" not in form  # closed, or typed in by hand
    response = client.post(
        reverse("onboarding:admin_add_school"),
        {"urn": "130003", "name": "", "tutor_name": "Tia Tutor", "tutor_email": "tia@ormesby.test"},
    )
    assert response.status_code == 302
    listed.refresh_from_db()
    assert listed.name == "Ormesby Village School" and listed.induction_tutors.count() == 1
    closed = client.post(
        reverse("onboarding:admin_add_school"),
        {"urn": "130009", "name": "", "tutor_name": "T", "tutor_email": "t@shut.test"},
    ).content.decode()
    assert "closed in Get Information about Schools" in closed
    unknown = client.post(
        reverse("onboarding:admin_add_school"),
        {"urn": "199999", "name": "", "tutor_name": "T", "tutor_email": "t@x.test"},
    ).content.decode()
    assert "not in the hub" in unknown
