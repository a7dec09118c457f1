"""Commands that use the database: import, demo, serve, manage."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path


def setup_django(*, log_level: str = "WARNING") -> None:
    """Set Django up for a command. Commands log warnings only, so their output is theirs;
    the server logs at INFO (FOLLOWTHROUGH_LOG_LEVEL overrides both)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "followthrough.settings")
    os.environ.setdefault("FOLLOWTHROUGH_LOG_LEVEL", log_level)
    import django

    django.setup()


def register(subparsers) -> None:
    cmd = subparsers.add_parser(
        "import",
        help="store a plan document, or every plan in a folder, as new reviews",
        description="Read an action plan document and store it as a new review of the "
        "partnership, in one transaction. The partnership and the agencies the plan names are "
        "created where new. Importing the same document twice changes nothing unless --replace. "
        "Given a folder, it imports every file in it, each on its own, and ends with a summary: "
        "what was imported, what was skipped as already imported, and what failed and why "
        "(exit status 2 if any failed).",
    )
    cmd.add_argument("file", metavar="FILE_OR_FOLDER", help="a plan document, or a folder of them")
    cmd.add_argument(
        "--partnership",
        metavar="NAME",
        help="the partnership that owns the review (default: the one the plan names)",
    )
    cmd.add_argument(
        "--replace",
        action="store_true",
        help="if this document was imported before, replace that review with a fresh import",
    )
    cmd.add_argument(
        "--link-agencies",
        action="store_true",
        help="make the agencies the plan names partners of the partnership where they are "
        "already in Followthrough for other partnerships (without it, such a plan is not "
        "imported and the agencies are listed)",
    )
    cmd.set_defaults(func=run_import)

    cmd = subparsers.add_parser(
        "demo",
        help="load the demo data and print how to sign in",
        description="Load the demo: the seed plan, its partnership and agencies, and one "
        "invented user per role. Safe to run again. Never run it on a production database.",
    )
    cmd.add_argument(
        "--code",
        metavar="USERNAME",
        help="print the security code a demo user's authenticator shows now, and load nothing",
    )
    cmd.set_defaults(func=run_demo)

    cmd = subparsers.add_parser(
        "serve",
        help="serve the web app (production WSGI server, static files included)",
        description="Serve the web app with a production WSGI server, static files included: "
        "gunicorn with several processes where the platform allows (Linux, macOS), waitress "
        "in one process where it does not (Windows). SIGTERM or Ctrl-C stops it; on SIGTERM "
        "each process finishes the requests under way first.",
    )
    cmd.add_argument("--host", default=os.environ.get("FOLLOWTHROUGH_HOST", "127.0.0.1"))
    cmd.add_argument("--port", type=int, default=int(os.environ.get("FOLLOWTHROUGH_PORT", "8000")))
    cmd.add_argument(
        "--workers",
        type=_positive,
        default=default_workers(),
        metavar="N",
        help="how many server processes (gunicorn; default: one per CPU, at least 2 and at "
        f"most 8, here {default_workers()})",
    )
    cmd.add_argument(
        "--threads", type=_positive, default=8, metavar="N", help="threads per process (default 8)"
    )
    cmd.add_argument(
        "--server",
        choices=["auto", "gunicorn", "waitress"],
        default="auto",
        help="the WSGI server: gunicorn where it can run, otherwise waitress (default auto)",
    )
    cmd.add_argument(
        "--no-worker",
        dest="worker",
        action="store_false",
        help="do not start a worker beside the server (run 'followthrough worker' yourself)",
    )
    cmd.set_defaults(func=run_serve)

    cmd = subparsers.add_parser(
        "worker",
        help="run the background worker (it reads uploaded plans)",
        description="Run the jobs queued in the database (reading uploaded plans, each in a "
        "child process held to FOLLOWTHROUGH_PARSE_SECONDS and FOLLOWTHROUGH_PARSE_MEMORY_MB) "
        "until stopped. 'followthrough serve' starts one beside the server; in production run "
        "it as a service of its own. Stopped with SIGTERM or Ctrl-C, it finishes the job under "
        "way.",
    )
    cmd.add_argument("--batch", action="store_true", help="run the jobs queued now, then stop")
    cmd.add_argument(
        "--interval",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="how long to wait before looking again when there is no job (default 1)",
    )
    cmd.set_defaults(func=run_worker)

    cmd = subparsers.add_parser(
        "manage",
        help="run a Django management command (migrate, createsuperuser, ...)",
        add_help=False,
    )
    cmd.add_argument("args", nargs=argparse.REMAINDER)
    cmd.set_defaults(func=run_manage)


