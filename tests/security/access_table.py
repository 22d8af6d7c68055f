"""THE access table: every URL name on the site → what each role gets when it asks for it.

A URL name missing from this table fails tests/security/test_access_matrix.py, so a new
page cannot land without saying who may see it. One entry per URL name:

    "app:name": Page(expect, kwargs=..., foreign=..., post=...)

- `expect`: role → the answer to a GET (see the constants below). Build it with the
  helpers: `public()`, `hub_admin_only()`, `only(OK, ECT, MENTOR)`, then override roles.
- `kwargs(world)`: the URL's arguments, pointing at the home side's objects (Riverside, erin…).
- `foreign(world)`: the same URL pointing at another school's or person's object. Every
  role (except hub admins) that gets OK on `kwargs` must be refused (403/404) on `foreign`.
- `post`: role → the answer to a POST of an empty form. By default a role refused on GET is
  refused on POST the same way, and a role allowed on GET may get any answer but a server error.

Roles: see world.ROLES (the home side is Riverside; "other_" people are at Oakfield).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.security.world import (
    ANONYMOUS,
    ECT,
    FACILITATOR,
    HUB_ADMIN,
    MENTOR,
    OTHER_MENTOR,
    OTHER_TUTOR,
    ROLES,
    TUTOR,
    World,
)

# The answers, as classes of response.
OK = "200"
LOGIN = "302 to sign-in"
ADMIN_LOGIN = "302 to admin sign-in"
REDIRECT = "302 elsewhere"
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"
ANY = "any answer but a server error"
REFUSED = (FORBIDDEN, NOT_FOUND)

Expect = dict[str, str]
Kwargs = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Page:
    expect: Expect
    kwargs: Kwargs | None = None
    foreign: Kwargs | None = None
    post: Expect | None = None
    query: str = ""
    note: str = ""
    # Roles for the object-swap test (default: every signed-in role but hub admin that gets OK).
    foreign_roles: tuple[str, ...] | None = field(default=None)

    def post_expect(self) -> Expect:
        if self.post is not None:
            return self.post
        return {
            role: (answer if answer in (LOGIN, ADMIN_LOGIN, FORBIDDEN, NOT_FOUND) else ANY)
            for role, answer in self.expect.items()
        }


def public(answer: str = OK, **overrides: str) -> Expect:
    """The same answer for everyone (signed in or not)."""
    return {**dict.fromkeys(ROLES, answer), **overrides}


def only(answer: str, *roles: str, others: str = FORBIDDEN, **overrides: str) -> Expect:
    """`answer` for `roles`, `others` for the rest of the signed-in roles, sign-in for anonymous visitors."""
    table = {role: (answer if role in roles else others) for role in ROLES}
    table[ANONYMOUS] = LOGIN
    return {**table, **overrides}


def signed_in(answer: str = OK, **overrides: str) -> Expect:
    return only(answer, *ROLES, **overrides)


def _venue() -> Any:
    from ecfhub.events.models import Venue

    return Venue.objects.get_or_create(name="Thetford", defaults={"easting": 587000, "northing": 283000})[0]


def _school_list(w: Any) -> Any:
    from ecfhub.onboarding.models import SchoolListImport

    empty = {"sha256": "", "encoding": "UTF-8", "rows_read": 0, "outside": 0, "unchanged": 0, "new": [], "changed": []}
    return SchoolListImport.objects.get_or_create(
        filename="gias.csv", defaults={"uploaded_by": w.users[HUB_ADMIN], "sha256": "0" * 64, "changes": empty}
    )[0]


def hub_admin_only(answer: str = OK, **overrides: str) -> Expect:
    return only(answer, HUB_ADMIN, **overrides)


def admin_site(answer: str = OK) -> Expect:
    """The Django admin: hub admins only; everyone else is sent to the admin's own sign-in."""
    return {**dict.fromkeys(ROLES, ADMIN_LOGIN), HUB_ADMIN: answer}


def _school_staff(answer: str = OK) -> Expect:
    """A school's own records: its induction tutor and hub admins; 404 for everyone else."""
    return only(answer, TUTOR, HUB_ADMIN, others=NOT_FOUND)


# Everyone signed in is sent home from the sign-in page.
_SIGNED_IN_AWAY = {role: REDIRECT for role in ROLES if role != ANONYMOUS}

