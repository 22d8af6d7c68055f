from ecfhub.lib.access import HUB_ADMIN
from ecfhub.people.models import Role


def test_the_hub_admin_role_lib_checks_is_the_one_people_grants():
    # lib imports no app, so it spells the value; this keeps the two from drifting apart.
    assert Role.HUB_ADMIN == HUB_ADMIN
