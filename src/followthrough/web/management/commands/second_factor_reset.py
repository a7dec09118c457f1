from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from followthrough.web.services import second_factor_reset


class Command(BaseCommand):
    help = (
        "Clear a user's authenticator app and backup codes (a lost phone), audited: at their "
        "next sign-in they set up a new one. Site administrators can do it on "
        "/accounts/second-factor-reset/ too."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError("there is no user with that username")
        had = second_factor_reset(user=user, actor=None)
        self.stdout.write(
            "Second factor reset." if had else "That user had no second factor; nothing to reset."
        )
