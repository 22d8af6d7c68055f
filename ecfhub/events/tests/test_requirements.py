from ecfhub.events.queries import check_requirements, requirement_problems
from ecfhub.events.tests.factories import make_event
from ecfhub.programme.models import ProgrammeRequirement


def _full_programme(cohort):  # type: ignore[no-untyped-def]
    for audience, clinics, conferences in (("ect", 6, 3), ("mentor", 3, 2)):
        order = 0
        for kind, count in (("clinic", clinics), ("conference", conferences)):
            for n in range(count):
                order += 1
                # Spread across both programme years, as a real programme is.
                make_event(cohort, kind=kind, audience=audience, year=1 + order % 2, order=order, title=f"{kind} {n}")


def test_a_full_programme_adds_up(cohort):
    _full_programme(cohort)
    assert requirement_problems(cohort) == []
    assert {(c.participant_type, c.kind): c.planned for c in check_requirements(cohort)} == {
        ("ect", "clinic"): 6, ("ect", "conference"): 3, ("mentor", "clinic"): 3, ("mentor", "conference"): 2,
    }  # fmt: skip


def test_it_counts_events_of_both_programme_years_together(cohort):
    for order in range(1, 4):
        make_event(cohort, audience="mentor", year=1, order=order, title=f"y1 {order}")
    for order in range(1, 3):
        make_event(cohort, kind="conference", audience="mentor", year=2, order=order, title=f"y2 {order}")
    assert [c for c in check_requirements(cohort) if c.participant_type == "mentor" and not c.ok] == []


def test_it_says_how_many_are_missing(cohort):
    _full_programme(cohort)
    cohort.training_events.filter(audience="ect", kind="conference").first().delete()
    problems = requirement_problems(cohort)
    assert [(p.participant_type, p.kind, p.required, p.planned) for p in problems] == [("ect", "conference", 3, 2)]
    assert problems[0].message == "ECTs must attend 3 conferences but only 2 are planned: add 1."


def test_it_flags_one_event_too_many(cohort):
    _full_programme(cohort)
    make_event(cohort, audience="mentor", year=2, order=9, title="Extra")
    problems = requirement_problems(cohort)
    assert [(p.participant_type, p.kind, p.planned) for p in problems] == [("mentor", "clinic", 4)]
    assert "remove 1" in problems[0].message


def test_it_follows_the_cohorts_own_requirement_data(cohort):
    _full_programme(cohort)
    ProgrammeRequirement.objects.filter(cohort=cohort, participant_type="mentor").update(clinics=4)
    assert [(p.participant_type, p.kind, p.required) for p in requirement_problems(cohort)] == [("mentor", "clinic", 4)]


def test_an_empty_programme_needs_everything(cohort):
    assert {(p.participant_type, p.kind, p.required, p.planned) for p in requirement_problems(cohort)} == {
        ("ect", "clinic", 6, 0), ("ect", "conference", 3, 0), ("mentor", "clinic", 3, 0), ("mentor", "conference", 2, 0),
    }  # fmt: skip


def test_the_events_page_warns_when_a_cohort_does_not_add_up(client, hub_admin, cohort):
    _full_programme(cohort)
    client.force_login(hub_admin)
    assert "do not add up" not in client.get("/manage/events/").content.decode()
    cohort.training_events.filter(audience="mentor", kind="clinic").first().delete()
    html = client.get("/manage/events/").content.decode()
    assert "The 2025/26 cohort's events do not add up to its requirements" in html
    assert "Mentors must attend 3 clinics but only 2 are planned: add 1." in html
