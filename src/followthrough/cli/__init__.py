"""The ``followthrough`` command.

Each sub-command lives in its own module with a ``register(subparsers)`` function. Commands that
need the database set Django up themselves, so ``parse`` and ``check`` run without it.
"""

from __future__ import annotations

import argparse
import os
import sys

from followthrough import __version__
from followthrough.cli import backup as backup_cmd
from followthrough.cli import benchdata as benchdata_cmd
from followthrough.cli import check as check_cmd
from followthrough.cli import clocks as clocks_cmd
from followthrough.cli import export as export_cmd
from followthrough.cli import parse as parse_cmd
from followthrough.cli import reminders as reminders_cmd
from followthrough.cli import similar as similar_cmd
from followthrough.cli import site as site_cmd
from followthrough.cli import token as token_cmd

COMMAND_MODULES = [
    parse_cmd,
    check_cmd,
    site_cmd,
    reminders_cmd,
    export_cmd,
    backup_cmd,
    benchdata_cmd,
    similar_cmd,
    clocks_cmd,
    token_cmd,
]


class CommandError(Exception):
    """A command failed for a reason the user can act on; the message says what to do."""

    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="followthrough",
        description="Track the action plans of statutory reviews until they are delivered.",
    )
    parser.add_argument("--version", action="version", version=f"followthrough {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except CommandError as exc:
        print(f"followthrough {args.command}: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`followthrough parse plan.txt | head`): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if type(exc).__name__ in ("ImproperlyConfigured", "SettingError"):
            # A setting that cannot be read: the message names it and what it must be.
            print(f"followthrough {args.command}: {exc}", file=sys.stderr)
            return 2
        # A bug, not bad input: one line for the user, the traceback only when asked for.
        if os.environ.get("FOLLOWTHROUGH_DEBUG", "").lower() in {"1", "true", "yes", "on"}:
            raise
        print(
            f"followthrough {args.command}: unexpected error ({exc.__class__.__name__}: {exc}). "
            "Set FOLLOWTHROUGH_DEBUG=true to see the traceback, and please report it.",
            file=sys.stderr,
        )
        return 1
