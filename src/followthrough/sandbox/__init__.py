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
import threading
from dataclasses import dataclass

__all__ = [
    "ChildFailed",
    "ChildRefused",
    "Limits",
    "OutOfMemory",
    "OutOfTime",
    "SandboxError",
    "WarmChild",
    "run_limited",
]

# CPU time a preload (``WarmChild``) may use on top of the work's own allowance: the kernel's
# CPU ceiling counts the child's whole life, the wall-clock ceiling only the work.
PRELOAD_CPU_SECONDS = 10


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


def _start(limits: Limits, preload: str | None = None) -> subprocess.Popen:
    """A fresh child, limited, waiting for its job on stdin (having run ``preload`` first)."""
    command = [sys.executable, "-m", "followthrough.sandbox"]
    cpu_seconds = max(1, int(limits.seconds) + 1)
    if preload:
        command += ["--preload", preload]
        cpu_seconds += PRELOAD_CPU_SECONDS
    return subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        preexec_fn=_limit_child(limits.memory_bytes, cpu_seconds),
        close_fds=True,
    )


def _job(target: str, kwargs: dict | None, expected: tuple[str, ...]) -> bytes:
    return json.dumps(
        {"target": target, "kwargs": kwargs or {}, "expected": list(expected)}
    ).encode()


def _finish(process: subprocess.Popen, job: bytes, payload: bytes, limits: Limits, what: str):
    """Give the child its job and wait for it, for at most the wall-clock ceiling."""
    try:
        out, _ = process.communicate(job + b"\n" + payload, timeout=limits.seconds)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise OutOfTime(
            f"{what} took longer than the {limits.seconds:g} seconds allowed, so it was stopped"
        ) from None
    except BaseException:
        _kill(process)
        raise
    return _result(process.returncode, out, limits, what)


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
    return _finish(_start(limits), _job(target, kwargs, expected), payload, limits, what)


class WarmChild:
    """``run_limited`` without waiting for Python to start and the libraries to load: a child
    is started ahead of its job, limited as any other, runs ``preload`` ("module:function":
    imports, fonts) and waits for its job on stdin. Each job still has a fresh child of its
    own, which does that one job and exits; as a job is handed over, the next spare is started
    for the job after it, so the start-up is paid between jobs rather than during one.

    One spare at a time per process (about what one idle child of the preload holds in
    memory), started by the first job, never at import. A spare whose limits are not the job's
    (the settings changed), or that has died, is stopped and a fresh child started as
    ``run_limited`` does. A spare left when the process ends sees its stdin close and exits."""

    def __init__(self, preload: str):
        self.preload = preload
        self._lock = threading.Lock()
        self._spare: tuple[Limits, subprocess.Popen] | None = None

    def run(
        self,
        target: str,
        payload: bytes,
        *,
        kwargs: dict | None = None,
        limits: Limits,
        expected: tuple[str, ...] = (),
        what: str = "the work",
    ):
        process = self._take(limits) or _start(limits, self.preload)
        try:
            return _finish(process, _job(target, kwargs, expected), payload, limits, what)
        finally:
            self._refill(limits)

    def _take(self, limits: Limits) -> subprocess.Popen | None:
        with self._lock:
            spare, self._spare = self._spare, None
        if spare is None:
            return None
        spare_limits, process = spare
        if spare_limits == limits and process.poll() is None:
            return process
        _kill(process)
        return None

    def _refill(self, limits: Limits) -> None:
        with self._lock:
            if self._spare is None:
                try:
                    self._spare = (limits, _start(limits, self.preload))
                except OSError:  # no process to spare: the next job starts its own
                    self._spare = None

    def close(self) -> None:
        """Stop the spare, if there is one."""
        with self._lock:
            spare, self._spare = self._spare, None
        if spare is not None:
            _kill(spare[1])


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
