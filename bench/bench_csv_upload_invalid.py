"""How long does a hostile registration CSV hold a web worker, and how big is the answer?

A 120 KB file of 60,000 rows that are all wrong (one character each) is posted to the upload
page by a signed-in tutor, through the real view: size limit, decode, every row checked, the
problems page rendered. An outside review measured 21 s and a 51 MB page before the check was
bounded. Target: well inside gunicorn's 30 s worker timeout (a few seconds at most) and a page
of tens of kilobytes.

Usage: .venv/bin/python bench/bench_csv_upload_invalid.py [--rows N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import setup_django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=60_000)
    args = parser.parse_args()

    setup_django("csv_upload_invalid")

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from ecfhub.people.models import School, User

    school = School.objects.create(urn="199998", name="Bench Academy", town="Norwich")
    tutor = User.objects.create_user(email="tutor@bench.test", password="bench-password-123", full_name="Bench Tutor")
    school.induction_tutors.add(tutor)
    header = "Full name,E-mail address,TRN,Induction start date,Type\n"
    data = (header + "x\n" * args.rows).encode()

    client = Client()
    client.force_login(tutor)
    started = time.perf_counter()
    response = client.post(
        reverse("onboarding:upload", args=[school.pk]),
        {"file": SimpleUploadedFile("hostile.csv", data, content_type="text/csv")},
    )
    elapsed = time.perf_counter() - started
    print(f"file: {args.rows:,} invalid rows, {len(data) / 1024:.0f} KiB")
    print(f"answer: {response.status_code}, {len(response.content) / 1024:,.0f} KiB")
    print(f"time in the view: {elapsed:6.2f} s (target: a few seconds, gunicorn's timeout is 30 s)")


if __name__ == "__main__":
    main()
