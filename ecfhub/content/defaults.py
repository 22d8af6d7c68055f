"""The participants' area's starting text, in our own words. Hub admins edit it in the app;
this is only what a new installation shows before they do."""

DEFAULT_PAGES: list[dict[str, object]] = [
    {
        "slug": "home",
        "title": "Welcome",
        "order": 0,
        "summary": "",
        "body": (
            "This is the place for early career teachers (ECTs) and their mentors on our "
            "ECF-based training programme. Here you can read how the two years fit together, "
            "what you are asked to attend, and how your training dates are chosen.\n\n"
            "Once you are signed in you will find your own dates, your mentor or ECTs, and "
            "the link to the self-study platform in one place."
        ),
    },
    {
        "slug": "what-is-ecf-based-training",
        "title": "What ECF-based training is",
        "order": 1,
        "summary": "The entitlement behind the programme, and why it lasts two years.",
        "body": (
            "The Early Career Framework (ECF), published by the Department for Education, lists "
            "what every new teacher in England is entitled to learn in their first years: how "
            "pupils learn, managing behaviour, planning and teaching well-structured lessons, "
            "adapting teaching, assessment and professional behaviours.\n\n"
            "ECF-based training turns that entitlement into a programme. It runs alongside "
            "statutory induction, which now lasts **two years**, and links what you learned in "
            "initial teacher training to the everyday work of your own classroom."
        ),
    },
    {
        "slug": "how-the-programme-works",
        "title": "How the programme works",
        "order": 2,
        "summary": "Self-study, mentoring, clinics and conferences, week by week.",
        "body": (
            "## Self-study\n\n"
            "Each week you work through a short module on one area of practice. The materials "
            "come from our lead provider and are reached from your home page.\n\n"
            "## Mentoring\n\n"
            "Your mentor watches a short part of a lesson, then meets you to agree one concrete "
            "action step, look at what it looks like done well, and practise it.\n\n"
            "## Training events\n\n"
            "- **Clinics** are about an hour, online, after school, each on a common teaching "
            "problem.\n"
            "- **Conferences** are full days in person, with other ECTs and mentors and an "
            "expert facilitator.\n\n"
            "Each event runs on several dates, so there is more than one chance to attend."
        ),
    },
    {
        "slug": "training-dates",
        "title": "Your training dates",
        "order": 3,
        "summary": "How we choose your dates, and what to do if you cannot make one.",
        "body": (
            "We give every ECT and mentor a date for each training event they need, with at "
            "least **half a term's notice** (counted in school days, so holidays do not eat into "
            "it). We try to avoid taking too many staff from one school on the same day, and we "
            "never give a part-time teacher a date on a day they do not work, once their school "
            "has told us their pattern.\n\n"
            "Your dates appear under *My events* when you are signed in, and you can add them "
            "to your own calendar.\n\n"
            "## If you cannot make a date\n\n"
            "Every event has repeat sessions. Under *My events*, choose *Can't make this date?* "
            "beside the date: you see the other dates of that event you can take, with the seats "
            "left, and say briefly why. If the date you pick has a seat, we move you (at once, or "
            "once the hub has agreed, as the hub has chosen) and e-mail you the new date. If it is "
            "full, you can join its waiting list: when a seat frees, the first person waiting is "
            "moved and told. Your induction tutor can also ask for you. You keep your date until "
            "the change is made, and you can withdraw a request at any time."
        ),
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "order": 9,
        "summary": "What we hold about you and why.",
        "body": (
            "We hold your name, e-mail address, school, Teacher Reference Number (TRN) and your "
            "training record so that we can run the programme, report attendance to your school "
            "and evidence training to the lead provider.\n\n"
            "Lesson observations and action steps are seen only by you, your mentor and, where "
            "needed, your induction tutor. You can ask us for a copy of everything we hold about "
            "you. We keep records for a limited period after you finish and then remove your "
            "personal details, keeping only anonymous attendance figures."
        ),
    },
]
