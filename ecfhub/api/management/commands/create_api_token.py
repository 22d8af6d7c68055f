"""Make an API token from the command line (as the hub admins' page does) and print its secret once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecfhub.api.models import ApiToken
from ecfhub.api.services import create_token
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import User


class Command(BaseCommand):
    help = "Create an API token for a lead provider, made by a hub admin; prints the token once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="Whose token it is, for example the lead provider's name.")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ)
        parser.add_argument("--by", required=True, help="The e-mail address of the hub admin making it.")

    def handle(self, *args: Any, **options: Any) -> None:
        admin = User.objects.filter(email__iexact=options["by"], is_hub_admin=True, is_active=True).first()
        if admin is None:
            raise CommandError(f"No active hub admin has the address {options['by']}.")
        try:
            made = create_token(name=options["name"], scope=options["scope"], expires_at=None, actor=admin)
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(made.secret)