def base_url() -> str:
    return os.environ.get("FOLLOWTHROUGH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def run_import(args) -> int:
    from followthrough.cli import CommandError
    from followthrough.parsing import ParseError, read_document

    path = Path(args.file)
    if path.is_dir():
        return _import_folder(
            path,
            partnership=args.partnership,
            replace=args.replace,
            link_agencies=args.link_agencies,
        )
    try:
        data = read_document(path)
        plan = _read_in_sandbox(data, path.name)
    except ParseError as exc:
        raise CommandError(str(exc)) from None
    setup_django()
    from django.db import DatabaseError
    from django.urls import reverse

    from followthrough.imports.services import NoPartnershipNamed, PlanDoesNotFit, document_import
    from followthrough.plans.services import AgenciesNeedLinking, PlanAlreadyImported

    try:
        result = document_import(
            data=data,
            filename=path.name,
            plan=plan,
            partnership_name=args.partnership,
            actor=None,
            replace=args.replace,
            link_agencies=args.link_agencies,
        )
    except (NoPartnershipNamed, PlanDoesNotFit) as exc:
        raise CommandError(f"{path.name}: {exc}") from None
    except AgenciesNeedLinking as exc:
        raise CommandError(f"{path.name}: {exc}; or run again with --link-agencies") from None
    except PlanAlreadyImported as exc:
        review = exc.review
        print(
            f"{path.name} was already imported into {review.partnership.name} as "
            f'"{review.title}": nothing changed. Use --replace to import it again.\n'
            f"See it at {base_url()}{reverse('plans:review_detail', args=[review.pk])}"
        )
        return 0
    except DatabaseError as exc:
        raise CommandError(
            f"the database refused the import, nothing was saved ({exc.__class__.__name__}). "
            "Run 'followthrough manage migrate' if the database is new."
        ) from None
    review = result.review
    verb = "Replaced" if result.replaced_review_id else "Imported"
    print(
        f'{verb} "{review.title}" into {review.partnership.name}: '
        f"{result.recommendation_count} recommendations, {result.action_count} actions.\n"
        f"See it at {base_url()}{reverse('plans:review_detail', args=[review.pk])}"
    )
    return 0


def _read_in_sandbox(data: bytes, filename: str):
    """The plan in a document, read as the worker reads an upload: in a child process held to
    FOLLOWTHROUGH_PARSE_SECONDS and FOLLOWTHROUGH_PARSE_MEMORY_MB, so a hostile file cannot take
    the machine down from cron either. Raises ``ParseError`` (one line)."""
    setup_django()
    from followthrough.imports.tasks import ceilings
    from followthrough.parsing.isolated import read_plan_isolated

    return read_plan_isolated(data, filename=filename, ceilings=ceilings())


def _import_folder(
    folder: Path, *, partnership: str | None, replace: bool, link_agencies: bool = False
) -> int:
    """Import every file in ``folder`` (not its subfolders or hidden files), each in its own
    transaction, and print a summary. A file that cannot be read or stored is listed with the
    reason and the others go on; a database that refuses every write stops the run."""
    from followthrough.cli import CommandError
    from followthrough.parsing import ParseError, read_document

    files = sorted(
        p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))
    )
    if not files:
        raise CommandError(f"{folder}: the folder has no files to import")
    setup_django()
    from django.db import DatabaseError

    from followthrough.imports.services import NoPartnershipNamed, PlanDoesNotFit, document_import
    from followthrough.plans.services import AgenciesNeedLinking, PlanAlreadyImported

    imported: list[str] = []
    skipped: list[str] = []
    failed: list[str] = []
    progress = _Progress(len(files))
    for path in files:
        progress.start(path.name)
        try:
            data = read_document(path)
            plan = _read_in_sandbox(data, path.name)
            result = document_import(
                data=data,
                filename=path.name,
                plan=plan,
                partnership_name=partnership,
                actor=None,
                replace=replace,
                link_agencies=link_agencies,
            )
        except (NoPartnershipNamed, PlanDoesNotFit) as exc:
            failed.append(f"{path.name}: {exc}")
            progress.done(f"{path.name}: failed: {exc}")
        except AgenciesNeedLinking as exc:
            reason = f"{exc}; or run again with --link-agencies"
            failed.append(f"{path.name}: {reason}")
            progress.done(f"{path.name}: failed: {reason}")
        except ParseError as exc:
            failed.append(str(exc))
            progress.done(f"{path.name}: failed: {str(exc).removeprefix(f'{path.name}: ')}")
        except PlanAlreadyImported as exc:
            line = (
                f"{path.name}: already imported into {exc.review.partnership.name} as "
                f'"{exc.review.title}"'
            )
            skipped.append(line)
            progress.done(f"{path.name}: skipped: {line.removeprefix(f'{path.name}: ')}")
        except DatabaseError as exc:
            progress.finish()
            raise CommandError(
                f"the database refused the import of {path.name} ({exc.__class__.__name__}); "
                "the files before it were imported. Run 'followthrough manage migrate' if the "
                "database is new."
            ) from None
        else:
            review = result.review
            line = (
                f'{path.name}: "{review.title}" into {review.partnership.name} '
                f"({result.recommendation_count} recommendations, {result.action_count} actions)"
            )
            imported.append(line)
            verb = "replaced" if result.replaced_review_id else "imported"
            progress.done(f"{path.name}: {verb}: {line.removeprefix(f'{path.name}: ')}")
    progress.finish()
    print(
        f"{len(files)} files in {folder}: {len(imported)} imported, {len(skipped)} skipped as "
        f"already imported, {len(failed)} failed."
    )
    for title, lines in (("Imported", imported), ("Skipped", skipped), ("Failed", failed)):
        if lines:
            print(f"{title}:")
            for line in lines:
                print(f"  {line}")
    if imported:
        from django.urls import reverse

        print(f"See them at {base_url()}{reverse('plans:review_list')}")
    return 2 if failed else 0


