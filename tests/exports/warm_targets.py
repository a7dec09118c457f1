"""Functions the warm child's tests run in a child process (tests/exports/test_pdf_speed.py)."""

import os

PRELOADED = {"done": False}


def preload():
    PRELOADED["done"] = True


def failing_preload():
    raise OSError("cannot load a library")


def report(payload: bytes):
    """Which process did the job, and whether its preload had run."""
    return {"pid": os.getpid(), "preloaded": PRELOADED["done"]}
