import pytest
from django.db.utils import ConnectionHandler

from ecfhub.hub import views


def test_it_returns_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_returns_503_when_the_database_is_unreachable(client, db, monkeypatch, tmp_path):
    # A real connection to a database file that cannot exist (its folder is missing).
    broken = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "missing" / "db.sqlite3")}}
    )["default"]
    monkeypatch.setattr(views, "connection", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_it_only_answers_get(client, db, method):
    assert getattr(client, method)("/healthz").status_code == 405
