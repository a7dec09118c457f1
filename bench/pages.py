"""Every page at national scale: p50, p95 and the query count of each, and the done-when ratios
of issue 13.

    DATABASE_URL=... .venv/bin/followthrough manage migrate
    DATABASE_URL=... .venv/bin/followthrough bench-data --scale national
    .venv/bin/python bench/pages.py --database-url postgres://postgres@127.0.0.1:5432/bench_national
    .venv/bin/python bench/pages.py --database-url sqlite:////work/benchdb/national.sqlite3 \
        --repeat 20 --json

Needs a database filled by ``followthrough bench-data`` (either scale; the national one is what
the done-when is about) and migrated with the code measured: it refuses one with migrations not
applied. It signs in as the bench users: bench-coordinator (the largest partnership),
bench-small (the smallest), bench-lead (a lead whose police force serves 10 partnerships) and
bench-admin (a site administrator, who sees every review); finds the largest and smallest
partnerships through them and, in the largest, the plans of exactly 300 and 30 actions that
the bench data agreed on the same day; and requests each page a person reaches from the
navigation and from those pages.

How: in this process, with Django's test ``Client`` and ``force_login``, through the real URLs
and the whole middleware (sessions, second factor, CSP, the permission checks), the views,
their queries and the templates. Those who must give a security code (coordinators, site
administrators) get their verified authenticator in the session, as after typing the code, the
way tests/conftest.py does it. In-process rather than HTTP against ``followthrough serve``
because what issue 13 is about is the work the application does per request, which grows with
the data or not: the web server, the network and static files cost the same whatever the data,
would only add noise on a 2-core machine shared with other work, and the queries of a request
can be counted only in its own process (``CaptureQueriesContext``). The test client keeps one
database connection for the run, as the server does on PostgreSQL (FOLLOWTHROUGH_DB_CONN_MAX_AGE,
60 s by default); on SQLite the server opens one per request, a file opened, left out here.

Each page is requested twice to warm up (templates compiled, caches filled, the database's
pages read), once with its queries counted, then ``--repeat`` times, timed, taking the pages
in turn round after round so that a burst of load elsewhere on the machine falls on every page
alike and the ratios stay fair. A page that answers with anything but 200 is reported, not
timed. GET requests only: nothing is changed but for the audit event an export writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field

# Done when (issue 13): these ratios at most, and every page's p95 under this on PostgreSQL.
RATIOS = [
    ("Largest dashboard / smallest dashboard", "dashboard-largest", "dashboard-smallest", 2.0),
    ("300-action plan page / 30-action plan page", "plan-big", "plan-small", 3.0),
    ("bench-lead's My actions / smallest dashboard", "my-actions-lead", "dashboard-smallest", 3.0),
]
P95_LIMIT_MS = 150.0


@dataclass
class Page:
    key: str
    title: str
    user: str
    url: str
    method: str = "GET"
    data: dict | None = None
    expect: int = 200  # the status the page answers with
    # Rolled back once it has answered: a request that hands work to the worker (a board pack,
    # a long plan's download), so the bench database queues nothing.
    rollback: bool = False
    status: int = 0
    queries: int = 0
    sql_ms: float = 0.0  # the queries' own time, in the request they were counted in
    slowest_queries: list[dict] = field(default_factory=list)
    size: int = 0
    times_ms: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms) if self.times_ms else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 95)


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile (of 20 values, p95 is the 19th fastest)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceiling
    return ordered[int(rank) - 1]


class BenchError(Exception):
    """The database is not one this can measure; the message says why."""


def setup(database_url: str | None, var_dir: str) -> None:
    """Django on the bench database, with a folder of its own for the files (the static files
    collected as a deployment does, since the pages ask the manifest for their addresses)."""
    import dj_database_url

    database_url = database_url or os.environ.get("DATABASE_URL")
    if not database_url:
        raise BenchError("say which database: --database-url URL, or DATABASE_URL")
    try:
        database = dj_database_url.parse(database_url)
    except (ValueError, dj_database_url.UnknownSchemeError) as exc:
        raise BenchError(
            f"--database-url is not a database URL ({exc.__class__.__name__})"
        ) from None
    name = database.get("NAME") or ""
    if database["ENGINE"].endswith("sqlite3") and not os.path.isfile(name):
        raise BenchError(f"no SQLite database at {name}")
    os.environ["DATABASE_URL"] = database_url
    os.environ["FOLLOWTHROUGH_VAR_DIR"] = var_dir
    os.environ["FOLLOWTHROUGH_ALLOWED_HOSTS"] = "testserver"  # Django's test client
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "followthrough.settings")
    os.environ.setdefault("FOLLOWTHROUGH_LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def check_migrated() -> None:
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
        raise BenchError(
            f"the database has {len(plan)} migration(s) not applied ({names}): run "
            "'followthrough manage migrate' with the same DATABASE_URL first"
        )


def users() -> dict:
    from django.contrib.auth import get_user_model

    from followthrough.benchdata.loader import ADMIN, COORDINATOR, LEAD, SMALL

    found = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=[COORDINATOR, SMALL, LEAD, ADMIN])
    }
    missing = [name for name in (COORDINATOR, SMALL, LEAD, ADMIN) if name not in found]
    if missing:
        raise BenchError(
            f"no user {', '.join(missing)}: fill the database with 'followthrough bench-data "
            "--scale national' first"
        )
    return found


def coordinated(user):
    from followthrough.partnerships.models import Membership, Role

    membership = (
        Membership.objects.filter(user=user, role=Role.COORDINATOR)
        .select_related("partnership")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise BenchError(f"{user.username} coordinates no partnership: is this bench data?")
    return membership.partnership


def world() -> dict:
    """The users, partnerships, plans, action and filters the pages are requested for."""
    from django.db.models import Count

    from followthrough.benchdata.loader import ADMIN, COORDINATOR, LEAD, SMALL
    from followthrough.benchdata.shape import SCALES
    from followthrough.plans.models import Action, Review

    people = users()
    largest = coordinated(people[COORDINATOR])
    smallest = coordinated(people[SMALL])
    reviews = Review.objects.filter(partnership=largest).annotate(
        n=Count("recommendations__actions")
    )
    scale = "national" if reviews.filter(n=SCALES["national"].plan_sizes[0]).exists() else "small"
    big, small = SCALES[scale].plan_sizes
    big_plan = reviews.filter(n=big).order_by("pk").first()
    if big_plan is None or big_plan.agreed_at is None:
        raise BenchError(f"no agreed plan of {big} actions in {largest.name}: is this bench data?")
    small_plans = reviews.filter(n=small, agreed_at__date=big_plan.agreed_at.date())
    small_plan = small_plans.order_by("pk").first() or reviews.filter(n=small).first()
    if small_plan is None:
        raise BenchError(f"no plan of {small} actions in {largest.name}: is this bench data?")
    # The action page: the larger plan's action with the most progress updates.
    action = (
        Action.objects.filter(recommendation__review=big_plan)
        .annotate(n=Count("progress_updates"))
        .order_by("-n", "pk")
        .first()
    )
    # The filters: the agency leading most actions in the largest partnership.
    agency = (
        Action.objects.filter(recommendation__review__partnership=largest)
        .values("leads__agency")
        .exclude(leads__agency=None)
        .annotate(n=Count("pk"))
        .order_by("-n", "leads__agency")
        .first()
    )
    return {
        "scale": scale,
        "people": people,
        "coordinator": people[COORDINATOR],
        "small": people[SMALL],
        "lead": people[LEAD],
        "admin": people[ADMIN],
        "largest": largest,
        "smallest": smallest,
        "big_plan": big_plan,
        "plan_sizes": (big, small),
        "small_plan": small_plan,
        "action": action,
        "agency": agency["leads__agency"] if agency else None,
        "actions": {
            "largest": Action.objects.filter(recommendation__review__partnership=largest).count(),
            "smallest": Action.objects.filter(recommendation__review__partnership=smallest).count(),
        },
    }


def pages(w: dict) -> list[Page]:
    from django.urls import NoReverseMatch, reverse

    largest, smallest = w["largest"].pk, w["smallest"].pk
    big, small = w["big_plan"].pk, w["small_plan"].pk
    nbig, nsmall = w["plan_sizes"]
    coordinator, small_user = w["coordinator"].username, w["small"].username
    lead, admin = w["lead"].username, w["admin"].username
    actions_url = reverse("dashboards:actions", args=[largest])
    month_ago = (dt.date.today() - dt.timedelta(days=30)).strftime("%d/%m/%Y")
    listed = [
        (
            "dashboard-largest",
            "Partnership dashboard, largest",
            coordinator,
            reverse("dashboards:partnership", args=[largest]),
        ),
        (
            "dashboard-smallest",
            "Partnership dashboard, smallest",
            small_user,
            reverse("dashboards:partnership", args=[smallest]),
        ),
        (
            "dashboard-largest-reviews-2",
            "Partnership dashboard, largest, reviews page 2",
            coordinator,
            reverse("dashboards:partnership", args=[largest]) + "?reviews=2",
        ),
        (
            "dashboards-admin",
            "Dashboards (choose a partnership), bench-admin",
            admin,
            reverse("dashboards:index"),
        ),
        (
            "dashboards-lead",
            "Dashboards (choose a partnership), bench-lead",
            lead,
            reverse("dashboards:index"),
        ),
        ("my-actions-lead", "My actions, bench-lead", lead, reverse("dashboards:my_actions")),
        (
            "my-actions-lead-page-5",
            "My actions, bench-lead, page 5",
            lead,
            reverse("dashboards:my_actions") + "?page=5",
        ),
        (
            "plan-big",
            f"Plan page, {nbig} actions",
            coordinator,
            reverse("plans:review_detail", args=[big]),
        ),
        (
            "plan-small",
            f"Plan page, {nsmall} actions",
            coordinator,
            reverse("plans:review_detail", args=[small]),
        ),
        (
            "plan-big-page-4",
            f"Plan page, {nbig} actions, ?page=4 (a long plan comes a page at a time)",
            coordinator,
            reverse("plans:review_detail", args=[big]) + "?page=4",
        ),
        (
            "plan-big-as-of",
            f"Plan as it stood a month ago, {nbig} actions",
            coordinator,
            reverse("plans:review_as_of", args=[big]) + f"?date={month_ago}",
        ),
        (
            "review-details",
            f"Review details, {nbig}-action plan",
            coordinator,
            reverse("plans:review_details", args=[big]),
        ),
        (
            "reviews-admin",
            "Review list, bench-admin (every review)",
            admin,
            reverse("plans:review_list"),
        ),
        (
            "reviews-coordinator",
            "Review list, bench-coordinator",
            coordinator,
            reverse("plans:review_list"),
        ),
        ("reviews-lead", "Review list, bench-lead", lead, reverse("plans:review_list")),
        ("actions-all", "Actions of the largest partnership, no filter", coordinator, actions_url),
        (
            "actions-page-40",
            "Actions of the largest partnership, page 40",
            coordinator,
            actions_url + "?page=40",
        ),
        ("actions-overdue", "Actions, overdue", coordinator, actions_url + "?due=overdue"),
        ("actions-red", "Actions, RAG red", coordinator, actions_url + "?rag=red"),
        (
            "actions-awaiting",
            "Actions, awaiting the partnership's decision",
            coordinator,
            actions_url + "?awaiting=on",
        ),
        (
            "actions-agency-quiet",
            "Actions, one lead agency, no recent update",
            coordinator,
            actions_url + f"?agency={w['agency']}&quiet=on",
        ),
        (
            "actions-review-status",
            f"Actions, {nbig}-action review, on track",
            coordinator,
            actions_url + f"?review={big}&status=on_track",
        ),
        (
            "action",
            f"Action page (most progress updates of the {nbig})",
            coordinator,
            reverse("actions:detail", args=[w["action"].pk]),
        ),
        (
            "action-lead",
            "Action page, as bench-lead",
            lead,
            reverse("actions:detail", args=[w["action"].pk]),
        ),
        (
            "action-history",
            "Action history",
            coordinator,
            reverse("plans:action_history", args=[w["action"].pk]),
        ),
        (
            "people",
            "People, largest partnership",
            coordinator,
            reverse("people:people", args=[largest]),
        ),
        (
            "agencies",
            "Partner agencies, largest partnership",
            coordinator,
            reverse("partnerships:agencies", args=[largest]),
        ),
        (
            "meeting",
            "Board meeting, largest partnership",
            coordinator,
            reverse("delivery:meeting", args=[largest]),
        ),
        (
            "imports",
            "Imports not yet saved, largest partnership",
            coordinator,
            reverse("imports:drafts"),
        ),
        ("calendar", "Calendar, bench-lead", lead, reverse("notifications:calendar")),
        ("account", "Account, bench-coordinator", coordinator, reverse("web:account")),
        ("rag-help", "How RAG is worked out", lead, reverse("delivery:rag_help")),
        (
            "export-small-xlsx",
            f"Export: {nsmall}-action plan, spreadsheet",
            coordinator,
            reverse("exports:review_xlsx", args=[small]),
        ),
        ("admin", "Administration, bench-admin", admin, reverse("admin:index")),
        (
            "admin-actions",
            "Administration: actions list",
            admin,
            reverse("admin:plans_action_changelist"),
        ),
    ]
    found = [Page(key, title, user, url) for key, title, user, url in listed]
    # A plan longer than FOLLOWTHROUGH_EXPORT_IN_REQUEST_ACTIONS is downloaded through the
    # worker: the request hands it over and answers with the job's page (rolled back here).
    from django.conf import settings

    handed_over = nbig > getattr(settings, "FOLLOWTHROUGH_EXPORT_IN_REQUEST_ACTIONS", nbig)
    found.append(
        Page(
            "export-big-xlsx",
            f"Export: {nbig}-action plan, spreadsheet"
            + (" (asked for: the worker makes it)" if handed_over else ""),
            coordinator,
            reverse("exports:review_xlsx", args=[big]),
            expect=302 if handed_over else 200,
            rollback=handed_over,
        )
    )
    # The board pack of the largest partnership only where the worker makes it (the job's page
    # exists): built in the request it took minutes and gigabytes (issue 13). Its page, and
    # asking for it, which hands it to the worker (rolled back, so no pack is queued: the
    # time is the request's and its hand-over's, the commit's left out).
    try:
        reverse("exports:job", args=[1])
    except NoReverseMatch:
        return found
    pack = reverse("exports:partnership_board_pack_pdf", args=[largest])
    found += [
        Page("board-pack-page", "Board pack, largest partnership: the page", coordinator, pack),
        Page(
            "board-pack-ask",
            "Board pack, largest partnership: asked for (POST)",
            coordinator,
            pack,
            method="POST",
            data={"format": "pdf", "profile": "internal"},
            expect=302,
        ),
    ]
    return found


def client_for(user):
    """A test client signed in as ``user``, with the second factor given where it is asked."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from followthrough.web.second_factor import Step, authenticator_for, second_factor_step

    client = Client()
    client.force_login(user)
    if second_factor_step(user) is not Step.NONE:
        device = authenticator_for(user)
        if device is None:
            raise BenchError(f"{user.username} must give a security code and has no authenticator")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def fetch(client, page: Page) -> tuple[int, int]:
    """The status and size of the page, read to its end (the test client closes the response
    as a WSGI server does, but leaves the database connection open). A POST is made in a
    transaction rolled back once it has answered and run what it does on commit."""
    from django.db import transaction
    from django.test import TestCase

    if page.method == "POST" or page.rollback:
        send = client.post if page.method == "POST" else client.get
        with transaction.atomic():
            with TestCase.captureOnCommitCallbacks(execute=True):
                response = send(page.url, page.data or {})
            transaction.set_rollback(True)
        return response.status_code, len(response.content)
    response = client.get(page.url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, len(body)


def measure(page_list: list[Page], clients: dict, repeat: int, say) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    live = []
    for page in page_list:
        client = clients[page.user]
        for _ in range(2):
            page.status, page.size = fetch(client, page)
        if page.status != page.expect:
            say(f"  {page.title}: HTTP {page.status}, not timed")
            continue
        with CaptureQueriesContext(connection) as queries:
            fetch(client, page)
        captured = queries.captured_queries
        page.queries = len(captured)
        page.sql_ms = sum(float(q["time"]) for q in captured) * 1000
        page.slowest_queries = [
            {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:400]}
            for q in sorted(captured, key=lambda q: -float(q["time"]))[:3]
        ]
        live.append(page)
        say(f"  warmed {page.title}: {page.queries} queries")
    for round_ in range(repeat):
        for page in live:
            client = clients[page.user]
            start = time.perf_counter()
            status, _size = fetch(client, page)
            page.times_ms.append((time.perf_counter() - start) * 1000)
            if status != page.expect:
                page.status = status
        say(f"  round {round_ + 1}/{repeat}")


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "database": f"{'PostgreSQL' if connection.vendor == 'postgresql' else 'SQLite'} {version}",
        "vendor": connection.vendor,
        "load_average": round(os.getloadavg()[0], 1),
    }