TABLE: dict[str, Page] = {
    # --- public pages and accounts -------------------------------------------------------
    "home": Page(public()),
    "healthz": Page(public(), post=public(NOT_ALLOWED)),
    "content:index": Page(public()),
    "content:page": Page(public(), kwargs=lambda w: {"slug": "privacy"}),
    "login": Page(public(OK, **_SIGNED_IN_AWAY)),
    "logout": Page(
        public(NOT_ALLOWED), post=public(REDIRECT), note="sign-out is a POST, so a link cannot sign anyone out"
    ),
    "password_reset": Page(public()),
    "password_reset_done": Page(public()),
    "password_reset_confirm": Page(public(), kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-real-token"}),
    "password_reset_complete": Page(public()),
    # A hub admin with no other role is sent on to "Manage the programme", the hub's start page.
    "dashboard": Page(signed_in(**{HUB_ADMIN: REDIRECT})),
    # --- hub admins' back office ---------------------------------------------------------
    "hub:manage": Page(hub_admin_only()),
    "hub:settings": Page(hub_admin_only()),
    "content:new": Page(hub_admin_only()),
    "content:edit": Page(hub_admin_only(), kwargs=lambda w: {"slug": "privacy"}),
    "terms:index": Page(hub_admin_only()),
    # Only a mentor already trained, in a hub that allows it (off in the world: 404 for everyone signed in).
    "dates:optional": Page({**dict.fromkeys(ROLES, NOT_FOUND), ANONYMOUS: LOGIN}),
    "programme:requirements": Page(hub_admin_only()),
    "programme:change_requirement": Page(
        hub_admin_only(), kwargs=lambda w: {"pk": w.cohort.requirements.order_by("pk").first().pk}
    ),
    "terms:add_closure_day": Page(hub_admin_only(NOT_ALLOWED), post=hub_admin_only(ANY)),
    "terms:add_year": Page(hub_admin_only(NOT_ALLOWED), post=hub_admin_only(ANY)),
    "audit:log": Page(hub_admin_only(), post=hub_admin_only(NOT_ALLOWED)),
    "notifications:outbox": Page(hub_admin_only()),
    "notifications:message": Page(hub_admin_only(), kwargs=lambda w: {"message_id": w.message.pk}),
    "notifications:send_again": Page(
        hub_admin_only(NOT_ALLOWED), kwargs=lambda w: {"message_id": w.failed_message.pk}, post=hub_admin_only(REDIRECT)
    ),
    # --- onboarding: schools register and pair their people --------------------------------
    "onboarding:schools": Page(only(OK, TUTOR, OTHER_TUTOR, HUB_ADMIN)),
    **{
        name: Page(
            _school_staff(),
            kwargs=lambda w: {"school_id": w.school.pk},
            foreign=lambda w: {"school_id": w.other_school.pk},
        )
        for name in (
            "onboarding:school",
            "onboarding:school_dates",
            "onboarding:register",
            "onboarding:upload",
            "onboarding:csv_template",
        )
    },
    "onboarding:import": Page(
        _school_staff(),
        kwargs=lambda w: {"import_id": w.csv_import.pk},
        foreign=lambda w: {"import_id": w.other_csv_import.pk},
    ),
    **{
        name: Page(
            _school_staff(),
            kwargs=lambda w: {"participant_id": w.ect.pk},
            foreign=lambda w: {"participant_id": w.other_ect.pk},
        )
        for name in ("onboarding:participant", "onboarding:details", "onboarding:pair", "onboarding:route")
    },
    "onboarding:status": Page(
        _school_staff(),
        kwargs=lambda w: {"participant_id": w.ect.pk, "action": "withdraw"},
        foreign=lambda w: {"participant_id": w.other_ect.pk, "action": "withdraw"},
    ),
    **{
        name: Page(
            signed_in(NOT_ALLOWED),
            kwargs=lambda w: {"participant_id": w.ect.pk},
            post=_school_staff(ANY),
            foreign=lambda w: {"participant_id": w.other_ect.pk},
            foreign_roles=(TUTOR,),
        )
        for name in ("onboarding:resume", "onboarding:resend")
    },
    "onboarding:admin_schools": Page(hub_admin_only()),
    "onboarding:admin_add_school": Page(hub_admin_only()),
    "onboarding:school_list_upload": Page(hub_admin_only()),
    "onboarding:school_list_import": Page(hub_admin_only(), kwargs=lambda w: {"import_id": _school_list(w).pk}),
    "onboarding:admin_add_tutor": Page(
        hub_admin_only(),
        kwargs=lambda w: {"school_id": w.school.pk},
        note="only hub admins add tutors; a school's own tutor cannot add colleagues",
    ),
    "onboarding:resend_tutor": Page(
        hub_admin_only(NOT_ALLOWED),
        kwargs=lambda w: {"school_id": w.school.pk, "user_id": w.users[TUTOR].pk},
        post=hub_admin_only(ANY),
    ),
    "onboarding:set_up": Page(
        public(),
        kwargs=lambda w: {"token": w.invitation_token},
        note="the invitation link is the capability; it works once, until it expires",
    ),
    "onboarding:new_link": Page(public()),
    # --- events and calendars ------------------------------------------------------------
    "events:mine": Page(signed_in()),
    "events:session_ics": Page(
        only(OK, ECT, FACILITATOR, others=NOT_FOUND),
        kwargs=lambda w: {"pk": w.session.pk},
        foreign=lambda w: {"pk": w.other_session.pk},
        note="only one's own sessions (booked or facilitated); 404 for any other, even for hub admins",
    ),
    "events:admin_list": Page(hub_admin_only()),
    "events:venues": Page(hub_admin_only()),
    "events:venue_add": Page(hub_admin_only()),
    "events:venue_edit": Page(hub_admin_only(), kwargs=lambda w: {"pk": _venue().pk}),
    "events:event_create": Page(hub_admin_only()),
    "events:event_detail": Page(hub_admin_only(), kwargs=lambda w: {"pk": w.event.pk}),
    "events:event_edit": Page(hub_admin_only(), kwargs=lambda w: {"pk": w.event.pk}),
    "events:facilitating": Page(only(OK, FACILITATOR)),
    "events:session_people": Page(
        only(OK, FACILITATOR, HUB_ADMIN, others=NOT_FOUND),
        kwargs=lambda w: {"pk": w.session.pk},
        foreign=lambda w: {"pk": w.other_session.pk},
        note="a session's own facilitators and hub admins; 404 for anyone else, so who is booked stays private",
    ),
    "events:sessions_add": Page(hub_admin_only(), kwargs=lambda w: {"pk": w.event.pk}),
    "events:session_edit": Page(hub_admin_only(), kwargs=lambda w: {"pk": w.session.pk}),
    "events:session_cancel": Page(hub_admin_only(), kwargs=lambda w: {"pk": w.session.pk}),
    "calendar:index": Page(public(), post=public(NOT_ALLOWED)),
    "calendar:feed": Page(public(), post=public(NOT_ALLOWED)),
    "calendar:private_feed": Page(
        public(),
        kwargs=lambda w: {"token": w.feed_token},
        post=public(NOT_ALLOWED),
        note="the secret address is the capability: calendar apps cannot sign in",
    ),
    "calendar:account": Page(signed_in()),
    "calendar:account_create": Page(signed_in(NOT_ALLOWED), post=signed_in(REDIRECT)),
    "calendar:account_revoke": Page(signed_in(NOT_ALLOWED), post=signed_in(REDIRECT)),
    # --- registers, progress and attendance ------------------------------------------------
    "attendance:mine": Page(only(OK, FACILITATOR)),
    "attendance:register": Page(
        only(OK, FACILITATOR, HUB_ADMIN, others=NOT_FOUND),
        kwargs=lambda w: {"pk": w.session.pk},
        foreign=lambda w: {"pk": w.other_session.pk},
        note="a session's own facilitators and hub admins; 404 for anyone else, so who came stays private",
    ),
    "attendance:everyone_present": Page(
        only(NOT_ALLOWED, FACILITATOR, HUB_ADMIN, others=NOT_FOUND),
        kwargs=lambda w: {"pk": w.session.pk},
        foreign=lambda w: {"pk": w.other_session.pk},
        post=only(REDIRECT, FACILITATOR, HUB_ADMIN, others=NOT_FOUND),
        foreign_roles=(FACILITATOR,),
    ),
    "attendance:import_report": Page(
        only(OK, FACILITATOR, HUB_ADMIN, others=NOT_FOUND),
        kwargs=lambda w: {"pk": w.session.pk},
        foreign=lambda w: {"pk": w.other_session.pk},
        note="the register's own people: its facilitators and hub admins",
    ),
    "attendance:school": Page(
        _school_staff(),
        kwargs=lambda w: {"school_id": w.school.pk},
        foreign=lambda w: {"school_id": w.other_school.pk},
        note="a school's progress: its induction tutors and hub admins",
    ),
    "attendance:self_study": Page(
        signed_in(NOT_ALLOWED),
        kwargs=lambda w: {"assignment_id": w.assignment.pk},
        foreign=lambda w: {"assignment_id": w.other_assignment.pk},
        post=only(ANY, ECT, TUTOR, HUB_ADMIN, others=NOT_FOUND),
        foreign_roles=(ECT, TUTOR),
        note="choosing self-study for a missed clinic: the person, their tutor, a hub admin",
    ),
    "attendance:self_study_list": Page(only(OK, FACILITATOR, HUB_ADMIN)),
    "attendance:sign_off": Page(
        signed_in(NOT_ALLOWED),
        kwargs=lambda w: {"pk": w.study.pk},
        foreign=lambda w: {"pk": w.other_study.pk},
        post=only(ANY, FACILITATOR, HUB_ADMIN, others=NOT_FOUND),
        foreign_roles=(FACILITATOR,),
        note="a facilitator of one of the clinic's sessions, or a hub admin; 404 for anyone else",
    ),
    "attendance:school_funding": Page(
        _school_staff(),
        kwargs=lambda w: {"school_id": w.school.pk},
        foreign=lambda w: {"school_id": w.other_school.pk},
        note="a school's mentor funding evidence: its induction tutors and hub admins",
    ),
    "attendance:school_funding_file": Page(
        _school_staff(),
        kwargs=lambda w: {"school_id": w.school.pk, "term": "autumn", "year": 2025, "fmt": "xlsx"},
        foreign=lambda w: {"school_id": w.other_school.pk, "term": "autumn", "year": 2025, "fmt": "csv"},
        note="one school's mentor funding file for one term: its induction tutors and hub admins",
    ),
    "attendance:school_file": Page(
        _school_staff(),
        kwargs=lambda w: {"school_id": w.school.pk, "fmt": "xlsx"},
        foreign=lambda w: {"school_id": w.other_school.pk, "fmt": "csv"},
        note="attendance per school: its induction tutors and hub admins",
    ),
    "attendance:person_file": Page(
        only(OK, ECT, TUTOR, HUB_ADMIN, others=NOT_FOUND),
        kwargs=lambda w: {"participant_id": w.ect.pk, "fmt": "csv"},
        foreign=lambda w: {"participant_id": w.other_ect.pk, "fmt": "xlsx"},
        note="one person's full attendance record: the person, their induction tutor, hub admins; "
        "not their mentor or a facilitator, who only see a name",
    ),
    "attendance:cohort_file": Page(hub_admin_only(), kwargs=lambda w: {"start_year": 2025, "fmt": "xlsx"}),
    "attendance:hub": Page(hub_admin_only()),
    "attendance:hub_csv": Page(hub_admin_only()),
    "attendance:hub_xlsx": Page(hub_admin_only()),
    "attendance:evidence": Page(hub_admin_only()),
    "attendance:evidence_sent": Page(
        hub_admin_only(NOT_ALLOWED), post=hub_admin_only(ANY), note="records the evidence file as sent (a POST)"
    ),
    "attendance:evidence_csv": Page(hub_admin_only()),
    "attendance:evidence_xlsx": Page(hub_admin_only()),
    "attendance:hub_funding_file": Page(
        hub_admin_only(), kwargs=lambda w: {"term": "spring", "year": 2026, "fmt": "csv"}
    ),
    "attendance:trends": Page(hub_admin_only()),
    "attendance:trends_chart": Page(
        hub_admin_only(), note="the chart as an SVG image; the page's table has its figures"
    ),
    "attendance:trends_progress_chart": Page(
        hub_admin_only(), note="the chart as an SVG image; the page's table has its figures"
    ),
    # --- scheduling -----------------------------------------------------------------------
    "scheduling:index": Page(hub_admin_only()),
    "scheduling:run": Page(hub_admin_only(), kwargs=lambda w: {"pk": w.schedule_run.pk}),
    "scheduling:commit": Page(
        hub_admin_only(NOT_ALLOWED), kwargs=lambda w: {"pk": w.schedule_run.pk}, post=hub_admin_only(ANY)
    ),
    "scheduling:place": Page(hub_admin_only()),
    "dates:change": Page(
        only(OK, ECT, TUTOR, HUB_ADMIN, others=NOT_FOUND),
        kwargs=lambda w: {"assignment_id": w.future_assignment.pk},
        foreign=lambda w: {"assignment_id": w.other_future_assignment.pk},
        note="one's own date, one's school's people's for their induction tutor, anyone's for a hub admin",
    ),
    "dates:catch_up": Page(
        only(OK, ECT, TUTOR, HUB_ADMIN, others=NOT_FOUND),
        kwargs=lambda w: {"assignment_id": w.assignment.pk},
        foreign=lambda w: {"assignment_id": w.other_assignment.pk},
        note="a missed date: the person, their school's induction tutor, a hub admin",
    ),
    "dates:withdraw": Page(
        signed_in(NOT_ALLOWED),
        kwargs=lambda w: {"request_id": w.change_request.pk},
        post=only(ANY, ECT, TUTOR, HUB_ADMIN, others=NOT_FOUND),
        foreign=lambda w: {"request_id": w.other_change_request.pk},
        foreign_roles=(ECT, TUTOR),
    ),
    "dates:hub": Page(hub_admin_only()),
    "dates:decide": Page(hub_admin_only(), kwargs=lambda w: {"request_id": w.change_request.pk}),
    "scheduling:without_dates": Page(hub_admin_only()),
    # --- the lead provider's participant file (hub admins reconcile it) ---------------------
    "leadprovider:upload": Page(hub_admin_only()),
    "leadprovider:review": Page(hub_admin_only(), kwargs=lambda w: {"file_id": w.provider_file.pk}),
    # --- the lead-provider API: tokens only (a signed-in person's cookie opens nothing), its docs public ---
    "apitokens:tokens": Page(hub_admin_only()),
    "apitokens:rotate": Page(
        hub_admin_only(NOT_ALLOWED), kwargs=lambda w: {"token_id": w.api_token.pk}, post=hub_admin_only(ANY)
    ),
    "apitokens:revoke": Page(
        hub_admin_only(NOT_ALLOWED), kwargs=lambda w: {"token_id": w.api_token.pk}, post=hub_admin_only(REDIRECT)
    ),
    "api:participants": Page(public("401"), post=public("401")),
    "api:participant": Page(
        public("401"), kwargs=lambda w: {"participant_id": "d0b4a32e-a272-489e-b30a-cb17131457fc"}, post=public("401")
    ),
    "api:withdraw": Page(
        public("401"), kwargs=lambda w: {"participant_id": "d0b4a32e-a272-489e-b30a-cb17131457fc"}, post=public("401")
    ),
    "api:defer": Page(
        public("401"), kwargs=lambda w: {"participant_id": "d0b4a32e-a272-489e-b30a-cb17131457fc"}, post=public("401")
    ),
    "api:resume": Page(
        public("401"), kwargs=lambda w: {"participant_id": "d0b4a32e-a272-489e-b30a-cb17131457fc"}, post=public("401")
    ),
    "api:declarations": Page(public("401"), post=public("401")),
    "api:declaration": Page(
        public("401"), kwargs=lambda w: {"declaration_id": "d0b4a32e-a272-489e-b30a-cb17131457fc"}, post=public("401")
    ),
    "api:sessions": Page(public("401"), post=public("401")),
    "api:attendance": Page(public("401"), post=public("401")),
    "api:openapi": Page(public(), post=public(NOT_ALLOWED)),
    "api:docs": Page(public(), post=public(ANY)),
    # --- data protection ------------------------------------------------------------------
    "privacy:mine": Page(signed_in(), post=signed_in(OK), note="POST downloads one's own data"),
    "privacy:index": Page(hub_admin_only()),
    "privacy:person": Page(hub_admin_only(), kwargs=lambda w: {"user_id": w.ect.user.pk}),
    "privacy:person_export": Page(
        hub_admin_only(NOT_ALLOWED), kwargs=lambda w: {"user_id": w.ect.user.pk}, post=hub_admin_only(OK)
    ),
    "privacy:person_anonymise": Page(hub_admin_only(NOT_ALLOWED), kwargs=lambda w: {"user_id": w.ect.user.pk}),
    # --- learning: modules, coaching, engagement (ecfhub/learning/access.py) -------------------
    "learning:index": Page(only(OK, ECT, MENTOR, OTHER_MENTOR)),
    "learning:modules": Page(only(OK, ECT, MENTOR, OTHER_MENTOR)),
    "learning:digest": Page(only(OK, ECT, MENTOR, OTHER_MENTOR)),
    "learning:module": Page(
        only(OK, ECT, HUB_ADMIN, others=NOT_FOUND),
        kwargs=lambda w: {"module_id": w.module.pk},
        foreign=lambda w: {"module_id": w.unreleased_module.pk},
        foreign_roles=(ECT,),
        note="a module released to one's own participation (an ECT's here, not a mentor's); any for hub admins",
    ),
    **{
        name: Page(
            only(OK, ECT, MENTOR, HUB_ADMIN, **{OTHER_MENTOR: NOT_FOUND}),
            kwargs=lambda w, key=key, obj=obj: {key: getattr(w, obj).pk},
            foreign=lambda w, key=key, obj=obj: {key: getattr(w, f"other_{obj}").pk},
            note="the ECT, their current mentor and hub admins; tutors see engagement counts only",
        )
        for name, key, obj in (
            ("learning:ect", "participant_id", "ect"),
            ("learning:observation", "observation_id", "observation"),
            ("learning:step", "step_id", "action_step"),
        )
    },
    **{
        name: Page(
            only(OK, MENTOR, **{OTHER_MENTOR: NOT_FOUND}),
            kwargs=lambda w: {"participant_id": w.ect.pk},
            foreign=lambda w: {"participant_id": w.other_ect.pk},
            note="only the ECT's current mentor writes coaching records",
        )
        for name in ("learning:observation_new", "learning:meeting_new", "learning:step_new")
    },
    "learning:engagement": Page(only(OK, TUTOR, OTHER_TUTOR, HUB_ADMIN)),
    "learning:engagement_school": Page(
        only(OK, TUTOR, HUB_ADMIN, **{OTHER_TUTOR: NOT_FOUND}),
        kwargs=lambda w: {"school_id": w.school.pk},
        foreign=lambda w: {"school_id": w.other_school.pk},
        note="counts and dates for one's own schools; never the coaching text",
    ),
    "learning:admin_modules": Page(hub_admin_only()),
    "learning:admin_module_new": Page(hub_admin_only()),
    "learning:admin_module_edit": Page(hub_admin_only(), kwargs=lambda w: {"module_id": w.module.pk}),
    "learning:admin_library": Page(hub_admin_only()),
    "learning:admin_settings": Page(hub_admin_only()),
    # --- a few representative pages of the Django admin (the rest follow the same rule) ---
    "admin:index": Page(admin_site()),
    "admin:people_user_changelist": Page(admin_site()),
    "admin:people_participant_change": Page(admin_site(), kwargs=lambda w: {"object_id": str(w.ect.pk)}),
    "admin:audit_auditentry_changelist": Page(admin_site()),
}


@dataclass(frozen=True)
class FormSwap:
    """A form a role may use, posted with one field pointing at another school's or person's object."""

    role: str
    data: Callable[[World], dict[str, Any]]


# Forms whose fields take object ids from a non-admin role: the foreign id must be refused
# (the form re-shown with an error, or 403/404), never accepted.
FORM_SWAPS: dict[str, FormSwap] = {
    "onboarding:pair": FormSwap(TUTOR, lambda w: {"mentor": w.other_mentor.pk, "starts_on": "2025-09-10"}),
    "dates:change": FormSwap(ECT, lambda w: {"session": w.mentor_session.pk, "reason": "school"}),
    "learning:meeting_new": FormSwap(
        MENTOR, lambda w: {"met_on": "2025-10-01", "notes": "n", "steps_reviewed": [w.other_action_step.pk]}
    ),
    "learning:step_new": FormSwap(
        MENTOR,
        lambda w: {
            "observation": w.other_observation.pk,
            "step": "s",
            "success_looks_like": "x",
            "check_back_on": "2099-01-01",
        },
    ),
}

# The admin's URL names that the matrix samples; every other admin URL is Django's own machinery.
ADMIN_SAMPLES = {name for name in TABLE if name.startswith("admin:")}

__all__ = [
    "ADMIN_LOGIN",
    "ADMIN_SAMPLES",
    "ANY",
    "ECT",
    "FACILITATOR",
    "FORBIDDEN",
    "HUB_ADMIN",
    "LOGIN",
    "MENTOR",
    "NOT_ALLOWED",
    "NOT_FOUND",
    "OK",
    "OTHER_MENTOR",
    "OTHER_TUTOR",
    "REDIRECT",
    "REFUSED",
    "TABLE",
    "TUTOR",
    "Page",
]
