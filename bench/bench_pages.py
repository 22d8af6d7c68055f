"""How fast are the hub's pages at scale, measured from outside, against a bare Django floor?

Builds the demo hub at --participants (default BENCH_PARTICIPANTS or 10,000) in its own database,
serves it as in production (gunicorn, 2 workers, DEBUG=0, collected static files, the database
cache) and, in the same run, a bare Django view (bench/floor: startproject's middleware, a small
template) served the same way. Then loads each page with wrk at 20 connections for a few seconds,
signed in as the role the page is for (a session cookie from a real sign-in through the login
form), and prints per page: requests per second, its share of the floor's, p50/p95/p99 latency,
and the queries one request makes (counted in a separate pass through the test client). Writes
bench/results/<date>-<scale>-<db>.json. How to read it: bench/README.md.

Database: DATABASE_URL when set (an EMPTY PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/bench_pages,
or one this script built before, with --reuse), otherwise var/bench/pages-<N>.sqlite3.

Usage: .venv/bin/python bench/bench_pages.py [--participants N] [--reuse] [--duration S] [--pages a,b]
Needs wrk (Debian: apt-get install wrk; measured with 4.1.0).
"""

from __future__ import annotations

import argparse
import datetime
import http.cookiejar
import io
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
DEMO_TODAY = datetime.date(2026, 11, 28)
PASSWORD = "ecfhub-demo-2026"
DOMAIN = "demo.ecfhub.test"

# Share of the floor's throughput each kind of page should reach (issue 16), and the p95 target.
TARGET_SHARE = {"public": 0.5, "participant": 0.5, "tutor": 0.5, "facilitator": 0.25, "hub admin": 0.25}
TARGET_P95_MS = 100
WARM_UP = 4  # requests to each page before it is loaded (both workers, their caches)


