from ecfhub.hub.models import HubSettings
from ecfhub.programme.models import ProgrammeRequirement


def test_the_home_page_shows_the_hub_and_the_requirement_figures(client, cohort):
    HubSettings.objects.update_or_create(pk=1, defaults={"name": "Broadland Teaching School Hub"})
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Broadland Teaching School Hub" in html
    rows = {r.participant_type: (r.clinics, r.conferences) for r in response.context["requirements"] if r.is_base}
    assert rows == {"ect": (6, 3), "mentor": (3, 2)}
    assert 'data-requirement="ect"' in html and ">6<" in html and ">3<" in html


def test_the_figures_come_from_the_data_not_the_template(client, cohort):
    ProgrammeRequirement.objects.filter(cohort=cohort, participant_type="ect").update(clinics=7, conferences=4)
    rows = {r.label: (r.clinics, r.conferences) for r in client.get("/").context["requirements"]}
    assert rows["ECTs"] == (7, 4)


def test_the_participants_area_states_what_trained_mentors_and_reduced_schedules_need_from_the_data(client, cohort):
    ProgrammeRequirement.objects.create(
        cohort=cohort, participant_type="ect", schedule_kind="reduced", clinics=3, conferences=1, note="Half the dates."
    )
    response = client.get("/")
    rows = {r.label: (r.clinics, r.conferences, r.note) for r in response.context["requirements"]}
    assert rows["ECTs (reduced schedule)"] == (3, 1, "Half the dates.")
    assert rows["Mentors (already trained)"][:2] == (0, 0)
    html = response.content.decode()
    assert "Mentors (already trained)" in html and "sessions are optional" in html and "Half the dates." in html


def test_the_home_page_explains_dates_and_links_to_sign_in(client, db):
    html = client.get("/").content.decode()
    assert "Your training dates" in html
    assert 'href="/account/login/"' in html
    assert "Skip to main content" in html


def test_the_header_says_who_is_signed_in_and_their_role(client, tutor):
    client.force_login(tutor)
    html = client.get("/").content.decode()
    assert "Signed in as <strong>Tess Tutor</strong> (Induction tutor)" in html


def test_the_page_carries_no_crown_or_govuk_font(client, db):
    html = client.get("/").content.decode()
    assert "crown" not in html.lower() and "GDS Transport" not in html


def test_signing_in_lands_on_my_programme(client, ect):
    from ecfhub.conftest import PASSWORD

    response = client.post("/account/login/", {"username": ect.user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/my/"


def test_the_requirements_table_leaves_out_rows_of_noughts_and_says_them_in_words(client, cohort):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/").content, "html.parser")
    table = page.select_one("#requirements + table")
    cells = [td.get_text() for td in table.select("tbody td")]
    assert "0" not in cells
    assert "Mentors (already trained)" not in table.get_text()
    below = page.select_one('[data-requirement-none="mentor"]').get_text()
    assert below.startswith("Mentors (already trained)") and "sessions are optional" in below
    assert "cohorts)" not in table.get_text()  # one cohort: not named on every row
