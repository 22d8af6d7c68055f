"""Onboarding pages: tutors' school pages (school.py), CSV upload (upload.py), hub admins (admin.py), account set-up (account.py)."""