@dataclass
class Page:
    name: str
    role: str  # "public" or one of the demo logins' roles
    path: str
    login: str | None = None  # the demo account's e-mail
    result: dict[str, Any] = field(default_factory=dict)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=int(os.environ.get("BENCH_PARTICIPANTS", "10000")))
    parser.add_argument("--schools", type=int, default=None, help="default: one school per 25 participants")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_SECONDS", "6")))
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8291")))
    parser.add_argument("--reuse", action="store_true", help="keep a hub this script built before at the same size")
    parser.add_argument("--pages", default="", help="comma-separated page names to load (default all)")
    parser.add_argument("--no-write", action="store_true", help="print only; write no result file")
    parser.add_argument("--label", default="", help="appended to the result file's name, e.g. before")
    parser.add_argument("--queries-only", action="store_true", help="count each page's queries; serve and load nothing")
    args = parser.parse_args()
    schools = args.schools or max(1, args.participants // 25)
    if shutil.which("wrk") is None:
        sys.exit("bench_pages needs wrk (Debian: apt-get install wrk).")

    env = _environment(args.participants)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ecfhub.people.models import Participant, School

    call_command("migrate", verbosity=0)
    build_seconds = None
    build_parts: dict[str, float] = {}
    if School.objects.exists():
        have = Participant.objects.count()
        if not args.reuse or have != args.participants:
            sys.exit(
                f"The bench database already holds a hub ({have} participants). Use --reuse with the same "
                "--participants, or an empty database."
            )
        print(f"reusing the hub of {have:,} participants already in the database")
    else:
        print(f"building the demo hub: {args.participants:,} participants, {schools:,} schools …", flush=True)
        started = time.perf_counter()
        output = io.StringIO()
        call_command("seed_demo", today=DEMO_TODAY, participants=args.participants, schools=schools, stdout=output)
        build_seconds = time.perf_counter() - started
        for line in output.getvalue().splitlines():
            match = re.fullmatch(r"\s*part (\w+): ([\d.]+) s", line)
            if match:
                build_parts[match[1]] = float(match[2])
                print(f"  {match[1]:<12} {float(match[2]):7.1f} s")
        print(f"  built in {build_seconds:.1f} s")
    vendor = connection.vendor
    db_name = str(connection.settings_dict["NAME"])
    # A hub in use has its statistics and visibility map kept by autovacuum; a bulk-loaded one has
    # neither yet, and the planner would read it as a different database.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
    print(f"  {'VACUUM ANALYZE' if vendor == 'postgresql' else 'ANALYZE'} in {time.perf_counter() - started:.1f} s")
    call_command("collectstatic", interactive=False, verbosity=0)

    pages = _pages()
    if args.pages:
        wanted = set(args.pages.split(","))
        pages = [p for p in pages if p.name in wanted]
    _count_queries(pages)
    connection.close()
    if args.queries_only:
        for page in pages:
            print(f"{page.name:<22} {page.result['queries']:3d} queries")
        return

    port, floor_port = args.port, args.port + 1
    base, floor_base = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{floor_port}"
    servers = [
        _serve("ecfhub.wsgi", port, env, pythonpath=ROOT),
        _serve("floor.wsgi", floor_port, {**env, "DJANGO_SETTINGS_MODULE": "floor.settings"}, pythonpath=BENCH),
    ]
    try:
        _wait_for(f"{base}/healthz")
        _wait_for(f"{floor_base}/")
        cookies = {login: _sign_in(base, login) for login in sorted({p.login for p in pages if p.login})}
        # The floor is loaded before and after every page, and each page is compared with the mean of
        # the two: other work on the machine comes and goes, and moves both alike.
        floor_seconds = max(2, args.duration // 2)
        _check_page(f"{floor_base}/", None, "floor")
        app_cpu = _Cpu(servers[0], database=db_name if vendor == "postgresql" else None)
        floor_cpu = _Cpu(servers[1], database=None)
        floors = [_load("floor", f"{floor_base}/", None, args, floor_seconds, floor_cpu)]
        for page in pages:
            cookie = cookies.get(page.login) if page.login else None
            _check_page(base + page.path, cookie, page.name)
            page.result.update(_load(page.name, base + page.path, cookie, args, args.duration, app_cpu))
            floors.append(_load("floor", f"{floor_base}/", None, args, floor_seconds, floor_cpu))
            page.result["floor_rps"] = (floors[-2]["rps"] + floors[-1]["rps"]) / 2
            page.result["floor_cpu_ms"] = (floors[-2]["cpu_ms"] + floors[-1]["cpu_ms"]) / 2
    finally:
        for server in servers:
            _stop(server)

    floor_rps = sum(f["rps"] for f in floors) / len(floors)
    _report(pages, floors, floor_rps, args, vendor)
    if not args.no_write:
        _write(pages, floors, floor_rps, args, vendor, schools, build_seconds, build_parts)


def _environment(participants: int) -> dict[str, str]:
    """Production's settings over plain HTTP on the loopback (as .ci/serve-check), with a database of its own."""
    var = ROOT / "var" / "bench"
    var.mkdir(parents=True, exist_ok=True)
    port = os.environ.get("BENCH_PORT", "8291")
    env = {
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "ECFHUB_INSECURE_LOCAL": "1",
        "ECFHUB_VAR_DIR": str(var / "serve"),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "ecfhub.settings",
        # A signed-in page is loaded many times a second from one address: the sign-in throttle is
        # per failed attempt, so it never trips here; nothing else is relaxed.
    }
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL") or f"sqlite:///{var / f'pages-{participants}.sqlite3'}"
    return env


def _pages() -> list[Page]:
    from ecfhub.people.models import School

    school = School.objects.filter(induction_tutors__email=f"tutor@{DOMAIN}").order_by("pk").first()
    assert school is not None, "the demo tutor has no school"
    admin, facilitator, tutor, ect = (f"{who}@{DOMAIN}" for who in ("admin", "facilitator", "tutor", "ect"))
    return [
        Page("front page", "public", "/"),
        Page("calendar", "public", "/calendar/"),
        Page("calendar feed", "public", "/calendar.ics"),
        Page("ECT home", "participant", "/my/", ect),
        Page("ECT my events", "participant", "/events/", ect),
        Page("tutor school", "tutor", f"/schools/{school.pk}/", tutor),
        Page("tutor training dates", "tutor", f"/schools/{school.pk}/training-dates/", tutor),
        Page("facilitator sessions", "facilitator", "/events/facilitating/", facilitator),
        Page("hub attention list", "hub admin", "/manage/", admin),
        Page("hub events", "hub admin", "/manage/events/", admin),
        Page("hub scheduling", "hub admin", "/manage/scheduling/", admin),
    ]


def _count_queries(pages: list[Page]) -> None:
    """Queries per request, through the test client with the same settings: the second request (warm)."""
    from django.test import Client

    from ecfhub.people.models import User

    for page in pages:
        client = Client()
        if page.login:
            client.force_login(User.objects.get(email=page.login))
        first = client.get(page.path)
        assert first.status_code == 200, f"{page.path}: {first.status_code}"
        with QueryCounter() as counted:
            client.get(page.path)
        page.result["queries"] = len(counted.sql)
        page.result["bytes"] = len(first.content)


class QueryCounter:
    """Every query the default connection runs inside the block, whatever DEBUG says (an execute wrapper)."""

    def __init__(self) -> None:
        self.sql: list[str] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.sql.append(sql)
        return execute(sql, params, many, context)

    def __enter__(self) -> QueryCounter:
        from django.db import connection

        self._wrapping = connection.execute_wrapper(self)
        self._wrapping.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._wrapping.__exit__(*exc)


def _serve(app: str, port: int, env: dict[str, str], *, pythonpath: Path) -> subprocess.Popen[bytes]:
    # As the Procfile, without the access log (it costs every page and the floor alike); 2 workers.
    command = [GUNICORN, app, "--bind", f"127.0.0.1:{port}", "--workers", "2", "--pythonpath", str(pythonpath)]
    command += ["--no-control-socket", "--preload"]  # preload: both workers answer as soon as the master is up
    log = open(ROOT / "var" / "bench" / f"gunicorn-{port}.log", "wb")  # noqa: SIM115
    return subprocess.Popen(command, env={**os.environ, **env}, stdout=log, stderr=log, start_new_session=True)


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _wait_for(url: str) -> None:
    for _ in range(120):
        try:
            with urllib.request.urlopen(url, timeout=20) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"{url} did not answer; see var/bench/gunicorn-*.log")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _sign_in(base: str, email: str) -> str:
    """A session cookie from signing in through the login form, as a person would."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    with opener.open(f"{base}/account/login/") as response:
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token, "no CSRF token on the sign-in page"
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": email, "password": PASSWORD}
    ).encode()
    request = urllib.request.Request(f"{base}/account/login/", data=data, headers={"Referer": f"{base}/account/login/"})
    try:
        opener.open(request)
        raise AssertionError(f"signing in as {email} did not redirect")
    except urllib.error.HTTPError as answer:
        assert answer.code == 302, f"signing in as {email}: {answer.code}"
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    assert session, f"no session cookie for {email}"
    return f"sessionid={session}"


def _check_page(url: str, cookie: str | None, name: str) -> None:
    """A few requests first: the page must answer 200 itself (not a redirect to the sign-in page), warm."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    for _ in range(WARM_UP):
        try:
            with opener.open(request, timeout=60) as response:
                assert response.status == 200, f"{name}: {response.status}"
                response.read()
        except urllib.error.HTTPError as answer:
            raise AssertionError(f"{name} ({url}) answered {answer.code}") from answer


def _load(name: str, url: str, cookie: str | None, args: argparse.Namespace, seconds: int, cpu: _Cpu) -> dict[str, Any]:
    command = ["wrk", "-t2", f"-c{args.connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(BENCH / "wrk_report.lua")]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    print(f"  loading {name} …", end="", flush=True)
    before = cpu.ticks()
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    used = cpu.seconds_since(before)
    line = next(line for line in out.splitlines() if line.startswith("WRK_JSON "))
    raw = json.loads(line.removeprefix("WRK_JSON "))
    seconds_taken = raw["duration_us"] / 1e6
    errors = sum(raw["errors"].values())
    result = {
        "rps": raw["requests"] / seconds_taken,
        "requests": raw["requests"],
        "errors": errors,
        "p50_ms": raw["latency_us"]["p50"] / 1000,
        "p95_ms": raw["latency_us"]["p95"] / 1000,
        "p99_ms": raw["latency_us"]["p99"] / 1000,
        "max_ms": raw["latency_us"]["max"] / 1000,
        # CPU the server (and, on PostgreSQL, the database's backends) spent per request: unlike req/s,
        # it hardly moves when other work shares the cores (requests in flight at the end count too).
        "cpu_ms": 1000 * used / max(1, raw["requests"]),
    }
    print(
        f" {result['rps']:.0f} req/s, {result['cpu_ms']:.1f} CPU ms a request"
        + (f", {errors} ERRORS" if errors else ""),
        flush=True,
    )
    return result


class _Cpu:
    """CPU time (user + system) of a gunicorn master's workers and, optionally, of the PostgreSQL backends
    serving one database, read from /proc."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, server: subprocess.Popen[bytes], *, database: str | None) -> None:
        self.master = server.pid
        self.database = database

    def _pids(self) -> list[int]:
        pids = []
        try:
            children = Path(f"/proc/{self.master}/task/{self.master}/children").read_text().split()
            pids += [int(pid) for pid in children]
        except OSError:
            pass
        if self.database:
            for proc in Path("/proc").iterdir():
                if not proc.name.isdigit():
                    continue
                try:
                    title = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                if title.startswith("postgres: ") and f" {self.database} " in title:
                    pids.append(int(proc.name))
        return pids

    def ticks(self) -> dict[int, int]:
        found = {}
        for pid in self._pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[pid] = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return found

    def seconds_since(self, before: dict[int, int]) -> float:
        now = self.ticks()
        return sum(t - before.get(pid, 0) for pid, t in now.items()) / self.TICK


def _report(
    pages: list[Page], floors: list[dict[str, Any]], floor_rps: float, args: argparse.Namespace, vendor: str
) -> None:
    rates = sorted(f["rps"] for f in floors)
    print()
    print(
        f"{args.participants:,} participants on {vendor}; {args.connections} connections, {args.duration} s a page; "
        f"floor {rates[0]:.0f}–{rates[-1]:.0f} req/s over {len(floors)} runs (mean {floor_rps:.0f})"
    )
    print(
        f"{'page':<22} {'req/s':>6} {'floor':>6} {'share':>6} {'target':>6} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'queries':>7} {'KiB':>5} {'CPU ms':>7} {'CPU share':>9}"
    )
    for page in pages:
        r = page.result
        share = r["rps"] / r["floor_rps"]
        r["share_of_floor"] = share
        r["target_share"] = TARGET_SHARE[page.role]
        r["meets_target"] = share >= TARGET_SHARE[page.role] and r["p95_ms"] < TARGET_P95_MS and not r["errors"]
        r["cpu_share_of_floor"] = r["floor_cpu_ms"] / r["cpu_ms"] if r["cpu_ms"] else None
        cpu_share = f"{r['cpu_share_of_floor']:9.2f}" if r["cpu_share_of_floor"] else f"{'-':>9}"
        print(
            f"{page.name:<22} {r['rps']:6.0f} {r['floor_rps']:6.0f} {share:6.2f} {TARGET_SHARE[page.role]:6.2f} "
            f"{r['p50_ms']:7.1f} {r['p95_ms']:7.1f} {r['p99_ms']:7.1f} {r['queries']:7d} {r['bytes'] / 1024:5.0f} "
            f"{r['cpu_ms']:7.1f} {cpu_share}" + ("" if r["meets_target"] else "  below target")
        )


def _write(
    pages: list[Page],
    floors: list[dict[str, Any]],
    floor_rps: float,
    args: argparse.Namespace,
    vendor: str,
    schools: int,
    build_seconds: float | None,
    build_parts: dict[str, float],
) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    now = datetime.datetime.now(datetime.UTC)
    data = {
        "measured_at": now.isoformat(timespec="seconds"),
        "commit": commit.strip(),
        "database": vendor,
        "participants": args.participants,
        "schools": schools,
        "demo_today": DEMO_TODAY.isoformat(),
        "demo_build_seconds": build_seconds,
        "demo_build_parts_seconds": build_parts,
        "server": "gunicorn, 2 sync workers, DEBUG=0, no access log",
        "load": f"wrk, 2 threads, {args.connections} connections, {args.duration} s per page",
        "machine": {"cpus": os.cpu_count(), "load_average_at_end": os.getloadavg()},
        "floor": {"rps_mean": floor_rps, "runs": floors},
        "pages": [{"name": p.name, "role": p.role, "path": p.path, **p.result} for p in pages],
    }
    results = BENCH / "results"
    results.mkdir(exist_ok=True)
    scale = f"{args.participants // 1000}k" if args.participants % 1000 == 0 else str(args.participants)
    label = f"-{args.label}" if args.label else ""
    path = results / f"{now:%Y-%m-%d}-{scale}-{vendor}{label}.json"
    path.write_text(json.dumps(data, indent=2) + "\n")
    print(f"\nwritten: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
