import io

from django.core.mail import EmailMessage

from ecfhub.notifications.console import EmailBackend


def send(body: str, settings) -> str:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "http://127.0.0.1:8012"
    out = io.StringIO()
    EmailBackend(stream=out).send_messages([EmailMessage("Your week: Planning lessons", body, to=["ect@demo.test"])])
    return out.getvalue()


def test_a_message_is_one_line_with_its_address_and_subject(settings):
    printed = send("Hello Niamh,\n\nThis week's module is out.\nhttp://127.0.0.1:8012/learning/\n", settings)
    assert printed == "E-mail to ect@demo.test: Your week: Planning lessons\n"


def test_a_set_up_link_is_printed_under_its_line_because_the_outbox_does_not_keep_it(settings):
    printed = send("Set up your account:\n  http://127.0.0.1:8012/account/set-up/abc123/\n", settings)
    assert printed.splitlines() == [
        "E-mail to ect@demo.test: Your week: Planning lessons",
        "    link: http://127.0.0.1:8012/account/set-up/abc123/",
    ]
