"""Reading settings from the environment, strictly: a value that cannot be read is refused at
start-up, naming the variable and the value, rather than quietly read as something else (a
boolean "ture" as false, a number "30d" as a crash later).

Paths are absolute. A relative one is resolved against the project (the checkout that holds
``pyproject.toml``), never against the current directory, so ``send-reminders`` run by cron from
another directory uses the same database and key as the server; an installed copy with no
project around it refuses a relative path.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT = PACKAGE_DIR.parents[1]
PROJECT_DIR = _CHECKOUT if (_CHECKOUT / "pyproject.toml").exists() else None

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class SettingError(ImproperlyConfigured):
    """A setting that cannot be read; the message names it and says what it must be."""


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None or not value.strip() else value.strip()


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise SettingError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = 0) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingError(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise SettingError(f"{name} must be {minimum} or more, not {number}")
    return number


def env_float(name: str, default: float, *, minimum: float = 0) -> float:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise SettingError(f"{name} must be a number, not {value!r}") from None
    if not number >= minimum or number == float("inf"):
        raise SettingError(f"{name} must be a number from {minimum:g} up, not {value!r}")
    return number


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def absolute(path: str | Path, *, name: str) -> Path:
    """``path`` made absolute against the project; refused when there is no project."""
    path = Path(path).expanduser()
    if path.is_absolute():
        return path
    if PROJECT_DIR is None:
        raise SettingError(
            f"{name} must be an absolute path (for example /var/lib/followthrough), not "
            f"{str(path)!r}: a relative one would change with the directory a command runs in"
        )
    return (PROJECT_DIR / path).resolve()


def env_path(name: str, default: str | None) -> Path:
    value = _raw(name)
    if value is None:
        if default is None or PROJECT_DIR is None:
            raise SettingError(
                f"set {name} to the absolute path of the folder Followthrough keeps its files "
                "in, for example /var/lib/followthrough"
            )
        value = default
    return absolute(value, name=name)


def sqlite_path_absolute(database: dict, *, name: str = "DATABASE_URL") -> dict:
    """A SQLite database named by a relative path is resolved against the project too."""
    if database.get("ENGINE", "").endswith("sqlite3"):
        file = database.get("NAME") or ""
        if file and file != ":memory:" and not file.startswith("file:"):
            database["NAME"] = str(absolute(file, name=f"the SQLite file in {name}"))
    return database
