"""Fixtures for the reader tests: the seed plan from ../shared beside the repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED_TEXT = SHARED / "seeds" / "dhr-sarah-action-plan.txt"
SEED_EXPECTED = SHARED / "seeds" / "dhr-sarah-action-plan.expected.json"


def _require(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(
            f"{path} is missing: the reader tests need the shared seed plan, checked out in "
            f"{SHARED} beside the repository"
        )
    return path


@pytest.fixture
def seed_text_path() -> Path:
    return _require(SEED_TEXT)


@pytest.fixture
def seed_expected_dict() -> dict:
    return json.loads(_require(SEED_EXPECTED).read_text(encoding="utf-8"))


@pytest.fixture
def write_file(tmp_path):
    """Write bytes to a file under tmp_path and return its path."""

    def write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write
