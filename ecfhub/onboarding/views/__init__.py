"""Onboarding pages: tutors' school pages (school.py), staff training dates (dates.py), CSV upload (upload.py), hub admins (admin.py), account set-up (account.py)."""
