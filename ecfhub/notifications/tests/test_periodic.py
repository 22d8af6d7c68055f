from __future__ import annotations

from django.core.management import call_command

from ecfhub.notifications import periodic


def test_each_job_runs_at_its_own_interval_and_a_failing_job_does_not_stop_the_others():
    calls: list[str] = []

    def broken() -> None:
        raise RuntimeError("boom")

    periodic.register("test_fast", 10, lambda: calls.append("fast"))
    periodic.register("test_slow", 60, lambda: calls.append("slow"))
    periodic.register("test_broken", 10, broken)
    try:
        last: dict[str, float] = {}
        periodic.run_due(last, now=1000.0)
        periodic.run_due(last, now=1005.0)
        periodic.run_due(last, now=1011.0)
        periodic.run_due(last, now=1061.0)
        assert calls == ["fast", "slow", "fast", "fast", "slow"]
    finally:
        for name in ("test_fast", "test_slow", "test_broken"):
            periodic._jobs.pop(name)


def test_the_outbox_sweep_is_registered():
    assert "outbox_sweep" in [job.name for job in periodic.registered()]


def test_the_periodic_command_runs_the_jobs_once(db, capsys):
    calls: list[str] = []
    periodic.register("test_once", 60, lambda: calls.append("ran"))
    try:
        call_command("periodic", "--once")
    finally:
        periodic._jobs.pop("test_once")
    assert calls == ["ran"]
    assert "outbox_sweep" in capsys.readouterr().out
