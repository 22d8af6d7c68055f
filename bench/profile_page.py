"""Profile one page of the hub bench_pages.py built: where does a request's time go?

Runs the page through the test client N times in this process, with production's settings
(DEBUG=0, the database cache) against the bench's database, under pyinstrument, and prints the
call tree (or writes HTML with --html). Also prints the mean time and queries of one request.

Usage: .venv/bin/python bench/profile_page.py PATH [--as EMAIL] [--participants N] [--repeat N] [--html FILE]
e.g.   .venv/bin/python bench/profile_page.py /calendar/
       .venv/bin/python bench/profile_page.py /manage/ --as admin@demo.ecfhub.test
(DATABASE_URL as for bench_pages.py: when unset, var/bench/pages-<N>.sqlite3.)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import ROOT, QueryCounter, _environment


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--as", dest="email", default=None)
    parser.add_argument("--participants", type=int, default=int(os.environ.get("BENCH_PARTICIPANTS", "10000")))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--html", default=None)
    args = parser.parse_args()

    os.environ.update(_environment(args.participants))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client
    from pyinstrument import Profiler

    from ecfhub.people.models import User

    client = Client()
    if args.email:
        client.force_login(User.objects.get(email=args.email))
    response = client.get(args.path)
    assert response.status_code == 200, response.status_code
    with QueryCounter() as queries:
        client.get(args.path)
    started = time.perf_counter()
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.repeat):
        client.get(args.path)
    profiler.stop()
    elapsed = (time.perf_counter() - started) / args.repeat
    print(
        f"{args.path}: {elapsed * 1000:.1f} ms a request (profiled), {len(queries.sql)} queries, {len(response.content) / 1024:.0f} KiB"
    )
    for sql in queries.sql:
        print(f"  {sql[:200]}")
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    else:
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
