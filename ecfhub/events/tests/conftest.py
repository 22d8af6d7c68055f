"""Fixtures for the events tests: the real SMTP server, for the e-mails a session change sends."""

from ecfhub.notifications.tests.fixtures import smtp_server  # noqa: F401
