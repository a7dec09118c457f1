"""followthrough bench-data: fill an empty database with invented data to measure pages by."""

from __future__ import annotations

import sys

from followthrough.cli.site import base_url, setup_django


def register(subparsers) -> None:
    cmd = subparsers.add_parser(
        "bench-data",
        help="fill an empty database with invented benchmark data (never on production)",
        description="Fill the configured database with invented data to measure pages by: "
        "'national' is 40 partnerships, 2,000 reviews, 30,000 recommendations, 60,000 actions, "
        "240,000 milestones and 106,000 progress updates (from a few dozen actions in the "
        "smallest partnership to about 5,000 in the largest); 'small' is a few reviews, for "
        "tests. The same seed gives the same data (dates count from today). It makes the users "
        "bench-coordinator (the largest partnership), bench-small (the smallest), bench-lead "
        "(a lead in 10 partnerships) and bench-admin (site administrator), with the demo "
        "password. It refuses a database that holds any data unless --force, and running it "
        "again with the same scale and seed changes nothing. Never run it on a production "
        "database: the data is invented.",
    )
    cmd.add_argument("--scale", choices=["small", "national"], default="small")
    cmd.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
    cmd.add_argument(
        "--force",
        action="store_true",
        help="add the data beside what the database holds already (never on production)",
    )
    cmd.set_defaults(func=run_bench_data)


def run_bench_data(args) -> int:
    from followthrough.cli import CommandError

    setup_django()
    from django.db import DatabaseError, IntegrityError, connection
    from django.urls import reverse

    from followthrough.benchdata.loader import BenchDataRefused, bench_data_load

    where = _database_in_words(connection)

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        result = bench_data_load(
            scale=args.scale, seed=args.seed, force=args.force, progress=progress
        )
    except BenchDataRefused as exc:
        raise CommandError(f"{where}: {exc}") from None
    except IntegrityError as exc:
        raise CommandError(
            f"{where}: a name the bench data uses is taken already (a partnership, agency or "
            f"user), nothing was saved ({exc.__class__.__name__}); use an empty database"
        ) from None
    except DatabaseError as exc:
        raise CommandError(
            f"{where}: the database refused the data, nothing was saved "
            f"({exc.__class__.__name__}). Run 'followthrough manage migrate' if it is new."
        ) from None
    if result.already_loaded:
        print(
            f"The bench data of scale {result.scale}, seed {result.seed} is already in {where}: "
            "nothing changed."
        )
        return 0
    counts = result.counts
    print(
        f"Bench data of scale {result.scale}, seed {result.seed}, loaded into {where} in "
        f"{result.seconds:.0f} s: {counts['partnerships']} partnerships, {counts['reviews']:,} "
        f"reviews, {counts['recommendations']:,} recommendations, {counts['actions']:,} "
        f"actions, {counts['milestones']:,} milestones, {counts['progress_updates']:,} progress "
        f"updates ({counts['agencies']:,} agencies, {counts['users']:,} users, "
        f"{counts['audit_events']:,} audit events). Invented data: never on production."
    )
    url = base_url()
    for label, partnership in (("Largest", result.largest), ("Smallest", result.smallest)):
        actions = counts_of(partnership)
        print(
            f"{label} partnership: {partnership.name} ({actions:,} actions), "
            f"{url}{reverse('dashboards:partnership', args=[partnership.pk])}"
        )
    for review, actions in result.plans:
        print(
            f"Plan of {actions:,} actions: {url}{reverse('plans:review_detail', args=[review.pk])}"
        )
    from followthrough.demo.loader import DEMO_PASSWORD

    print(f"Sign in at {url}{reverse('web:login')} with the password {DEMO_PASSWORD} as one of:")
    width = max(len(u.username) for u in result.users)
    for user in result.users:
        code = (
            f" (security code: followthrough demo --code {user.username})" if user.has_code else ""
        )
        print(f"  {user.username.ljust(width)}  {user.description}{code}")
    return 0


def counts_of(partnership) -> int:
    from followthrough.plans.models import Action

    return Action.objects.filter(recommendation__review__partnership=partnership).count()


def _database_in_words(connection) -> str:
    """The database, named without its credentials."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"the SQLite database {settings['NAME']}"
    return f"the {connection.vendor} database {settings['NAME']}"
