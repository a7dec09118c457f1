from django.core.management.base import BaseCommand

from followthrough.web.services import signin_unlock


class Command(BaseCommand):
    help = (
        "Unlock sign-in for a username locked out after failed attempts (audited). "
        "To clear an address instead: followthrough manage axes_reset_ip ADDRESS."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if signin_unlock(username=username, actor=None):
            self.stdout.write(
                "Unlocked: the failed sign-in attempts for that username are cleared."
            )
        else:
            self.stdout.write("No failed sign-in attempts for that username: nothing to unlock.")