class _Progress:
    """Where a folder import has got to. On a terminal, a bar on stderr redrawn in place;
    otherwise (a log, a pipe) one line per file on stdout, with what became of it."""

    WIDTH = 24

    def __init__(self, total: int) -> None:
        self.total = total
        self.count = 0
        self.name = ""
        self.live = sys.stderr.isatty()

    def start(self, name: str) -> None:
        self.count += 1
        self.name = name
        if self.live:
            filled = self.WIDTH * (self.count - 1) // self.total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            line = f"[{bar}] {self.count}/{self.total} {name}"
            sys.stderr.write(f"\r\x1b[K{line[:100]}")
            sys.stderr.flush()

    def done(self, outcome: str) -> None:
        if not self.live:
            print(f"[{self.count}/{self.total}] {outcome}")
            sys.stdout.flush()

    def finish(self) -> None:
        if self.live:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def run_demo(args) -> int:
    setup_django()
    from django.urls import reverse

    from followthrough.demo.loader import DEMO_PASSWORD, PERSONAS, demo_load

    if args.code:
        return _print_demo_code(args.code)
    reviews = demo_load()
    width = max(len(p.username) for p in PERSONAS)
    print("Demo loaded:")
    for review in reviews:
        print(f"  {review.title} ({review.partnership.name})")
    print(f"Sign in at {base_url()}{reverse('web:login')} as one of these demo users,")
    print(f"each with the password (unless it has been changed since): {DEMO_PASSWORD}")
    for persona in PERSONAS:
        print(
            f"  {persona.username.ljust(width)}  {persona.first_name} {persona.last_name}, "
            f"{persona.description}"
        )
    _print_demo_authenticators([p.username for p in PERSONAS])
    return 0


def _print_demo_authenticators(usernames) -> None:
    from followthrough.demo.signin import demo_authenticators, readable_key

    devices = demo_authenticators(usernames)
    if not devices:
        return
    print("Coordinators, national bodies' users and the site administrator also enter a security")
    print("code. Add their key to an authenticator app (or open the otpauth link on a phone), or")
    print("print the code now with: followthrough demo --code USERNAME")
    width = max(len(d.user.username) for d in devices)
    for device in devices:
        print(f"  {device.user.username.ljust(width)}  key {readable_key(device)}")
        print(f"  {''.ljust(width)}  {device.config_url}")


def _print_demo_code(username: str) -> int:
    from followthrough.cli import CommandError
    from followthrough.demo.signin import demo_code

    code = demo_code(username)
    if code is None:
        raise CommandError(
            f"{username} has no demo authenticator (only the demo's coordinators and "
            "administrator sign in with a code): run 'followthrough demo' first"
        )
    print(code)
    return 0


