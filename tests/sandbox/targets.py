"""Functions the sandbox tests run in a child process."""

import time


def echo(payload: bytes, *, upper: bool = False):
    return payload.upper() if upper else payload


def count(payload: bytes):
    return {"bytes": len(payload)}


def refuse(payload: bytes):
    from followthrough.parsing.errors import ParseError

    raise ParseError("the file is not a plan")


def crash(payload: bytes):
    raise KeyError("secret text from the document")


def hog_memory(payload: bytes):
    hoard = []
    while True:
        hoard.append(bytearray(50 * 1024 * 1024))


def spin(payload: bytes):
    while True:
        time.sleep(0.01)


def parse_imports(payload: bytes):
    import pdfplumber  # noqa: F401

    from followthrough.parsing import read_plan  # noqa: F401

    return "ok"
