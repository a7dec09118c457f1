"""followthrough token USERNAME: print a new personal API token, for a script or a system
that updates Followthrough (docs/api.md). Audited like one made on the API tokens page."""

from __future__ import annotations

import argparse
import datetime as dt

from followthrough.cli.site import setup_django


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of days: {text!r}") from None
    if days < 1:
        raise argparse.ArgumentTypeError("give at least 1 day")
    return days


def register(subparsers) -> None:
    cmd = subparsers.add_parser(
        "token",
        help="print a new personal API token for a user",
        description="Make a personal API token for USERNAME and print it (only once: it is "
        "kept as a hash). It acts as that user, with their roles as they are at each request, "
        "until it expires or they revoke it on their API tokens page.",
    )
    cmd.add_argument("username")
    cmd.add_argument(
        "--scope",
        choices=["read", "write"],
        default="read",
        help="read only (default), or read and write",
    )
    cmd.add_argument(
        "--days",
        type=_days,
        default=90,
        help="how many days it lasts (default 90; at most FOLLOWTHROUGH_API_TOKEN_MAX_DAYS)",
    )
    cmd.add_argument("--name", default="", help="what it is for (default: 'Made by the command')")
    cmd.set_defaults(func=run_token)


def run_token(args) -> int:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from followthrough.api.services import ApiTokenRefused, api_token_create
    from followthrough.cli import CommandError

    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        raise CommandError(f"there is no user called {args.username!r}.")
    expires_on = timezone.localdate() + dt.timedelta(days=args.days)
    try:
        _token, secret = api_token_create(
            user=user,
            name=args.name or "Made by the command",
            scope=args.scope,
            expires_on=expires_on,
            actor=None,
            via="command line",
        )
    except ApiTokenRefused as exc:
        raise CommandError(str(exc)) from None
    print(secret)
    return 0