def default_workers() -> int:
    """One server process per CPU this process may use, at least 2 (a long request, such as a
    PDF, then leaves another process free) and at most 8 (each thread may hold a database
    connection: 8 processes of 8 threads is 64)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cpus = os.cpu_count() or 1
    return min(max(cpus, 2), 8)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def gunicorn_can_run() -> bool:
    """gunicorn forks its processes and needs POSIX (not Windows)."""
    if os.name != "posix":
        return False
    try:
        import gunicorn.app.base  # noqa: F401
    except ImportError:
        return False
    return True


def choose_server(requested: str) -> str:
    """The WSGI server to run: gunicorn where it can run, otherwise waitress."""
    from followthrough.cli import CommandError

    if requested == "auto":
        return "gunicorn" if gunicorn_can_run() else "waitress"
    if requested == "gunicorn" and not gunicorn_can_run():
        raise CommandError(
            "gunicorn cannot run here (it needs Linux or macOS, and the gunicorn package): "
            "use --server waitress"
        )
    return requested


def run_serve(args) -> int:
    from followthrough.cli import CommandError

    server = choose_server(args.server)
    setup_django(log_level="INFO")
    from django.contrib.staticfiles import finders
    from django.core.management import call_command
    from django.db import connections

    if not finders.find("build/app.css"):
        raise CommandError(
            "the GOV.UK Frontend assets are not built: run 'make assets' (needs Node.js and npm)"
        )
    call_command("collectstatic", interactive=False, verbosity=0)

    from followthrough.wsgi import application

    # gunicorn's processes are forked from this one: none may inherit a database connection.
    connections.close_all()
    worker = _start_worker() if args.worker else None
    if server == "gunicorn":
        how = f"in {args.workers} processes of {args.threads} threads (gunicorn)"
    else:
        how = f"in one process of {args.threads} threads (waitress)"
    print(f"Followthrough is serving on http://{args.host}:{args.port}/ {how} (Ctrl-C to stop)")
    if worker is not None:
        print(
            "Uploaded plans are read and board packs made by a worker beside it "
            f"(process {worker.pid})."
        )
    if server == "waitress" and args.workers > 1:
        print("waitress serves from one process: --workers needs gunicorn (Linux or macOS).")
    sys.stdout.flush()
    server_pid = os.getpid()
    try:
        if server == "gunicorn":
            _serve_gunicorn(application, args)
        else:
            # SIGTERM (a service manager, `kill`) ends the server as Ctrl-C does, so the
            # worker is stopped with it.
            signal.signal(signal.SIGTERM, _exit_on_signal)
            from waitress import serve

            serve(
                application,
                host=args.host,
                port=args.port,
                threads=args.threads,
                ident="followthrough",
            )
    finally:
        # gunicorn's processes leave through this frame too (they are forks of this one):
        # only the process that started the worker stops it.
        if worker is not None and os.getpid() == server_pid:
            _stop(worker)
    return 0


def _serve_gunicorn(application, args) -> None:
    """gunicorn's master in this process, forking ``args.workers`` processes that each serve
    with ``args.threads`` threads. SIGTERM stops it gracefully: no new connections, and each
    process finishes the requests under way (for up to the time a PDF may take) before it
    stops; Ctrl-C (SIGINT) stops at once."""
    from django.conf import settings
    from gunicorn.app.base import BaseApplication

    host = f"[{args.host}]" if ":" in args.host else args.host
    options = {
        "bind": f"{host}:{args.port}",
        "workers": args.workers,
        "worker_class": "gthread",
        "threads": args.threads,
        "graceful_timeout": max(30, int(settings.FOLLOWTHROUGH_PDF_SECONDS) + 5),
        "proc_name": "followthrough",
        # Errors and process events on stderr; no access log (URLs hold calendar tokens, and
        # the reverse proxy keeps one).
        "errorlog": "-",
        "accesslog": None,
        "loglevel": "info",
        # Whether a request came over HTTPS is Django's to decide, from the header named by
        # FOLLOWTHROUGH_PROXY_SSL_HEADER; gunicorn believes no forwarded header of its own.
        "secure_scheme_headers": {},
        "forwarded_allow_ips": "",
        # No control socket: two servers on one machine would share its default path.
        "control_socket_disable": True,
    }

    class Server(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    Server().run()


def _exit_on_signal(signum, frame):
    raise SystemExit(0)


def _start_worker() -> subprocess.Popen:
    """`followthrough worker` as a child of the server, which the kernel ends if the server dies
    without stopping it (Linux). It has a process group of its own, so Ctrl-C in the terminal
    reaches only the server, which then stops the worker: a Ctrl-C that came while the worker
    was still starting would otherwise interrupt it in the middle of an import."""
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from followthrough.cli import main; raise SystemExit(main(['worker']))",
        ],
        preexec_fn=_die_with_parent,
        process_group=0,
    )


def _die_with_parent() -> None:
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: the server's own stop still ends the worker


def _stop(process: subprocess.Popen) -> None:
    """Ask the worker to finish its job and stop; end it if it has not within the time a
    reading may take."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=float(os.environ.get("FOLLOWTHROUGH_PARSE_SECONDS", "60")) + 5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_worker(args) -> int:
    from followthrough.cli import CommandError

    setup_django(log_level="INFO")
    from django.core.management import call_command
    from django.db import DatabaseError

    try:
        call_command(
            "db_worker",
            batch=args.batch,
            interval=args.interval,
            startup_delay=not args.batch,
            reload=False,
            verbosity=1,
        )
    except DatabaseError as exc:
        raise CommandError(
            f"the worker cannot reach its queue in the database ({exc.__class__.__name__}). "
            "Run 'followthrough manage migrate' if the database is new."
        ) from None
    return 0


def run_manage(args) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["followthrough manage", *args.args])
    return 0
