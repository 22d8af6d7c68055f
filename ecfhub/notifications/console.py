"""Development e-mail: one line per message in the terminal instead of the whole MIME text.

`make run` starts a demo hub whose periodic jobs send the week's learning e-mails and reminders to
hundreds of demo people at once; printed in full they bury the demo logins under tens of thousands
of lines. Each message's full text is on the hub admin's *E-mail outbox* page; the one thing that
is not stored there, a set-up or password-reset link (notifications/links.py), is printed under its
line so it can be followed. Set EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend for
the whole messages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as FullConsoleBackend


class EmailBackend(FullConsoleBackend):
    def write_message(self, message: Any) -> None:
        self.stream.write(f"E-mail to {', '.join(message.recipients())}: {message.subject}\n")
        secret_links = f"{settings.SITE_URL.rstrip('/')}/account/"
        for line in str(message.body).splitlines():
            if secret_links in line:
                self.stream.write(f"    link: {line.strip()}\n")
