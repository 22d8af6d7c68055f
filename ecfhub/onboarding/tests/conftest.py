from ecfhub.notifications.tests.fixtures import smtp_server  # noqa: F401
