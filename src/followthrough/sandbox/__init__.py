"""Run work on hostile input in a child process with a ceiling on memory and time.

A document from a user, or text a user typed that a layout engine must shape, can make a
library take minutes and gigabytes. The server must not pay for that: the work runs in a
fresh Python process (``python -m followthrough.sandbox``) whose address space and CPU time
are capped by the kernel (``setrlimit``), and which is killed when its wall-clock time is up.
The parent only reads what the child writes back, never shares memory with it, and never
unpickles anything from it.

Plain Python: no Django import here (the parser's command line uses it too).

    result = run_limited(
        "followthrough.parsing.isolated:parse_to_dict", data,
        kwargs={"filename": "plan.pdf"}, limits=Limits(seconds=60, memory_bytes=768 << 20),
        expected=("followthrough.parsing.errors.ParseError",),
    )

The target is a function ``f(payload: bytes, **kwargs)`` returning ``bytes`` or a value that
JSON can carry. An exception whose class is listed in ``expected`` comes back as
``ChildRefused`` with its message (written for the user); anything else that goes wrong in
the child is a ``ChildFailed`` whose message is safe to show and says nothing of the input.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass

__all__ = [
    "ChildFailed",
    "ChildRefused",
    "Limits",
    "OutOfMemory",
    "OutOfTime",
    "SandboxError",
    "run_limited",
]


@dataclass(frozen=True)
class Limits:
    """The most a child may use: wall-clock seconds and bytes of address space."""

    seconds: float
    memory_bytes: int


class SandboxError(Exception):
    """The child did not finish its work; the message is one line for the user."""


class ChildRefused(SandboxError):
    """The work refused its input with an expected exception (a ``ParseError``, say)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


class OutOfTime(SandboxError):
    pass


class OutOfMemory(SandboxError):
    pass


class ChildFailed(SandboxError):
    pass


def _limit_child(memory_bytes: int, cpu_seconds: int):
    def apply() -> None:  # runs in the child, between fork and exec
        import resource

        os.setsid()  # its own process group, so a timeout kills all of it
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def run_limited(
    target: str,
    payload: bytes,
    *,
    kwargs: dict | None = None,
    limits: Limits,
    expected: tuple[str, ...] = (),
    what: str = "the work",
):
    """Run ``target(payload, **kwargs)`` in a limited child and return what it returned."""
    header = json.dumps({"target": target, "kwargs": kwargs or {}, "expected": list(expected)})
    process = subprocess.Popen(
        [sys.executable, "-m", "followthrough.sandbox"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        preexec_fn=_limit_child(limits.memory_bytes, max(1, int(limits.seconds) + 1)),
        close_fds=True,
    )
    try:
        out, _ = process.communicate(header.encode() + b"\n" + payload, timeout=limits.seconds)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise OutOfTime(
            f"{what} took longer than the {limits.seconds:g} seconds allowed, so it was stopped"
        ) from None
    except BaseException:
        _kill(process)
        raise
    return _result(process.returncode, out, limits, what)


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def _result(returncode: int, out: bytes, limits: Limits, what: str):
    head, _, body = out.partition(b"\n")
    try:
        frame = json.loads(head) if head else None
    except ValueError:
        frame = None
    if returncode == 0 and frame and frame.get("ok"):
        return body if frame.get("kind") == "bytes" else json.loads(body)
    if frame and frame.get("error") == "expected":
        raise ChildRefused(frame["class"], frame["message"])
    if (frame and frame.get("error") == "memory") or returncode in (-signal.SIGKILL, -9):
        raise OutOfMemory(
            f"{what} needed more than the {limits.memory_bytes >> 20} MB of memory allowed, "
            "so it was stopped"
        )
    if returncode in (-signal.SIGXCPU,):
        raise OutOfTime(
            f"{what} took longer than the {limits.seconds:g} seconds allowed, so it was stopped"
        )
    if returncode < 0 and frame is None:
        # Killed by a signal: a library ran out of memory where Python could not say so.
        raise OutOfMemory(
            f"{what} could not be finished within the {limits.memory_bytes >> 20} MB of memory "
            "allowed, so it was stopped"
        )
    raise ChildFailed(f"{what} failed unexpectedly")