def report(page_list: list[Page], w: dict, about: dict, repeat: int) -> dict:
    by_key = {p.key: p for p in page_list}
    ratios = []
    for label, top, bottom, limit in RATIOS:
        a, b = by_key.get(top), by_key.get(bottom)
        if not (a and b and a.times_ms and b.times_ms):
            ratios.append(
                {"ratio": label, "p50": None, "p95": None, "limit": limit, "passes": False}
            )
            continue
        value = a.p50 / b.p50
        ratios.append(
            {
                "ratio": label,
                "p50": round(value, 2),
                "p95": round(a.p95 / b.p95, 2),
                "limit": limit,
                "passes": value <= limit,
            }
        )
    slow = [p.key for p in page_list if not p.times_ms or p.p95 >= P95_LIMIT_MS]
    # The same page on more data should run the same queries (issue 13's standard).
    queries = [
        {"pages": label, "queries": [by_key[top].queries, by_key[bottom].queries]}
        for label, top, bottom, _limit in RATIOS
        if top in by_key and bottom in by_key and by_key[top].times_ms and by_key[bottom].times_ms
    ]
    return {
        **about,
        "repeat": repeat,
        "scale": w["scale"],
        "largest": {"name": w["largest"].name, "actions": w["actions"]["largest"]},
        "smallest": {"name": w["smallest"].name, "actions": w["actions"]["smallest"]},
        "pages": [
            {
                **{k: v for k, v in asdict(p).items() if k != "times_ms"},
                "p50_ms": round(p.p50, 1),
                "p95_ms": round(p.p95, 1),
                "sql_ms": round(p.sql_ms, 1),
            }
            for p in page_list
        ],
        "ratios": ratios,
        "queries_compared": queries,
        "p95_over_limit": slow,
    }


