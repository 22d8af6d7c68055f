"""Test helpers: a real SMTP server in this process, and running queued tasks for real.

Used by the tests of every app that sends e-mail (see their conftest.py)."""

from __future__ import annotations

import datetime
import email
import email.policy
import socket
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from ecfhub.notifications import pace


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_RCPT(self, smtp: SMTP, session: Session, envelope: Envelope, address: str, options: Any) -> str:
        if self.server.refuse_recipients_with:
            return self.server.refuse_recipients_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        self.server.received.append(email.message_from_bytes(content, policy=email.policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class SmtpServer:
    """An aiosmtpd server on a free localhost port that can be stopped ("down") and started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[EmailMessage] = []
        self.refuse_recipients_with = ""
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.received if address in str(message["To"])]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""  # type: ignore[no-any-return]


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    return part.get_content() if part is not None else ""  # type: ignore[no-any-return]


def run_tasks() -> None:
    """Run every task that is due, with django-tasks-db's own worker loop, then return."""
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def send_held() -> dict[str, int]:
    """Send the held e-mails (notifications/pace.py) as the periodic job will once their quiet period
    has passed, rendered from the data as it is now. For tests about what an e-mail says; tests
    about the holding itself travel in time instead."""
    return pace.send_held(now=timezone.now() + datetime.timedelta(days=1))
