"""The child side of ``followthrough.sandbox.run_limited``: read one job from stdin, run it,
write one frame to stdout.

Started as ``python -m followthrough.sandbox [--preload module:function]``: the preload runs
first (a child started ahead of its job loads its libraries while it waits).

Input: a line of JSON ({"target": "module:function", "kwargs": {...}, "expected": [...]}),
then the payload's bytes. Output: a line of JSON ({"ok": true, "kind": "bytes" | "json"} or
{"ok": false, "error": "expected" | "memory" | "crash", ...}), then the result.
"""

from __future__ import annotations

import importlib
import json
import sys


def _class_path(exc: BaseException) -> list[str]:
    return [f"{cls.__module__}.{cls.__qualname__}" for cls in type(exc).__mro__]


def _write(frame: dict, body: bytes = b"") -> None:
    sys.stdout.buffer.write(json.dumps(frame).encode() + b"\n" + body)
    sys.stdout.buffer.flush()


def _preload(target: str) -> None:
    """Work done before the job is read (imports, fonts), so that a child started ahead of its
    job (``WarmChild``) has it done when the job comes. A failure here is left for the job
    itself to meet and report in its own words."""
    try:
        module_name, _, function_name = target.partition(":")
        getattr(importlib.import_module(module_name), function_name)()
    except Exception:  # noqa: S110 - the job reports it
        pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) == 2 and argv[0] == "--preload":
        _preload(argv[1])
    stdin = sys.stdin.buffer
    header = json.loads(stdin.readline())
    payload = stdin.read()
    expected = set(header.get("expected", []))
    try:
        module_name, _, function_name = header["target"].partition(":")
        function = getattr(importlib.import_module(module_name), function_name)
        result = function(payload, **header.get("kwargs", {}))
        if isinstance(result, bytes | bytearray):
            _write({"ok": True, "kind": "bytes"}, bytes(result))
        else:
            _write({"ok": True, "kind": "json"}, json.dumps(result).encode())
        return 0
    except MemoryError:
        _write({"ok": False, "error": "memory"})
        return 3
    except RecursionError:
        _write({"ok": False, "error": "crash"})
        return 4
    except Exception as exc:  # the parent decides what the user is told
        paths = _class_path(exc)
        if expected & set(paths):
            _write({"ok": False, "error": "expected", "class": paths[0], "message": str(exc)})
            return 2
        _write({"ok": False, "error": "crash", "class": paths[0]})
        return 1


if __name__ == "__main__":
    sys.exit(main())