def print_markdown(result: dict) -> None:
    print(
        f"- Date: {result['date']}; {result['machine']}, Python {result['python']}, "
        f"{result['database']}; load average {result['load_average']} at the end"
    )
    print(
        f"- Data: bench-data --scale {result['scale']}; largest partnership "
        f"{result['largest']['actions']:,} actions, smallest {result['smallest']['actions']:,}; "
        f"{result['repeat']} timed requests of each page after 2 to warm up"
    )
    print()
    print("| Page | as | p50 (ms) | p95 (ms) | queries | of which SQL (ms) | KB |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for p in result["pages"]:
        if p["status"] != p["expect"]:
            print(f"| {p['title']} | {p['user']} | HTTP {p['status']} | | | | |")
            continue
        print(
            f"| {p['title']} | {p['user']} | {p['p50_ms']:.0f} | {p['p95_ms']:.0f} | "
            f"{p['queries']} | {p['sql_ms']:.0f} | {p['size'] / 1024:.0f} |"
        )
    print()
    print("| Done when | p50 ratio | p95 ratio | at most | |")
    print("|---|---:|---:|---:|---|")
    for r in result["ratios"]:
        if r["p50"] is None:
            print(f"| {r['ratio']} | not measured | | {r['limit']:g} | fails |")
            continue
        print(
            f"| {r['ratio']} | {r['p50']:.2f} | {r['p95']:.2f} | {r['limit']:g} | "
            f"{'passes' if r['passes'] else 'FAILS'} |"
        )
    print()
    for q in result["queries_compared"]:
        top, bottom = q["queries"]
        print(f"- Queries, {q['pages']}: {top} and {bottom}")
    print()
    over = result["p95_over_limit"]
    where = "on PostgreSQL" if result["vendor"] == "postgresql" else "(the limit is PostgreSQL's)"
    print(
        f"Pages with p95 of {P95_LIMIT_MS:.0f} ms or more {where}: "
        f"{', '.join(over) if over else 'none'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="the bench database (default: the DATABASE_URL variable)",
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed requests of each page")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.add_argument("--only", nargs="*", metavar="KEY", help="only these pages (keys)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")

    def say(line: str) -> None:
        if not args.quiet:
            print(line, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="followthrough-bench-") as var_dir:
        return run(args, var_dir, say)


def run(args, var_dir: str, say) -> int:
    from django.db import DatabaseError

    try:
        setup(args.database_url, var_dir)
        check_migrated()
        w = world()
        page_list = pages(w)
        if args.only:
            unknown = set(args.only) - {p.key for p in page_list}
            if unknown:
                raise BenchError(
                    f"no page {', '.join(sorted(unknown))}: choose from "
                    f"{', '.join(p.key for p in page_list)}"
                )
            page_list = [p for p in page_list if p.key in args.only]
        clients = {name: client_for(user) for name, user in w["people"].items()}
    except BenchError as exc:
        print(f"bench/pages.py: {exc}", file=sys.stderr)
        return 2
    except DatabaseError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        print(
            f"bench/pages.py: the database cannot be read ({exc.__class__.__name__}: {first_line})",
            file=sys.stderr,
        )
        return 2
    say(f"Measuring {len(page_list)} pages, {args.repeat} times each")
    measure(page_list, clients, args.repeat, say)
    result = report(page_list, w, machine(), args.repeat)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_markdown(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
